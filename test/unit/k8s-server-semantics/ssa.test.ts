import { describe, expect, it } from 'vitest';
import { applyUpdate, fromFieldsV1, serverSideApply, toFieldsV1 } from '../../k8s-server/semantics';
import type { TypeContext } from '../../k8s-server/semantics';

const cm: TypeContext = { group: '', version: 'v1', kind: 'ConfigMap', resource: 'configmaps', namespaced: true };
const dep: TypeContext = { group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments', namespaced: true };

function ok(r: any): any {
  if (!('object' in r)) throw new Error(JSON.stringify(r.error));
  return r.object;
}

const cmPatch = (data: Record<string, string>, labels?: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c', namespace: 'n', ...(labels ? { labels } : {}) },
  data,
});

describe('fieldsV1', () => {
  it('round-trips and sorts like structured-merge-diff', () => {
    const f = { 'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {} }, '.': {} }, 'f:b': {}, 'f:a': {} }, 'f:metadata': { 'f:labels': { 'f:x': {} } } };
    expect(JSON.stringify(toFieldsV1(fromFieldsV1(f)))).toBe(
      JSON.stringify({ 'f:metadata': { 'f:labels': { 'f:x': {} } }, 'f:spec': { 'f:a': {}, 'f:b': {}, 'f:ports': { '.': {}, 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {} } } } }),
    );
  });
});

describe('serverSideApply', () => {
  const t0 = '2026-01-01T00:00:00Z';
  const t1 = '2026-01-01T00:00:01Z';
  const t2 = '2026-01-01T00:00:02Z';

  it('owns only listed fields; unchanged re-apply keeps the time; co-owner entry has no time', () => {
    const a = ok(serverSideApply({ patch: cmPatch({ a: '1', b: '2' }), manager: 'm1', force: false, now: t0, type: cm }));
    expect(a.metadata.managedFields).toEqual([{ manager: 'm1', operation: 'Apply', apiVersion: 'v1', time: t0, fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {}, 'f:b': {} } } }]);
    const again = ok(serverSideApply({ live: a, patch: cmPatch({ a: '1', b: '2' }), manager: 'm1', force: false, now: t1, type: cm }));
    expect(again).toEqual(a);
    const second = ok(serverSideApply({ live: a, patch: cmPatch({ a: '1' }), manager: 'm2', force: false, now: t2, type: cm }));
    // entries without time sort first within the Apply group
    expect(second.metadata.managedFields[0]).toEqual({ manager: 'm2', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } });
  });

  it('removes a field dropped from the manifest unless co-owned', () => {
    const a = ok(serverSideApply({ patch: cmPatch({ a: '1', b: '2' }), manager: 'm1', force: false, now: t0, type: cm }));
    const shared = ok(serverSideApply({ live: a, patch: cmPatch({ a: '1' }), manager: 'm2', force: false, now: t1, type: cm }));
    const { data: _d, ...noData } = cmPatch({});
    const r = ok(serverSideApply({ live: shared, patch: { ...noData, metadata: { ...noData.metadata, labels: { x: 'y' } } }, manager: 'm1', force: false, now: t2, type: cm }));
    expect(r.data).toEqual({ a: '1' });
    expect(r.metadata.managedFields.map((e: any) => e.manager)).toEqual(['m2', 'm1']);
    expect(r.metadata.managedFields[1].fieldsV1).toEqual({ 'f:metadata': { 'f:labels': { 'f:x': {} } } });
  });

  it('conflicts (409) with an Update owner, lists every conflict; force transfers ownership', () => {
    const a = ok(serverSideApply({ patch: cmPatch({ a: '1', b: '2', c: '3' }), manager: 'm1', force: false, now: t0, type: cm }));
    const edited = ok(applyUpdate({ live: a, next: { ...a, data: { a: 'x', b: 'y', c: '3' } }, manager: 'editor', operation: 'Update', now: t1, type: cm }));
    expect(edited.metadata.managedFields[1]).toMatchObject({ manager: 'editor', operation: 'Update', time: t1, fieldsV1: { 'f:data': { 'f:a': {}, 'f:b': {} } } });
    expect(edited.metadata.managedFields[0].fieldsV1).toEqual({ 'f:data': { 'f:c': {} } });
    const c = serverSideApply({ live: edited, patch: cmPatch({ a: '1', b: '2', c: '3' }), manager: 'm1', force: false, now: t2, type: cm });
    expect('error' in c && c.error).toEqual({
      code: 409,
      reason: 'Conflict',
      message: 'Apply failed with 2 conflicts: conflicts with "editor" using v1:\n- .data.a\n- .data.b',
      causes: [
        { reason: 'FieldManagerConflict', message: 'conflict with "editor" using v1', field: '.data.a' },
        { reason: 'FieldManagerConflict', message: 'conflict with "editor" using v1', field: '.data.b' },
      ],
    });
    const forced = ok(serverSideApply({ live: edited, patch: cmPatch({ a: '1', b: '2', c: '3' }), manager: 'm1', force: true, now: t2, type: cm }));
    expect(forced.data).toEqual({ a: '1', b: '2', c: '3' });
    expect(forced.metadata.managedFields.map((e: any) => e.manager)).toEqual(['m1']);
    expect(forced.metadata.managedFields[0].time).toBe(t2);
  });

  it('reports unknown fields and wrong scalar types as 500 typed-patch errors', () => {
    const r = serverSideApply({ patch: { ...cmPatch({ a: '1' }), datax: 1 }, manager: 'm', force: true, now: t0, type: cm });
    expect('error' in r && r.error.message).toBe('failed to create typed patch object (n/c; /v1, Kind=ConfigMap): .datax: field not declared in schema');
  });

  it('canonicalises quantities and defaults list-map keys', () => {
    const patch = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'n' },
      spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80 }], resources: { requests: { cpu: 0.5, memory: '1024Mi' } } }] } } },
    };
    const o = ok(serverSideApply({ patch, manager: 'm', force: true, now: t0, type: dep }));
    expect(o.spec.template.spec.containers[0].resources.requests).toEqual({ cpu: '500m', memory: '1Gi' });
    expect(o.spec.template.spec.containers[0].imagePullPolicy).toBe('Always');
    const c = o.metadata.managedFields[0].fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"c"}'];
    expect(Object.keys(c['f:ports'])).toEqual(['k:{"containerPort":80,"protocol":"TCP"}']);
  });
});

