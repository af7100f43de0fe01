// Secret values never leave the diff layer: masks like `kubectl diff` ('***', '*** (before)', '*** (after)').
import type { DiffEntry, KubeObject } from '../types';
import { base64Equal, isPlainObject, LAST_APPLIED_ANNOTATION } from '../normalize/normalizer';

export const MASK = '***';
export const MASK_BEFORE = '*** (before)';
export const MASK_AFTER = '*** (after)';

/** Paths of a Secret whose values are not secret. */
function isPlainSecretPath(path: string): boolean {
  return (
    path === 'type' ||
    path === 'immutable' ||
    path === 'apiVersion' ||
    path === 'kind' ||
    (path.startsWith('metadata') && !path.includes(LAST_APPLIED_ANNOTATION))
  );
}

function maskValue(v: unknown, mask: string): unknown {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v.map((x) => maskValue(x, mask));
  if (isPlainObject(v)) return Object.fromEntries(Object.keys(v).map((k) => [k, maskValue(v[k], mask)]));
  return mask;
}

/** Masks a metadata value that may carry the last-applied annotation (it holds the whole manifest). */
function maskMetadataValue(v: unknown): unknown {
  if (!isPlainObject(v)) return v;
  const copy: Record<string, unknown> = { ...v };
  if (LAST_APPLIED_ANNOTATION in copy) copy[LAST_APPLIED_ANNOTATION] = MASK;
  if (isPlainObject(copy.annotations)) copy.annotations = maskMetadataValue(copy.annotations);
  return copy;
}

/**
 * For `kind: Secret`, replaces every value in `entries` that could hold secret data by a mask
 * (`'*** (before)'` for live, `'*** (after)'` for desired), keeping key names and setting `masked`.
 * Other kinds come back unchanged.
 */
export function maskSecretDiff(entries: DiffEntry[], obj: Pick<KubeObject, 'kind'> | undefined): DiffEntry[] {
  if (obj?.kind !== 'Secret') return entries;
  return entries.map((e) => {
    if (isPlainSecretPath(e.path)) {
      if (!e.path.startsWith('metadata')) return e;
      return { ...e, desired: maskMetadataValue(e.desired), live: maskMetadataValue(e.live) };
    }
    const masked: DiffEntry = { ...e, masked: true };
    if ('desired' in e) masked.desired = maskValue(e.desired, MASK_AFTER);
    if ('live' in e) masked.live = maskValue(e.live, MASK_BEFORE);
    return masked;
  });
}

/** A copy of a Secret with every `data`/`stringData` value (and the last-applied annotation) masked. */
export function redactSecret<T extends KubeObject>(obj: T): T {
  if (obj.kind !== 'Secret') return obj;
  const copy = structuredClone(obj);
  for (const field of ['data', 'stringData'] as const) {
    const m = copy[field];
    if (isPlainObject(m)) (copy as Record<string, unknown>)[field] = maskValue(m, MASK);
  }
  const ann = copy.metadata?.annotations;
  if (isPlainObject(ann) && LAST_APPLIED_ANNOTATION in ann) ann[LAST_APPLIED_ANNOTATION] = MASK;
  return copy;
}

/**
 * kubectl diff masking of a Secret pair: unchanged keys `'***'` on both sides, changed keys
 * `'*** (before)'` / `'*** (after)'`. Both objects are expected in stored form (`data`, base64).
 */
export function maskSecretPair<T extends KubeObject>(live: T, merged: T): { live: T; merged: T } {
  if (live.kind !== 'Secret' && merged.kind !== 'Secret') return { live, merged };
  const l = redactSecret(live);
  const m = redactSecret(merged);
  for (const field of ['data', 'stringData'] as const) {
    const ld = isPlainObject(live[field]) ? (live[field] as Record<string, unknown>) : undefined;
    const md = isPlainObject(merged[field]) ? (merged[field] as Record<string, unknown>) : undefined;
    // A manifest being typed may hold anything there (`data: 1`): only maps have keys to mask.
    const lm = isPlainObject(l[field]) ? (l[field] as Record<string, unknown>) : undefined;
    const mm = isPlainObject(m[field]) ? (m[field] as Record<string, unknown>) : undefined;
    for (const k of new Set([...Object.keys(ld ?? {}), ...Object.keys(md ?? {})])) {
      const same = ld && md && k in ld && k in md && base64Equal(ld[k], md[k]);
      if (same) continue;
      if (lm && k in lm) lm[k] = MASK_BEFORE;
      if (mm && k in mm) mm[k] = MASK_AFTER;
    }
  }
  return { live: l, merged: m };
}
