// Finding, in the current text of a manifest, the object a verdict is about, and in a set of live objects, the one a
// manifest object describes. Identity is group + kind + name + namespace; a manifest without a namespace matches the
// defaulted one (or a cluster-scoped object).
import { groupOf } from '../ignore/ignore-rules';
import type { DesiredObject, KubeObject, ObjectRef, VerdictResult } from '../types';

function sameKind(a: { apiVersion: string; kind: string }, b: { apiVersion: string; kind: string }): boolean {
  return a.kind === b.kind && groupOf(a.apiVersion) === groupOf(b.apiVersion);
}

/** Whether a manifest object is the object `ref` names (its namespace may not be defaulted yet). */
export function objectMatchesRef(obj: KubeObject, ref: ObjectRef): boolean {
  if (!sameKind(obj, ref) || (obj.metadata?.name ?? '') !== ref.name) return false;
  const ns = obj.metadata?.namespace;
  return ns === undefined || ref.namespace === undefined || ns === ref.namespace;
}

/**
 * The object of `objects` (parsed from the current text) that `result` is about. When several match, the one at the
 * result's document/list position wins.
 */
export function findObjectForResult(objects: readonly DesiredObject[], result: VerdictResult): DesiredObject | undefined {
  const candidates = objects.filter((d) => objectMatchesRef(d.object, result.ref));
  if (candidates.length <= 1) return candidates[0];
  const at = result.source;
  return candidates.find((d) => at && d.source.docIndex === at.docIndex && d.source.listIndex === at.listIndex) ?? candidates[0];
}

/**
 * Where to look up live objects: a list (an object not in it is not in the cluster), or a function returning the
 * live object, `null` when the cluster does not have it, `undefined` when that is not known (type not cached).
 */
export type LiveLookup = readonly KubeObject[] | ((desired: KubeObject) => KubeObject | null | undefined);

/** The live object a manifest object describes; null = known absent; undefined = unknown. */
export function findLive(lookup: LiveLookup, desired: KubeObject, defaultNamespace = 'default'): KubeObject | null | undefined {
  if (typeof lookup === 'function') return lookup(desired);
  const name = desired.metadata?.name;
  const candidates = lookup.filter((l) => sameKind(l, desired) && l.metadata?.name === name);
  const ns = desired.metadata?.namespace;
  const found =
    candidates.find((l) => l.metadata?.namespace === (ns ?? defaultNamespace)) ??
    candidates.find((l) => l.metadata?.namespace === undefined);
  return found ?? null;
}
