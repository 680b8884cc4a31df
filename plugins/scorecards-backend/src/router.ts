import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DefinitionsResponse,
  MAX_LEVEL_REFS,
  overviewGroupings,
  scorecardsDefinitionsReloadPermission,
  scorecardsEntityRefreshPermission,
} from '@callboard/plugin-scorecards-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { Definitions } from './definitions/loadDefinitions';
import { ScorecardsEngine } from './services/evaluation/ScorecardsEngine';
import { ExemptionsService } from './services/exemptions/ExemptionsService';
import { ScorecardsReader } from './services/rollups/ScorecardsReader';
import { toCsv } from './services/rollups/rollup';

const namePart = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/,
    'must be a catalog name: letters, digits, ".", "_" or "-"',
  );

const refParams = z.object({
  kind: namePart,
  namespace: namePart,
  name: namePart,
});
const teamParams = z.object({ namespace: namePart, name: namePart });

const filterValue = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/,
    'may only hold letters, digits, ".", "_" or "-"',
  )
  .optional();

const overviewQuery = z
  .object({
    scorecard: filterValue,
    check: filterValue,
    lifecycle: filterValue,
    kind: filterValue,
    type: filterValue,
    groupBy: z.enum(overviewGroupings).default('team'),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();

const windowQuery = z
  .object({
    window: z.coerce
      .number()
      .int('must be a whole number of days')
      .min(1, 'must be at least 1 day')
      .max(365, 'must be at most 365 days')
      .default(90),
  })
  .strict();

const entityRefSchema = z
  .string()
  .regex(
    /^[a-z0-9-]+:[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/,
    'must be a full entity ref, e.g. component:default/payments',
  );

const levelsRequest = z
  .object({
    entityRefs: z
      .array(entityRefSchema)
      .min(1, 'must name at least one entity')
      .max(MAX_LEVEL_REFS, `must name at most ${MAX_LEVEL_REFS} entities`),
  })
  .strict();

const exemptionRequest = z
  .object({
    entityRef: entityRefSchema,
    checkId: z.string().min(1).max(63),
    reason: z
      .string()
      .trim()
      .min(10, 'must explain why, in at least 10 characters')
      .max(2000),
    expiresAt: z.string().datetime({ offset: true }),
  })
  .strict();

const exemptionReview = z
  .object({
    decision: z.enum(['approve', 'reject']),
    comment: z.string().max(2000).optional(),
  })
  .strict();

const exemptionsQuery = z
  .object({ status: z.enum(['pending', 'approved', 'rejected']).optional() })
  .strict();

function parse<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  value: unknown,
  what: string,
): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      `Invalid ${what}: ${result.error.issues
        .map(i =>
          i.path.length ? `${i.path.join('.')} ${i.message}` : i.message,
        )
        .join('; ')}`,
    );
  }
  return result.data;
}

export function describeDefinitions(
  definitions: Definitions,
): DefinitionsResponse {
  return {
    checks: [...definitions.checks.values()].map(c => ({
      id: c.id,
      title: c.title,
      description: c.description,
      howToFix: c.howToFix,
      ...(c.link ? { link: c.link } : {}),
      facts: c.facts,
      version: c.version,
      file: c.file,
    })),
    scorecards: definitions.scorecards.map(s => ({
      id: s.id,
      title: s.title,
      file: s.file,
      levels: s.levels.map(l => l.name),
    })),
    problems: definitions.problems,
    loadedAt: definitions.loadedAt.toISOString(),
  };
}

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  engine: ScorecardsEngine;
  reader: ScorecardsReader;
  exemptions: ExemptionsService;
}): Promise<express.Router> {
  const { httpAuth, permissions, engine, reader, exemptions } = options;
  const router = Router();
  router.use(express.json());

  const entityRefOf = (params: unknown) => {
    const { kind, namespace, name } = parse(refParams, params, 'entity');
    return `${kind.toLowerCase()}:${namespace.toLowerCase()}/${name.toLowerCase()}`;
  };

  router.get('/entities/:kind/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json(await reader.entity(entityRefOf(req.params), credentials));
  });

  router.post('/entities/:kind/:namespace/:name/refresh', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entityRef = entityRefOf(req.params);
    const [decision] = await permissions.authorize(
      [
        {
          permission: scorecardsEntityRefreshPermission,
          resourceRef: entityRef,
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Only the owners of '${entityRef}' may refresh its scorecards`,
      );
    }
    await engine.refreshEntity(entityRef);
    res.json(await reader.entity(entityRef, credentials));
  });

  // POST: a catalog page names up to 200 entities, too many for a query string.
  router.post('/levels', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const { entityRefs } = parse(levelsRequest, req.body, 'levels request');
    res.json(
      await reader.levels(
        [...new Set(entityRefs.map(r => r.toLowerCase()))],
        credentials,
      ),
    );
  });

  router.get('/teams/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const { namespace, name } = parse(teamParams, req.params, 'team');
    const { window } = parse(windowQuery, req.query, 'query');
    res.json(
      await reader.team(
        `group:${namespace.toLowerCase()}/${name.toLowerCase()}`,
        window,
        credentials,
      ),
    );
  });

  router.get('/overview', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const { format, ...filters } = parse(overviewQuery, req.query, 'query');
    const overview = await reader.overview(filters, credentials);
    if (format === 'json') {
      res.json(overview);
      return;
    }
    const header = [
      'group',
      'title',
      'entities',
      'score',
      ...[null, ...overview.levels].map(l => l ?? 'none'),
    ];
    res
      .type('text/csv')
      .attachment(
        `scorecard-${overview.scorecardId}-by-${overview.groupBy}.csv`,
      )
      .send(
        toCsv([
          header,
          ...overview.rows.map(row => [
            row.groupRef,
            row.title,
            row.entities,
            row.score,
            ...row.shares.map(s => s.count),
          ]),
        ]),
      );
  });

  router.get('/definitions', async (_req, res) => {
    res.json(describeDefinitions(engine.definitions));
  });

  router.post('/definitions/reload', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [decision] = await permissions.authorize(
      [{ permission: scorecardsDefinitionsReloadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'Only platform admins may reload scorecard definitions',
      );
    }
    const definitions = await engine.reloadDefinitions();
    await engine.evaluate();
    res.json(describeDefinitions(definitions));
  });

  router.get('/exemptions', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const filter = parse(exemptionsQuery, req.query, 'query');
    res.json({ items: await exemptions.list(filter, credentials) });
  });

  router.post('/exemptions', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const input = parse(exemptionRequest, req.body, 'exemption request');
    res.status(201).json(await exemptions.request(input, credentials, req));
  });

  router.post('/exemptions/:id/review', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { id } = parse(
      z.object({ id: z.string().uuid() }),
      req.params,
      'exemption id',
    );
    const review = parse(exemptionReview, req.body, 'review');
    res.json(await exemptions.review(id, review, credentials, req));
  });

  return router;
}
