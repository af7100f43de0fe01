// The pieces of the incremental engine that need no server: the local "converged for certain" decision, the
// verdict cache and the LiveCache replacement after a relist.
import { describe, expect, it } from 'vitest';
import type { ClusterClient } from '../../../src/core/cluster/client';
import { LiveCache } from '../../../src/core/cluster/live-cache';
import { replaceLive, watchScopes } from '../../../src/core/engine/live-sync';
import { convergedForCertain } from '../../../src/core/engine/local-verdict';
import { VerdictCache, objectHash } from '../../../src/core/engine/verdict-cache';
import type { KubeObject, ResourceInfo, VerdictResult } from '../../../src/core/types';
import { liveFixture, manifestFixture } from '../ownership/fixtures';

const noStatus = { compareStatus: false };

describe('convergedForCertain', () => {
  it('holds when the manager owns exactly the manifest fields and every value equals the live one', () => {
    expect(convergedForCertain(manifestFixture('deploy-web'), liveFixture('deploy-after-ssa-create'), 'gitops-test', noStatus)).toBe(true);
  });

  it('does not hold for another manager, a kubectl edit, or a changed value with the same fields', () => {
    expect(convergedForCertain(manifestFixture('deploy-web'), liveFixture('deploy-after-ssa-create'), 'kustomize-controller', noStatus)).toBe(false);
    expect(convergedForCertain(manifestFixture('deploy-web'), liveFixture('deploy-after-kubectl-edit'), 'gitops-test', noStatus)).toBe(false);
    const changed = manifestFixture('deploy-web') as any;
    changed.spec.template.spec.containers[0].image = 'nginx:9.9';
    expect(convergedForCertain(changed, liveFixture('deploy-after-ssa-create'), 'gitops-test', noStatus)).toBe(false);
  });

  it('a bare object (only a name) is converged unless the manager applied fields it would now drop', () => {
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
    const live: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop' }, managedFields: [] } };
    expect(convergedForCertain(ns, live, 'converge', noStatus)).toBe(true);
    live.metadata.managedFields = [{ manager: 'converge', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:team': {} } } } }];
    expect(convergedForCertain(ns, live, 'converge', noStatus)).toBe(false);
    expect(convergedForCertain({ ...ns, metadata: { name: 'shop', labels: { a: 'b' } } }, live, 'other', noStatus)).toBe(false);
  });
});

describe('VerdictCache', () => {
  const result = (verdict: VerdictResult['verdict']): VerdictResult => ({
    ref: { apiVersion: 'v1', kind: 'ConfigMap', name: 'c' },
    verdict,
    reason: '',
    diff: [],
    source: { file: '/a.yaml', docIndex: 0, range: { start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 0, offset: 0 } }, fieldRange: () => undefined },
  });

  it('keys by manifest hash, live resourceVersion (or absent) and field manager; keeps no source', () => {
    const cache = new VerdictCache();
    const h = objectHash({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } });
    expect(h).not.toBe(objectHash({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '2' } }));
    cache.set(VerdictCache.key(h, '10', 'flux'), result('converged'));
    expect(cache.get(VerdictCache.key(h, '10', 'flux'))).toMatchObject({ verdict: 'converged' });
    expect(cache.get(VerdictCache.key(h, '10', 'flux'))).not.toHaveProperty('source');
    expect(cache.get(VerdictCache.key(h, '11', 'flux'))).toBeUndefined();
    expect(cache.get(VerdictCache.key(h, '10', 'argo'))).toBeUndefined();
    expect(cache.get(VerdictCache.key(h, undefined, 'flux'))).toBeUndefined();
    expect(cache.hits).toBe(2);
  });

  it('drops the oldest entries beyond its size', () => {
    const cache = new VerdictCache(2);
    for (const k of ['a', 'b', 'c']) cache.set(k, result('converged'));
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBeDefined();
  });
});

describe('live-sync', () => {
  const cms: ResourceInfo = { group: '', version: 'v1', kind: 'ConfigMap', resource: 'configmaps', namespaced: true, verbs: [] };
  const nsInfo: ResourceInfo = { group: '', version: 'v1', kind: 'Namespace', resource: 'namespaces', namespaced: false, verbs: [] };
  const cm = (ns: string, name: string, rv: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: ns, name, resourceVersion: rv } });

  it('watches per namespace up to three namespaces, else all; cluster-scoped kinds cluster-wide', () => {
    const refs = (nss: string[]) => nss.map((namespace) => ({ apiVersion: 'v1', kind: 'ConfigMap', namespace, name: 'x' }));
    expect(watchScopes(cms, refs(['a', 'b', 'a']))).toEqual(['a', 'b']);
    expect(watchScopes(cms, refs(['a', 'b', 'c', 'd']))).toEqual([undefined]);
    expect(watchScopes(nsInfo, [{ apiVersion: 'v1', kind: 'Namespace', name: 'a' }])).toEqual([undefined]);
  });

  it('a relist replaces one type in one namespace and reports what changed', () => {
    const live = new LiveCache({} as ClusterClient);
    for (const o of [cm('a', 'same', '1'), cm('a', 'edited', '2'), cm('a', 'gone', '3'), cm('b', 'other-ns', '4')]) live.upsert(o);
    live.upsert({ apiVersion: 'v1', kind: 'Secret', metadata: { namespace: 'a', name: 'same', resourceVersion: '5' } });
    const changed = replaceLive(live, cms, 'a', [cm('a', 'same', '1'), cm('a', 'edited', '9'), cm('a', 'new', '10')]);
    expect(changed.sort()).toEqual(['/ConfigMap/a/edited', '/ConfigMap/a/gone', '/ConfigMap/a/new']);
    expect([...live.all()].map((e) => `${e.object.kind}/${e.object.metadata.namespace}/${e.object.metadata.name}@${e.resourceVersion}`).sort()).toEqual([
      'ConfigMap/a/edited@9',
      'ConfigMap/a/new@10',
      'ConfigMap/a/same@1',
      'ConfigMap/b/other-ns@4',
      'Secret/a/same@5',
    ]);
  });
});
