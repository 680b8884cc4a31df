import { JsonObject, ManagedFieldsEntry } from '../types';
import { FieldSet } from './FieldSet';
import { applyConfiguration, recordUpdate } from './managedFields';
import { builtinStructure, schemaStructure } from './objectStructure';

const time = '2030-01-01T00:00:00Z';

function deployment(
  spec: JsonObject,
  labels?: Record<string, string>,
): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      ...(labels ? { labels } : {}),
    },
    spec,
  };
}

const container = (fields: JsonObject) => ({
  name: 'app',
  image: 'nginx',
  ...fields,
});

function apply(
  live: JsonObject | undefined,
  managedFields: ManagedFieldsEntry[] | undefined,
  applied: JsonObject,
  manager: string,
  force = false,
) {
  return applyConfiguration({
    live,
    managedFields,
    applied,
    manager,
    force,
    apiVersion: 'apps/v1',
    structure: builtinStructure,
    time,
  });
}

describe('applyConfiguration', () => {
  it('records ownership in the FieldsV1 format, with associative list keys', () => {
    const { object, managedFields } = apply(
      undefined,
      undefined,
      deployment(
        {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          template: {
            spec: {
              containers: [
                container({ ports: [{ containerPort: 80, protocol: 'TCP' }] }),
              ],
            },
          },
        },
        { app: 'web' },
      ),
      'deployer',
    );
    expect(object.spec).toMatchObject({ replicas: 2 });
    expect(managedFields).toEqual([
      {
        manager: 'deployer',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:spec': {
                'f:containers': {
                  'k:{"name":"app"}': {
                    '.': {},
                    'f:image': {},
                    'f:name': {},
                    'f:ports': {
                      'k:{"containerPort":80,"protocol":"TCP"}': {
                        '.': {},
                        'f:containerPort': {},
                        'f:protocol': {},
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    ]);
  });

  it('returns the API server conflict for a field another manager set differently', () => {
    const first = apply(
      undefined,
      undefined,
      deployment({ replicas: 2 }),
      'other-manager',
    );
    expect(() =>
      apply(
        first.object,
        first.managedFields,
        deployment({ replicas: 3 }),
        'deployer',
      ),
    ).toThrow(
      expect.objectContaining({
        status: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message:
            'Apply failed with 1 conflict: conflict with "other-manager": .spec.replicas',
          reason: 'Conflict',
          details: {
            causes: [
              {
                reason: 'FieldManagerConflict',
                message: 'conflict with "other-manager"',
                field: '.spec.replicas',
              },
            ],
          },
          code: 409,
        },
      }),
    );
  });

  it('groups several conflicts by manager and names list items by key', () => {
    const first = apply(
      undefined,
      undefined,
      deployment({
        replicas: 2,
        template: { spec: { containers: [container({})] } },
      }),
      'other-manager',
    );
    expect(() =>
      apply(
        first.object,
        first.managedFields,
        deployment({
          replicas: 3,
          template: { spec: { containers: [container({ image: 'nginx:2' })] } },
        }),
        'deployer',
      ),
    ).toThrow(
      'Apply failed with 2 conflicts: conflicts with "other-manager":\n- .spec.replicas\n- .spec.template.spec.containers[name="app"].image',
    );
  });

  it('describes Update managers with their version and time', () => {
    const managedFields = recordUpdate({
      previous: undefined,
      next: deployment({ replicas: 5 }),
      managedFields: [],
      manager: 'kubectl-scale',
      apiVersion: 'apps/v1',
      structure: builtinStructure,
      time,
    });
    expect(() =>
      apply(
        deployment({ replicas: 5 }),
        managedFields,
        deployment({ replicas: 1 }),
        'deployer',
      ),
    ).toThrow(
      `conflict with "kubectl-scale" using apps/v1 at ${time}: .spec.replicas`,
    );
  });

  it('shares ownership when values agree and takes it over with force', () => {
    const first = apply(
      undefined,
      undefined,
      deployment({ replicas: 2, paused: false }),
      'other-manager',
    );
    const shared = apply(
      first.object,
      first.managedFields,
      deployment({ replicas: 2 }),
      'deployer',
    );
    expect(shared.managedFields.map(entry => entry.manager)).toEqual([
      'deployer',
      'other-manager',
    ]);

    const forced = apply(
      shared.object,
      shared.managedFields,
      deployment({ replicas: 4 }),
      'deployer',
      true,
    );
    expect(forced.object.spec).toEqual({ replicas: 4, paused: false });
    const otherFields = FieldSet.fromFieldsV1(
      forced.managedFields.find(entry => entry.manager === 'other-manager')
        ?.fieldsV1 ?? {},
    );
    expect(otherFields.has([{ field: 'spec' }, { field: 'replicas' }])).toBe(
      false,
    );
    expect(otherFields.has([{ field: 'spec' }, { field: 'paused' }])).toBe(
      true,
    );
  });

  it('removes fields a manager stops applying unless another manager owns them', () => {
    const first = apply(
      undefined,
      undefined,
      deployment(
        { replicas: 2, paused: true },
        { app: 'web', tier: 'frontend' },
      ),
      'deployer',
    );
    const shared = apply(
      first.object,
      first.managedFields,
      deployment({ paused: true }),
      'other-manager',
    );
    const second = apply(
      shared.object,
      shared.managedFields,
      deployment({}, { app: 'web' }),
      'deployer',
    );
    expect(second.object.spec).toEqual({ paused: true });
    expect((second.object.metadata as JsonObject).labels).toEqual({
      app: 'web',
    });
  });

  it('keeps items of associative lists that other managers added', () => {
    const first = apply(
      undefined,
      undefined,
      deployment({ template: { spec: { containers: [container({})] } } }),
      'deployer',
    );
    const sidecar = apply(
      first.object,
      first.managedFields,
      deployment({
        template: { spec: { containers: [{ name: 'proxy', image: 'envoy' }] } },
      }),
      'mesh',
    );
    const reapplied = apply(
      sidecar.object,
      sidecar.managedFields,
      deployment({
        template: { spec: { containers: [container({ image: 'nginx:2' })] } },
      }),
      'deployer',
    );
    expect(reapplied.object.spec).toEqual({
      template: {
        spec: {
          containers: [
            container({ image: 'nginx:2' }),
            { name: 'proxy', image: 'envoy' },
          ],
        },
      },
    });
  });

  it('follows x-kubernetes-list-type from a CRD schema', () => {
    const structure = schemaStructure({
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            members: {
              type: 'array',
              'x-kubernetes-list-type': 'map',
              'x-kubernetes-list-map-keys': ['id'],
              items: { type: 'object' },
            },
            tags: {
              type: 'array',
              'x-kubernetes-list-type': 'set',
              items: { type: 'string' },
            },
          },
        },
      },
    });
    const result = applyConfiguration({
      live: undefined,
      managedFields: undefined,
      applied: {
        apiVersion: 'x/v1',
        kind: 'Team',
        metadata: { name: 't' },
        spec: { members: [{ id: 1 }], tags: ['a'] },
      },
      manager: 'm',
      force: false,
      apiVersion: 'x/v1',
      structure,
      time,
    });
    expect(result.managedFields[0].fieldsV1).toEqual({
      'f:spec': {
        'f:members': { 'k:{"id":1}': { '.': {}, 'f:id': {} } },
        'f:tags': { 'v:"a"': {} },
      },
    });
  });
});

describe('recordUpdate', () => {
  it('gives the writer what it changed and takes it from others', () => {
    const created = recordUpdate({
      previous: undefined,
      next: deployment({ replicas: 1, paused: false }),
      managedFields: [],
      manager: 'creator',
      apiVersion: 'apps/v1',
      structure: builtinStructure,
      time,
    });
    const updated = recordUpdate({
      previous: deployment({ replicas: 1, paused: false }),
      next: deployment({ replicas: 3 }),
      managedFields: created,
      manager: 'scaler',
      apiVersion: 'apps/v1',
      structure: builtinStructure,
      time,
    });
    expect(updated).toEqual([
      expect.objectContaining({
        manager: 'scaler',
        operation: 'Update',
        fieldsV1: { 'f:spec': { 'f:replicas': {} } },
      }),
    ]);
  });

  it('adds no entry for a write that changes nothing', () => {
    const object = deployment({ replicas: 1 });
    expect(
      recordUpdate({
        previous: object,
        next: object,
        managedFields: [],
        manager: 'noop',
        apiVersion: 'apps/v1',
        structure: builtinStructure,
        time,
      }),
    ).toEqual([]);
  });
});
