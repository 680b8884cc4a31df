import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

// The plugin alone against the sandbox GitHub (`yarn workspace @callboard/sandbox start`, then
// pass the sandbox's integrations config with --config): two demo services owned by one team,
// every request allowed.
const backend = createBackend();

backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(mockServices.permissions.factory());
backend.add(
  catalogServiceMock.factory({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'team-fulfilment', namespace: 'default' },
        spec: { type: 'team', children: [] },
      },
      ...['inventory-service', 'shipment-tracker'].map(name => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name,
          namespace: 'default',
          annotations: { 'github.com/project-slug': `tidewater/${name}` },
        },
        spec: {
          type: 'service',
          lifecycle: 'production',
          owner: 'team-fulfilment',
        },
        relations: [
          { type: 'ownedBy', targetRef: 'group:default/team-fulfilment' },
        ],
      })),
    ],
  }),
);
backend.add(import('../src'));

backend.start();
