import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

// The plugin alone, with a catalog of two services and every request
// allowed; definitions come from scorecards.definitions.locations in the
// app config passed with --config.
const backend = createBackend();

backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(mockServices.permissions.factory());
backend.add(
  catalogServiceMock.factory({
    entities: ['cart', 'checkout'].map(name => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name, namespace: 'default', description: `The ${name}` },
      spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
    })),
  }),
);
backend.add(import('../src'));

backend.start();
