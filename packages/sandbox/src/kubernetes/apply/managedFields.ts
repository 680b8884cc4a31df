import { KubeApiError } from '../errors/KubeApiError';
import { deepEqual, JsonObject, ManagedFieldsEntry } from '../types';
import { FieldPath, formatFieldPath } from './fieldPath';
import { FieldSet } from './FieldSet';
import {
  existsAt,
  fieldSetOf,
  mergeApplied,
  removeAt,
  valueAt,
} from './objectFields';
import { ObjectStructure } from './objectStructure';

interface ManagerFields {
  entry: ManagedFieldsEntry;
  fields: FieldSet;
}

export interface Conflict {
  entry: ManagedFieldsEntry;
  path: FieldPath;
}

interface ManagerIdentity {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
}

function sameManager(entry: ManagedFieldsEntry, identity: ManagerIdentity) {
  return (
    entry.manager === identity.manager &&
    entry.operation === identity.operation &&
    (entry.subresource ?? '') === (identity.subresource ?? '') &&
    // Apply owns fields regardless of version; Update entries are per version.
    (identity.operation === 'Apply' || entry.apiVersion === identity.apiVersion)
  );
}

function decode(entries: ManagedFieldsEntry[] | undefined): ManagerFields[] {
  return (entries ?? []).map(entry => ({
    entry,
    fields: FieldSet.fromFieldsV1(entry.fieldsV1),
  }));
}

/** Encodes and orders entries the way the API server does (Apply first, then by time). */
function encode(managers: ManagerFields[]): ManagedFieldsEntry[] {
  return managers
    .filter(({ fields }) => !fields.isEmpty())
    .map(({ entry, fields }) => ({
      manager: entry.manager,
      operation: entry.operation,
      apiVersion: entry.apiVersion,
      ...(entry.time ? { time: entry.time } : {}),
      fieldsType: 'FieldsV1' as const,
      fieldsV1: fields.toFieldsV1(),
      ...(entry.subresource ? { subresource: entry.subresource } : {}),
    }))
    .sort(
      (p, q) =>
        p.operation.localeCompare(q.operation) ||
        (p.time ?? '').localeCompare(q.time ?? '') ||
        p.manager.localeCompare(q.manager) ||
        p.apiVersion.localeCompare(q.apiVersion) ||
        (p.subresource ?? '').localeCompare(q.subresource ?? ''),
    );
}

function describeManager(entry: ManagedFieldsEntry): string {
  let description = JSON.stringify(entry.manager);
  if (entry.subresource) {
    description += ` with subresource ${JSON.stringify(entry.subresource)}`;
  }
  if (entry.operation === 'Update') {
    description += ` using ${entry.apiVersion}`;
    if (entry.time) description += ` at ${entry.time}`;
  }
  return description;
}

/** Builds the 409 the API server returns for apply conflicts, message and causes included. */
export function applyConflictError(conflicts: Conflict[]): KubeApiError {
  let message: string;
  if (conflicts.length === 1) {
    const [conflict] = conflicts;
    message = `Apply failed with 1 conflict: conflict with ${describeManager(
      conflict.entry,
    )}: ${formatFieldPath(conflict.path)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const conflict of conflicts) {
      const manager = describeManager(conflict.entry);
      byManager.set(manager, [
        ...(byManager.get(manager) ?? []),
        formatFieldPath(conflict.path),
      ]);
    }
    const lines = [...byManager.keys()]
      .sort()
      .flatMap(manager => [
        `conflicts with ${manager}:`,
        ...(byManager.get(manager) ?? []).map(path => `- ${path}`),
      ]);
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join(
      '\n',
    )}`;
  }
  return new KubeApiError(409, 'Conflict', message, {
    causes: conflicts.map(conflict => ({
      reason: 'FieldManagerConflict',
      message: `conflict with ${describeManager(conflict.entry)}`,
      field: formatFieldPath(conflict.path),
    })),
  });
}

export interface ApplyInput {
  /** The current object, or undefined when the apply creates it. */
  live: JsonObject | undefined;
  managedFields: ManagedFieldsEntry[] | undefined;
  applied: JsonObject;
  manager: string;
  force: boolean;
  apiVersion: string;
  subresource?: string;
  structure: ObjectStructure;
  time: string;
}

