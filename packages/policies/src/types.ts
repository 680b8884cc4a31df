/** A Kubernetes object as read from YAML or an API server; nothing is validated beyond the header. */
export type KubernetesObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
};

/** Which object a result is about. */
export type ObjectReference = {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
};

/**
 * `object`: one object at a time, exactly what a ValidatingAdmissionPolicy
 * sees at admission; exported. `object-set`: the policy may also read
 * `objects`, every object evaluated together (a golden-path render, or an
 * entity's live objects); not exported, because admission of one object
 * cannot see the others.
 */
export type PolicyScope = 'object' | 'object-set';

/** What a loaded policy is, without its compiled programs. */
export type PolicyInfo = {
  /** metadata.name of the ValidatingAdmissionPolicy. */
  name: string;
  /** policies.callboard.dev/title, else the name. */
  title: string;
  /** policies.callboard.dev/how-to-fix, markdown. */
  howToFix?: string;
  scope: PolicyScope;
  /** The file it was read from, as given to the loader. */
  file: string;
  /** A hash of the policy's spec: it changes exactly when the rule does. */
  version: string;
  /** The document as written, for export and display. */
  manifest: KubernetesObject;
};

/** A policy file (or one policy in it) that could not be loaded; the others still load. */
export type PolicyLoadProblem = {
  file: string;
  /** metadata.name, when the problem is inside one policy. */
  policy?: string;
  error: string;
};

/**
 * `pass`: every validation held. `fail`: at least one validation was false.
 * `unknown`: no validation was false but one (or a match condition) could
 * not be evaluated for this object, e.g. the expression threw or read
 * `namespaceObject` that was not given; `error` says why. Unknown is not fail.
 */
export type PolicyOutcome = 'pass' | 'fail' | 'unknown';

export type ValidationResult = {
  expression: string;
  outcome: PolicyOutcome;
  /** The validation's messageExpression (or message) when it failed. */
  message?: string;
  /** The validation's reason when it failed (Kubernetes' default: Invalid). */
  reason?: string;
  /** Why it could not be evaluated, when unknown. */
  error?: string;
};

/** One policy's decision about one object. Policies that do not match an object give no result for it. */
export type PolicyResult = {
  policy: string;
  title: string;
  version: string;
  object: ObjectReference;
  /** Position of the object in the evaluated input's `objects`. */
  objectIndex: number;
  outcome: PolicyOutcome;
  /** The failing validations' messages, joined with '; ', when it failed. */
  message?: string;
  /** The first failing validation's reason, when it failed. */
  reason?: string;
  /** Why the policy could not be decided, when unknown. */
  error?: string;
  /**
   * The values that decided it: every `variables.*` the evaluation read,
   * as JSON (integers as numbers, optionals unwrapped).
   */
  values: Record<string, unknown>;
  validations: ValidationResult[];
};

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export type PolicyInput = {
  /**
   * The objects to check. For `object-set` policies they are also the set
   * (`objects`) that cross-object rules read.
   */
  objects: KubernetesObject[];
  /**
   * Namespace objects `namespaceObject` is taken from (Namespaces among
   * `objects` count too). A policy that reads the namespace of an object
   * whose Namespace is not given is unknown for that object.
   */
  namespaces?: KubernetesObject[];
  /**
   * Previous versions of objects, matched by apiVersion group, kind,
   * namespace and name: an object with one is evaluated as an UPDATE with
   * `oldObject`, others as a CREATE with `oldObject` null.
   */
  oldObjects?: KubernetesObject[];
  /** Evaluate only these policies (by name); all when unset. */
  policies?: string[];
};
