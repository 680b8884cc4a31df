/**
 * `.yarn/patches/@backstage-core-components-*.patch`:
 *
 * - WarningPanel loads MarkdownContent only when a panel's title is markdown. Importing it up
 *   front put the whole markdown toolchain (react-markdown, remark, rehype, parse5: about
 *   340 kB) into the app's initial scripts, because error panels are part of every page
 *   (ADR 0061).
 * - The sidebar's items share one style sheet. Each item made its own style hook, so every page
 *   attached 27 copies of the same 23 rules, and more whenever the sidebar rendered (ADR 0067).
 * - The loading placeholder (`Progress`, every lazy part's fallback) hides a plain element.
 *   Stock's `<Box display="none">` made a style sheet for each placeholder, and the sheets
 *   outlived them: one full load of the catalog left a dozen in the page (ADR 0067).
 * - The error page's stack details no longer import react-idle-timer, rc-progress, react-helmet
 *   and react-sparklines for nothing: the library's build left bare imports of them, and as
 *   those packages do not declare themselves free of side effects, the bundle kept them in the
 *   initial scripts (ADR 0061). Only a bundle shows that (jest runs every import), so
 *   `yarn bench:bundle --check` checks it, in the built app's initial scripts.
 * - The sign-in page's custom provider loads its form, and react-hook-form with it, when it is
 *   shown: the sign-in page imports every provider, offered or not (ADR 0061).
 *
 * These tests fail when an upgrade drops the patch, and check that both render as before.
 */
import path from 'node:path';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  Progress,
  Sidebar,
  SidebarItem,
  SidebarPage,
  WarningPanel,
} from '@backstage/core-components';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { modulesImportedBy } from '../__testUtils__/modulesImportedBy';

const dist = path.dirname(require.resolve('@backstage/core-components'));

/** How many JSS style sheets named `name` the document holds. */
const sheets = (name: string) =>
  document.head.querySelectorAll(`style[data-meta="${name}"]`).length;

describe('the core-components patch', () => {
  it('imports no markdown with the warning panel', () => {
    const markdownModule = path.join(
      dist,
      'components/MarkdownContent/MarkdownContent.esm.js',
    );
    expect(
      modulesImportedBy(
        path.join(dist, 'components/WarningPanel/WarningPanel.esm.js'),
        [markdownModule],
      ),
    ).toEqual([]);
  });

  it('renders a markdown title as markdown once it has loaded', async () => {
    await renderInTestApp(
      <WarningPanel title="the **orders** check" titleFormat="markdown" />,
    );

    const bold = await screen.findByText('orders', { selector: 'strong' });
    expect(bold.closest('[role="alert"]')).toHaveTextContent(
      'Warning: the orders check',
    );
  });

  it('renders a plain title and message at once', async () => {
    await renderInTestApp(
      <WarningPanel
        severity="error"
        title="Could not load levels"
        message="The scorecards backend answered 503"
        defaultExpanded
      />,
    );

    expect(
      screen.getByText('Error: Could not load levels'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The scorecards backend answered 503'),
    ).toBeInTheDocument();
  });
});

describe("the core-components patch to the sidebar's items", () => {
  const Icon = () => <svg aria-hidden />;

  /** A sidebar that renders again, with one more item, when "More" is pressed. */
  function Nav() {
    const [items, setItems] = useState(['catalog', 'docs', 'create']);
    return (
      <SidebarPage>
        <Sidebar>
          {items.map(item => (
            <SidebarItem key={item} icon={Icon} to={`/${item}`} text={item} />
          ))}
        </Sidebar>
        <button type="button" onClick={() => setItems([...items, 'apis'])}>
          More
        </button>
      </SidebarPage>
    );
  }

  it('attaches one style sheet for all items, however often the sidebar renders', async () => {
    await renderInTestApp(<Nav />);
    expect(await screen.findByRole('link', { name: 'docs' })).toHaveAttribute(
      'href',
      '/docs',
    );
    expect(sheets('BackstageSidebarItem')).toBe(1);

    fireEvent.click(screen.getByRole('button', { name: 'More' }));
    expect(
      await screen.findByRole('link', { name: 'apis' }),
    ).toBeInTheDocument();
    expect(sheets('BackstageSidebarItem')).toBe(1);
  });
});

describe('the core-components patch to the loading placeholder', () => {
  it('hides the placeholder without a style sheet, then shows the progress bar', async () => {
    jest.useFakeTimers();
    try {
      const boxSheetsBefore = sheets('MuiBox');
      await renderInTestApp(<Progress />);

      expect(screen.getByTestId('progress')).not.toBeVisible();
      expect(sheets('MuiBox')).toBe(boxSheetsBefore);

      act(() => {
        jest.runOnlyPendingTimers();
      });
      expect(screen.getByRole('progressbar')).toBeVisible();
    } finally {
      jest.useRealTimers();
    }
  });
});

describe("the core-components patch to the sign-in page's custom provider", () => {
  const customProviderModule = path.join(
    dist,
    'layout/SignInPage/customProvider.esm.js',
  );

  it('imports no form library with the sign-in page', () => {
    expect(
      modulesImportedBy(
        path.join(dist, 'layout/SignInPage/SignInPage.esm.js'),
        ['react-hook-form'],
      ),
    ).toEqual([]);
  });

  it('shows the form once it has loaded, and signs in with the user it was given', async () => {
    const { customProvider } = require(customProviderModule);
    const onSignInStarted = jest.fn();
    const onSignInSuccess = jest.fn();
    await renderInTestApp(
      <customProvider.Component
        onSignInStarted={onSignInStarted}
        onSignInSuccess={onSignInSuccess}
      />,
    );

    // The form's fields have labels that name no input, as stock's do: the first is the user.
    const [userId] = await screen.findAllByRole('textbox');
    expect(userId.closest('.MuiFormControl-root')).toHaveTextContent('User ID');
    fireEvent.change(userId, { target: { value: 'ada' } });
    const submit = screen.getByRole('button', { name: 'Continue' });
    await waitFor(() => expect(submit).toBeEnabled());
    fireEvent.click(submit);

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    expect(onSignInStarted).toHaveBeenCalledTimes(1);
    const identity = onSignInSuccess.mock.calls[0][0];
    expect((await identity.getBackstageIdentity()).userEntityRef).toBe(
      'user:default/ada',
    );
  });
});
