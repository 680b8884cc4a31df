export { validateCatalogInfo } from './catalogInfo';
export type { CatalogInfoResult } from './catalogInfo';
export { dockerfileRules, lintDockerfile } from './dockerfileLint';
export {
  GoTemplateError,
  GoTemplateFailError,
  GoTemplateSubset,
} from './goTemplateSubset';
export { renderHelmChart } from './helmChart';
export type { HelmRenderOptions, HelmRenderResult } from './helmChart';
export {
  supportedKubernetesKinds,
  validateKubernetesObject,
} from './kubernetesObjects';
export {
  KustomizeError,
  findExecutable,
  renderKustomization,
} from './kustomize';
export {
  checkJsonParses,
  isJsonFile,
  isYamlFile,
  parseYamlDocuments,
} from './structuredFiles';
export type { ParsedYaml } from './structuredFiles';
export {
  describeObject,
  formatValidationIssues,
  isKubernetesObject,
  isRecord,
} from './types';
export type {
  KubernetesObject,
  SourcedKubernetesObject,
  ValidationIssue,
} from './types';
export { checkWorkloadStandards } from './workloadStandards';
