// Keeping the LiveCache in step with a watch: what to watch, and a full relist replacing one type's objects.
import { groupOf, keyOfObject, type LiveCache } from '../cluster/live-cache';
import type { KubeObject, ObjectRef, ResourceInfo } from '../types';

/** Namespaces to watch (undefined = all), like LiveCache lists: per namespace up to `clusterWideAfter`, else all. */
export function watchScopes(info: ResourceInfo, refs: ObjectRef[], clusterWideAfter = 3): Array<string | undefined> {
  if (!info.namespaced) return [undefined];
  const namespaces = [...new Set(refs.map((r) => r.namespace ?? 'default'))];
  return namespaces.length > clusterWideAfter ? [undefined] : namespaces;
}

/**
 * Replaces the cached objects of one type (in one namespace, or all) with a fresh list. Returns the keys of the
 * objects that changed: new, gone, or with another resourceVersion.
 */
export function replaceLive(live: LiveCache, info: ResourceInfo, namespace: string | undefined, items: KubeObject[]): string[] {
  const fresh = new Map(items.map((o) => [keyOfObject(o), o]));
  const changed: string[] = [];
  const gone: KubeObject[] = [];
  for (const entry of live.all()) {
    const o = entry.object;
    if (o.kind !== info.kind || groupOf(o.apiVersion) !== info.group) continue;
    if (namespace !== undefined && o.metadata.namespace !== namespace) continue;
    const key = keyOfObject(o);
    const now = fresh.get(key);
    if (!now) gone.push(o);
    else if ((now.metadata.resourceVersion ?? '') === entry.resourceVersion) fresh.delete(key);
  }
  for (const o of gone) {
    live.remove(o);
    changed.push(keyOfObject(o));
  }
  for (const [key, o] of fresh) {
    live.upsert(o);
    changed.push(key);
  }
  return changed;
}
