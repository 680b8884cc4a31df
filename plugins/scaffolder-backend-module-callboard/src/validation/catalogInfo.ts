import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  KindValidator,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  makeValidator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseYamlDocuments } from './structuredFiles';
import { ValidationIssue, isRecord } from './types';

// The same policy chain the catalog backend applies by default, so an entity
// that passes here is accepted on registration.
const entityPolicy = EntityPolicies.allOf([
  new SchemaValidEntityPolicy(),
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(makeValidator()),
]);

const kindValidators: KindValidator[] = [
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
];

export type CatalogInfoResult = {
  entities: Entity[];
  issues: ValidationIssue[];
};

/**
 * Validates a catalog descriptor file the way the catalog would on ingestion:
 * `$text`, `$json` and `$yaml` placeholders that point at files next to it are
 * resolved first (remote targets are left to the catalog), then each entity
 * goes through the default entity policies and the built-in kind validators.
 *
 * @param rootDir - the rendered repository root
 * @param file - the descriptor's path relative to `rootDir`
 */
export async function validateCatalogInfo(
  rootDir: string,
  file: string,
): Promise<CatalogInfoResult> {
  const content = await readFile(resolveSafeChildPath(rootDir, file), 'utf8');
  const parsed = parseYamlDocuments(content, file);
  if (parsed.issues.length > 0) {
    return { entities: [], issues: parsed.issues };
  }
  const entities: Entity[] = [];
  const issues: ValidationIssue[] = [];
  for (const document of parsed.documents) {
    const label = describeDocument(document);
    try {
      const resolved = await resolvePlaceholders(document, {
        rootDir,
        baseDir: dirname(file),
      });
      const entity = await entityPolicy.enforce(resolved as Entity);
      if (!entity) {
        throw new Error('rejected by the entity policies');
      }
      if (!(await isKnownKind(entity))) {
        throw new Error(`kind '${entity.kind}' is not a known catalog kind`);
      }
      entities.push(entity);
    } catch (error) {
      issues.push({
        file,
        problem: `${label} is not a valid catalog entity: ${
          (error as Error).message
        }`,
      });
    }
  }
  if (parsed.documents.length === 0) {
    issues.push({ file, problem: 'contains no entity' });
  }
  return { entities, issues };
}

async function isKnownKind(entity: Entity): Promise<boolean> {
  for (const validator of kindValidators) {
    // Each validator answers false for kinds it does not own and throws for
    // an entity of its kind that breaks the kind's schema.
    if (await validator.check(entity)) {
      return true;
    }
  }
  return false;
}

function describeDocument(document: unknown): string {
  if (isRecord(document) && isRecord(document.metadata)) {
    return `${String(document.kind)} '${String(document.metadata.name)}'`;
  }
  return 'a document';
}

type PlaceholderContext = { rootDir: string; baseDir: string };

async function resolvePlaceholders(
  value: unknown,
  context: PlaceholderContext,
): Promise<unknown> {
  if (Array.isArray(value)) {
    return Promise.all(value.map(item => resolvePlaceholders(item, context)));
  }
  if (!isRecord(value)) {
    return value;
  }
  const keys = Object.keys(value);
  if (keys.length === 1 && /^\$(text|json|yaml)$/.test(keys[0])) {
    return resolvePlaceholder(keys[0].slice(1), value[keys[0]], context);
  }
  const resolved: Record<string, unknown> = {};
  for (const key of keys) {
    resolved[key] = await resolvePlaceholders(value[key], context);
  }
  return resolved;
}

async function resolvePlaceholder(
  kind: string,
  target: unknown,
  context: PlaceholderContext,
): Promise<unknown> {
  if (typeof target !== 'string') {
    throw new Error(`placeholder $${kind} needs a string target`);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    // Remote targets are fetched by the catalog at ingestion; a string stands
    // in for the content so the entity schema can still be checked.
    return kind === 'text' ? target : {};
  }
  if (isAbsolute(target)) {
    throw new Error(`placeholder $${kind} target '${target}' must be relative`);
  }
  const relative = join(context.baseDir, target);
  let content: string;
  try {
    content = await readFile(
      resolveSafeChildPath(context.rootDir, relative),
      'utf8',
    );
  } catch (error) {
    throw new Error(
      `placeholder $${kind} target '${target}' cannot be read: ${
        (error as Error).message
      }`,
    );
  }
  if (kind === 'text') {
    return content;
  }
  return kind === 'json' ? JSON.parse(content) : parseYaml(content);
}
