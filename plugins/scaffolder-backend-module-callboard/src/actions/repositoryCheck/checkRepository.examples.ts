import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Check that a new service’s repository is on an allowed host and owner and named after the service',
    example: yaml.stringify({
      steps: [
        {
          id: 'check-repository',
          action: 'callboard:repository:check',
          name: 'Check the repository location',
          input: {
            repoUrl: 'github.com?owner=tidewater&repo=payments-api',
            name: 'payments-api',
            allowedHosts: ['github.com'],
            allowedOwners: ['tidewater'],
          },
        },
      ],
    }),
  },
  {
    description:
      'Allow a GitHub Enterprise host beside github.com and two owners',
    example: yaml.stringify({
      steps: [
        {
          id: 'check-repository',
          action: 'callboard:repository:check',
          name: 'Check the repository location',
          input: {
            repoUrl: 'ghe.tidewater.example?owner=platform&repo=ledger-worker',
            name: 'ledger-worker',
            allowedHosts: ['github.com', 'ghe.tidewater.example'],
            allowedOwners: ['tidewater', 'platform'],
          },
        },
      ],
    }),
  },
];
