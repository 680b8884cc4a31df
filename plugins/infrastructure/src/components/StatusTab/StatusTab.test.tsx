import { Entity } from '@backstage/catalog-model';
import {
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { DatabaseStatus } from '@callboard/plugin-infrastructure-common';
import { fireEvent, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { SWRConfig } from 'swr';
import {
  INFRA,
  scaffolderHandlers,
  TASK_ID,
  testApis,
} from '../../__testUtils__/harness';
import { StatusTab } from './StatusTab';

const server = setupServer();
registerMswTestHooks(server);

function database(stale = false): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'orders-db',
      namespace: 'default',
      annotations: {
        'callboard.dev/cluster': 'staging',
        'callboard.dev/environment': 'staging',
        'callboard.dev/claim-api-version': 'platform.callboard.dev/v1alpha1',
        'callboard.dev/claim-kind': 'PostgreSQLInstance',
        'callboard.dev/claim-namespace': 'checkout',
        'callboard.dev/claim-name': 'orders-db',
        'callboard.dev/stale': String(stale),
        'callboard.dev/last-seen': '2026-12-06T09:00:00Z',
      },
    },
    spec: {
      type: 'database',
      owner: 'group:default/team-checkout',
      dependencyOf: ['component:default/orders-service'],
    },
  };
}

const status: DatabaseStatus = {
  cluster: 'staging',
  environment: 'staging',
  object: {
    apiVersion: 'platform.callboard.dev/v1alpha1',
    kind: 'PostgreSQLInstance',
    namespace: 'checkout',
    name: 'orders-db',
  },
  synced: {
    type: 'Synced',
    status: 'True',
    reason: 'ReconcileSuccess',
  },
  ready: {
    type: 'Ready',
    status: 'False',
    reason: 'Creating',
    message: 'Unready resources: RDSInstance/orders-db-x7k2p',
  },
  events: [
    {
      type: 'Normal',
      reason: 'ComposeResources',
      message: 'Successfully composed resources',
      count: 3,
      lastTimestamp: '2026-12-06T09:59:00Z',
    },
  ],
  tree: {
    apiVersion: 'platform.callboard.dev/v1alpha1',
    kind: 'PostgreSQLInstance',
    namespace: 'checkout',
    name: 'orders-db',
    ready: 'False',
    reason: 'Creating',
    children: [
      {
        apiVersion: 'platform.callboard.dev/v1alpha1',
        kind: 'XPostgreSQLInstance',
        name: 'orders-db-x7k2p',
        ready: 'False',
        children: [
          {
            apiVersion: 'database.aws.crossplane.io/v1beta1',
            kind: 'RDSInstance',
            name: 'orders-db-x7k2p',
            ready: 'False',
            reason: 'Creating',
            message: 'DB instance is being created',
            children: [],
          },
          {
            apiVersion: 'ec2.aws.crossplane.io/v1beta1',
            kind: 'SecurityGroup',
            name: 'orders-db-sg',
            ready: 'True',
            children: [],
          },
        ],
      },
    ],
  },
  unreadyLeaves: ['RDSInstance/orders-db-x7k2p'],
  connectionSecret: {
    name: 'orders-db-conn',
    namespace: 'checkout',
    keys: ['username', 'password', 'endpoint', 'port'],
  },
  parameters: { storageGB: 20 },
  storage: { parameter: 'storageGB', title: 'Storage (GiB)', current: 20 },
  yaml: 'apiVersion: platform.callboard.dev/v1alpha1\nkind: PostgreSQLInstance\nspec:\n  parameters:\n    storageGB: 20\n',
};

const requested: string[] = [];

function answerStatus(answer: () => Response) {
  requested.length = 0;
  server.events.on('request:start', ({ request }) => {
    requested.push(new URL(request.url).pathname);
  });
  server.use(http.get(`${INFRA}/status`, answer));
}

async function renderTab(entity: Entity, allow = true) {
  await renderInTestApp(
    // usePermission caches decisions in SWR: a fresh cache per test.
    <SWRConfig value={{ provider: () => new Map() }}>
      <TestApiProvider apis={testApis({ allow })}>
        <EntityProvider entity={entity}>
          <StatusTab />
        </EntityProvider>
      </TestApiProvider>
    </SWRConfig>,
  );
}

