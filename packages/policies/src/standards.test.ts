import { loadPolicySet } from './loadPolicies';
import { PolicySet } from './PolicySet';
import { KubernetesObject, PolicyOutcome } from './types';
import { Workload, compliantWorkload } from './__testUtils__/workloads';

// One row per case: the policy, what is changed from a compliant render (a
// function that edits the workload, or returns the objects to evaluate), the
// kind of the object the result is about, and the expected outcome and
// message.
type Case = [
  policy: string,
  description: string,
  change: (workload: Workload) => void | KubernetesObject[],
  kind: string,
  outcome: PolicyOutcome,
  message?: string,
];

let policies: PolicySet;

beforeAll(async () => {
  policies = await loadPolicySet();
});

function evaluateCase(change: Case[2]) {
  const workload = compliantWorkload();
  const objects = change(workload) ?? workload.objects;
  return policies.evaluate({ objects, namespaces: [workload.namespace] });
}

describe('the shipped policies', () => {
  it('all load, with no problems', () => {
    expect(policies.problems).toEqual([]);
    expect(policies.policies.map(policy => policy.name).sort()).toEqual([
      'callboard-app-name-label',
      'callboard-approved-registry',
      'callboard-autoscaler',
      'callboard-autoscaler-min-replicas',
      'callboard-memory-limits',
      'callboard-min-replicas',
      'callboard-namespace-cost-center',
      'callboard-non-root',
      'callboard-ownership-labels',
      'callboard-pinned-images',
      'callboard-pod-disruption-budget',
      'callboard-probes',
      'callboard-resource-requests',
    ]);
  });

  it('pass a compliant render, every policy on every object it matches', () => {
    const results = evaluateCase(() => undefined);
    expect(results.filter(result => result.outcome !== 'pass')).toEqual([]);
    const decided = new Set(results.map(result => result.policy));
    expect(decided.size).toBe(policies.policies.length);
  });

  it.each<Case>([
    // non-root
    [
      'callboard-non-root',
      'the pod sets runAsNonRoot',
      () => undefined,
      'Deployment',
      'pass',
    ],
    [
      'callboard-non-root',
      'every container sets runAsNonRoot instead of the pod',
      ({ deployment, container }) => {
        delete deployment.spec.template.spec.securityContext;
        container.securityContext = { runAsNonRoot: true };
      },
      'Deployment',
      'pass',
    ],
    [
      'callboard-non-root',
      'neither pod nor container sets runAsNonRoot',
      ({ deployment }) => {
        delete deployment.spec.template.spec.securityContext;
      },
      'Deployment',
      'fail',
      "containers 'app' may run as root: set securityContext.runAsNonRoot: true on the pod or the container",
    ],
    [
      'callboard-non-root',
      'a container overrides the pod with runAsNonRoot: false',
      ({ container }) => {
        container.securityContext = { runAsNonRoot: false };
      },
      'Deployment',
      'fail',
      "containers 'app' may run as root",
    ],
    [
      'callboard-non-root',
      'an init container overrides the pod',
      ({ deployment, container }) => {
        deployment.spec.template.spec.initContainers = [
          {
            ...container,
            name: 'migrate',
            securityContext: { runAsNonRoot: false },
          },
        ];
      },
      'Deployment',
      'fail',
      "containers 'migrate' may run as root",
    ],
    // memory limits
    [
      'callboard-memory-limits',
      'a memory limit',
      () => undefined,
      'Deployment',
      'pass',
    ],
    [
      'callboard-memory-limits',
      'no memory limit',
      ({ container }) => {
        delete container.resources!.limits!.memory;
      },
      'Deployment',
      'fail',
      "container 'app' has no resources.limits.memory",
    ],
    [
      'callboard-memory-limits',
      'no resources at all',
      ({ container }) => {
        delete container.resources;
      },
      'Deployment',
      'fail',
      "container 'app' has no resources.limits.memory",
    ],
    [
      'callboard-memory-limits',
      'an init container without a memory limit',
      ({ deployment, container }) => {
        deployment.spec.template.spec.initContainers = [
          { ...container, name: 'migrate', resources: {} },
        ];
      },
      'Deployment',
      'fail',
      "container 'migrate' has no resources.limits.memory",
    ],
    // resource requests
    [
      'callboard-resource-requests',
      'no CPU request',
      ({ container }) => {
        delete container.resources!.requests!.cpu;
      },
      'Deployment',
      'fail',
      "container 'app' has no resources.requests.cpu",
    ],
    [
      'callboard-resource-requests',
      'no memory request',
      ({ container }) => {
        delete container.resources!.requests!.memory;
      },
      'Deployment',
      'fail',
      "container 'app' has no resources.requests.memory",
    ],
    [
      'callboard-resource-requests',
      'no CPU limit',
      ({ container }) => {
        delete container.resources!.limits!.cpu;
      },
      'Deployment',
      'fail',
      "container 'app' has no resources.limits.cpu",
    ],
    // approved registry
    [
      'callboard-approved-registry',
      'an image from the existing services registry',
      ({ container }) => {
        container.image = 'ghcr.io/tidewater/payments-api:1.2.3';
      },
      'Deployment',
      'pass',
    ],
    [
      'callboard-approved-registry',
      'an image from Docker Hub',
      ({ container }) => {
        container.image = 'docker.io/library/node:22';
      },
      'Deployment',
      'fail',
      "container 'app' image 'docker.io/library/node:22' is not from an approved registry (registry.tidewater.example/, ghcr.io/tidewater/)",
    ],
    [
      'callboard-approved-registry',
      'an organisation whose name starts like an approved one',
      ({ container }) => {
        container.image = 'ghcr.io/tidewater-forks/payments-api:1.2.3';
      },
      'Deployment',
      'fail',
      "image 'ghcr.io/tidewater-forks/payments-api:1.2.3' is not from an approved registry",
    ],
    [
      'callboard-approved-registry',
      'a container without an image',
      ({ container }) => {
        delete container.image;
      },
      'Deployment',
      'fail',
      "container 'app' image '' is not from an approved registry",
    ],
    // pinned images
    [
      'callboard-pinned-images',
      'a digest',
      ({ container }) => {
        container.image = `registry.tidewater.example/tidewater/payments-api@sha256:${'a'.repeat(
          64,
        )}`;
      },
      'Deployment',
      'pass',
    ],
    [
      'callboard-pinned-images',
      'a tag after a registry port',
      ({ container }) => {
        container.image = 'registry.tidewater.example:5000/payments-api:1.0';
      },
      'Deployment',
      'pass',
    ],
    [
      'callboard-pinned-images',
      'the latest tag',
      ({ container }) => {
        container.image =
          'registry.tidewater.example/tidewater/payments-api:latest';
      },
      'Deployment',
      'fail',
      "container 'app' image 'registry.tidewater.example/tidewater/payments-api:latest' must be pinned to a tag other than latest, or a digest",
    ],
    [
      'callboard-pinned-images',
      'no tag',
      ({ container }) => {
        container.image = 'registry.tidewater.example/tidewater/payments-api';
      },
      'Deployment',
      'fail',
      'must be pinned',
    ],
    [
      'callboard-pinned-images',
      'no tag after a registry port',
      ({ container }) => {
        container.image = 'registry.tidewater.example:5000/payments-api';
      },
      'Deployment',
      'fail',
      'must be pinned',
    ],
    // app.kubernetes.io/name
    [
      'callboard-app-name-label',
      'a Deployment without it',
      ({ deployment }) => {
        delete deployment.metadata.labels['app.kubernetes.io/name'];
      },
      'Deployment',
      'fail',
      "lacks the label 'app.kubernetes.io/name'",
    ],
    [
      'callboard-app-name-label',
      'a pod template without it',
      ({ deployment }) => {
        delete deployment.spec.template.metadata.labels[
          'app.kubernetes.io/name'
        ];
      },
      'Deployment',
      'fail',
      "pod template lacks the label 'app.kubernetes.io/name'",
    ],
    [
      'callboard-app-name-label',
      'an empty value on a Service',
      ({ service }) => {
        service.metadata.labels!['app.kubernetes.io/name'] = '';
      },
      'Service',
      'fail',
      "lacks the label 'app.kubernetes.io/name'",
    ],
    [
      'callboard-app-name-label',
      'a labelled Service (no pod template)',
      () => undefined,
      'Service',
      'pass',
    ],
    // ownership labels
    [
      'callboard-ownership-labels',
      'a Deployment without owner',
      ({ deployment }) => {
        delete deployment.metadata.labels.owner;
      },
      'Deployment',
      'fail',
      "lacks the label 'owner'",
    ],
    [
      'callboard-ownership-labels',
      'a pod template without cost-center',
      ({ deployment }) => {
        delete deployment.spec.template.metadata.labels['cost-center'];
      },
      'Deployment',
      'fail',
      "pod template lacks the label 'cost-center'",
    ],
    [
      'callboard-ownership-labels',
      'an autoscaler without either',
      ({ autoscaler }) => {
        autoscaler.metadata.labels = {
          'app.kubernetes.io/name': 'payments-api',
        };
      },
      'HorizontalPodAutoscaler',
      'fail',
      "lacks the label 'owner'; lacks the label 'cost-center'",
    ],
    // namespace cost-center
    [
      'callboard-namespace-cost-center',
      'a labelled namespace',
      () => undefined,
      'Deployment',
      'pass',
    ],
    [
      'callboard-namespace-cost-center',
      'a namespace without the label',
      ({ namespace }) => {
        namespace.metadata.labels = {};
      },
      'Deployment',
      'fail',
      "namespace 'payments' has no cost-center label",
    ],
    [
      'callboard-namespace-cost-center',
      'an empty label',
      ({ namespace }) => {
        namespace.metadata.labels = { 'cost-center': '' };
      },
      'Deployment',
      'fail',
      "namespace 'payments' has no cost-center label",
    ],
    // probes
    [
      'callboard-probes',
      'no readiness probe',
      ({ container }) => {
        delete container.readinessProbe;
      },
      'Deployment',
      'fail',
      "container 'app' has no readinessProbe",
    ],
    [
      'callboard-probes',
      'no liveness probe',
      ({ container }) => {
        delete container.livenessProbe;
      },
      'Deployment',
      'fail',
      "container 'app' has no livenessProbe",
    ],
    [
      'callboard-probes',
      'an init container without probes',
      ({ deployment, container }) => {
        deployment.spec.template.spec.initContainers = [
          { name: 'migrate', image: container.image },
        ];
      },
      'Deployment',
      'pass',
    ],
    // PodDisruptionBudget
    [
      'callboard-pod-disruption-budget',
      'a budget selecting the pods',
      () => undefined,
      'Deployment',
      'pass',
    ],
    [
      'callboard-pod-disruption-budget',
      'no budget',
      workload =>
        workload.objects.filter(o => o.kind !== 'PodDisruptionBudget'),
      'Deployment',
      'fail',
      'no PodDisruptionBudget selects its pods',
    ],
    [
      'callboard-pod-disruption-budget',
      'a budget selecting other pods',
      ({ budget }) => {
        budget.spec.selector.matchLabels = {
          'app.kubernetes.io/name': 'other',
        };
      },
      'Deployment',
      'fail',
      'no PodDisruptionBudget selects its pods',
    ],
    [
      'callboard-pod-disruption-budget',
      'a budget in another namespace',
      ({ budget }) => {
        budget.metadata.namespace = 'elsewhere';
      },
      'Deployment',
      'fail',
      'no PodDisruptionBudget selects its pods',
    ],
    [
      'callboard-pod-disruption-budget',
      'a budget with an empty selector',
      ({ budget }) => {
        budget.spec.selector.matchLabels = {};
      },
      'Deployment',
      'fail',
      'no PodDisruptionBudget selects its pods',
    ],
    // autoscaler
    [
      'callboard-autoscaler',
      'an autoscaler targeting another Deployment',
      ({ autoscaler }) => {
        autoscaler.spec.scaleTargetRef.name = 'other';
      },
      'Deployment',
      'fail',
      'no HorizontalPodAutoscaler targets it',
    ],
    // replicas
    [
      'callboard-min-replicas',
      'an autoscaler with minReplicas 2',
      () => undefined,
      'Deployment',
      'pass',
    ],
    [
      'callboard-min-replicas',
      'an autoscaler with minReplicas 1',
      ({ autoscaler }) => {
        autoscaler.spec.minReplicas = 1;
      },
      'Deployment',
      'fail',
      'its HorizontalPodAutoscaler allows 1 replica(s); set minReplicas to at least 2',
    ],
    [
      'callboard-min-replicas',
      'no autoscaler and no replicas (Kubernetes defaults to 1)',
      workload =>
        workload.objects.filter(o => o.kind !== 'HorizontalPodAutoscaler'),
      'Deployment',
      'fail',
      'runs 1 replica(s); set spec.replicas to at least 2, or add a HorizontalPodAutoscaler with minReplicas of at least 2',
    ],
    [
      'callboard-min-replicas',
      'no autoscaler and 3 replicas',
      workload => {
        workload.deployment.spec.replicas = 3;
        return workload.objects.filter(
          o => o.kind !== 'HorizontalPodAutoscaler',
        );
      },
      'Deployment',
      'pass',
    ],
    [
      'callboard-autoscaler-min-replicas',
      'minReplicas left to its default',
      ({ autoscaler }) => {
        delete autoscaler.spec.minReplicas;
      },
      'HorizontalPodAutoscaler',
      'fail',
      'minReplicas is 1; set it to at least 2',
    ],
    [
      'callboard-autoscaler-min-replicas',
      'minReplicas 2',
      () => undefined,
      'HorizontalPodAutoscaler',
      'pass',
    ],
    // A rest parameter: jest hands a `done` callback to test functions that
    // declare more parameters than a row has, and rows without a message do.
  ])('%s: %s', (...row) => {
    const [policy, , change, kind, outcome, message] = row;
    const results = evaluateCase(change).filter(
      result => result.policy === policy && result.object.kind === kind,
    );
    expect(results).toHaveLength(1);
    const [result] = results;
    expect(result.error).toBeUndefined();
    expect({
      outcome: result.outcome,
      hasMessage: result.message !== undefined,
    }).toEqual({ outcome, hasMessage: message !== undefined });
    expect(result.message ?? '').toContain(message ?? '');
  });
});