/**
 * Server-side apply: merges the applied configuration, detects conflicts with
 * other managers, removes fields the manager no longer applies (unless someone
 * else owns them) and records ownership.
 */
export function applyConfiguration(input: ApplyInput): {
  object: JsonObject;
  managedFields: ManagedFieldsEntry[];
} {
  const { live, applied, structure } = input;
  const identity: ManagerIdentity = {
    manager: input.manager,
    operation: 'Apply',
    apiVersion: input.apiVersion,
    subresource: input.subresource,
  };
  const managers = decode(input.managedFields);
  const own = managers.find(({ entry }) => sameManager(entry, identity));
  const others = managers.filter(manager => manager !== own);
  const appliedFields = fieldSetOf(applied, structure);

  const conflicts: Conflict[] = [];
  for (const path of appliedFields.paths()) {
    if (!appliedFields.isLeaf(path)) continue;
    const appliedValue = valueAt(applied, path).value;
    const liveValue = valueAt(live, path);
    if (liveValue.found && deepEqual(liveValue.value, appliedValue)) continue;
    for (const other of others) {
      if (other.fields.has(path)) conflicts.push({ entry: other.entry, path });
    }
  }
  if (conflicts.length > 0 && !input.force) {
    throw applyConflictError(conflicts);
  }
  for (const { entry, path } of conflicts) {
    others.find(other => other.entry === entry)?.fields.remove(path);
  }

  const object = mergeApplied(live ?? {}, applied, structure) as JsonObject;
  const ownedByOthers = (path: FieldPath) =>
    others.some(
      other => other.fields.has(path) || other.fields.hasMembersBelow(path),
    );
  const stillApplied = (path: FieldPath) =>
    appliedFields.has(path) || appliedFields.hasMembersBelow(path);
  const noLongerApplied = own
    ? own.fields.difference(appliedFields).paths()
    : [];
  for (const path of noLongerApplied.reverse()) {
    if (!stillApplied(path) && !ownedByOthers(path)) {
      removeAt(
        object,
        path,
        parent => stillApplied(parent) || ownedByOthers(parent),
      );
    }
  }

  const ownEntry: ManagerFields = {
    entry: {
      ...identity,
      time: input.time,
      fieldsType: 'FieldsV1',
      fieldsV1: {},
    },
    fields: appliedFields,
  };
  return { object, managedFields: encode([...others, ownEntry]) };
}

export interface UpdateInput {
  previous: JsonObject | undefined;
  next: JsonObject;
  managedFields: ManagedFieldsEntry[] | undefined;
  manager: string;
  apiVersion: string;
  subresource?: string;
  structure: ObjectStructure;
  time: string;
}

/**
 * Ownership after a create, update or non-apply patch: the writer takes every
 * field it changed, other managers lose those fields, and fields that no
 * longer exist are dropped from everyone.
 */
export function recordUpdate(input: UpdateInput): ManagedFieldsEntry[] {
  const { previous, next, structure } = input;
  const identity: ManagerIdentity = {
    manager: input.manager,
    operation: 'Update',
    apiVersion: input.apiVersion,
    subresource: input.subresource,
  };
  const nextFields = fieldSetOf(next, structure);
  const previousFields = previous
    ? fieldSetOf(previous, structure)
    : new FieldSet();
  const changed = nextFields.filter(path => {
    if (!previousFields.has(path)) return true;
    return (
      nextFields.isLeaf(path) &&
      !deepEqual(valueAt(previous, path).value, valueAt(next, path).value)
    );
  });

  const managers = decode(input.managedFields).map(({ entry, fields }) => ({
    entry,
    fields: fields.filter(path => existsAt(next, path)),
  }));
  let own = managers.find(({ entry }) => sameManager(entry, identity));
  for (const manager of managers) {
    if (manager !== own) manager.fields = manager.fields.difference(changed);
  }
  if (!changed.isEmpty()) {
    if (!own) {
      own = {
        entry: { ...identity, fieldsType: 'FieldsV1', fieldsV1: {} },
        fields: new FieldSet(),
      };
      managers.push(own);
    }
    own.entry = { ...own.entry, time: input.time };
    own.fields = own.fields.union(changed);
  }
  return encode(managers);
}
