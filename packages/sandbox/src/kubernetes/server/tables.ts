import { PrinterColumn, ResourceType } from '../registry/ResourceType';
import { KubeObject } from '../types';
import { evaluateJsonPath } from './jsonPath';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

const nameColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  priority: 0,
};

const ageColumn: PrinterColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created.',
};

/** Columns for built-in kinds people commonly `kubectl get`. */
const builtinColumns: Record<string, PrinterColumn[]> = {
  Namespace: [{ name: 'Status', type: 'string', jsonPath: '.status.phase' }],
  Pod: [{ name: 'Status', type: 'string', jsonPath: '.status.phase' }],
  Service: [
    { name: 'Type', type: 'string', jsonPath: '.spec.type' },
    { name: 'Cluster-IP', type: 'string', jsonPath: '.spec.clusterIP' },
  ],
  Secret: [{ name: 'Type', type: 'string', jsonPath: '.type' }],
  Deployment: [
    { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
  ],
  Event: [
    { name: 'Type', type: 'string', jsonPath: '.type' },
    { name: 'Reason', type: 'string', jsonPath: '.reason' },
    { name: 'Object', type: 'string', jsonPath: '.involvedObject.name' },
    { name: 'Message', type: 'string', jsonPath: '.message' },
  ],
};

/** Same rounding as k8s.io/apimachinery's `duration.HumanDuration`. */
export function humanDuration(milliseconds: number): string {
  const seconds = Math.floor(milliseconds / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10)
    return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8)
    return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 192)
    return hours % 24 === 0
      ? `${Math.floor(hours / 24)}d`
      : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 365 * 8)
    return days % 365 === 0
      ? `${Math.floor(days / 365)}y`
      : `${Math.floor(days / 365)}y${days % 365}d`;
  return `${Math.floor(days / 365)}y`;
}

function columnsFor(type: ResourceType): PrinterColumn[] {
  if (type.printerColumns.length > 0) return type.printerColumns;
  return [...(builtinColumns[type.kind] ?? []), ageColumn];
}

function cellValue(object: KubeObject, column: PrinterColumn): unknown {
  let values: unknown[];
  try {
    values = evaluateJsonPath(object, column.jsonPath);
  } catch {
    // The API server also renders an empty cell when a column's JSONPath cannot be evaluated.
    return null;
  }
  if (values.length === 0) return null;
  if (column.type === 'date' && typeof values[0] === 'string') {
    return humanDuration(Date.now() - Date.parse(values[0]));
  }
  if (values.length === 1 && typeof values[0] !== 'object') return values[0];
  return values
    .map(value =>
      typeof value === 'object' ? JSON.stringify(value) : String(value),
    )
    .join(',');
}

function rowObject(object: KubeObject, includeObject: IncludeObject) {
  if (includeObject === 'None') return undefined;
  if (includeObject === 'Object') return object;
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: object.metadata,
  };
}

/** Server-side printing (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`), used by `kubectl get`. */
export function toTable(
  type: ResourceType,
  objects: KubeObject[],
  listMetadata: Record<string, unknown>,
  includeObject: IncludeObject,
) {
  const columns = columnsFor(type);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMetadata,
    columnDefinitions: [
      nameColumn,
      ...columns.map(column => ({
        name: column.name,
        type: column.type,
        format: '',
        description: column.description ?? '',
        priority: column.priority ?? 0,
      })),
    ],
    rows: objects.map(object => {
      const embedded = rowObject(object, includeObject);
      return {
        cells: [
          object.metadata.name,
          ...columns.map(column => cellValue(object, column)),
        ],
        ...(embedded ? { object: embedded } : {}),
      };
    }),
  };
}

export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? '')
    .split(',')
    .some(part => part.includes('as=Table') && part.includes('g=meta.k8s.io'));
}

export function includeObjectParameter(
  value: string | undefined,
): IncludeObject {
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}
