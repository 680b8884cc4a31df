import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleCallboard from '@callboard/plugin-scaffolder-backend-module-callboard';
import {
  GitHubSandbox,
  KubernetesSandbox,
  startGitHubServer,
} from '@callboard/sandbox';
import {
  demoUserInfo,
  demoUsers,
  kubernetesConfig,
  loadTemplate,
  sandboxClusterConfig,
  serviceEntity as component,
  stagingAndProductionEnvironments,
  startCrossplaneCluster,
  teamEntity as team,
  unreachableClusterConfig,
} from '@callboard/sandbox/testUtils';
import { Octokit } from 'octokit';
import request from 'supertest';
import { scaffolderModuleInfrastructure } from '../module';

export const TEMPLATE_REF = 'template:default/provision-database';
export const { ada: ADA, kwame: KWAME, sam: SAM } = demoUsers;

export interface TaskRun {
  status: string;
  log: string;
  error?: string;
  output: Record<string, unknown>;
  steps: Record<string, Record<string, unknown>>;
}

export interface ProvisioningHarness {
  staging: KubernetesSandbox;
  production: KubernetesSandbox;
  /** tidewater/platform-infrastructure, where production's claims are proposed. */
  github: GitHubSandbox;
  /** The sandbox's site admin, to look at pull requests. */
  githubAdmin: Octokit;
  audits: Array<Record<string, unknown>>;
  run(as: string, values: Record<string, unknown>): Promise<TaskRun>;
  stop(): Promise<void>;
}

const BOT_TOKEN = 'ghp_callboardBotSecret0123456789abcdefABCD';
const ADMIN_TOKEN = 'ghp_sandboxAdmin0123456789abcdefABCDEFGHIJ';

/** tidewater/platform-infrastructure, writable by the portal's bot, reviewed by team-platform. */
async function infrastructureRepository(): Promise<{
  github: GitHubSandbox;
  admin: Octokit;
}> {
  const github = await startGitHubServer({
    users: [
      { login: 'octo-admin', siteAdmin: true },
      { login: 'callboard-bot', type: 'Bot' },
      { login: 'priya', name: 'Priya' },
    ],
    organizations: [
      {
        login: 'tidewater',
        members: [
          { login: 'octo-admin', role: 'admin' },
          { login: 'callboard-bot', role: 'member' },
          { login: 'priya', role: 'member' },
        ],
        teams: [
          { name: 'team-platform', slug: 'team-platform', members: ['priya'] },
        ],
      },
    ],
    tokens: { [ADMIN_TOKEN]: 'octo-admin', [BOT_TOKEN]: 'callboard-bot' },
  });
  const admin = new Octokit({
    auth: ADMIN_TOKEN,
    baseUrl: github.apiBaseUrl,
    retry: { enabled: false },
    throttle: { enabled: false },
  });
  await admin.rest.repos.createInOrg({
    org: 'tidewater',
    name: 'platform-infrastructure',
    auto_init: true,
  });
  await admin.rest.repos.addCollaborator({
    owner: 'tidewater',
    repo: 'platform-infrastructure',
    username: 'callboard-bot',
    permission: 'push',
  });
  await admin.rest.teams.addOrUpdateRepoPermissionsInOrg({
    org: 'tidewater',
    team_slug: 'team-platform',
    owner: 'tidewater',
    repo: 'platform-infrastructure',
    permission: 'push',
  });
  return { github, admin };
}

/**
 * The scaffolder backend with the infrastructure and Callboard modules, the
 * real provision-database template, two sandbox clusters: staging (direct)
 * and production (pull request to a sandbox GitHub), plus an environment
 * whose cluster is down.
 */
export async function startProvisioningHarness(): Promise<ProvisioningHarness> {
  const staging = await startCrossplaneCluster({ reconcileDelayMs: 300 });
  const production = await startCrossplaneCluster({ reconcileDelayMs: 300 });
  const { github, admin: githubAdmin } = await infrastructureRepository();
  const template = loadTemplate('provision-database') as Entity;
  const entities: Entity[] = [
    template,
    team('team-checkout', 'storefront,payments,kube-system'),
    team('team-fulfilment', 'fulfilment'),
    team('platform-admins', ''),
    component('orders-service', 'group:default/team-checkout', 'storefront'),
    component(
      'shipment-tracker',
      'group:default/team-fulfilment',
      'fulfilment',
    ),
  ];
  const audits: Array<Record<string, unknown>> = [];
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleInfrastructure,
      scaffolderModuleCallboard,
      catalogServiceMock.factory({ entities }),
      mockServices.userInfo.mock({ getUserInfo: demoUserInfo }).factory,
      mockServices.permissions.mock({
        authorize: async (requests, options) => {
          const user = (
            options.credentials.principal as { userEntityRef?: string }
          ).userEntityRef;
          return requests.map(({ permission }) => ({
            result:
              permission.name === 'infrastructure.claim.create.any-team' &&
              user !== SAM
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          }));
        },
        authorizeConditional: async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      }).factory,
      mockServices.auditor.mock({
        createEvent: async options => {
          const event = { ...options.meta, eventId: options.eventId };
          return {
            success: async ({ meta } = {}) => {
              audits.push({ ...event, ...meta, outcome: 'success' });
            },
            fail: async ({ error }) => {
              audits.push({ ...event, outcome: 'fail', error: error.message });
            },
          };
        },
      }).factory,
      mockServices.rootConfig.factory({
        data: {
          integrations: {
            github: [
              {
                host: github.host,
                apiBaseUrl: github.apiBaseUrl,
                rawBaseUrl: github.rawBaseUrl,
                token: BOT_TOKEN,
              },
            ],
          },
          kubernetes: kubernetesConfig([
            sandboxClusterConfig('staging', staging),
            sandboxClusterConfig('production', production),
            unreachableClusterConfig('down'),
          ]),
          infrastructure: {
            environments: [
              ...stagingAndProductionEnvironments(github.host),
              { name: 'down', cluster: 'down', delivery: 'direct' },
            ],
            readyTimeout: { seconds: 5 },
            pollInterval: { milliseconds: 100 },
          },
        },
      }),
    ],
  });

  const server = backend.server;
  const run = async (as: string, values: Record<string, unknown>) => {
    const header = mockCredentials.user.header(as);
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', header)
      .send({ templateRef: TEMPLATE_REF, values });
    if (created.status !== 201) {
      throw new Error(`Task not created: ${created.status} ${created.text}`);
    }
    const taskId = created.body.id as string;
    for (;;) {
      const task = await request(server)
        .get(`/api/scaffolder/v2/tasks/${taskId}`)
        .set('Authorization', header);
      if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
        const events = await request(server)
          .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
          .set('Authorization', header);
        const eventList = events.body as Array<{
          type: string;
          body: { message?: string; output?: Record<string, unknown> };
        }>;
        const log = eventList.map(event => event.body.message ?? '').join('\n');
        const completion = eventList.find(event => event.type === 'completion');
        const steps = (task.body.state?.steps ?? {}) as TaskRun['steps'];
        return {
          status: task.body.status,
          log,
          error: task.body.status === 'failed' ? log : undefined,
          output: completion?.body.output ?? {},
          steps,
        };
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  };

  return {
    staging,
    production,
    github,
    githubAdmin,
    audits,
    run,
    stop: async () => {
      await backend.stop();
      await staging.close();
      await production.close();
      await github.close();
    },
  };
}
