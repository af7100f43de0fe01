import { describe, expect, it } from 'vitest';
import { annotateOwners, ownerOf, ownersOf, resolveLivePath } from '../../../src/core/ownership/owners';
import type { DiffEntry, KubeObject } from '../../../src/core/types';
import { liveFixture } from './fixtures';

const IMAGE = 'spec.template.spec.containers[name="app"].image';

describe('ownerOf', () => {
  it('after kubectl edit, the image belongs to kubectl-edit (Update)', () => {
    const live = liveFixture('deploy-after-kubectl-edit');
    expect(ownerOf(live, resolveLivePath(live, IMAGE)!)).toEqual({
      manager: 'kubectl-edit',
      operation: 'Update',
      time: '2026-11-24T19:06:10Z',
    });
    // Other container fields still belong to the applier.
    expect(ownerOf(live, resolveLivePath(live, 'spec.template.spec.containers[name="app"].name')!)?.manager).toBe('gitops-test');
  });

  it('replicas raised by the HPA belong to kube-controller-manager via the scale subresource', () => {
    const live = liveFixture('deploy-scaled-by-hpa');
    expect(ownerOf(live, ['spec', 'replicas'])).toEqual({
      manager: 'kube-controller-manager',
      operation: 'Update',
      subresource: 'scale',
    });
  });

  it('replicas changed through /scale by another manager (kubectl scale style)', () => {
    const live = liveFixture('deploy-after-scale-by-rec-scaler');
    expect(ownerOf(live, ['spec', 'replicas'])).toEqual({ manager: 'rec-scaler', operation: 'Update', subresource: 'scale' });
  });

  it('status and controller annotations belong to the status writer', () => {
    const live = liveFixture('deploy-after-kubectl-edit');
    expect(ownerOf(live, ['status', 'conditions', 0, 'reason'])).toEqual(
      expect.objectContaining({ manager: 'kube-controller-manager', subresource: 'status' }),
    );
    expect(ownerOf(live, resolveLivePath(live, 'metadata.annotations["deployment.kubernetes.io/revision"]')!)?.manager).toBe(
      'kube-controller-manager',
    );
  });

  it('atomic fields own their whole subtree; defaulted fields have no owner', () => {
    const live = liveFixture('deploy-after-ssa-create');
    expect(ownerOf(live, ['spec', 'selector', 'matchLabels', 'app'])?.manager).toBe('gitops-test');
    expect(ownerOf(live, ['spec', 'revisionHistoryLimit'])).toBeUndefined();
    expect(ownerOf(live, ['spec', 'template', 'spec', 'containers', 0, 'ports', 0, 'protocol'])).toBeUndefined();
  });

  it('co-owning appliers: the most recent one with a time wins; all are listed', () => {
    const live = liveFixture('deploy-final-shared-owners');
    const owners = ownersOf(live, ['metadata', 'labels', 'team']).map((o) => o.manager);
    expect(owners).toEqual(['gitops-test', 'other-applier']);
    expect(ownerOf(live, ['metadata', 'labels', 'app'])?.manager).toBe('gitops-test');
    expect(ownerOf(live, resolveLivePath(live, 'metadata.annotations["example.com/owner-note"]')!)?.manager).toBe('rec-annotator');
  });

  it('an Update co-owner beats an Apply co-owner, later entries break ties', () => {
    const live = liveFixture('deploy-after-ssa-create');
    const mf = live.metadata.managedFields!;
    mf.push(
      { manager: 'flux', operation: 'Update', apiVersion: 'apps/v1', time: '2026-11-24T19:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
      { manager: 'late-applier', operation: 'Apply', apiVersion: 'apps/v1', time: '2026-11-24T20:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
    );
    expect(ownersOf(live, ['spec', 'replicas']).map((o) => o.manager)).toEqual(['flux', 'late-applier', 'gitops-test']);
  });

  it('works on client-side-applied Services (defaulted protocol in the key)', () => {
    const svc = liveFixture('service-client-side-applied');
    const p = resolveLivePath(svc, 'spec.ports[port=80,protocol="TCP"].targetPort')!;
    expect(p).toEqual(['spec', 'ports', 0, 'targetPort']);
    expect(ownerOf(svc, p)).toEqual({ manager: 'kubectl-client-side-apply', operation: 'Update', time: '2026-11-24T19:06:14Z' });
    expect(ownerOf(svc, ['spec', 'clusterIP'])).toBeUndefined();
  });

  it('ignores objects without managedFields and odd entries', () => {
    const bare: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: '1' } };
    expect(ownerOf(bare, ['data', 'a'])).toBeUndefined();
    bare.metadata.managedFields = [{ operation: 'Apply', fieldsV1: { 'f:data': {} } }, { manager: 'm', fieldsType: 'FieldsV2', fieldsV1: { 'f:data': {} } }];
    expect(ownerOf(bare, ['data', 'a'])).toBeUndefined();
  });
});

