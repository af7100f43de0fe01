import { describe, expect, it } from 'vitest';
import { applyIgnoreRules, groupOf, matchesRule } from '../../../src/core/ignore/ignore-rules';
import type { DiffEntry, IgnoreRule, KubeObject } from '../../../src/core/types';
import { liveFixture, manifestFixture } from '../ownership/fixtures';

const configMap: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'prod' }, data: {} };
const deployment: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'prod' } };
const paths = (entries: DiffEntry[]) => entries.map((e) => e.path);

describe('matchesRule', () => {
  it('takes the group from apiVersion; empty group or "core" is the core group', () => {
    expect(groupOf('apps/v1')).toBe('apps');
    expect(groupOf('v1')).toBe('');
    expect(matchesRule({ group: '', kind: 'ConfigMap' }, configMap)).toBe(true);
    expect(matchesRule({ group: 'core', kind: 'ConfigMap' }, configMap)).toBe(true);
    expect(matchesRule({ group: 'apps', kind: 'ConfigMap' }, configMap)).toBe(false);
    expect(matchesRule({ group: '', kind: 'Deployment' }, deployment)).toBe(false);
    expect(matchesRule({ group: 'apps', kind: 'Deployment' }, deployment)).toBe(true);
  });
  it('matches kind, name and namespace; unset or * match anything', () => {
    expect(matchesRule({}, deployment)).toBe(true);
    expect(matchesRule({ group: '*', kind: '*' }, deployment)).toBe(true);
    expect(matchesRule({ kind: 'deployment' }, deployment)).toBe(false);
    expect(matchesRule({ kind: 'Deployment', name: 'web' }, deployment)).toBe(true);
    expect(matchesRule({ kind: 'Deployment', name: 'api' }, deployment)).toBe(false);
    expect(matchesRule({ name: 'w*' }, deployment)).toBe(true);
    expect(matchesRule({ namespace: 'prod' }, deployment)).toBe(true);
    expect(matchesRule({ namespace: 'dev' }, deployment)).toBe(false);
    expect(matchesRule({ namespace: 'prod' }, { ...deployment, metadata: { name: 'web' } })).toBe(false);
  });
});