afterEach(() => server.events.removeAllListeners());

describe('StatusTab', () => {
  it('shows Synced and Ready with their reason and message', async () => {
    answerStatus(() => HttpResponse.json(status));
    await renderTab(database());
    const synced = await screen.findByRole('group', {
      name: 'Synced condition',
    });
    expect(within(synced).getByText('ReconcileSuccess')).toBeInTheDocument();
    const ready = screen.getByRole('group', { name: 'Ready condition' });
    expect(within(ready).getByText('Not Ready')).toBeInTheDocument();
    expect(
      within(ready).getByText(
        'Creating: Unready resources: RDSInstance/orders-db-x7k2p',
      ),
    ).toBeInTheDocument();
  });

  it('shows the composed resources as a tree and names the unready leaf', async () => {
    answerStatus(() => HttpResponse.json(status));
    await renderTab(database());
    expect(
      await screen.findByText(/Not ready: RDSInstance\/orders-db-x7k2p/),
    ).toBeInTheDocument();
    const composite = screen.getByRole('listitem', {
      name: 'XPostgreSQLInstance orders-db-x7k2p',
    });
    const leaf = within(composite).getByRole('listitem', {
      name: 'RDSInstance orders-db-x7k2p',
    });
    expect(within(leaf).getByText('Not ready')).toBeInTheDocument();
    expect(
      within(leaf).getByText('Creating: DB instance is being created'),
    ).toBeInTheDocument();
    const readyLeaf = within(composite).getByRole('listitem', {
      name: 'SecurityGroup orders-db-sg',
    });
    expect(within(readyLeaf).getByText('Ready')).toBeInTheDocument();
  });

  it('names the connection Secret and its keys, and never asks for the values', async () => {
    answerStatus(() => HttpResponse.json(status));
    await renderTab(database());
    expect(await screen.findByText('orders-db-conn')).toBeInTheDocument();
    const keys = screen.getByRole('list', { name: 'Secret keys' });
    expect(
      within(keys)
        .getAllByRole('listitem')
        .map(key => key.textContent),
    ).toEqual(['username', 'password', 'endpoint', 'port']);
    expect(screen.getByText(/never reads the values/)).toBeInTheDocument();
    expect(requested).toEqual(['/api/infrastructure/status']);
  });

  it('shows the events and the YAML', async () => {
    answerStatus(() => HttpResponse.json(status));
    await renderTab(database());
    expect(
      await screen.findByText('Successfully composed resources'),
    ).toBeInTheDocument();
    expect(document.body).toHaveTextContent(
      'apiVersion: platform.callboard.dev/v1alpha1 kind: PostgreSQLInstance spec: parameters: storageGB: 20',
    );
  });

  it('marks a database stale, with the reason, when its cluster cannot be reached', async () => {
    answerStatus(() =>
      HttpResponse.json(
        {
          error: {
            name: 'ServiceUnavailableError',
            message:
              "Cluster 'staging' cannot be reached (connect ECONNREFUSED); nothing was changed",
          },
          response: { statusCode: 503 },
        },
        { status: 503 },
      ),
    );
    await renderTab(database(true));
    expect(
      await screen.findByText(
        /Stale: what the catalog last saw at 2026-12-06T09:00:00Z/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Cluster 'staging' cannot be reached/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /PostgreSQLInstance checkout\/orders-db in cluster staging/,
      ),
    ).toBeInTheDocument();
  });

  it('offers Resize and Delete only to those the policy allows', async () => {
    answerStatus(() => HttpResponse.json(status));
    await renderTab(database(), false);
    await screen.findByText('orders-db-conn');
    expect(screen.queryByRole('button', { name: 'Resize' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
  });

  it('refuses to shrink storage before starting anything', async () => {
    answerStatus(() => HttpResponse.json(status));
    await renderTab(database());
    fireEvent.click(await screen.findByRole('button', { name: 'Resize' }));
    const size = screen.getByLabelText('Storage (GiB)');
    fireEvent.change(size, { target: { value: '10' } });
    expect(
      screen.getByText(
        'Storage (GiB) can only grow: it is 20 now, so choose more than 20',
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Resize',
      }),
    ).toBeDisabled();
  });

  it('resizes through the provisioning template and shows the task', async () => {
    answerStatus(() => HttpResponse.json(status));
    const resized: unknown[] = [];
    server.use(
      http.post(`${INFRA}/resize`, async ({ request }) => {
        resized.push(await request.json());
        return HttpResponse.json(
          { taskId: TASK_ID, operation: 'resize', delivery: 'direct' },
          { status: 202 },
        );
      }),
      ...scaffolderHandlers({
        output: {
          text: [{ title: 'Result', content: 'ready on cluster staging' }],
        },
      }),
    );
    await renderTab(database());
    fireEvent.click(await screen.findByRole('button', { name: 'Resize' }));
    fireEvent.change(screen.getByLabelText('Storage (GiB)'), {
      target: { value: '50' },
    });
    fireEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Resize',
      }),
    );
    expect(
      await screen.findByText('Result: ready on cluster staging'),
    ).toBeInTheDocument();
    expect(resized).toEqual([
      { entityRef: 'resource:default/orders-db', storage: 50 },
    ]);
  });

  it('resizes the parameter the backend names, not one the frontend assumes', async () => {
    answerStatus(() =>
      HttpResponse.json({
        ...status,
        parameters: { sizeGiB: 100 },
        storage: { parameter: 'sizeGiB', title: 'Size GiB', current: 100 },
      }),
    );
    await renderTab(database());
    fireEvent.click(await screen.findByRole('button', { name: 'Resize' }));
    expect(screen.getByLabelText('Size GiB')).toHaveValue(100);
    fireEvent.change(screen.getByLabelText('Size GiB'), {
      target: { value: '80' },
    });
    expect(
      screen.getByText(
        'Size GiB can only grow: it is 100 now, so choose more than 100',
      ),
    ).toBeInTheDocument();
  });

  it('offers Resize only once the live status has said what to resize', async () => {
    answerStatus(() =>
      HttpResponse.json(
        {
          error: { name: 'ServiceUnavailableError', message: 'down' },
          response: { statusCode: 503 },
        },
        { status: 503 },
      ),
    );
    await renderTab(database(true));
    await screen.findByText(/Stale: what the catalog last saw/);
    expect(screen.getByRole('button', { name: 'Resize' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Delete' })).toBeEnabled();
  });

  it("keeps the dialog open with the backend's refusal when a resize is not started", async () => {
    answerStatus(() => HttpResponse.json(status));
    server.use(
      http.post(`${INFRA}/resize`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message:
                "Only the owners of 'resource:default/orders-db' may resize it; nothing was changed",
            },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    await renderTab(database());
    fireEvent.click(await screen.findByRole('button', { name: 'Resize' }));
    fireEvent.change(screen.getByLabelText('Storage (GiB)'), {
      target: { value: '30' },
    });
    const dialog = screen.getByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Resize' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      "Only the owners of 'resource:default/orders-db' may resize it; nothing was changed",
    );
    expect(
      within(dialog).getByRole('button', { name: 'Resize' }),
    ).toBeEnabled();
    expect(screen.queryByRole('region', { name: 'Task progress' })).toBeNull();
  });

  it('deletes only after the name is typed', async () => {
    answerStatus(() => HttpResponse.json(status));
    const deleted: unknown[] = [];
    server.use(
      http.post(`${INFRA}/delete`, async ({ request }) => {
        deleted.push(await request.json());
        return HttpResponse.json(
          { taskId: TASK_ID, operation: 'delete', delivery: 'direct' },
          { status: 202 },
        );
      }),
      ...scaffolderHandlers({ output: {} }),
    );
    await renderTab(database());
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Delete' });
    expect(confirm).toBeDisabled();
    fireEvent.change(within(dialog).getByLabelText('Name to confirm'), {
      target: { value: 'orders' },
    });
    expect(
      within(dialog).getByText("Type 'orders-db' exactly"),
    ).toBeInTheDocument();
    expect(confirm).toBeDisabled();
    fireEvent.change(within(dialog).getByLabelText('Name to confirm'), {
      target: { value: 'orders-db' },
    });
    fireEvent.click(confirm);
    expect(
      await screen.findByRole('region', { name: 'Task progress' }),
    ).toBeInTheDocument();
    expect(deleted).toEqual([
      { entityRef: 'resource:default/orders-db', confirmName: 'orders-db' },
    ]);
  });
});
