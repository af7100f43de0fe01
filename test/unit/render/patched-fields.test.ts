// Which base fields a patch sets: strategic merge (lists of objects by name, other lists whole) and JSON 6902.
import { describe, expect, it } from 'vitest';
import { jsonPatchPointers, patchSetsField, readPatchText } from '../../../src/core/render/patched-fields';

const base = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: { replicas: 1, template: { spec: { containers: [{ name: 'web', image: 'a', args: ['x'] }, { name: 'log', image: 'b' }] } } },
};

describe('patchSetsField', () => {
  it('strategic merge: fields it names, containers matched by name, scalar lists replaced whole, identity never', () => {
    const merge = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 3, template: { spec: { containers: [{ name: 'log', image: 'c' }] } } } };
    const sets = (path: Array<string | number>) => patchSetsField({ merge }, base, path);
    expect(sets(['spec', 'replicas'])).toBe(true);
    expect(sets(['spec', 'template', 'spec', 'containers', 1, 'image'])).toBe(true);
    expect(sets(['spec', 'template', 'spec', 'containers', 0, 'image'])).toBe(false);
    expect(sets(['metadata', 'name'])).toBe(false);
    expect(sets(['metadata', 'labels', 'app'])).toBe(false);
    const args = { spec: { template: { spec: { containers: [{ name: 'web', args: ['y'] }] } } } };
    expect(patchSetsField({ merge: args }, base, ['spec', 'template', 'spec', 'containers', 0, 'args', 0])).toBe(true);
    expect(patchSetsField({ merge: { metadata: { labels: null } } }, base, ['metadata', 'labels', 'app'])).toBe(true);
  });

  it('JSON 6902: the path of each operation and what lies under it; move empties its source; test changes nothing', () => {
    const ops = readPatchText('- op: replace\n  path: /spec/replicas\n  value: 4\n- op: remove\n  path: /spec/template/spec/containers/1\n- op: test\n  path: /metadata/name\n  value: web\n')!;
    expect(ops.pointers).toEqual([['spec', 'replicas'], ['spec', 'template', 'spec', 'containers', '1']]);
    expect(patchSetsField(ops, base, ['spec', 'replicas'])).toBe(true);
    expect(patchSetsField(ops, base, ['spec', 'template', 'spec', 'containers', 1, 'image'])).toBe(true);
    expect(patchSetsField(ops, base, ['spec', 'template', 'spec', 'containers', 0, 'image'])).toBe(false);
    expect(jsonPatchPointers([{ op: 'move', from: '/a~1b', path: '/c~0d' }])).toEqual([['c~d'], ['a/b']]);
  });
});
