import { stringify } from 'yaml';
import { loadPolicySetFromSources } from './loadPolicies';
import { KubernetesObject } from './types';

// A ValidatingAdmissionPolicy as YAML, with the parts a test changes.
function policyYaml(
  name: string,
  spec: Record<string, unknown>,
  annotations: Record<string, string> = {},
): string {
  return stringify({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name, annotations },
    spec: {
      matchConstraints: {
        resourceRules: [
          {
            apiGroups: ['apps'],
            apiVersions: ['v1'],
            resources: ['deployments'],
            operations: ['CREATE', 'UPDATE'],
          },
        ],
      },
      validations: [{ expression: 'true' }],
      ...spec,
    },
  });
}

function deployment(
  name: string,
  spec: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'team-a', ...metadata },
    spec,
  };
}

const replicasPolicy = policyYaml('replicas', {
  validations: [
    {
      expression: 'object.spec.replicas >= 2',
      messageExpression: `"runs " + string(object.spec.replicas) + " replicas"`,
      reason: 'Forbidden',
    },
  ],
});

describe('loading policies', () => {
  it.each([
    [
      'CEL that does not parse',
      policyYaml('bad', {
        validations: [{ expression: 'object.spec.replicas >=' }],
      }),
      'spec.validations[0].expression: Unexpected token: EOF',
    ],
    [
      'a variable Kubernetes has but no evaluator outside a cluster can answer',
      policyYaml('bad', {
        validations: [
          { expression: "authorizer.group('apps').check('get').allowed()" },
        ],
      }),
      'spec.validations[0].expression: Unknown variable: authorizer',
    ],
    [
      'a validation that returns an int',
      policyYaml('bad', { validations: [{ expression: '1 + 2' }] }),
      'spec.validations[0].expression: must return bool, but returns int',
    ],
    [
      'a messageExpression that returns a bool',
      policyYaml('bad', {
        validations: [{ expression: 'true', messageExpression: 'false' }],
      }),
      'spec.validations[0].messageExpression: must return string, but returns bool',
    ],
    [
      'a type error',
      policyYaml('bad', { variables: [{ name: 'x', expression: "'a' + 1" }] }),
      "spec.variables[0] 'x': no such overload: string + int",
    ],
    [
      'a bad match condition',
      policyYaml('bad', {
        matchConditions: [
          { name: 'only-prod', expression: 'object.metadata.(' },
        ],
      }),
      "spec.matchConditions[0] 'only-prod':",
    ],
    [
      "an object-scoped policy that reads 'objects'",
      policyYaml('bad', { validations: [{ expression: 'size(objects) > 0' }] }),
      "Unknown variable: objects (at character 6) (only policies annotated policies.callboard.dev/scope: object-set may read 'objects')",
    ],
    [
      'a field the evaluator does not implement',
      policyYaml('bad', {
        auditAnnotations: [{ key: 'a', valueExpression: "'b'" }],
      }),
      "spec: Unrecognized key(s) in object: 'auditAnnotations'",
    ],
    [
      'no validations',
      policyYaml('bad', { validations: [] }),
      'spec.validations: Array must contain at least 1 element(s)',
    ],
    [
      'an unknown scope',
      policyYaml('bad', {}, { 'policies.callboard.dev/scope': 'cluster' }),
      "annotation policies.callboard.dev/scope must be 'object' or 'object-set', not 'cluster'",
    ],
    [
      'a variable declared twice',
      policyYaml('bad', {
        variables: [
          { name: 'x', expression: '1' },
          { name: 'x', expression: '2' },
        ],
      }),
      "variable 'x' is declared twice",
    ],
    [
      'params nobody loaded',
      policyYaml('bad', { paramKind: { apiVersion: 'v1', kind: 'ConfigMap' } }),
      'declares paramKind v1 ConfigMap, but no such object was loaded to bind as its params',
    ],
  ])(
    'reports %s with the file, the policy and the error; the others still load',
    (_, badPolicy, error) => {
      const set = loadPolicySetFromSources([
        { file: 'bad.yaml', content: badPolicy },
        { file: 'replicas.yaml', content: replicasPolicy },
      ]);
      expect(set.problems).toEqual([
        {
          file: 'bad.yaml',
          policy: 'bad',
          error: expect.stringContaining(error),
        },
      ]);
      expect(set.policies.map(policy => policy.name)).toEqual(['replicas']);
    },
  );

  it('reports a file that is not YAML', () => {
    const set = loadPolicySetFromSources([
      { file: 'broken.yaml', content: 'kind: [ValidatingAdmissionPolicy' },
      { file: 'replicas.yaml', content: replicasPolicy },
    ]);
    expect(set.problems).toEqual([
      {
        file: 'broken.yaml',
        error: expect.stringMatching(/^is not valid YAML: /),
      },
    ]);
    expect(set.policies).toHaveLength(1);
  });

  it('reports a document that is not a Kubernetes object', () => {
    const set = loadPolicySetFromSources([
      { file: 'list.yaml', content: '- a\n- b\n' },
    ]);
    expect(set.problems).toEqual([
      {
        file: 'list.yaml',
        error:
          'contains a document that is not a Kubernetes object (apiVersion, kind, metadata.name)',
      },
    ]);
  });

  it('reports a second policy of the same name', () => {
    const set = loadPolicySetFromSources([
      { file: 'a.yaml', content: replicasPolicy },
      { file: 'b.yaml', content: replicasPolicy },
    ]);
    expect(set.problems).toEqual([
      {
        file: 'b.yaml',
        policy: 'replicas',
        error: "a policy named 'replicas' is already defined in a.yaml",
      },
    ]);
  });

  it('versions a policy by its rule, not its title', () => {
    const version = (yaml: string) =>
      loadPolicySetFromSources([{ file: 'p.yaml', content: yaml }]).policies[0]
        .version;
    const titled = policyYaml(
      'replicas',
      { validations: [{ expression: 'object.spec.replicas >= 2' }] },
      { 'policies.callboard.dev/title': 'Two replicas' },
    );
    const retitled = policyYaml(
      'replicas',
      { validations: [{ expression: 'object.spec.replicas >= 2' }] },
      { 'policies.callboard.dev/title': 'At least two replicas' },
    );
    const changed = policyYaml(
      'replicas',
      { validations: [{ expression: 'object.spec.replicas >= 3' }] },
      { 'policies.callboard.dev/title': 'Two replicas' },
    );
    expect(version(titled)).toMatch(/^[0-9a-f]{12}$/);
    expect(version(retitled)).toBe(version(titled));
    expect(version(changed)).not.toBe(version(titled));
  });

  it('applies param overrides to the params ConfigMap', () => {
    const set = loadPolicySetFromSources(
      [
        {
          file: 'p.yaml',
          content: [
            policyYaml('registry', {
              paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
              validations: [
                {
                  expression:
                    'object.spec.image.startsWith(params.data.registry)',
                },
              ],
            }),
            stringify({
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: { name: 'standards', namespace: 'policies' },
              data: { registry: 'a.example/' },
            }),
          ].join('---\n'),
        },
      ],
      { paramOverrides: { registry: 'b.example/' } },
    );
    const results = set.evaluate({
      objects: [deployment('x', { image: 'b.example/x:1' })],
    });
    expect(results.map(r => r.outcome)).toEqual(['pass']);
  });
});

