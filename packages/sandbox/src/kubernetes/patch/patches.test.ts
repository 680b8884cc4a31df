import { builtinStructure } from '../apply/objectStructure';
import {
  applyJsonPatch,
  JsonPatchApplyError,
  parseJsonPatch,
} from './jsonPatch';
import { applyMergePatch } from './mergePatch';
import { strategicMerge } from './strategicMergePatch';

const pod = {
  metadata: { labels: { app: 'web', tier: 'frontend' }, finalizers: ['a'] },
  spec: {
    containers: [
      { name: 'app', image: 'nginx:1', env: [{ name: 'A', value: '1' }] },
      { name: 'proxy', image: 'envoy' },
    ],
    tolerations: [{ key: 'x' }],
  },
};

describe('applyMergePatch', () => {
  it('merges objects, deletes nulls and replaces lists', () => {
    expect(
      applyMergePatch(pod, {
        metadata: { labels: { tier: null, team: 'payments' } },
        spec: { containers: [{ name: 'only' }] },
      }),
    ).toEqual({
      metadata: { labels: { app: 'web', team: 'payments' }, finalizers: ['a'] },
      spec: { containers: [{ name: 'only' }], tolerations: [{ key: 'x' }] },
    });
  });
});

describe('strategicMerge', () => {
  it('merges keyed lists by their merge key', () => {
    const patched = strategicMerge(
      pod,
      {
        spec: {
          containers: [
            { name: 'app', image: 'nginx:2', env: [{ name: 'B', value: '2' }] },
            { name: 'sidecar', image: 'busybox' },
          ],
        },
      },
      builtinStructure,
    );
    expect(patched).toMatchObject({
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx:2',
            env: [
              { name: 'A', value: '1' },
              { name: 'B', value: '2' },
            ],
          },
          { name: 'proxy', image: 'envoy' },
          { name: 'sidecar', image: 'busybox' },
        ],
      },
    });
  });

  it('honours $patch: delete, set-like lists, and ignores ordering directives', () => {
    const patched = strategicMerge(
      pod,
      {
        metadata: { finalizers: ['b'] },
        spec: {
          $setElementOrder: 'ignored',
          '$setElementOrder/containers': [{ name: 'app' }],
          containers: [{ name: 'proxy', $patch: 'delete' }],
          tolerations: [{ key: 'y' }],
        },
      },
      builtinStructure,
    );
    expect(patched).toEqual({
      metadata: {
        labels: { app: 'web', tier: 'frontend' },
        finalizers: ['a', 'b'],
      },
      spec: {
        containers: [
          { name: 'app', image: 'nginx:1', env: [{ name: 'A', value: '1' }] },
        ],
        tolerations: [{ key: 'y' }],
      },
    });
  });

  it('removes values listed in $deleteFromPrimitiveList', () => {
    expect(
      strategicMerge(
        pod,
        { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } },
        builtinStructure,
      ),
    ).toMatchObject({ metadata: { finalizers: [] } });
  });
});

describe('applyJsonPatch', () => {
  it('applies RFC 6902 operations without touching the input', () => {
    const patched = applyJsonPatch(
      pod,
      parseJsonPatch([
        { op: 'replace', path: '/spec/containers/0/image', value: 'nginx:3' },
        { op: 'add', path: '/metadata/labels/team', value: 'payments' },
        { op: 'remove', path: '/metadata/labels/tier' },
        { op: 'add', path: '/spec/containers/-', value: { name: 'late' } },
        {
          op: 'copy',
          from: '/metadata/labels/app',
          path: '/metadata/labels/copy',
        },
        {
          op: 'move',
          from: '/metadata/labels/copy',
          path: '/metadata/labels/moved',
        },
        { op: 'test', path: '/metadata/labels/app', value: 'web' },
      ]),
    );
    expect(patched).toMatchObject({
      metadata: { labels: { app: 'web', team: 'payments', moved: 'web' } },
      spec: {
        containers: [{ image: 'nginx:3' }, { name: 'proxy' }, { name: 'late' }],
      },
    });
    expect(pod.spec.containers[0].image).toBe('nginx:1');
  });

  it.each([
    [
      [{ op: 'test', path: '/metadata/labels/app', value: 'api' }],
      'testing value /metadata/labels/app failed',
    ],
    [[{ op: 'remove', path: '/metadata/missing' }], 'missing value'],
    [
      [{ op: 'replace', path: '/spec/containers/9', value: 1 }],
      'invalid index',
    ],
  ])('fails to apply %j', (operations, message) => {
    expect(() => applyJsonPatch(pod, parseJsonPatch(operations))).toThrow(
      JsonPatchApplyError,
    );
    expect(() => applyJsonPatch(pod, parseJsonPatch(operations))).toThrow(
      message,
    );
  });

  it('rejects documents that are not a patch', () => {
    expect(() => parseJsonPatch({ op: 'add' })).toThrow(
      'cannot unmarshal object',
    );
    expect(() => parseJsonPatch([{ op: 'frobnicate', path: '/a' }])).toThrow(
      'Unexpected kind',
    );
  });
});