describe('the values that decided a result', () => {
  it('are the variables the evaluation read, as JSON', () => {
    const [result] = evaluateCase(({ container }) => {
      container.image = 'docker.io/library/node:22';
    }).filter(r => r.policy === 'callboard-approved-registry');
    expect(result.values).toEqual({
      approvedRegistries: ['registry.tidewater.example/', 'ghcr.io/tidewater/'],
      unapprovedImages: [
        { container: 'app', image: 'docker.io/library/node:22' },
      ],
    });
  });

  it('turn CEL ints back into numbers', () => {
    const [result] = evaluateCase(({ autoscaler }) => {
      autoscaler.spec.minReplicas = 1;
    }).filter(r => r.policy === 'callboard-autoscaler-min-replicas');
    expect(result.values).toEqual({ minReplicas: 1 });
  });

  it('name the budgets that select the pods when it passes', () => {
    const [result] = evaluateCase(() => undefined).filter(
      r => r.policy === 'callboard-pod-disruption-budget',
    );
    expect(result.values.budgets).toEqual(['payments-api']);
  });
});

describe('objects whose namespace is not given', () => {
  it('are unknown for the namespace standard, with why, and decided for the rest', () => {
    const workload = compliantWorkload();
    const results = policies.evaluate({ objects: workload.objects });
    const namespaceResult = results.find(
      r => r.policy === 'callboard-namespace-cost-center',
    );
    expect(namespaceResult).toMatchObject({
      outcome: 'unknown',
      error:
        "variables.costCenter: namespaceObject is not known: the Namespace 'payments' of Deployment 'payments-api' is not among the objects or namespaces evaluated",
    });
    expect(
      results.filter(
        r =>
          r.policy !== 'callboard-namespace-cost-center' &&
          r.outcome !== 'pass',
      ),
    ).toEqual([]);
  });

  it('are unknown when the manifest names no namespace (a Helm template)', () => {
    const workload = compliantWorkload();
    delete (workload.deployment.metadata as { namespace?: string }).namespace;
    const [result] = policies.evaluate({
      objects: [workload.deployment],
      policies: ['callboard-namespace-cost-center'],
    });
    expect(result.outcome).toBe('unknown');
    expect(result.error).toContain(
      "Deployment 'payments-api' names no namespace",
    );
  });
});
