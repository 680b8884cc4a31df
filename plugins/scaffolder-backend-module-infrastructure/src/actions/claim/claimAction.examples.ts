import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const ACTION_ID = 'callboard:infrastructure:claim';

function example(
  description: string,
  step: { id: string; name: string; input: Record<string, unknown> },
): TemplateExample {
  return {
    description,
    example: yaml.stringify({ steps: [{ action: ACTION_ID, ...step }] }),
  };
}

export const examples: TemplateExample[] = [
  example(
    'Provision a PostgreSQL database in staging (direct apply, waits for Ready)',
    {
      id: 'claim',
      name: 'Provision the database',
      input: {
        environment: 'staging',
        kind: 'PostgreSQLInstance',
        team: 'group:default/team-checkout',
        component: 'component:default/orders-service',
        namespace: 'storefront',
        name: 'orders-archive-db',
        parameters: { storageGB: 20, size: 'small' },
      },
    },
  ),
  example('Provision a Crossplane v2 namespaced MySQL composite in staging', {
    id: 'claim',
    name: 'Provision the database',
    input: {
      environment: 'staging',
      kind: 'MySQLInstance',
      team: 'group:default/team-fulfilment',
      component: 'component:default/shipment-tracker',
      namespace: 'fulfilment',
      name: 'tracking-archive-db',
      parameters: { storageGB: 40 },
    },
  }),
  example('Resize a database (storage only grows; other parameters are kept)', {
    id: 'resize',
    name: 'Resize the database',
    input: {
      operation: 'resize',
      environment: 'staging',
      kind: 'PostgreSQLInstance',
      team: 'group:default/team-checkout',
      component: 'component:default/orders-service',
      namespace: 'storefront',
      name: 'orders-archive-db',
      parameters: { storageGB: 40 },
    },
  }),
  example('Delete a database, with the name typed again to confirm', {
    id: 'delete',
    name: 'Delete the database',
    input: {
      operation: 'delete',
      environment: 'staging',
      kind: 'PostgreSQLInstance',
      team: 'group:default/team-checkout',
      component: 'component:default/orders-service',
      namespace: 'storefront',
      name: 'orders-archive-db',
      confirmName: 'orders-archive-db',
    },
  }),
  example(
    'Propose a database in production by pull request (chain callboard:github:pull-request)',
    {
      id: 'claim',
      name: 'Prepare the claim',
      input: {
        environment: 'production',
        kind: 'PostgreSQLInstance',
        team: 'group:default/team-checkout',
        component: 'component:default/orders-service',
        namespace: 'storefront',
        name: 'orders-reporting-db',
        parameters: { storageGB: 100, size: 'medium', highAvailability: true },
      },
    },
  ),
];
