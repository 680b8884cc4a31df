/**
 * The platform's workload standards, written once as CEL in
 * ValidatingAdmissionPolicy form: evaluated here for the golden path and
 * scorecards, and exported for clusters to enforce at admission.
 *
 * @packageDocumentation
 */

export {
  builtinPoliciesDirectory,
  loadPolicySet,
  loadPolicySetFromSources,
} from './loadPolicies';
export type { LoadPolicyOptions, PolicySource } from './loadPolicies';
export { PolicySet } from './PolicySet';
export {
  exportAdmissionPolicies,
  stringifyManifests,
} from './exportAdmissionPolicies';
export type {
  AdmissionExport,
  AdmissionExportOptions,
} from './exportAdmissionPolicies';
export type {
  AdmissionOperation,
  KubernetesObject,
  ObjectReference,
  PolicyInfo,
  PolicyInput,
  PolicyLoadProblem,
  PolicyOutcome,
  PolicyResult,
  PolicyScope,
  ValidationResult,
} from './types';
