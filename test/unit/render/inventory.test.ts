// Flux inventory ids → refs, and what Flux would prune.
import { describe, expect, it } from 'vitest';
import { fluxInventoryRefs, fluxPruneCandidates, inventoryId, parseInventoryId } from '../../../src/core/gitops/inventory';
import type { KubeObject } from '../../../src/core/types';

const kustomization = (entries: unknown[], prune = true): KubeObject => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'apps', namespace: 'flux-system' },
  spec: { prune },
  status: { inventory: { entries } },
});

describe('Flux inventory', () => {
  it('turns entry ids into refs: namespaced, core, cluster-scoped', () => {
    const ks = kustomization([
      { id: 'shop_web_apps_Deployment', v: 'v1' },
      { id: 'shop_web__Service', v: 'v1' },
      { id: '_shop__Namespace', v: 'v1' },
      { id: '_shop-admin_rbac.authorization.k8s.io_ClusterRole', v: 'v1' },
      { id: 'broken', v: 'v1' },
      { id: 'shop_x_apps_Deployment' },
      'not an entry',
    ]);
    expect(fluxInventoryRefs(ks)).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' },
      { apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web' },
      { apiVersion: 'v1', kind: 'Namespace', name: 'shop' },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'shop-admin' },
    ]);
  });

  it('round-trips ids', () => {
    for (const id of ['shop_web_apps_Deployment', '_shop__Namespace', 'flux-system_apps_kustomize.toolkit.fluxcd.io_Kustomization']) {
      expect(inventoryId(parseInventoryId(id, 'v1')!)).toBe(id);
    }
  });

  it('has no inventory before the first reconciliation', () => {
    expect(fluxInventoryRefs({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'a' } })).toEqual([]);
  });

  it('prunes what the rendered objects no longer have; a version change is not a prune', () => {
    const ks = kustomization([
      { id: 'shop_web_apps_Deployment', v: 'v1' },
      { id: 'shop_legacy-flags__ConfigMap', v: 'v1' },
      { id: 'shop_web_autoscaling_HorizontalPodAutoscaler', v: 'v2beta2' },
    ]);
    const desired = [
      { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' },
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', namespace: 'shop', name: 'web' },
    ];
    expect(fluxPruneCandidates(ks, desired)).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'legacy-flags' }]);
    expect(fluxPruneCandidates(kustomization(ks.status && (ks.status as any).inventory.entries, false), desired)).toEqual([]);
  });
});
