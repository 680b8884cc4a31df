/**
 * `.yarn/patches/@backstage-integration-*.patch` removes a bare `import '@azure/identity'` that
 * the package's build left in `ScmIntegrations.esm.js`. The app builds the SCM integrations API
 * at start-up, so the import put Azure's credential library in every page's initial scripts,
 * with the logging runtime it sets up when loaded (about 28 kB minified), for nothing the
 * browser uses: only the backend's Azure credential providers need it. These tests fail when an
 * upgrade drops the patch, and check that the integrations still read their config.
 */
import { mockApis } from '@backstage/frontend-test-utils';
import path from 'node:path';
import { modulesImportedBy } from '../__testUtils__/modulesImportedBy';

// The copy the app bundles: the one `@backstage/integration-react` depends on.
const dist = path.dirname(
  require.resolve('@backstage/integration', {
    paths: [require.resolve('@backstage/integration-react')],
  }),
);
const scmIntegrationsModule = path.join(dist, 'ScmIntegrations.esm.js');

describe('the @backstage/integration patch', () => {
  it("imports no Azure credential library with the app's SCM integrations", () => {
    expect(
      modulesImportedBy(scmIntegrationsModule, ['@azure/identity']),
    ).toEqual([]);
  });

  it('still reads every integration from config, Azure ones included', () => {
    const { ScmIntegrations } = require(scmIntegrationsModule);
    const integrations = ScmIntegrations.fromConfig(
      mockApis.config({
        data: {
          integrations: {
            github: [{ host: 'github.example.com' }],
            azure: [{ host: 'dev.azure.com' }],
            azureBlobStorage: [
              { accountName: 'docs', host: 'blob.example.com' },
            ],
          },
        },
      }),
    );

    expect(
      integrations.byUrl('https://github.example.com/acme/orders')?.type,
    ).toBe('github');
    expect(
      integrations.byUrl('https://dev.azure.com/acme/_git/orders')?.type,
    ).toBe('azure');
    expect(
      integrations.azureBlobStorage
        .list()
        .map((i: any) => i.config.accountName),
    ).toEqual(['docs']);
  });
});
