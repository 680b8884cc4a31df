import { startTestSandbox, TestSandbox } from '../__testUtils__/testSandbox';
import {
  OWNER,
  REPO,
  seedPayments,
  SeededRepository,
} from './__testUtils__/fixture';

jest.setTimeout(60_000);

describe('GraphQL deployments and issues', () => {
  let env: TestSandbox;
  let seeded: SeededRepository;
  const vars = { owner: OWNER, name: REPO };

  beforeAll(async () => {
    env = await startTestSandbox();
    seeded = await seedPayments(env.sandbox.store);
  });

  afterAll(() => env.close());

  it('lists deployments with their statuses, newest first', async () => {
    const rest = await env.alice.rest.repos.listDeployments({
      owner: OWNER,
      repo: REPO,
      environment: 'production',
    });
    const data = await env.alice.graphql<{
      repository: { deployments: Record<string, unknown> };
    }>(
      `query ($owner: String!, $name: String!) {
        repository(owner: $owner, name: $name) {
          deployments(first: 5, environments: ["production"], orderBy: {field: CREATED_AT, direction: DESC}) {
            totalCount
            nodes {
              id databaseId environment createdAt updatedAt state description
              commit { oid committedDate }
              creator { login }
              latestStatus { state createdAt }
              statuses(first: 5) { nodes { state createdAt description } }
            }
          }
        }
      }`,
      vars,
    );
    expect(data.repository.deployments).toEqual({
      totalCount: 2,
      nodes: [
        {
          id: rest.data[0].node_id,
          databaseId: rest.data[0].id,
          environment: 'production',
          createdAt: '2024-01-16T09:00:00Z',
          updatedAt: '2024-01-16T09:03:00Z',
          state: 'FAILURE',
          description: 'Deploy to production',
          commit: {
            oid: seeded.mergeCommit,
            committedDate: '2024-01-09T12:00:00Z',
          },
          creator: { login: 'alice' },
          latestStatus: { state: 'FAILURE', createdAt: '2024-01-16T09:03:00Z' },
          statuses: {
            nodes: [
              {
                state: 'FAILURE',
                createdAt: '2024-01-16T09:03:00Z',
                description: 'failure',
              },
            ],
          },
        },
        {
          id: rest.data[1].node_id,
          databaseId: rest.data[1].id,
          environment: 'production',
          createdAt: '2024-01-15T09:00:00Z',
          updatedAt: '2024-01-15T09:05:00Z',
          state: 'ACTIVE',
          description: 'Deploy to production',
          commit: {
            oid: seeded.mergeCommit,
            committedDate: '2024-01-09T12:00:00Z',
          },
          creator: { login: 'alice' },
          latestStatus: { state: 'SUCCESS', createdAt: '2024-01-15T09:05:00Z' },
          statuses: {
            nodes: [
              {
                state: 'IN_PROGRESS',
                createdAt: '2024-01-15T09:01:00Z',
                description: 'in_progress',
              },
              {
                state: 'SUCCESS',
                createdAt: '2024-01-15T09:05:00Z',
                description: 'success',
              },
            ],
          },
        },
      ],
    });
  });

  it('lists incident issues by label, without pull requests', async () => {
    const data = await env.alice.graphql<{
      repository: Record<string, unknown>;
    }>(
      `query ($owner: String!, $name: String!) {
        repository(owner: $owner, name: $name) {
          incidents: issues(first: 10, labels: ["incident"], orderBy: {field: CREATED_AT, direction: DESC}) {
            totalCount
            nodes { number title state createdAt closedAt author { login } labels(first: 5) { nodes { name } } }
          }
          open: issues(first: 10, states: [OPEN]) { nodes { number } }
          everything: issues(first: 10) { totalCount }
        }
      }`,
      vars,
    );
    expect(data.repository).toEqual({
      incidents: {
        totalCount: 2,
        nodes: [
          {
            number: 5,
            title: 'Slow refunds',
            state: 'OPEN',
            createdAt: '2024-01-13T08:00:00Z',
            closedAt: null,
            author: { login: 'bob' },
            labels: { nodes: [{ name: 'incident' }] },
          },
          {
            number: 4,
            title: 'Checkout outage',
            state: 'CLOSED',
            createdAt: '2024-01-12T08:00:00Z',
            closedAt: '2024-01-12T10:30:00Z',
            author: { login: 'alice' },
            labels: { nodes: [{ name: 'incident' }, { name: 'sev1' }] },
          },
        ],
      },
      open: { nodes: [{ number: 5 }, { number: 6 }] },
      everything: { totalCount: 3 },
    });
  });

  it('resolves one issue by number, and refuses a pull request number', async () => {
    const data = await env.alice.graphql<{
      repository: Record<string, unknown>;
    }>(
      `{ repository(owner: "acme", name: "payments") {
          issue(number: 4) { number title state stateReason closed }
        } }`,
    );
    expect(data.repository.issue).toEqual({
      number: 4,
      title: 'Checkout outage',
      state: 'CLOSED',
      stateReason: 'COMPLETED',
      closed: true,
    });
    await expect(
      env.alice.graphql(
        `{ repository(owner: "acme", name: "payments") { issue(number: 1) { title } } }`,
      ),
    ).rejects.toMatchObject({
      errors: [
        {
          type: 'NOT_FOUND',
          message: 'Could not resolve to an Issue with the number of 1.',
        },
      ],
    });
  });
});
