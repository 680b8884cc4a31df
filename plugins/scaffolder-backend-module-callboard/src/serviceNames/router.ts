import type {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { taskCreatePermission } from '@backstage/plugin-scaffolder-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { GithubClientFactory } from '@callboard/github';
import Router from 'express-promise-router';
import { checkServiceName } from './checkServiceName';
import { GoldenPathRepository } from './goldenPathRepository';

export interface ServiceNamesRouterOptions {
  repository: GoldenPathRepository;
  catalog: CatalogService;
  githubClients: GithubClientFactory;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
}

/**
 * `GET /callboard/service-names/:name` under the scaffolder's base URL: whether the golden path
 * may create a service of that name. The form's name field asks as the user types.
 */
export function createServiceNamesRouter(options: ServiceNamesRouterOptions) {
  const router = Router();
  router.get('/callboard/service-names/:name', async (req, res) => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['user'],
    });
    // Whoever may run templates may ask; the answer reveals private repository names.
    const [decision] = await options.permissions.authorize(
      [{ permission: taskCreatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You may not create services');
    }
    // A name breaking the naming rule gets an answer saying so, not an error: the form
    // shows it under the field, and the rule is checked before any catalog or GitHub call.
    res.json(
      await checkServiceName({
        name: req.params.name,
        repository: options.repository,
        catalog: options.catalog,
        githubClients: options.githubClients,
        credentials,
        logger: options.logger,
      }),
    );
  });
  return router;
}
