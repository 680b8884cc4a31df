import { deployment, service } from './__testUtils__/manifests';
import { validateKubernetesObject } from './kubernetesObjects';

describe('validateKubernetesObject', () => {
  it('accepts objects that match their kind schema', () => {
    expect(validateKubernetesObject(deployment(), 'd.yaml')).toEqual([]);
    expect(validateKubernetesObject(service(), 's.yaml')).toEqual([]);
  });

  it('names the object and the readable path of a schema violation', () => {
    const invalid = deployment();
    invalid.spec.replicas = 'two';
    expect(
      validateKubernetesObject(invalid, 'deploy/base/deployment.yaml'),
    ).toEqual([
      {
        file: 'deploy/base/deployment.yaml',
        problem: expect.stringContaining(
          "Deployment 'payments-api': .spec.replicas must be integer",
        ),
      },
    ]);
  });

  it('refuses a malformed resource quantity', () => {
    const invalid = deployment();
    invalid.spec.template.spec.containers[0].resources.limits = { cpu: 'lots' };
    expect(validateKubernetesObject(invalid, 'd.yaml')[0].problem).toContain(
      '.spec.template.spec.containers.0.resources.limits.cpu',
    );
  });

  it('refuses documents that are not Kubernetes objects', () => {
    expect(validateKubernetesObject({ kind: 'Deployment' }, 'x.yaml')).toEqual([
      {
        file: 'x.yaml',
        problem: expect.stringContaining('is not a Kubernetes object'),
      },
    ]);
  });

  it('refuses kinds it has no schema for, Secrets included', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db' },
      data: { password: 'c2VjcmV0' },
    };
    expect(
      validateKubernetesObject(secret, 'secret.yaml')[0].problem,
    ).toContain("unsupported apiVersion/kind 'v1/Secret'");
  });

  it('validates ServiceMonitors structurally', () => {
    const monitor = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'payments-api' },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'payments-api' } },
        endpoints: [{ port: 'http', path: '/metrics', interval: '30s' }],
      },
    };
    expect(validateKubernetesObject(monitor, 'm.yaml')).toEqual([]);
    monitor.spec.endpoints[0].interval = 'often';
    expect(validateKubernetesObject(monitor, 'm.yaml')).toEqual([
      {
        file: 'm.yaml',
        problem: expect.stringContaining(
          '.spec.endpoints.0.interval must be a Prometheus duration',
        ),
      },
    ]);
  });

  it('validates PrometheusRules structurally', () => {
    const rule = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'payments-api-slo' },
      spec: {
        groups: [
          {
            name: 'slo',
            rules: [
              { alert: 'Burn', expr: 'vector(1) > 0', for: '5m' },
              { record: 'x:y', alert: 'Both', expr: 'up' },
            ],
          },
        ],
      },
    };
    expect(validateKubernetesObject(rule, 'r.yaml')).toEqual([
      {
        file: 'r.yaml',
        problem: expect.stringContaining(
          '.spec.groups.0.rules.1 needs exactly one of alert or record',
        ),
      },
    ]);
  });
});
