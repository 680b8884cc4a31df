import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createGoldenPathRenderAction } from './actions/goldenPath';
import { createUpsertPullRequestAction } from './actions/pullRequest';
import { createCheckRepositoryAction } from './actions/repositoryCheck';
import { GithubClientFactory } from '@callboard/github';

/** Registers Callboard's scaffolder actions with the scaffolder backend. */
export const scaffolderModuleCallboard = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'callboard',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        reader: coreServices.urlReader,
      },
      async init({ scaffolder, config, reader }) {
        const integrations = ScmIntegrations.fromConfig(config);
        // One factory for the life of the backend: it holds the credentials
        // provider, whose GitHub App installation tokens are cached across tasks.
        const githubClients = GithubClientFactory.fromConfig(config, {
          integrations,
        });
        scaffolder.addActions(
          createCheckRepositoryAction(),
          createGoldenPathRenderAction({ reader, integrations }),
          createUpsertPullRequestAction({ integrations, githubClients }),
        );
      },
    });
  },
});
