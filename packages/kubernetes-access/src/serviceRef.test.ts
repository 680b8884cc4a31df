import {
  createBackendPlugin,
  coreServices,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { KubernetesClusters } from './KubernetesClusters';
import { kubernetesClustersServiceRef } from './serviceRef';

describe('kubernetesClustersServiceRef', () => {
  it('gives every plugin the same clusters, read from the kubernetes plugin configuration', async () => {
    const seen: KubernetesClusters[] = [];
    const pluginUsing = (pluginId: string) =>
      createBackendPlugin({
        pluginId,
        register(reg) {
          reg.registerInit({
            deps: {
              clusters: kubernetesClustersServiceRef,
              logger: coreServices.logger,
            },
            async init({ clusters }) {
              seen.push(clusters);
            },
          });
        },
      });

    const backend = await startTestBackend({
      features: [
        pluginUsing('infrastructure'),
        pluginUsing('scorecards'),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'staging',
                      url: 'https://127.0.0.1:7011',
                      authProvider: 'serviceAccount',
                      serviceAccountToken: 'token',
                    },
                  ],
                },
              ],
            },
          },
        }),
      ],
    });

    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
    expect(seen[0].list().map(cluster => cluster.name)).toEqual(['staging']);
    await backend.stop();
  });
});
