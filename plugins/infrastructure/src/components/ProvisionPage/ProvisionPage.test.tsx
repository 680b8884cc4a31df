import {
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  ClaimRequest,
  DryRunResult,
  XrdSummary,
} from '@callboard/plugin-infrastructure-common';
import { fireEvent, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  INFRA,
  scaffolderHandlers,
  testApis,
} from '../../__testUtils__/harness';
import { ProvisionPage } from './ProvisionPage';

const server = setupServer();
registerMswTestHooks(server);

const postgres: XrdSummary = {
  name: 'xpostgresqlinstances.platform.callboard.dev',
  title: 'PostgreSQL',
  description: 'A PostgreSQL database',
  apiVersion: 'platform.callboard.dev/v1alpha1',
  kind: 'PostgreSQLInstance',
  plural: 'postgresqlinstances',
  claim: true,
  connectionSecretKeys: ['username', 'password', 'endpoint', 'port'],
  parametersSchema: {
    type: 'object',
    required: ['storageGB'],
    properties: {
      storageGB: {
        type: 'integer',
        title: 'Storage (GiB)',
        description: 'Allocated storage in GiB.',
        minimum: 10,
        maximum: 1000,
      },
      version: {
        type: 'string',
        description: 'PostgreSQL major version.',
        enum: ['14', '15', '16'],
        default: '16',
      },
      highAvailability: {
        type: 'boolean',
        description: 'Run a synchronous standby in a second zone.',
        default: false,
      },
    },
  },
};

const groups = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-checkout', namespace: 'default' },
    spec: { type: 'team', profile: { displayName: 'Checkout' }, children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'team-payments',
      namespace: 'default',
      title: 'Payments',
    },
    spec: { type: 'team', children: [] },
  },
];

const components = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orders-service', namespace: 'default', title: 'Orders' },
    spec: {},
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', namespace: 'default' },
    spec: {},
  },
];

type Backend = {
  teams?: { ref: string; namespaces: string[] }[];
  anyTeam?: boolean;
  dryRun?: () => Response;
};

function serve(backend: Backend = {}) {
  const dryRuns: ClaimRequest[] = [];
  const started: Array<{ templateRef: string; values: any }> = [];
  server.use(
    http.get(`${INFRA}/environments`, () =>
      HttpResponse.json({
        environments: [
          {
            name: 'staging',
            title: 'Staging',
            cluster: 'staging',
            delivery: 'direct',
          },
          {
            name: 'production',
            title: 'Production',
            cluster: 'production',
            delivery: 'pullRequest',
          },
        ],
      }),
    ),
    http.get(`${INFRA}/teams`, () =>
      HttpResponse.json({
        teams: backend.teams ?? [
          { ref: 'group:default/team-checkout', namespaces: ['checkout'] },
        ],
        anyTeam: backend.anyTeam ?? false,
      }),
    ),
    http.get(`${INFRA}/apis`, () => HttpResponse.json({ apis: [postgres] })),
    http.post(`${INFRA}/dry-run`, async ({ request }) => {
      dryRuns.push((await request.json()) as ClaimRequest);
      return backend.dryRun
        ? backend.dryRun()
        : HttpResponse.json({ valid: true, fieldErrors: [] });
    }),
    ...scaffolderHandlers({
      started,
      output: {
        links: [
          {
            title: 'Database in the catalog',
            entityRef: 'resource:default/orders-db',
          },
        ],
        text: [{ title: 'Result', content: 'ready on cluster staging' }],
      },
    }),
  );
  return { dryRuns, started };
}

