import { describe, expect, it } from 'vitest';
import { jsonPatch, mergePatch, strategicMergePatch, JsonPatchError } from '../../k8s-server/semantics';

const dep = { group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments', namespaced: true };

describe('mergePatch (RFC 7386)', () => {
  it('merges maps, deletes nulls, replaces lists, leaves input untouched', () => {
    const live = { a: { b: 1, c: 2 }, l: [1, 2] };
    expect(mergePatch(live, { a: { b: null, d: 3 }, l: [3] })).toEqual({ a: { c: 2, d: 3 }, l: [3] });
    expect(live).toEqual({ a: { b: 1, c: 2 }, l: [1, 2] });
  });
});

describe('jsonPatch (RFC 6902)', () => {
  it('applies add/remove/replace/move/copy/test', () => {
    const doc = { a: [1, 2], b: { c: 'x' } };
    expect(jsonPatch(doc, [
      { op: 'add', path: '/a/-', value: 3 },
      { op: 'remove', path: '/a/0' },
      { op: 'replace', path: '/b/c', value: 'y' },
      { op: 'copy', from: '/b', path: '/d' },
      { op: 'move', from: '/d/c', path: '/e' },
      { op: 'test', path: '/e', value: 'y' },
    ])).toEqual({ a: [2, 3], b: { c: 'y' }, d: {}, e: 'y' });
    expect(doc).toEqual({ a: [1, 2], b: { c: 'x' } });
  });
  it('fails on a failed test or missing path', () => {
    expect(() => jsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow(JsonPatchError);
    expect(() => jsonPatch({ a: 1 }, [{ op: 'replace', path: '/b', value: 2 }])).toThrow(JsonPatchError);
  });
});

describe('strategicMergePatch', () => {
  const live = {
    spec: { template: { spec: { containers: [{ name: 'a', image: 'x', env: [{ name: 'A', value: '1' }] }, { name: 'b', image: 'y' }] } } },
    metadata: { finalizers: ['f1'] },
  };
  it('merges containers by name and env by name', () => {
    const out = strategicMergePatch(live, { spec: { template: { spec: { containers: [{ name: 'a', image: 'z', env: [{ name: 'B', value: '2' }] }] } } } }, dep);
    expect(out.spec.template.spec.containers).toEqual([{ name: 'a', image: 'z', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }, { name: 'b', image: 'y' }]);
  });
  it('honours $patch: delete and primitive merge lists', () => {
    const out = strategicMergePatch(live, { metadata: { finalizers: ['f2'] }, spec: { template: { spec: { containers: [{ name: 'b', $patch: 'delete' }] } } } }, dep);
    expect(out.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['a']);
    expect(out.metadata.finalizers).toEqual(['f1', 'f2']);
  });
});
