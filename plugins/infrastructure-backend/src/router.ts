import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  claimRequestSchema,
  deleteRequestSchema,
  resizeRequestSchema,
  xrdSchemaQuerySchema,
} from '@callboard/plugin-infrastructure-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { InfrastructureService } from './services/InfrastructureService';

function parse<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  value: unknown,
  what: string,
): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      `Invalid ${what}: ${result.error.issues
        .map(issue => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  return result.data;
}

const environmentQuery = z.object({ environment: z.string().min(1) });
const entityQuery = z.object({ entityRef: z.string().min(1) });

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  service: InfrastructureService;
}): Promise<express.Router> {
  const { httpAuth, service } = options;
  const router = Router();
  router.use(express.json());

  router.get('/environments', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json({ environments: await service.environments(credentials) });
  });

  router.get('/teams', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await service.teams(credentials));
  });

  router.get('/apis', async (req, res) => {
    const { environment } = parse(environmentQuery, req.query, 'query');
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json({ apis: await service.apis(environment, credentials) });
  });

  router.get('/schema', async (req, res) => {
    const query = parse(xrdSchemaQuerySchema, req.query, 'query');
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json({ api: await service.api(query, credentials) });
  });

  router.post('/dry-run', async (req, res) => {
    const request = parse(claimRequestSchema, req.body, 'claim request');
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await service.dryRun(request, credentials));
  });

  router.get('/status', async (req, res) => {
    const { entityRef } = parse(entityQuery, req.query, 'query');
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await service.status(entityRef, credentials));
  });

  router.post('/resize', async (req, res) => {
    const request = parse(resizeRequestSchema, req.body, 'resize request');
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.status(202).json(await service.resize(request, credentials));
  });

  router.post('/delete', async (req, res) => {
    const request = parse(deleteRequestSchema, req.body, 'delete request');
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.status(202).json(await service.remove(request, credentials));
  });

  return router;
}
