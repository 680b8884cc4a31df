import { createMockDirectory } from '@backstage/backend-test-utils';
import { chmod } from 'node:fs/promises';
import { delimiter } from 'node:path';
import { parse } from 'yaml';
import {
  KustomizeError,
  findExecutable,
  renderKustomization,
} from './kustomize';

describe('findExecutable', () => {
  const mockDir = createMockDirectory();

  it('finds an executable on the search path and skips non-executables', async () => {
    mockDir.setContent({ 'a/tool': 'not executable', 'b/tool': '#!/bin/sh\n' });
    await chmod(mockDir.resolve('b/tool'), 0o755);
    await chmod(mockDir.resolve('a/tool'), 0o644);
    const searchPath = [mockDir.resolve('a'), mockDir.resolve('b')].join(
      delimiter,
    );
    await expect(findExecutable('tool', searchPath)).resolves.toBe(
      mockDir.resolve('b/tool'),
    );
    await expect(
      findExecutable('missing', searchPath),
    ).resolves.toBeUndefined();
  });
});

describe('renderKustomization', () => {
  const mockDir = createMockDirectory();
  let kubectl: string;

  beforeAll(async () => {
    const found = await findExecutable('kubectl');
    if (!found) {
      throw new Error(
        'kubectl is required for these tests (Debian package kubernetes-client)',
      );
    }
    kubectl = found;
  });

  it('builds an overlay offline', async () => {
    mockDir.setContent({
      'base/kustomization.yaml': 'resources: [cm.yaml]\n',
      'base/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: "1"\n',
      'overlay/kustomization.yaml':
        'resources: [../base]\nnamespace: payments\nnamePrefix: dev-\n',
    });
    const output = await renderKustomization(
      kubectl,
      mockDir.resolve('overlay'),
    );
    expect(parse(output)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'dev-settings', namespace: 'payments' },
      data: { a: '1' },
    });
  });

  it('reports kustomize errors with their message', async () => {
    mockDir.setContent({
      'overlay/kustomization.yaml': 'resources: [missing.yaml]\n',
    });
    const attempt = renderKustomization(kubectl, mockDir.resolve('overlay'));
    await expect(attempt).rejects.toBeInstanceOf(KustomizeError);
    await expect(attempt).rejects.toThrow(/missing\.yaml/);
  });
});
