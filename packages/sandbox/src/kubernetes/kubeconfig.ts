import YAML from 'yaml';

export interface KubeconfigInput {
  server: string;
  token: string;
  caPem?: string;
  namespace?: string;
  name?: string;
}

/** A kubeconfig for kubectl and `KubeConfig.loadFromString`, with the CA inlined. */
export function buildKubeconfig({
  server,
  token,
  caPem,
  namespace = 'default',
  name = 'callboard-sandbox',
}: KubeconfigInput) {
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name,
        cluster: {
          server,
          ...(caPem
            ? {
                'certificate-authority-data':
                  Buffer.from(caPem).toString('base64'),
              }
            : {}),
        },
      },
    ],
    contexts: [{ name, context: { cluster: name, user: name, namespace } }],
    'current-context': name,
    users: [{ name, user: { token } }],
    preferences: {},
  });
}
