/**
 * `.yarn/patches/@backstage-plugin-app-*.patch` loads the toast container, and motion's
 * animations with it (about 120 kB), when the first toast is posted. The app renders the toast
 * display on every page, so importing the container up front put motion into the app's initial
 * scripts (ADR 0061). These tests fail when an upgrade drops the patch, and check that no toast
 * is lost while the container loads.
 */
import path from 'node:path';
import { act, render, screen } from '@testing-library/react';
import { mockApis, TestApiProvider } from '@backstage/frontend-test-utils';
import { alertApiRef, appThemeApiRef } from '@backstage/core-plugin-api';
import { modulesImportedBy } from '../__testUtils__/modulesImportedBy';

const dist = path.dirname(require.resolve('@backstage/plugin-app'));
const toastDisplayModule = path.join(
  dist,
  'components/Toast/ToastDisplay.esm.js',
);

describe('the plugin-app patch', () => {
  it('imports no animation library with the toast display', () => {
    expect(modulesImportedBy(toastDisplayModule, ['motion/react'])).toEqual([]);
  });

  function renderToastDisplay() {
    const { ToastDisplay } = require(toastDisplayModule);
    const { ToastApiForwarder } = require(path.join(
      dist,
      'apis/ToastApiForwarder.esm.js',
    ));
    const { toastApiForwarderRef } = require(path.join(
      dist,
      'apis/toastApiForwarderRef.esm.js',
    ));
    const alertApi = mockApis.alert();
    const toastApi = new ToastApiForwarder();
    // The container draws toasts in the opposite of the theme's mode; one light theme.
    const themeApi = {
      activeThemeId$: () => ({
        subscribe: () => ({ unsubscribe: () => {} }),
      }),
      getActiveThemeId: () => 'light',
      getInstalledThemes: () => [{ id: 'light', variant: 'light' }],
    } as unknown as typeof appThemeApiRef.T;
    const rendered = () =>
      render(
        <TestApiProvider
          apis={[
            [alertApiRef, alertApi],
            [toastApiForwarderRef, toastApi],
            [appThemeApiRef, themeApi],
          ]}
        >
          <ToastDisplay />
        </TestApiProvider>,
      );
    return { alertApi, toastApi, rendered };
  }

  it('draws nothing while no toast has been posted', () => {
    const { rendered } = renderToastDisplay();
    const { container } = rendered();

    expect(container).toBeEmptyDOMElement();
    expect(screen.queryByRole('region')).not.toBeInTheDocument();
  });

  it('shows a toast posted before it rendered, and alerts posted after, once the container has loaded', async () => {
    const { alertApi, toastApi, rendered } = renderToastDisplay();
    toastApi.post({ title: 'Database orders-db requested', status: 'info' });
    rendered();

    expect(
      await screen.findByText('Database orders-db requested'),
    ).toBeInTheDocument();

    act(() => {
      alertApi.post({ message: 'Scorecards are stale', severity: 'warning' });
    });
    expect(await screen.findByText('Scorecards are stale')).toBeInTheDocument();
  });
});
