import { ConfigReader } from '@backstage/config';
import { assertNoSecretsConfigured, namesSecrets } from './secretsGuard';

describe('namesSecrets', () => {
  it.each([
    '/api/v1/secrets',
    '/api/v1/namespaces/fulfilment/secrets',
    '/api/v1/namespaces/fulfilment/secrets/inventory-db',
    '/api/v1/namespaces/fulfilment/%73ecrets/inventory-db',
    '/api/v1/namespaces/fulfilment/%2573ecrets',
    '/api/v1/namespaces/fulfilment/SECRETS',
    '/api/v1/namespaces/fulfilment/secrets%20',
    '/api/v1/watch/secrets',
    '/api/v1/secrets?watch=true',
    '/api/v1/namespaces/fulfilment/%E0%A4%A',
  ])('refuses %s', kubernetesPath => {
    expect(namesSecrets(kubernetesPath)).toBe(true);
  });

  it.each([
    '/api/v1/pods',
    '/api/v1/namespaces/fulfilment/pods/inventory-7d9f/log',
    '/apis/apps/v1/namespaces/fulfilment/deployments',
    '/api/v1/namespaces/fulfilment/configmaps/secrets-policy',
    '/api/v1/events?fieldSelector=involvedObject.name%3Dsecrets',
  ])('passes %s', kubernetesPath => {
    expect(namesSecrets(kubernetesPath)).toBe(false);
  });
});

describe('assertNoSecretsConfigured', () => {
  it('accepts the Kubernetes tab’s usual object types and custom resources', () => {
    expect(() =>
      assertNoSecretsConfigured(
        new ConfigReader({
          kubernetes: {
            objectTypes: ['pods', 'deployments', 'services'],
            customResources: [
              {
                group: 'platform.callboard.dev',
                apiVersion: 'v1alpha1',
                plural: 'postgresqlinstances',
              },
            ],
          },
        }),
      ),
    ).not.toThrow();
  });

  it.each([
    [
      'the secrets object type',
      { objectTypes: ['pods', 'Secrets'] },
      "kubernetes.objectTypes must not include 'secrets'",
    ],
    [
      'a secrets custom resource',
      { customResources: [{ group: '', apiVersion: 'v1', plural: 'secrets' }] },
      "kubernetes.customResources must not include the 'secrets' resource",
    ],
    [
      'a secrets custom resource on one cluster',
      {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'prod',
                url: 'https://k8s.example.com',
                authProvider: 'serviceAccount',
                customResources: [
                  { group: '', apiVersion: 'v1', plural: 'secrets' },
                ],
              },
            ],
          },
        ],
      },
      "kubernetes.clusterLocatorMethods[0].clusters[0].customResources must not include the 'secrets' resource",
    ],
  ])('refuses to start with %s', (_, kubernetes, message) => {
    expect(() =>
      assertNoSecretsConfigured(new ConfigReader({ kubernetes })),
    ).toThrow(message);
  });
});
