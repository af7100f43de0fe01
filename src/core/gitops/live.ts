// Reads an operator's live objects through the product's cluster client: its own status object, and the
// objects it would prune (Flux inventory, else its tracking selector over the types the unit uses).
import type { ClusterClient } from '../cluster/client';
import type { ResourceMapper } from '../cluster/discovery';
import { KubeApiError } from '../cluster/http';
import type { KubeObject, ObjectRef } from '../types';
import { ARGO_TRACKING_ANNOTATION, parseArgoTrackingId } from './argo';
import { fluxInventoryRefs, fluxPruneCandidates, inventoryId } from './inventory';
import type { GitOpsUnit } from './types';

/** The live Flux Kustomization / HelmRelease / Argo CD Application of a unit; undefined when absent or not served. */
export async function fetchUnitOwner(unit: GitOpsUnit, client: ClusterClient, mapper: ResourceMapper, signal?: AbortSignal): Promise<KubeObject | undefined> {
  const { ref } = unit.owner;
  const info = await mapper.resolve(ref.apiVersion, ref.kind);
  if (!info) return undefined;
  try {
    return await client.get(info, ref.namespace, ref.name, signal);
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 404) return undefined;
    throw error;
  }
}

/**
 * Live objects the unit's operator manages that the rendered objects (`desired`) no longer have: what
 * Flux would prune (its inventory, when the live Kustomization has one) or Argo CD shows as "requires pruning"
 * (objects carrying its tracking label, among the types in `desired`).
 */
export async function unitOrphans(
  unit: GitOpsUnit,
  desired: readonly ObjectRef[],
  client: ClusterClient,
  mapper: ResourceMapper,
  signal?: AbortSignal,
  /** The live owner object when the caller has already read it. */
  owner?: KubeObject,
): Promise<ObjectRef[]> {
  if (unit.orphans.inventory) {
    const live = owner ?? (await fetchUnitOwner(unit, client, mapper, signal));
    if (live && fluxInventoryRefs(live).length > 0) return fluxPruneCandidates(live, desired);
  }
  const wanted = new Set(desired.map(inventoryId));
  const types = new Map<string, { apiVersion: string; kind: string }>();
  for (const ref of desired) types.set(`${ref.apiVersion}/${ref.kind}`, ref);
  const out: ObjectRef[] = [];
  for (const { apiVersion, kind } of types.values()) {
    const info = await mapper.resolve(apiVersion, kind);
    if (!info) continue;
    const { items } = await client.list(info, { labelSelector: unit.orphans.selector || undefined, signal });
    for (const o of items) {
      if (unit.orphans.argoApp && !trackedBy(o, unit.orphans.argoApp)) continue;
      const ref = { apiVersion, kind, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}), name: o.metadata.name ?? '' };
      const owned = Array.isArray(o.metadata.ownerReferences) && (o.metadata.ownerReferences as Array<{ controller?: boolean }>).some((r) => r.controller);
      if (!wanted.has(inventoryId(ref)) && !owned) out.push(ref);
    }
  }
  return out;
}

/** Argo CD annotation tracking: the object's tracking-id names the Application. */
function trackedBy(o: KubeObject, app: string): boolean {
  const id = o.metadata.annotations?.[ARGO_TRACKING_ANNOTATION];
  return typeof id === 'string' && parseArgoTrackingId(id)?.app === app;
}
