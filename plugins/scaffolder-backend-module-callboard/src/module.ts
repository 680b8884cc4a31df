import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createGoldenPathRenderAction } from './actions/goldenPath';
import { createUpsertPullRequestAction } from './actions/pullRequest';
import { createCheckRepositoryAction } from './actions/repositoryCheck';
import {
  createGoldenPathRepositoryAction,
  createServiceNamesRouter,
  readGoldenPathRepository,
} from './serviceNames';
import { GithubClientFactory } from '@callboard/github';

/**
 * Registers Callboard's scaffolder actions with the scaffolder backend, and the service-name
 * check the golden-path form calls, under the scaffolder's base URL.
 */
export const scaffolderModuleCallboard = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'callboard',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        reader: coreServices.urlReader,
        catalog: catalogServiceRef,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        logger: coreServices.logger,
      },
      async init(deps) {
        const { scaffolder, config, reader, catalog } = deps;
        const integrations = ScmIntegrations.fromConfig(config);
        // One factory for the life of the backend: it holds the credentials
        // provider, whose GitHub App installation tokens are cached across tasks.
        const githubClients = GithubClientFactory.fromConfig(config, {
          integrations,
        });
        const repository = readGoldenPathRepository(config);
        scaffolder.addActions(
          createCheckRepositoryAction(),
          createGoldenPathRenderAction({ reader, integrations }),
          createUpsertPullRequestAction({ integrations, githubClients }),
          createGoldenPathRepositoryAction({
            repository,
            catalog,
            githubClients,
          }),
        );
        deps.httpRouter.use(
          createServiceNamesRouter({
            repository,
            catalog,
            githubClients,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            logger: deps.logger,
          }),
        );
      },
    });
  },
});
