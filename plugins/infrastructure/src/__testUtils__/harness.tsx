import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import {
  ScaffolderApi,
  ScaffolderClient,
} from '@backstage/plugin-scaffolder-common';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import { mockApis, TestApiPair } from '@backstage/frontend-test-utils';
import { http, HttpResponse } from 'msw';
import {
  InfrastructureApi,
  InfrastructureClient,
  infrastructureApiRef,
} from '../api';

export const BASE = 'http://backstage.test';
export const INFRA = `${BASE}/api/infrastructure`;
export const SCAFFOLDER = `${BASE}/api/scaffolder`;
export const TASK_ID = 'task-1';

/** The real clients of the plugin, talking to msw at the HTTP boundary. */
export function testApis(
  options: { allow?: boolean } = {},
): readonly [
  TestApiPair<InfrastructureApi>,
  TestApiPair<ScaffolderApi>,
  TestApiPair<PermissionApi>,
] {
  const discoveryApi = mockApis.discovery({ baseUrl: BASE });
  const fetchApi = mockApis.fetch();
  return [
    [
      infrastructureApiRef,
      new InfrastructureClient({ discoveryApi, fetchApi }),
    ],
    [
      scaffolderApiRef,
      new ScaffolderClient({
        discoveryApi,
        fetchApi,
        scmIntegrationsApi: ScmIntegrations.fromConfig(new ConfigReader({})),
        useLongPollingLogs: true,
      }),
    ],
    [
      permissionApiRef,
      mockApis.permission({
        authorize:
          options.allow === false
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      }),
    ],
  ] as const;
}

/**
 * A scaffolder backend that records the task it is asked to start and
 * finishes it at once with the given output, as the task event log does.
 */
export function scaffolderHandlers(options: {
  started?: Array<{ templateRef: string; values: Record<string, unknown> }>;
  output: Record<string, unknown>;
}) {
  const taskId = TASK_ID;
  return [
    http.post(`${SCAFFOLDER}/v2/tasks`, async ({ request }) => {
      options.started?.push((await request.json()) as any);
      return HttpResponse.json({ id: taskId }, { status: 201 });
    }),
    http.get(`${SCAFFOLDER}/v2/tasks/${taskId}`, () =>
      HttpResponse.json({
        id: taskId,
        status: 'completed',
        createdAt: '2026-12-06T10:00:00Z',
        spec: {
          apiVersion: 'scaffolder.backstage.io/v1beta3',
          steps: [
            {
              id: 'claim',
              name: 'Check and apply the claim',
              action: 'callboard:infrastructure:claim',
            },
          ],
          output: {},
          parameters: {},
        },
      }),
    ),
    http.get(`${SCAFFOLDER}/v2/tasks/${taskId}/events`, () =>
      HttpResponse.json([
        {
          id: 1,
          taskId,
          type: 'log',
          createdAt: '2026-12-06T10:00:01Z',
          body: {
            stepId: 'claim',
            status: 'processing',
            message: 'Synced=True, Ready=False (Creating)',
          },
        },
        {
          id: 2,
          taskId,
          type: 'log',
          createdAt: '2026-12-06T10:00:02Z',
          body: { stepId: 'claim', status: 'completed', message: 'Ready' },
        },
        {
          id: 3,
          taskId,
          type: 'completion',
          createdAt: '2026-12-06T10:00:03Z',
          body: { message: 'Run completed', output: options.output },
        },
      ]),
    ),
  ];
}
