// What the live object would look like with the manifest's fields laid over it, by the same rules as
// offlineDiff (merge keys, sets, atomic lists, quantities by value, zero values/empties as absent).
// unifiedDiff(live, offlineMerged(desired, live)) then shows exactly the offline differences.
import type { KubeObject } from '../types';
import {
  base64Equal,
  isEffectivelyEmpty,
  isPlainObject,
  isZeroScalar,
  LAST_APPLIED_ANNOTATION,
  Normalizer,
  secretAsStored,
  SERVER_METADATA_FIELDS,
} from '../normalize/normalizer';
import type { HintNode, TypeHints } from '../normalize/type-hints';

export function offlineMerged(
  desired: KubeObject,
  live: KubeObject,
  opts: { hints?: TypeHints; compareStatus?: boolean } = {},
): KubeObject {
  const n = new Normalizer(desired, opts.hints);
  const d = structuredClone(secretAsStored(desired)) as Record<string, unknown>;
  delete d.apiVersion;
  delete d.kind;
  if (!opts.compareStatus) delete d.status;
  if (isPlainObject(d.metadata)) {
    const meta = d.metadata;
    for (const f of SERVER_METADATA_FIELDS) delete meta[f];
    if (isPlainObject(meta.annotations)) delete meta.annotations[LAST_APPLIED_ANNOTATION];
  }
  const secretData = desired.kind === 'Secret' ? d.data : undefined;
  if (desired.kind === 'Secret') delete d.data; // laid over below, compared by bytes
  const merged = overlay(n, d, structuredClone(live), n.root, []) as KubeObject;
  if (isPlainObject(secretData)) {
    const data: Record<string, unknown> = isPlainObject(merged.data) ? merged.data : {};
    for (const [k, v] of Object.entries(secretData)) {
      if (v === null || v === undefined || base64Equal(v, data[k])) continue;
      data[k] = v;
    }
    if (Object.keys(data).length) merged.data = data;
  }
  return merged;
}

function overlay(n: Normalizer, d: unknown, l: unknown, node: HintNode | undefined, fields: string[]): unknown {
  if (d === null || d === undefined) return l;
  if (isPlainObject(d)) {
    if (isEffectivelyEmpty(d)) return l;
    if (l !== undefined && l !== null && !isPlainObject(l)) return d;
    const base: Record<string, unknown> = isPlainObject(l) ? { ...l } : {};
    for (const [k, dv] of Object.entries(d)) {
      const v = overlay(n, dv, base[k], n.child(node, k), [...fields, k]);
      if (v === undefined) delete base[k];
      else base[k] = v;
    }
    if (node?.atomicMap && !node.fields) for (const k of Object.keys(base)) if (!(k in d)) delete base[k];
    return base;
  }
  if (Array.isArray(d)) {
    const kind = n.listKind(node);
    const augmented = n.isServerAugmentedList(fields);
    if (d.length === 0) return (kind === 'atomic' || kind === 'unknown') && !augmented ? undefined : l;
    if (!Array.isArray(l)) return d;
    const itemFields = [...fields.slice(0, -1), `${fields[fields.length - 1]}[]`];
    if (kind === 'map') {
      const keys = node!.listKeys!;
      const out = [...l];
      const byKey = n.keyedList(out, keys);
      for (const item of d) {
        if (item === null || item === undefined) continue;
        const j = byKey.find(n.listItemKey(item, keys));
        if (j < 0) byKey.add(item, out.push(item) - 1);
        else byKey.add((out[j] = overlay(n, item, out[j], node?.item, itemFields)), j);
      }
      return out;
    }
    if (kind === 'set') {
      const out = [...l];
      for (const v of d) if (v !== null && v !== undefined && !out.some((x) => n.scalarsEqual(v, x, node?.item))) out.push(v);
      return out;
    }
    const out = d.map((item, i) => (i < l.length ? overlay(n, item, l[i], node?.item, itemFields) : item));
    return augmented ? [...out, ...l.slice(d.length)] : out;
  }
  if (l === undefined || l === null) return isZeroScalar(d) ? l : n.normalizeValue(d, node);
  return n.scalarsEqual(d, l, node) ? l : n.normalizeValue(d, node);
}
