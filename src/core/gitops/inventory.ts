// Flux's inventory: what a Kustomization applied last (`status.inventory.entries`), i.e. what it would prune.
import type { KubeObject, ObjectRef } from '../types';
import { arrayField, isRecord } from './object-fields';

/**
 * Refs of a live Flux Kustomization's inventory. Entry ids are `<namespace>_<name>_<group>_<Kind>` (namespace
 * and group empty for cluster-scoped and core objects), `v` is the version. Malformed entries are skipped.
 */
export function fluxInventoryRefs(kustomization: KubeObject): ObjectRef[] {
  const refs: ObjectRef[] = [];
  for (const entry of arrayField(kustomization, 'status', 'inventory', 'entries')) {
    if (!isRecord(entry) || typeof entry.id !== 'string') continue;
    const ref = parseInventoryId(entry.id, typeof entry.v === 'string' ? entry.v : '');
    if (ref) refs.push(ref);
  }
  return refs;
}

export function parseInventoryId(id: string, version: string): ObjectRef | undefined {
  const parts = id.split('_');
  if (parts.length !== 4) return undefined;
  const [namespace, name, group, kind] = parts;
  if (!name || !kind || !version) return undefined;
  return { apiVersion: group ? `${group}/${version}` : version, kind, ...(namespace ? { namespace } : {}), name };
}

/** The inventory id Flux uses for an object. */
export function inventoryId(ref: ObjectRef): string {
  const slash = ref.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : ref.apiVersion.slice(0, slash);
  return `${ref.namespace ?? ''}_${ref.name}_${group}_${ref.kind}`;
}

/**
 * What Flux would prune: inventory entries the rendered objects no longer contain (compared by group, kind,
 * namespace and name: a version change is not a prune). Empty when the Kustomization does not prune.
 */
export function fluxPruneCandidates(kustomization: KubeObject, desired: readonly ObjectRef[]): ObjectRef[] {
  if (isRecord(kustomization.spec) && kustomization.spec.prune === false) return [];
  const wanted = new Set(desired.map(inventoryId));
  return fluxInventoryRefs(kustomization).filter((ref) => !wanted.has(inventoryId(ref)));
}