async function renderPage(
  path = '/infrastructure',
  catalogApi = catalogApiMock({ entities: [...components, ...groups] }),
) {
  await renderInTestApp(
    <TestApiProvider apis={[...testApis(), [catalogApiRef, catalogApi]]}>
      <ProvisionPage templateRef="template:default/provision-database" />
    </TestApiProvider>,
    {
      initialRouteEntries: [path],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  await screen.findByText('Allocated storage in GiB.');
}

function fieldOf(label: string): HTMLElement {
  return screen
    .getByLabelText(label, { exact: false })
    .closest('.MuiFormControl-root') as HTMLElement;
}

/** Opens the Owning team field and returns its options. */
async function openTeamOptions(): Promise<HTMLElement[]> {
  fireEvent.mouseDown(
    within(fieldOf('Owning team')).getByRole('button', { hidden: true }),
  );
  return screen.findAllByRole('option');
}

/** The smallest part of the form around `input` that shows `text`: the field's own errors. */
function aroundField(input: HTMLElement, text: string): HTMLElement | null {
  let element: HTMLElement | null = input;
  while (element && !element.textContent?.includes(text)) {
    element = element.parentElement;
  }
  return element;
}

describe('ProvisionPage', () => {
  it("labels each parameter with the XRD's title for it, or its key in words, never the bare key", async () => {
    serve();
    await renderPage();
    expect(
      screen.getByRole('spinbutton', { name: /Storage \(GiB\)/ }),
    ).toBeInTheDocument();
    expect(fieldOf('Version')).toBeInTheDocument();
    expect(
      screen.getByRole('checkbox', { name: /High Availability/ }),
    ).toBeInTheDocument();
    for (const key of ['storageGB', 'version', 'highAvailability']) {
      expect(screen.queryByLabelText(key)).not.toBeInTheDocument();
    }
  });

  it("builds the form from the XRD's schema: types, enums, defaults, descriptions, required", async () => {
    serve();
    await renderPage();
    const storage = screen.getByRole('spinbutton', { name: /Storage \(GiB\)/ });
    expect(storage).toBeRequired();
    expect(screen.getByText('PostgreSQL major version.')).toBeInTheDocument();
    expect(within(fieldOf('Version')).getByText('16')).toBeInTheDocument();
    expect(
      screen.getByRole('checkbox', { name: /High Availability/ }),
    ).not.toBeChecked();
    expect(
      screen.getByText('Run a synchronous standby in a second zone.'),
    ).toBeInTheDocument();
    // The kind's description, once: beside the kind picker, not again above its parameters.
    expect(screen.getAllByText('A PostgreSQL database')).toHaveLength(1);
  });

  it('offers only the teams the user belongs to, named as the catalog names them', async () => {
    serve({
      teams: [
        { ref: 'group:default/team-checkout', namespaces: ['checkout'] },
        { ref: 'group:default/team-payments', namespaces: ['payments'] },
      ],
    });
    await renderPage();
    const options = await openTeamOptions();
    expect(options.map(option => option.textContent)).toEqual([
      '',
      'Checkout',
      'Payments',
    ]);
    expect(
      screen.getByText('One of the teams you belong to'),
    ).toBeInTheDocument();
  });

  it('names teams by their refs when the catalog cannot say how it names them', async () => {
    serve();
    await renderPage(
      '/infrastructure',
      catalogApiMock.mock({
        getEntities: jest.fn().mockResolvedValue({ items: components }),
        getEntitiesByRefs: jest
          .fn()
          .mockRejectedValue(new Error('catalog unavailable')),
      }),
    );
    const options = await openTeamOptions();
    expect(options.map(option => option.textContent)).toEqual([
      '',
      'team-checkout',
    ]);
  });

  it("lets an admin pick any team, and provisions in that team's namespace", async () => {
    const { dryRuns } = serve({
      anyTeam: true,
      teams: [
        { ref: 'group:default/platform-admins', namespaces: [] },
        { ref: 'group:default/team-checkout', namespaces: ['checkout'] },
        { ref: 'group:default/team-fulfilment', namespaces: ['fulfilment'] },
      ],
    });
    await renderPage(
      '/infrastructure?component=component%3Adefault%2Forders-service',
    );
    expect(
      screen.getByText('As an admin you may provision for any team'),
    ).toBeInTheDocument();
    const options = await openTeamOptions();
    // Groups the catalog does not know keep their names from the ref.
    expect(options.map(option => option.textContent)).toEqual([
      '',
      'platform-admins',
      'Checkout',
      'team-fulfilment',
    ]);
    fireEvent.click(screen.getByRole('option', { name: 'team-fulfilment' }));
    expect(
      within(fieldOf('Namespace')).getByText('fulfilment'),
    ).toBeInTheDocument();
    fireEvent.change(screen.getByRole('textbox', { name: /Name/ }), {
      target: { value: 'orders-db' },
    });
    fireEvent.change(
      screen.getByRole('spinbutton', { name: /Storage \(GiB\)/ }),
      {
        target: { value: '20' },
      },
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Provision in Staging' }),
    );
    await screen.findByText('Result: ready on cluster staging');
    expect(dryRuns).toMatchObject([
      { team: 'group:default/team-fulfilment', namespace: 'fulfilment' },
    ]);
  });

  it('prefills the component it was opened from', async () => {
    serve();
    await renderPage(
      '/infrastructure?component=component%3Adefault%2Forders-service',
    );
    expect(
      within(fieldOf('Component')).getByText('Orders'),
    ).toBeInTheDocument();
  });

  it("puts the API server's dry-run errors on the fields they name, and starts nothing", async () => {
    const message =
      'spec.parameters.storageGB: Invalid value: 15: must be a multiple of 10';
    const { dryRuns, started } = serve({
      dryRun: () =>
        HttpResponse.json({
          valid: false,
          message: `PostgreSQLInstance.platform.callboard.dev "orders-db" is invalid: ${message}`,
          fieldErrors: [{ field: 'spec.parameters.storageGB', message }],
        } satisfies DryRunResult),
    });
    await renderPage(
      '/infrastructure?component=component%3Adefault%2Forders-service',
    );
    fireEvent.change(screen.getByRole('textbox', { name: /Name/ }), {
      target: { value: 'orders-db' },
    });
    fireEvent.change(
      screen.getByRole('spinbutton', { name: /Storage \(GiB\)/ }),
      {
        target: { value: '15' },
      },
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Provision in Staging' }),
    );
    await screen.findAllByText(message);
    const field = aroundField(
      screen.getByRole('spinbutton', { name: /Storage \(GiB\)/ }),
      message,
    );
    expect(field).not.toHaveTextContent('PostgreSQL major version.');
    expect(dryRuns).toEqual([
      {
        environment: 'staging',
        kind: 'PostgreSQLInstance',
        apiVersion: 'platform.callboard.dev/v1alpha1',
        team: 'group:default/team-checkout',
        component: 'component:default/orders-service',
        namespace: 'checkout',
        name: 'orders-db',
        parameters: { storageGB: 15, version: '16', highAvailability: false },
      },
    ]);
    expect(started).toEqual([]);
  });

  it("checks the XRD's minimum before asking the server", async () => {
    const { dryRuns } = serve();
    await renderPage(
      '/infrastructure?component=component%3Adefault%2Forders-service',
    );
    fireEvent.change(screen.getByRole('textbox', { name: /Name/ }), {
      target: { value: 'orders-db' },
    });
    fireEvent.change(
      screen.getByRole('spinbutton', { name: /Storage \(GiB\)/ }),
      {
        target: { value: '5' },
      },
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Provision in Staging' }),
    );
    await screen.findByText('must be >= 10');
    expect(
      aroundField(
        screen.getByRole('spinbutton', { name: /Storage \(GiB\)/ }),
        'must be >= 10',
      ),
    ).not.toHaveTextContent('PostgreSQL major version.');
    expect(dryRuns).toEqual([]);
  });

  it("shows a guard's refusal in the server's words, and starts nothing", async () => {
    const { started } = serve({
      dryRun: () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message:
                "Namespace 'payments' is not one of group:default/team-checkout's namespaces (checkout); nothing was created",
            },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
    });
    await renderPage(
      '/infrastructure?component=component%3Adefault%2Forders-service',
    );
    fireEvent.change(screen.getByRole('textbox', { name: /Name/ }), {
      target: { value: 'orders-db' },
    });
    fireEvent.change(
      screen.getByRole('spinbutton', { name: /Storage \(GiB\)/ }),
      {
        target: { value: '20' },
      },
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Provision in Staging' }),
    );
    expect(
      await screen.findByText(
        "Namespace 'payments' is not one of group:default/team-checkout's namespaces (checkout); nothing was created",
      ),
    ).toBeInTheDocument();
    expect(started).toEqual([]);
  });

  it('starts the provisioning template after a clean dry run and follows the task to Ready', async () => {
    const { started } = serve();
    await renderPage(
      '/infrastructure?component=component%3Adefault%2Forders-service',
    );
    fireEvent.change(screen.getByRole('textbox', { name: /Name/ }), {
      target: { value: 'orders-db' },
    });
    fireEvent.change(
      screen.getByRole('spinbutton', { name: /Storage \(GiB\)/ }),
      {
        target: { value: '20' },
      },
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Provision in Staging' }),
    );
    expect(
      await screen.findByText('Result: ready on cluster staging'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'task-1' })).toHaveAttribute(
      'href',
      '/create/tasks/task-1',
    );
    expect(started).toEqual([
      {
        templateRef: 'template:default/provision-database',
        values: {
          operation: 'create',
          environment: 'staging',
          kind: 'PostgreSQLInstance',
          apiVersion: 'platform.callboard.dev/v1alpha1',
          team: 'group:default/team-checkout',
          component: 'component:default/orders-service',
          namespace: 'checkout',
          name: 'orders-db',
          parameters: {
            storageGB: 20,
            version: '16',
            highAvailability: false,
          },
        },
      },
    ]);
  });
});