describe('evaluating', () => {
  it('decides pass and fail per object, with the message and reason', () => {
    const set = loadPolicySetFromSources([
      { file: 'p.yaml', content: replicasPolicy },
    ]);
    const results = set.evaluate({
      objects: [
        deployment('one', { replicas: 1 }),
        deployment('two', { replicas: 2 }),
      ],
    });
    expect(results).toEqual([
      expect.objectContaining({
        policy: 'replicas',
        object: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'one',
          namespace: 'team-a',
        },
        objectIndex: 0,
        outcome: 'fail',
        message: 'runs 1 replicas',
        reason: 'Forbidden',
      }),
      expect.objectContaining({ objectIndex: 1, outcome: 'pass' }),
    ]);
  });

  it('makes one object unknown, with the error, when an expression throws for it, and evaluates the others', () => {
    const set = loadPolicySetFromSources([
      { file: 'p.yaml', content: replicasPolicy },
    ]);
    const results = set.evaluate({
      objects: [
        deployment('one', { replicas: 1 }),
        deployment('text', { replicas: 'two' }),
        deployment('missing', {}),
        deployment('three', { replicas: 3 }),
      ],
    });
    expect(results.map(r => [r.object.name, r.outcome, r.error])).toEqual([
      ['one', 'fail', undefined],
      ['text', 'unknown', expect.stringContaining('no such overload')],
      ['missing', 'unknown', expect.stringContaining('No such key: replicas')],
      ['three', 'pass', undefined],
    ]);
  });

  it('lets a definite failure win over an unknown validation', () => {
    const set = loadPolicySetFromSources([
      {
        file: 'p.yaml',
        content: policyYaml('two', {
          validations: [
            { expression: 'object.spec.missing.x == 1' },
            { expression: 'false', message: 'always fails' },
          ],
        }),
      },
    ]);
    const [result] = set.evaluate({ objects: [deployment('x')] });
    expect(result.outcome).toBe('fail');
    expect(result.message).toBe('always fails');
    expect(result.validations.map(v => v.outcome)).toEqual(['unknown', 'fail']);
  });

  it('falls back to message, then to the expression, as Kubernetes does', () => {
    const set = loadPolicySetFromSources([
      {
        file: 'p.yaml',
        content: policyYaml('messages', {
          validations: [
            {
              expression: 'false',
              message: 'static message',
              messageExpression: 'object.spec.nothing',
            },
            { expression: '1 > 2' },
          ],
        }),
      },
    ]);
    const [result] = set.evaluate({ objects: [deployment('x')] });
    expect(result.validations.map(v => v.message)).toEqual([
      'static message',
      'failed expression: 1 > 2',
    ]);
    expect(result.reason).toBe('Invalid');
  });

  it('reads variables lazily: one that throws matters only where it is read', () => {
    const set = loadPolicySetFromSources([
      {
        file: 'p.yaml',
        content: policyYaml('lazy', {
          variables: [
            { name: 'broken', expression: 'object.spec.nothing.deeper' },
            { name: 'replicas', expression: 'object.spec.replicas' },
          ],
          validations: [{ expression: 'variables.replicas >= 2' }],
        }),
      },
    ]);
    const [result] = set.evaluate({
      objects: [deployment('x', { replicas: 2 })],
    });
    expect(result.outcome).toBe('pass');
    expect(result.values).toEqual({ replicas: 2 });
  });

  it('applies matchConditions: false skips the object, an error makes it unknown', () => {
    const set = loadPolicySetFromSources([
      {
        file: 'p.yaml',
        content: policyYaml('prod-only', {
          matchConditions: [
            {
              name: 'production',
              expression: "object.metadata.labels.env == 'prod'",
            },
          ],
          validations: [{ expression: 'false', message: 'checked' }],
        }),
      },
    ]);
    const results = set.evaluate({
      objects: [
        deployment('dev', {}, { labels: { env: 'dev' } }),
        deployment('prod', {}, { labels: { env: 'prod' } }),
        deployment('unlabelled'),
      ],
    });
    expect(
      results.map(r => [r.object.name, r.outcome, r.error ?? r.message]),
    ).toEqual([
      ['prod', 'fail', 'checked'],
      [
        'unlabelled',
        'unknown',
        expect.stringMatching(
          /^matchConditions 'production': No such key: labels/,
        ),
      ],
    ]);
  });

  it('matches resource rules by group, version, resource, operation and name, minus exclusions', () => {
    const set = loadPolicySetFromSources([
      {
        file: 'p.yaml',
        content: policyYaml('rules', {
          matchConstraints: {
            resourceRules: [
              {
                apiGroups: ['apps'],
                apiVersions: ['*'],
                resources: ['deployments', 'statefulsets'],
                operations: ['UPDATE'],
              },
              {
                apiGroups: ['networking.k8s.io'],
                apiVersions: ['v1'],
                resources: ['networkpolicies', 'ingresses'],
                operations: ['*'],
                resourceNames: ['public'],
              },
            ],
            excludeResourceRules: [
              {
                apiGroups: ['apps'],
                apiVersions: ['*'],
                resources: ['statefulsets'],
                operations: ['*'],
              },
            ],
          },
        }),
      },
    ]);
    const objects: KubernetesObject[] = [
      deployment('new'),
      deployment('changed'),
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' } },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'public' },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'internal' },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'public' },
      },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'public' } },
    ];
    const results = set.evaluate({
      objects,
      oldObjects: [deployment('changed')],
    });
    expect(results.map(r => `${r.object.kind}/${r.object.name}`)).toEqual([
      'Deployment/changed',
      'Ingress/public',
      'NetworkPolicy/public',
    ]);
  });

  it('gives oldObject and request on an UPDATE, and null oldObject on a CREATE', () => {
    const set = loadPolicySetFromSources([
      {
        file: 'p.yaml',
        content: policyYaml('no-scale-down', {
          variables: [{ name: 'operation', expression: 'request.operation' }],
          validations: [
            {
              expression:
                'oldObject == null || object.spec.replicas >= oldObject.spec.replicas',
              messageExpression:
                '"scaled down from " + string(oldObject.spec.replicas) + " on " + variables.operation',
            },
          ],
        }),
      },
    ]);
    const results = set.evaluate({
      objects: [
        deployment('a', { replicas: 1 }),
        deployment('b', { replicas: 1 }),
      ],
      oldObjects: [deployment('a', { replicas: 3 })],
    });
    expect(results.map(r => [r.object.name, r.outcome, r.message])).toEqual([
      ['a', 'fail', 'scaled down from 3 on UPDATE'],
      ['b', 'pass', undefined],
    ]);
  });

  it('applies objectSelector and namespaceSelector, and is unknown when the namespace is not given', () => {
    const set = loadPolicySetFromSources([
      {
        file: 'p.yaml',
        content: policyYaml('selected', {
          matchConstraints: {
            resourceRules: [
              {
                apiGroups: ['apps'],
                apiVersions: ['v1'],
                resources: ['deployments'],
                operations: ['CREATE'],
              },
            ],
            objectSelector: {
              matchExpressions: [
                { key: 'skip-policies', operator: 'DoesNotExist' },
              ],
            },
            namespaceSelector: { matchLabels: { enforce: 'true' } },
          },
          validations: [{ expression: 'false', message: 'evaluated' }],
        }),
      },
    ]);
    const namespace = (name: string, labels: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels },
    });
    const results = set.evaluate({
      objects: [
        deployment('enforced'),
        deployment('skipped', {}, { labels: { 'skip-policies': 'yes' } }),
        deployment('relaxed', {}, { namespace: 'team-b' }),
        deployment('nowhere', {}, { namespace: 'team-c' }),
      ],
      namespaces: [
        namespace('team-a', { enforce: 'true' }),
        namespace('team-b', {}),
      ],
    });
    expect(results.map(r => [r.object.name, r.outcome])).toEqual([
      ['enforced', 'fail'],
      ['nowhere', 'unknown'],
    ]);
    expect(results[1].error).toBe(
      "matchConstraints.namespaceSelector needs the Namespace 'team-c' of Deployment 'nowhere' is not among the objects or namespaces evaluated",
    );
  });

  it("gives object-set policies the other objects as 'objects'", () => {
    const set = loadPolicySetFromSources([
      {
        file: 'p.yaml',
        content: policyYaml(
          'has-service',
          {
            variables: [
              {
                name: 'services',
                expression:
                  "objects.filter(o, o.kind == 'Service' && o.metadata.name == object.metadata.name).map(o, o.metadata.name)",
              },
            ],
            validations: [
              {
                expression: 'size(variables.services) > 0',
                message: 'no Service',
              },
            ],
          },
          { 'policies.callboard.dev/scope': 'object-set' },
        ),
      },
    ]);
    const service: KubernetesObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'a', namespace: 'team-a' },
    };
    const results = set.evaluate({
      objects: [deployment('a'), deployment('b'), service],
    });
    expect(results.map(r => [r.object.name, r.outcome, r.values])).toEqual([
      ['a', 'pass', { services: ['a'] }],
      ['b', 'fail', { services: [] }],
    ]);
    expect(set.policies[0].scope).toBe('object-set');
  });

  it('evaluates only the named policies when asked', () => {
    const set = loadPolicySetFromSources([
      { file: 'p.yaml', content: replicasPolicy },
      { file: 'q.yaml', content: policyYaml('other', {}) },
    ]);
    const results = set.evaluate({
      objects: [deployment('x', { replicas: 3 })],
      policies: ['other'],
    });
    expect(results.map(r => r.policy)).toEqual(['other']);
  });
});
