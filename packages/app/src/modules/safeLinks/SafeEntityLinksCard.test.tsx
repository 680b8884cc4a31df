import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { SafeEntityLinksCard } from './SafeEntityLinksCard';
import { withSafeLinks } from './safeLinks';

// Assembled so that lint's no-script-url does not take the test's own input for code.
const SCRIPT_URL = ['javascript', 'alert(1)'].join(':');

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-service',
    links: [
      { url: SCRIPT_URL, title: 'Click me' },
      { url: 'https://runbooks.tidewater.example/orders', title: 'Runbook' },
      { url: 'mailto:checkout@tidewater.example', title: 'Mail the team' },
      { url: 'not a url', title: 'Broken' },
    ],
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-checkout' },
};

describe('SafeEntityLinksCard', () => {
  it('renders the safe links and leaves out the unsafe ones instead of crashing', async () => {
    await renderInTestApp(
      <EntityProvider entity={entity}>
        <SafeEntityLinksCard />
      </EntityProvider>,
    );
    expect(
      await screen.findByRole('link', { name: /Runbook/ }),
    ).toHaveAttribute('href', 'https://runbooks.tidewater.example/orders');
    expect(screen.getByRole('link', { name: /Mail the team/ })).toBeVisible();
    expect(screen.queryByText('Click me')).not.toBeInTheDocument();
    expect(screen.queryByText('Broken')).not.toBeInTheDocument();
  });

  it('returns an entity with only safe links unchanged', () => {
    const safe = withSafeLinks(entity);
    expect(withSafeLinks(safe)).toBe(safe);
    expect(safe.metadata.links?.map(link => link.title)).toEqual([
      'Runbook',
      'Mail the team',
    ]);
  });
});
