import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Render the Node.js golden path for a service with an HTTP API and no database',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'callboard:golden-path:render',
          name: 'Render the golden path',
          input: {
            url: './skeleton',
            values: {
              name: 'payments-api',
              description: 'Takes card payments for the storefront',
              owner: 'group:default/team-payments',
              ownerName: 'team-payments',
              system: 'system:default/payments',
              systemName: 'payments',
              costCenter: 'payments',
              lifecycle: 'experimental',
              exposesApi: true,
              needsDatabase: false,
              repoSlug: 'tidewater/payments-api',
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Render a worker with a database into a subdirectory, recording an explicit template name and version',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'callboard:golden-path:render',
          name: 'Render the golden path',
          input: {
            url: './skeleton',
            targetPath: 'service',
            templateName: 'service-nodejs',
            templateVersion: '1.0.0',
            values: {
              name: 'ledger-worker',
              description: 'Settles card payments into the ledger every night',
              owner: 'group:default/team-ledger',
              ownerName: 'team-ledger',
              system: 'system:default/ledger',
              systemName: 'ledger',
              costCenter: 'ledger',
              lifecycle: 'production',
              exposesApi: false,
              needsDatabase: true,
              repoSlug: 'tidewater/ledger-worker',
            },
          },
        },
      ],
    }),
  },
];