describe('applyUpdate', () => {
  it('POST with an unknown field: warning by default, 400 with Strict, silent with Ignore', () => {
    const next = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n' }, data: { a: 'b' }, datax: {} };
    const warn = applyUpdate({ next, manager: 'm', operation: 'Update', now: 't', type: cm });
    expect('object' in warn && warn.warnings).toEqual([{ text: 'unknown field "datax"' }]);
    expect('object' in warn && warn.object.datax).toBeUndefined();
    const strict = applyUpdate({ next, manager: 'm', operation: 'Update', now: 't', type: cm, fieldValidation: 'Strict' });
    expect('error' in strict && strict.error.code).toBe(400);
    const ignore = applyUpdate({ next, manager: 'm', operation: 'Update', now: 't', type: cm, fieldValidation: 'Ignore' });
    expect('object' in ignore && ignore.warnings).toBeUndefined();
  });
});

describe('registry rules on update', () => {
  it('a Service PUT without clusterIP keeps the allocated one', () => {
    const svc: TypeContext = { group: '', version: 'v1', kind: 'Service', resource: 'services', namespaced: true };
    const body = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'n' }, spec: { type: 'NodePort', selector: { a: 'b' }, ports: [{ port: 80 }] } };
    const created = ok(applyUpdate({ next: body, manager: 'm', operation: 'Update', now: 't0', type: svc }));
    expect(created.spec.clusterIP).toMatch(/^10\./);
    const put = ok(applyUpdate({ live: created, next: body, manager: 'm', operation: 'Update', now: 't1', type: svc }));
    expect(put.spec.clusterIP).toBe(created.spec.clusterIP);
    expect(put.spec.ports[0].nodePort).toBe(created.spec.ports[0].nodePort);
    expect(put.metadata.managedFields).toEqual(created.metadata.managedFields);
  });

  it('a DaemonSet template change bumps deprecated.daemonset.template.generation', () => {
    const ds: TypeContext = { group: 'apps', version: 'v1', kind: 'DaemonSet', resource: 'daemonsets', namespaced: true };
    const patch = (image: string) => ({
      apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd', namespace: 'n' },
      spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image }] } } },
    });
    const created = ok(serverSideApply({ patch: patch('x:1'), manager: 'm', force: true, now: 't0', type: ds }));
    created.metadata.generation = 1;
    expect(created.metadata.annotations).toEqual({ 'deprecated.daemonset.template.generation': '1' });
    const same = ok(serverSideApply({ live: created, patch: patch('x:1'), manager: 'm', force: true, now: 't1', type: ds }));
    expect(same).toEqual(created);
    const changed = ok(serverSideApply({ live: created, patch: patch('x:2'), manager: 'm', force: true, now: 't1', type: ds }));
    expect(changed.metadata.annotations).toEqual({ 'deprecated.daemonset.template.generation': '2' });
  });
});

describe('removal of list items', () => {
  it('a container dropped from the manifest stays (with its key) while another manager owns a field of it', () => {
    const patch = (containers: any[]) => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'n' },
      spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers } } },
    });
    const both = [{ name: 'a', image: 'x:1' }, { name: 'b', image: 'y:1', args: ['--v'] }];
    const created = ok(serverSideApply({ patch: patch(both), manager: 'm', force: true, now: 't0', type: dep }));
    const edited = structuredClone(created);
    edited.spec.template.spec.containers[1].image = 'y:2';
    const afterEdit = ok(applyUpdate({ live: created, next: edited, manager: 'editor', operation: 'Update', now: 't1', type: dep }));
    const r = ok(serverSideApply({ live: afterEdit, patch: patch([both[0]]), manager: 'm', force: true, now: 't2', type: dep }));
    const b = r.spec.template.spec.containers.find((c: any) => c.name === 'b');
    expect(b).toMatchObject({ name: 'b', image: 'y:2' });
    expect(b.args).toBeUndefined();
    const withoutEditor = ok(serverSideApply({ live: created, patch: patch([both[0]]), manager: 'm', force: true, now: 't2', type: dep }));
    expect(withoutEditor.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['a']);
  });
});

describe('managedFields written by clients', () => {
  it('[] is ignored, [{}] strips them', () => {
    const a = ok(serverSideApply({ patch: cmPatch({ a: '1' }), manager: 'm1', force: false, now: 't0', type: cm }));
    const ignored = ok(applyUpdate({ live: a, next: { ...a, metadata: { ...a.metadata, managedFields: [] } }, manager: 'x', operation: 'Update', now: 't1', type: cm }));
    expect(ignored.metadata.managedFields).toEqual(a.metadata.managedFields);
    const stripped = ok(applyUpdate({ live: a, next: { ...a, metadata: { ...a.metadata, managedFields: [{}] } }, manager: 'x', operation: 'Update', now: 't1', type: cm }));
    expect(stripped.metadata.managedFields).toBeUndefined();
  });
});
