import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  dxDrillDownQuerySchema,
  dxEntityParamsSchema,
  dxFiguresQuerySchema,
  dxMetricsAdoptionReadPermission,
  dxMetricsEntityReadPermission,
} from '@callboard/plugin-dx-metrics-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { AdoptionService } from './services/Adoption/AdoptionService';
import { DxMetricsService } from './services/Metrics/DxMetricsService';
import { WebhookReceiver } from './services/Webhooks/WebhookReceiver';

/** Parses with `schema`; a failure is a 400 that names the parameter and what it expects. */
function parse<T extends z.ZodTypeAny>(
  schema: T,
  input: unknown,
  where: 'query parameter' | 'path parameter',
): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = issue.path.join('.') || '(unknown)';
    const value =
      typeof input === 'object' && input !== null && issue.path.length
        ? (input as Record<string, unknown>)[String(issue.path[0])]
        : undefined;
    throw new InputError(
      issue.code === 'unrecognized_keys'
        ? `Unknown ${where} '${issue.keys.join("', '")}'`
        : `Invalid ${where} '${name}'${
            value === undefined ? '' : ` '${String(value)}'`
          }: ${issue.message}`,
    );
  }
  return result.data;
}

export async function createRouter(deps: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  metrics: DxMetricsService;
  adoption: AdoptionService;
  webhooks: WebhookReceiver;
}): Promise<express.Router> {
  const { httpAuth, permissions, metrics, adoption, webhooks } = deps;
  const router = Router();

  // Signatures are computed over the exact bytes GitHub sent, so this route reads them raw.
  router.post(
    '/webhooks/github',
    express.raw({ type: () => true, limit: '25mb' }),
    async (req, res) => {
      const outcome = await webhooks.receive({
        event: req.header('x-github-event'),
        deliveryId: req.header('x-github-delivery'),
        signature: req.header('x-hub-signature-256'),
        body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      });
      res.json(outcome);
    },
  );

  router.use(express.json());

  async function authorize(
    req: express.Request,
    permission: ResourcePermission<'catalog-entity'> | BasicPermission,
    resourceRef?: string,
  ) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [
        resourceRef
          ? { permission: permission as ResourcePermission, resourceRef }
          : { permission: permission as BasicPermission },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed to ${permission.name}${
          resourceRef ? ` for '${resourceRef}'` : ''
        }`,
      );
    }
    return credentials;
  }

  function entityRefOf(req: express.Request): string {
    const { kind, namespace, name } = parse(
      dxEntityParamsSchema,
      req.params,
      'path parameter',
    );
    return `${kind.toLowerCase()}:${namespace}/${name}`;
  }

  router.get('/entity/:kind/:namespace/:name/figures', async (req, res) => {
    const entityRef = entityRefOf(req);
    const { window } = parse(
      dxFiguresQuerySchema,
      req.query,
      'query parameter',
    );
    const credentials = await authorize(
      req,
      dxMetricsEntityReadPermission,
      entityRef,
    );
    res.json(await metrics.entityFigures(entityRef, window, credentials));
  });

  router.get('/entity/:kind/:namespace/:name/drill-down', async (req, res) => {
    const entityRef = entityRefOf(req);
    const { window, kind } = parse(
      dxDrillDownQuerySchema,
      req.query,
      'query parameter',
    );
    const credentials = await authorize(
      req,
      dxMetricsEntityReadPermission,
      entityRef,
    );
    res.json(await metrics.drillDown(entityRef, window, kind, credentials));
  });

  router.get('/org/figures', async (req, res) => {
    const { window } = parse(
      dxFiguresQuerySchema,
      req.query,
      'query parameter',
    );
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await metrics.orgFigures(window, credentials));
  });

  router.get('/adoption', async (req, res) => {
    parse(z.object({}).strict(), req.query, 'query parameter');
    const credentials = await authorize(req, dxMetricsAdoptionReadPermission);
    res.json(await adoption.figures(credentials));
  });

  return router;
}