describe('applyIgnoreRules — JSON pointers', () => {
  const live = liveFixture('deploy-after-kubectl-edit');
  const desired = manifestFixture('deploy-web');
  const entries: DiffEntry[] = [
    { path: 'spec.replicas', change: 'changed', desired: 3, live: 2 },
    { path: 'spec.template.spec.containers[name="app"].image', change: 'changed', desired: 'nginx:1.25.3', live: 'nginx:1.25.4' },
    { path: 'spec.template.spec.containers[name="app"].env[name="FEATURE_X"].value', change: 'changed', desired: 'off', live: 'on' },
    { path: 'metadata.labels.team', change: 'changed', desired: 'a', live: 'platform' },
  ];
  const rule = (...jsonPointers: string[]): IgnoreRule[] => [{ group: 'apps', kind: 'Deployment', jsonPointers }];

  it('drops the addressed field only', () => {
    expect(paths(applyIgnoreRules(entries, desired, live, rule('/spec/replicas')))).toEqual(paths(entries).slice(1));
  });

  it('a pointer to a subtree ignores everything under it', () => {
    expect(paths(applyIgnoreRules(entries, desired, live, rule('/spec/template')))).toEqual(['spec.replicas', 'metadata.labels.team']);
    expect(paths(applyIgnoreRules(entries, desired, live, rule('/spec/template/spec/containers/0')))).toEqual([
      'spec.replicas',
      'metadata.labels.team',
    ]);
  });

  it('list indices address list positions (live and desired), not merge keys', () => {
    // env is LOG_LEVEL, FEATURE_X in both objects: FEATURE_X is index 1.
    const kept = paths(applyIgnoreRules(entries, desired, live, rule('/spec/template/spec/containers/0/env/1/value')));
    expect(kept).not.toContain(entries[2]!.path);
    expect(kept).toHaveLength(3);
    expect(paths(applyIgnoreRules(entries, desired, live, rule('/spec/template/spec/containers/0/env/0')))).toEqual(paths(entries));
    expect(paths(applyIgnoreRules(entries, desired, live, rule('/spec/template/spec/containers/1/image')))).toEqual(paths(entries));
  });

  it('list positions differing between live and desired: either side matches (Argo CD normalizes both)', () => {
    const two = (a: string, b: string): KubeObject => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'prod' },
      spec: { template: { spec: { containers: [{ name: a, image: `${a}:1` }, { name: b, image: `${b}:1` }] } } },
    });
    const d = two('app', 'sidecar');
    const l = two('sidecar', 'app');
    const e: DiffEntry[] = [{ path: 'spec.template.spec.containers[name="sidecar"].image', change: 'changed' }];
    expect(applyIgnoreRules(e, d, l, rule('/spec/template/spec/containers/1/image'))).toEqual([]);
    expect(applyIgnoreRules(e, d, l, rule('/spec/template/spec/containers/0/image'))).toEqual([]);
    expect(applyIgnoreRules(e, d, two('x', 'y'), rule('/spec/template/spec/containers/0/image'))).toEqual(e);
  });

  it('unescapes ~1 and ~0 in keys, also for fields present on one side only', () => {
    const d: KubeObject = { ...configMap, metadata: { ...configMap.metadata, annotations: { 'example.com/note': 'x', 'a~b': 'y' } } };
    const l: KubeObject = { ...configMap, metadata: { ...configMap.metadata, annotations: { 'example.com/other': 'z' } } };
    const e: DiffEntry[] = [
      { path: 'metadata.annotations["example.com/note"]', change: 'added' },
      { path: 'metadata.annotations["a~b"]', change: 'added' },
      { path: 'metadata.annotations["example.com/other"]', change: 'removed' },
    ];
    const r = (p: string): IgnoreRule[] => [{ kind: 'ConfigMap', jsonPointers: [p] }];
    expect(paths(applyIgnoreRules(e, d, l, r('/metadata/annotations/example.com~1note')))).toEqual([e[1]!.path, e[2]!.path]);
    expect(paths(applyIgnoreRules(e, d, l, r('/metadata/annotations/a~0b')))).toEqual([e[0]!.path, e[2]!.path]);
    expect(paths(applyIgnoreRules(e, d, l, r('/metadata/annotations/example.com~1other')))).toEqual([e[0]!.path, e[1]!.path]);
    // Also when only the live object is passed.
    expect(paths(applyIgnoreRules(e, l, undefined, r('/metadata/annotations/example.com~1note')))).toEqual([e[1]!.path, e[2]!.path]);
    expect(paths(applyIgnoreRules(e, d, l, r('/metadata/annotations/example.com/note')))).toEqual(paths(e));
  });

  it('uses desiredPath when the path cannot be resolved', () => {
    const e: DiffEntry[] = [{ path: 'spec.template.spec.containers[name="new"].image', desiredPath: ['spec', 'template', 'spec', 'containers', 1, 'image'], change: 'added' }];
    expect(applyIgnoreRules(e, deployment, undefined, rule('/spec/template/spec/containers/1'))).toEqual([]);
  });

  it('only rules selecting the object apply; invalid pointers are skipped', () => {
    expect(applyIgnoreRules(entries, desired, live, [{ group: '', kind: 'Deployment', jsonPointers: ['/spec'] }])).toEqual(entries);
    expect(applyIgnoreRules(entries, desired, live, [{ kind: 'StatefulSet', jsonPointers: ['/spec'] }])).toEqual(entries);
    expect(applyIgnoreRules(entries, desired, live, [{ name: 'other', jsonPointers: ['/spec'] }])).toEqual(entries);
    expect(applyIgnoreRules(entries, desired, live, [{ kind: 'Deployment', jsonPointers: ['spec', '/x~9'] }])).toEqual(entries);
    expect(applyIgnoreRules(entries, desired, live, [])).toEqual(entries);
  });

  it('matches a namespaced rule through the live object when the manifest has no namespace', () => {
    const noNs: KubeObject = { ...desired, metadata: { ...desired.metadata, namespace: undefined } };
    const r: IgnoreRule[] = [{ namespace: 'rec-ssa', jsonPointers: ['/spec/replicas'] }];
    expect(paths(applyIgnoreRules(entries, noNs, live, r))).not.toContain('spec.replicas');
    expect(paths(applyIgnoreRules(entries, noNs, undefined, r))).toContain('spec.replicas');
  });
});

