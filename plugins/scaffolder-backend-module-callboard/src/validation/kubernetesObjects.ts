import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { prometheusOperatorSchemas } from './prometheusOperatorSchemas';
import {
  KubernetesObject,
  ValidationIssue,
  describeObject,
  isKubernetesObject,
} from './types';

type ValidatingModel = { validate(): void };
// `never` lets every generated model class, whatever its data type, fit here.
type ModelClass = new (data: never) => ValidatingModel;

// Kinds a service repository may ship. Anything else (a Secret above all) is
// refused rather than waved through unvalidated.
const models: Record<string, ModelClass> = {
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'batch/v1/CronJob': CronJob,
  'batch/v1/Job': Job,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
};

export const supportedKubernetesKinds: string[] = [
  ...Object.keys(models),
  ...Object.keys(prometheusOperatorSchemas),
].sort();

/**
 * Validates one object against the Kubernetes OpenAPI schema of its kind
 * (kubernetes-models) or, for Prometheus Operator resources, against a
 * structural schema of the fields the operator requires.
 */
export function validateKubernetesObject(
  value: unknown,
  file: string,
): ValidationIssue[] {
  if (!isKubernetesObject(value)) {
    return [
      {
        file,
        problem:
          'is not a Kubernetes object (apiVersion, kind and metadata.name are required)',
      },
    ];
  }
  const key = `${value.apiVersion}/${value.kind}`;
  const Model = models[key];
  if (Model) {
    return validateWithModel(Model, value, file);
  }
  const schema = prometheusOperatorSchemas[key];
  if (schema) {
    const result = schema.safeParse(value);
    return result.success
      ? []
      : result.error.issues.map(issue => ({
          file,
          problem: `${describeObject(value)}: .${issue.path.join('.')} ${
            issue.message
          }`,
        }));
  }
  return [
    {
      file,
      problem: `${describeObject(
        value,
      )} has an unsupported apiVersion/kind '${key}' (supported: ${supportedKubernetesKinds.join(
        ', ',
      )})`,
    },
  ];
}

function validateWithModel(
  Model: ModelClass,
  object: KubernetesObject,
  file: string,
): ValidationIssue[] {
  try {
    new Model(structuredClone(object) as never).validate();
    return [];
  } catch (error) {
    const message = (error as Error).message
      .split(', ')
      .map(readableSchemaError)
      .join(', ');
    return [{ file, problem: `${describeObject(object)}: ${message}` }];
  }
}

// ajv reports `data/spec/template/spec must ...` with JSON-pointer escaping;
// people read `.spec.template.spec must ...` faster.
function readableSchemaError(part: string): string {
  const match = /^data(\S*)\s([\s\S]*)$/.exec(part);
  if (!match) {
    return part;
  }
  const path = match[1]
    .split('/')
    .filter(Boolean)
    .map(segment => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
  return `.${path} ${match[2]}`;
}
