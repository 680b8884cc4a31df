import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const ACTION_ID = 'callboard:github:pull-request';

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
  example('Open a pull request that registers a component in the catalog', {
    id: 'register-component',
    name: 'Propose catalog-info.yaml',
    input: {
      repoUrl: 'github.com?owner=acme&repo=payments-service',
      branchName: 'callboard/register-component',
      title: 'Register payments-service in Callboard',
      description:
        'Adds `catalog-info.yaml` so the service shows up in the portal.',
      files: [
        {
          path: 'catalog-info.yaml',
          content: [
            'apiVersion: backstage.io/v1alpha1',
            'kind: Component',
            'metadata:',
            '  name: payments-service',
            'spec:',
            '  type: service',
            '  lifecycle: production',
            '  owner: group:default/payments',
            '',
          ].join('\n'),
        },
      ],
      labels: ['callboard'],
    },
  }),
  example(
    'Update the pull request of a branch: replace the CI workflow and delete the legacy CI files',
    {
      id: 'golden-path-ci',
      name: 'Move to the golden-path CI',
      input: {
        repoUrl: 'github.com?owner=acme&repo=payments-service',
        branchName: 'callboard/golden-path-ci',
        baseBranch: 'main',
        title: 'Adopt the golden-path CI workflow',
        description:
          'Replaces Travis with the shared GitHub Actions workflow. Re-running the template updates this pull request.',
        commitMessage: 'ci: adopt the golden-path workflow',
        files: [
          {
            path: '.github/workflows/ci.yaml',
            content: [
              'name: CI',
              'on: [push, pull_request]',
              'jobs:',
              '  build:',
              '    uses: acme/workflows/.github/workflows/node.yaml@v2',
              '',
            ].join('\n'),
          },
        ],
        deletions: ['.travis.yml', 'ci/legacy'],
      },
    },
  ),
  example(
    'Open a draft pull request with an executable script and ask a person and a team for review',
    {
      id: 'bootstrap-script',
      name: 'Propose a bootstrap script',
      input: {
        repoUrl: 'github.com?owner=acme&repo=payments-service',
        branchName: 'callboard/bootstrap-script',
        title: 'Add a bootstrap script',
        description: 'Draft until the platform team has had a look.',
        draft: true,
        files: [
          {
            path: 'scripts/bootstrap.sh',
            // base64 keeps the content byte-exact, as for any binary file.
            content: Buffer.from(
              '#!/bin/sh\nset -eu\nyarn install --immutable\n',
            ).toString('base64'),
            encoding: 'base64',
            executable: true,
          },
        ],
        reviewers: ['alice'],
        teamReviewers: ['platform'],
      },
    },
  ),
];