describe('applyIgnoreRules — pointers into an entry that carries a whole subtree', () => {
  const live: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n' } };
  const desired: KubeObject = { ...live, metadata: { ...live.metadata, finalizers: ['example.com/x'] }, data: { a: '1', b: '2' } };
  const r = (...jsonPointers: string[]): IgnoreRule[] => [{ kind: 'ConfigMap', jsonPointers }];

  it('drops an added list when the pointed items were all it had', () => {
    const e: DiffEntry[] = [{ path: 'metadata.finalizers', desiredPath: ['metadata', 'finalizers'], change: 'added', desired: ['example.com/x'] }];
    expect(applyIgnoreRules(e, desired, live, r('/metadata/finalizers/0'))).toEqual([]);
    expect(applyIgnoreRules(e, desired, live, r('/metadata/finalizers/1'))).toEqual(e);
  });

  it('keeps the entry while something else still differs; drops changed entries made equal', () => {
    const added: DiffEntry[] = [{ path: 'data', change: 'added', desired: { a: '1', b: '2' } }];
    expect(applyIgnoreRules(added, desired, live, r('/data/a'))).toEqual(added);
    expect(applyIgnoreRules(added, desired, live, r('/data/a', '/data/b'))).toEqual([]);
    const changed: DiffEntry[] = [{ path: 'spec.list', change: 'changed', desired: [{ x: 1, t: 'a' }], live: [{ x: 1, t: 'b' }] }];
    expect(applyIgnoreRules(changed, live, live, r('/spec/list/0/t'))).toEqual([]);
    expect(applyIgnoreRules(changed, live, live, r('/spec/list/0/x'))).toEqual(changed);
  });

  it('never trims masked values', () => {
    const masked: DiffEntry[] = [{ path: 'data', change: 'added', desired: { a: '***' }, masked: true }];
    expect(applyIgnoreRules(masked, desired, live, r('/data/a'))).toEqual(masked);
  });
});

describe('applyIgnoreRules — managedFieldsManagers', () => {
  const live = liveFixture('deploy-scaled-by-hpa');
  const desired = manifestFixture('deploy-api');
  const entries: DiffEntry[] = [
    { path: 'spec.replicas', change: 'changed', desired: 1, live: 2 },
    { path: 'spec.template.spec.containers[name="app"].image', change: 'changed', desired: 'nginx:1.26', live: 'nginx:1.25.3' },
    { path: 'metadata.annotations["deployment.kubernetes.io/revision"]', change: 'removed', live: '1' },
    { path: 'spec.paused', change: 'added', desired: true },
  ];

  it('drops HPA-managed replicas (kube-controller-manager via /scale) and its other fields', () => {
    const kept = applyIgnoreRules(entries, desired, live, [{ group: 'apps', kind: 'Deployment', managedFieldsManagers: ['kube-controller-manager'] }]);
    expect(paths(kept)).toEqual([entries[1]!.path, 'spec.paused']);
  });

  it('keeps fields owned by other managers', () => {
    expect(applyIgnoreRules(entries, desired, live, [{ managedFieldsManagers: ['rec-scaler'] }])).toEqual(entries);
    const scaled = liveFixture('deploy-after-scale-by-rec-scaler');
    expect(paths(applyIgnoreRules(entries, desired, scaled, [{ managedFieldsManagers: ['rec-scaler'] }]))).not.toContain('spec.replicas');
  });

  it('drops fields co-owned by the manager, and entries already annotated with it', () => {
    const shared = liveFixture('deploy-final-shared-owners');
    const e: DiffEntry[] = [{ path: 'metadata.labels.team', change: 'changed' }, { path: 'x.y', change: 'changed', owner: { manager: 'argo' } }];
    expect(applyIgnoreRules(e, shared, shared, [{ managedFieldsManagers: ['other-applier', 'argo'] }])).toEqual([]);
    expect(applyIgnoreRules(e, shared, undefined, [{ managedFieldsManagers: ['other-applier'] }])).toEqual(e); // no live object: nothing is owned
  });
});