describe('annotateOwners', () => {
  it('fills owners from kubectl-style paths and leaves unowned / added entries alone', () => {
    const live = liveFixture('deploy-after-kubectl-edit');
    const entries: DiffEntry[] = [
      { path: IMAGE, change: 'changed', desired: 'nginx:1.25.3', live: 'nginx:1.25.4' },
      { path: 'spec.replicas', change: 'changed', desired: 3, live: 2 },
      { path: 'metadata.labels.owner', change: 'added', desired: 'me' },
      { path: 'spec.template.spec.containers[name="app"].imagePullPolicy', change: 'removed', live: 'IfNotPresent' },
      { path: 'not a [valid path', change: 'changed', desiredPath: ['metadata', 'labels', 'team'] },
    ];
    const out = annotateOwners(entries, live);
    expect(out.map((e) => e.owner?.manager)).toEqual(['kubectl-edit', 'gitops-test', undefined, undefined, 'gitops-test']);
    expect(entries[0]!.owner).toBeUndefined(); // input not mutated
    expect(annotateOwners(entries, undefined)).toEqual(entries);
  });
});

describe('Secrets', () => {
  // managedFields as recorded for a Secret applied with stringData (values here are fake).
  const secret: KubeObject = {
    apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n', managedFields: [
      { manager: 'gitops-test', operation: 'Apply', apiVersion: 'v1', time: '2026-11-24T19:06:34Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:stringData': { 'f:password': {}, 'f:username': {} } } },
    ] },
    type: 'Opaque',
    data: { password: 'ZmFrZQ==', username: 'ZmFrZQ==', extra: 'ZmFrZQ==' },
  };
  it('data.<key> is owned by whoever applied stringData.<key>', () => {
    const out = annotateOwners([
      { path: 'data.password', change: 'changed', desired: '***', live: '***', masked: true },
      { path: 'data.extra', change: 'removed', live: '***', masked: true },
    ], secret);
    expect(out.map((e) => e.owner?.manager)).toEqual(['gitops-test', undefined]);
  });
});


describe('Flux-like object (kustomize-controller applies, HPA scales, someone edits)', () => {
  it('reports each field by its real owner', () => {
    const live = liveFixture('deploy-scaled-by-hpa');
    const mf = live.metadata.managedFields!;
    mf[0]!.manager = 'kustomize-controller';
    // kubectl edit of the image: the Update takes the field away from the applier.
    const app = (mf[0]!.fieldsV1 as any)['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"app"}'];
    delete app['f:image'];
    mf.push({ manager: 'kubectl-edit', operation: 'Update', apiVersion: 'apps/v1', time: '2026-11-24T19:10:00Z', fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { 'f:image': {} } } } } } } });
    const out = annotateOwners([
      { path: 'spec.replicas', change: 'changed', desired: 1, live: 2 },
      { path: IMAGE, change: 'changed', desired: 'nginx:1.25.3', live: 'nginx:1.26' },
      { path: 'spec.template.spec.containers[name="app"].resources.requests.cpu', change: 'changed', desired: '200m', live: '100m' },
    ], live);
    expect(out.map((e) => [e.owner?.manager, e.owner?.subresource])).toEqual([
      ['kube-controller-manager', 'scale'],
      ['kubectl-edit', undefined],
      ['kustomize-controller', undefined],
    ]);
  });
});
