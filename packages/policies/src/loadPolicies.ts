import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ExpressionCompileError } from './cel';
import {
  CompiledPolicy,
  PolicyDefinitionError,
  compilePolicy,
} from './compilePolicy';
import { findParams } from './findParams';
import { PolicySet } from './PolicySet';
import { formatZodError, validatingAdmissionPolicySchema } from './schema';
import { KubernetesObject, PolicyLoadProblem } from './types';

/** The platform's policies as this package ships them. */
export const builtinPoliciesDirectory = resolvePackagePath(
  '@callboard/policies',
  'policies',
);

/** One policy file's text and the name problems are reported under. */
export type PolicySource = { file: string; content: string };

export type LoadPolicyOptions = {
  /**
   * Replaces entries of the params ConfigMap's `data`, e.g.
   * `{ approvedRegistries: 'registry.example/' }` where configuration
   * overrides what the files say.
   */
  paramOverrides?: Record<string, string>;
};

/**
 * Reads every `*.yaml` file of a directory (the package's own policies by
 * default) and compiles it; see {@link loadPolicySetFromSources}.
 */
export async function loadPolicySet(
  options: LoadPolicyOptions & { directory?: string } = {},
): Promise<PolicySet> {
  const directory = options.directory ?? builtinPoliciesDirectory;
  const files = (await readdir(directory))
    .filter(file => /\.ya?ml$/.test(file))
    .sort();
  const sources = await Promise.all(
    files.map(async file => ({
      file,
      content: await readFile(join(directory, file), 'utf8'),
    })),
  );
  return loadPolicySetFromSources(sources, options);
}

/**
 * Parses ValidatingAdmissionPolicy documents and the params objects they
 * read, and compiles every expression now. A file that does not parse, a
 * policy that does not match the schema or whose CEL does not compile, and
 * a policy whose params are missing are reported in `problems` with the
 * file, the policy and the error; every other policy still loads.
 */
export function loadPolicySetFromSources(
  sources: PolicySource[],
  options: LoadPolicyOptions = {},
): PolicySet {
  const problems: PolicyLoadProblem[] = [];
  const policies: CompiledPolicy[] = [];
  const params: KubernetesObject[] = [];

  for (const { file, content } of sources) {
    const documents = parseAllDocuments(content);
    for (const document of documents) {
      if (document.errors.length > 0) {
        problems.push({
          file,
          error: `is not valid YAML: ${document.errors[0].message}`,
        });
        continue;
      }
      const value: unknown = document.toJS();
      if (value === null || value === undefined) {
        continue;
      }
      if (!isObjectHeader(value)) {
        problems.push({
          file,
          error:
            'contains a document that is not a Kubernetes object (apiVersion, kind, metadata.name)',
        });
        continue;
      }
      if (value.kind !== 'ValidatingAdmissionPolicy') {
        params.push(value);
        continue;
      }
      const policyName = value.metadata.name;
      const parsed = validatingAdmissionPolicySchema.safeParse(value);
      if (!parsed.success) {
        problems.push({
          file,
          policy: policyName,
          error: formatZodError(parsed.error),
        });
        continue;
      }
      try {
        policies.push(compilePolicy(parsed.data, file));
      } catch (error) {
        if (
          !(error instanceof ExpressionCompileError) &&
          !(error instanceof PolicyDefinitionError)
        ) {
          throw error;
        }
        problems.push({ file, policy: policyName, error: error.message });
      }
    }
  }

  const overridden = applyParamOverrides(params, options.paramOverrides);
  problems.push(...overridden.problems);
  const loaded: CompiledPolicy[] = [];
  const seen = new Map<string, string>();
  for (const policy of policies) {
    const { name, file } = policy.info;
    const previous = seen.get(name);
    if (previous !== undefined) {
      problems.push({
        file,
        policy: name,
        error: `a policy named '${name}' is already defined in ${previous}`,
      });
      continue;
    }
    seen.set(name, file);
    const paramKind = policy.spec.paramKind;
    if (paramKind && !findParams(overridden.params, paramKind)) {
      problems.push({
        file,
        policy: name,
        error: `declares paramKind ${paramKind.apiVersion} ${paramKind.kind}, but no such object was loaded to bind as its params`,
      });
      continue;
    }
    loaded.push(policy);
  }
  return new PolicySet(loaded, overridden.params, problems);
}

function applyParamOverrides(
  params: KubernetesObject[],
  overrides: Record<string, string> | undefined,
): { params: KubernetesObject[]; problems: PolicyLoadProblem[] } {
  if (!overrides || Object.keys(overrides).length === 0) {
    return { params, problems: [] };
  }
  const configMaps = params.filter(
    object => object.apiVersion === 'v1' && object.kind === 'ConfigMap',
  );
  if (configMaps.length === 0) {
    return {
      params,
      problems: [
        {
          file: '(param overrides)',
          error: `no params ConfigMap was loaded to apply ${Object.keys(
            overrides,
          ).join(', ')} to`,
        },
      ],
    };
  }
  return {
    params: params.map(object =>
      configMaps.includes(object)
        ? {
            ...object,
            data: {
              ...(object.data as Record<string, string> | undefined),
              ...overrides,
            },
          }
        : object,
    ),
    problems: [],
  };
}

function isObjectHeader(value: unknown): value is KubernetesObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const candidate = value as Record<string, unknown>;
  const metadata = candidate.metadata as Record<string, unknown> | undefined;
  return (
    typeof candidate.apiVersion === 'string' &&
    typeof candidate.kind === 'string' &&
    typeof metadata === 'object' &&
    metadata !== null &&
    typeof metadata.name === 'string'
  );
}
