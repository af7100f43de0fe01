import { describe, expect, it } from 'vitest';
import { detectFieldManager, ownsExactly } from '../../../src/core/ownership/field-manager';
import type { KubeObject, ManagedFieldsEntry } from '../../../src/core/types';
import { liveFixture, manifestFixture } from './fixtures';

/** A Flux-managed copy of a recorded object: the applier renamed, plus extra managers. */
function fluxLike(extra: ManagedFieldsEntry[] = []): KubeObject {
  const live = liveFixture('deploy-after-ssa-create');
  const mf = live.metadata.managedFields!;
  mf[0]!.manager = 'kustomize-controller';
  mf.push(
    { manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', time: '2026-11-24T20:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:team': {} } } } },
    ...extra,
  );
  return live;
}

describe('detectFieldManager', () => {
  it('picks the applier owning most fields', () => {
    expect(detectFieldManager(liveFixture('deploy-after-ssa-create'))).toBe('gitops-test');
    expect(detectFieldManager(fluxLike())).toBe('kustomize-controller');
    const argo = fluxLike();
    argo.metadata.managedFields![0]!.manager = 'argocd-controller';
    expect(detectFieldManager(argo)).toBe('argocd-controller');
  });

  it('ignores Update and subresource entries', () => {
    const live = fluxLike([
      { manager: 'big-updater', operation: 'Update', apiVersion: 'apps/v1', time: '2026-11-24T21:00:00Z', fieldsType: 'FieldsV1', fieldsV1: liveFixture('deploy-after-ssa-create').metadata.managedFields![0]!.fieldsV1 },
      { manager: 'status-applier', operation: 'Apply', subresource: 'status', fieldsType: 'FieldsV1', fieldsV1: { 'f:status': { 'f:a': {}, 'f:b': {}, 'f:c': {}, 'f:d': {}, 'f:e': {}, 'f:f': {}, 'f:g': {}, 'f:h': {}, 'f:i': {}, 'f:j': {}, 'f:k': {}, 'f:l': {}, 'f:m': {}, 'f:n': {}, 'f:o': {}, 'f:p': {}, 'f:q': {} } } },
    ]);
    expect(detectFieldManager(live)).toBe('kustomize-controller');
  });

  it('falls back without live object or appliers', () => {
    expect(detectFieldManager(undefined)).toBe('converge');
    expect(detectFieldManager(undefined, 'x')).toBe('x');
    expect(detectFieldManager(liveFixture('service-client-side-applied'))).toBe('converge');
  });

  it('breaks ties by the most recent apply', () => {
    const live: KubeObject = {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', managedFields: [
        { manager: 'a', operation: 'Apply', time: '2026-01-01T00:00:00Z', fieldsV1: { 'f:data': { 'f:x': {} } } },
        { manager: 'b', operation: 'Apply', time: '2026-02-01T00:00:00Z', fieldsV1: { 'f:data': { 'f:x': {} } } },
      ] },
    };
    expect(detectFieldManager(live)).toBe('b');
  });
});

describe('ownsExactly', () => {
  it('holds for the SSA-created Deployment and its manifest (port protocol defaulted in the key)', () => {
    expect(ownsExactly(liveFixture('deploy-after-ssa-create'), 'gitops-test', manifestFixture('deploy-web'))).toBe(true);
    expect(ownsExactly(liveFixture('deploy-after-ssa-create'), 'gitops-test', { ...manifestFixture('deploy-web') })).toBe(true);
  });

  it('fails when another manager took a field (kubectl edit, HPA scale)', () => {
    expect(ownsExactly(liveFixture('deploy-after-kubectl-edit'), 'gitops-test', manifestFixture('deploy-web'))).toBe(false);
    expect(ownsExactly(liveFixture('deploy-scaled-by-hpa'), 'gitops-test', manifestFixture('deploy-api'))).toBe(false);
    const withoutReplicas = manifestFixture('deploy-api');
    delete (withoutReplicas.spec as Record<string, unknown>).replicas;
    expect(ownsExactly(liveFixture('deploy-scaled-by-hpa'), 'gitops-test', withoutReplicas)).toBe(true);
  });

  it('fails when the manifest adds or drops a field', () => {
    const live = liveFixture('deploy-after-ssa-create');
    const added = manifestFixture('deploy-web');
    (added.metadata.labels as Record<string, string>).extra = 'x';
    expect(ownsExactly(live, 'gitops-test', added)).toBe(false);
    const dropped = manifestFixture('deploy-web');
    delete (dropped.metadata.labels as Record<string, string>).team;
    expect(ownsExactly(live, 'gitops-test', dropped)).toBe(false);
    const droppedEnv = manifestFixture('deploy-web') as any;
    droppedEnv.spec.template.spec.containers[0].env.pop();
    expect(ownsExactly(live, 'gitops-test', droppedEnv)).toBe(false);
  });

  it('is conservative about unknowns', () => {
    const live = liveFixture('deploy-after-ssa-create');
    const m = manifestFixture('deploy-web');
    expect(ownsExactly(undefined, 'gitops-test', m)).toBe(false);
    expect(ownsExactly(live, 'someone-else', m)).toBe(false);
    expect(ownsExactly(live, 'kube-controller-manager', m)).toBe(false); // Update, not Apply
    expect(ownsExactly(live, 'gitops-test', { ...m, apiVersion: 'apps/v1beta1' })).toBe(false);
    expect(ownsExactly(live, 'gitops-test', { ...m, status: {} })).toBe(false);
    const withNull = manifestFixture('deploy-web') as any;
    withNull.spec.paused = null;
    expect(ownsExactly(live, 'gitops-test', withNull)).toBe(false);
    const udp = manifestFixture('deploy-web') as any;
    udp.spec.template.spec.containers[0].ports[0].protocol = 'UDP';
    expect(ownsExactly(live, 'gitops-test', udp)).toBe(false);
    const twoEntries = liveFixture('deploy-after-ssa-create');
    twoEntries.metadata.managedFields!.push({ ...twoEntries.metadata.managedFields![0]!, apiVersion: 'apps/v1beta2' });
    expect(ownsExactly(twoEntries, 'gitops-test', m)).toBe(false);
  });

  it('handles set items by value (custom resource)', () => {
    const widget = liveFixture('widget-after-status');
    const manifest: KubeObject = {
      apiVersion: 'rec.example.com/v1', kind: 'Widget', metadata: { name: widget.metadata.name!, namespace: widget.metadata.namespace! },
      spec: { cpu: '0.5', ports: [{ name: 'http', port: 80 }], replicas: 2, settings: { custom: { anything: true, nested: [1, 2] } }, tags: ['a', 'b'] },
    };
    expect(ownsExactly(widget, 'gitops-test', manifest)).toBe(true);
    (manifest.spec as { tags: string[] }).tags = ['a', 'c'];
    expect(ownsExactly(widget, 'gitops-test', manifest)).toBe(false);
  });
});
