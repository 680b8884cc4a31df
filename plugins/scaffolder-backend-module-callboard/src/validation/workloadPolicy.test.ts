import { approvedRegistry, compliantSet } from './__testUtils__/manifests';
import { checkWorkloadPolicy, defaultRequiredLabels } from './workloadPolicy';

const policy = { approvedRegistry, requiredLabels: defaultRequiredLabels };

type Manifests = ReturnType<typeof compliantSet>;

describe('checkWorkloadPolicy', () => {
  it('accepts a compliant set of manifests', () => {
    expect(checkWorkloadPolicy(compliantSet().objects, policy)).toEqual([]);
  });

  it.each([
    [
      'an image from another registry',
      ({ container }: Manifests) => {
        container.image = 'docker.io/library/node:22';
      },
      "image 'docker.io/library/node:22' is not from the approved registry registry.tidewater.example/",
    ],
    [
      'an image tagged latest',
      ({ container }: Manifests) => {
        container.image = `${approvedRegistry}tidewater/x:latest`;
      },
      'must be pinned to a tag other than latest',
    ],
    [
      'an untagged image',
      ({ container }: Manifests) => {
        container.image = `${approvedRegistry}tidewater/x`;
      },
      'must be pinned',
    ],
    [
      'missing limits',
      ({ container }: Manifests) => {
        delete container.resources.limits;
      },
      "container 'app' has no limits.cpu",
    ],
    [
      'a missing memory request',
      ({ container }: Manifests) => {
        delete container.resources.requests?.memory;
      },
      "container 'app' has no requests.memory",
    ],
    [
      'a missing readiness probe',
      ({ container }: Manifests) => {
        delete container.readinessProbe;
      },
      "container 'app' has no readinessProbe",
    ],
    [
      'a missing liveness probe',
      ({ container }: Manifests) => {
        delete container.livenessProbe;
      },
      "container 'app' has no livenessProbe",
    ],
    [
      'pods that may run as root',
      ({ deployment }: Manifests) => {
        delete deployment.spec.template.spec.securityContext;
      },
      'runAsNonRoot',
    ],
    [
      'a pod template without the owner label',
      ({ deployment }: Manifests) => {
        delete deployment.spec.template.metadata.labels.owner;
      },
      "pod template lacks the label 'owner'",
    ],
    [
      'an object without the cost-center label',
      ({ deployment }: Manifests) => {
        delete deployment.metadata.labels['cost-center'];
      },
      "Deployment 'payments-api' lacks the label 'cost-center'",
    ],
  ])('refuses %s', (_, change, problem) => {
    const manifests = compliantSet();
    change(manifests);
    const issues = checkWorkloadPolicy(manifests.objects, policy);
    expect(issues).toContainEqual({
      file: 'deploy/deployment.yaml',
      problem: expect.stringContaining(problem),
    });
  });

  it('requires an autoscaler that targets the deployment', () => {
    const manifests = compliantSet();
    manifests.autoscaler.spec.scaleTargetRef.name = 'other';
    expect(checkWorkloadPolicy(manifests.objects, policy)).toContainEqual({
      file: 'deploy/deployment.yaml',
      problem:
        "Deployment 'payments-api': no HorizontalPodAutoscaler targets it",
    });
  });

  it('requires a disruption budget that selects the pods', () => {
    const objects = compliantSet().objects.filter(
      ({ object }) => object.kind !== 'PodDisruptionBudget',
    );
    expect(checkWorkloadPolicy(objects, policy)).toContainEqual({
      file: 'deploy/deployment.yaml',
      problem:
        "Deployment 'payments-api': no PodDisruptionBudget selects its pods",
    });
  });

  it('requires a workload at all', () => {
    const objects = compliantSet().objects.filter(
      ({ object }) => object.kind === 'Service',
    );
    expect(checkWorkloadPolicy(objects, policy)).toEqual([
      { file: 'deploy/service.yaml', problem: 'contains no Deployment' },
    ]);
  });
});
