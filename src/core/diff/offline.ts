// Offline comparison: the fields the manifest lists against the live object. Fields only the live
// object has are defaults or other managers' business and do not count, except where an apply would
// replace them: extra items of atomic lists and extra keys of atomic free-form maps (Service selector).
import type { DiffEntry, FieldPath, KubeObject } from '../types';
import {
  base64Equal,
  isEffectivelyEmpty,
  isPlainObject,
  isZeroScalar,
  LAST_APPLIED_ANNOTATION,
  Normalizer,
  SERVER_METADATA_FIELDS,
  stringDataEqualsData,
} from '../normalize/normalizer';
import type { HintNode, TypeHints } from '../normalize/type-hints';
import { fieldSegment, indexSegment, keySegment, setSegment } from './path';
import { maskSecretDiff } from './secret-mask';

export interface OfflineDiffOptions {
  /** Hints to use instead of the generated ones for the object's kind. */
  hints?: TypeHints;
  /** Compare `status` too (off by default). */
  compareStatus?: boolean;
}

interface Ctx {
  n: Normalizer;
  out: DiffEntry[];
}

/**
 * Differences between a manifest and the live object, one entry per differing field (a subtree missing
 * live is one `added` entry). Secrets come back masked. Empty = converged as far as the manifest says.
 */
export function offlineDiff(desired: KubeObject, live: KubeObject, opts: OfflineDiffOptions = {}): DiffEntry[] {
  const n = new Normalizer(desired, opts.hints);
  const ctx: Ctx = { n, out: [] };
  const liveRec = live as Record<string, unknown>;
  for (const [key, dv] of Object.entries(desired)) {
    if (key === 'apiVersion' || key === 'kind') continue;
    if (key === 'status' && !opts.compareStatus) continue;
    if (desired.kind === 'Secret' && (key === 'data' || key === 'stringData')) continue;
    if (key === 'metadata') {
      diffMetadata(ctx, dv, liveRec.metadata);
      continue;
    }
    walk(ctx, dv, liveRec[key], n.child(n.root, key), fieldSegment('', key), [key], [key]);
  }
  if (desired.kind === 'Secret') diffSecretData(ctx, desired, live);
  return maskSecretDiff(ctx.out, desired);
}

function diffMetadata(ctx: Ctx, dMeta: unknown, lMeta: unknown): void {
  if (!isPlainObject(dMeta)) return;
  const node = ctx.n.child(ctx.n.root, 'metadata');
  const lm = isPlainObject(lMeta) ? lMeta : {};
  for (const [key, dv] of Object.entries(dMeta)) {
    if (SERVER_METADATA_FIELDS.has(key)) continue;
    let value = dv;
    if (key === 'annotations' && isPlainObject(dv) && LAST_APPLIED_ANNOTATION in dv) {
      value = { ...dv };
      delete (value as Record<string, unknown>)[LAST_APPLIED_ANNOTATION];
    }
    walk(ctx, value, lm[key], ctx.n.child(node, key), fieldSegment('metadata', key), ['metadata', key], [
      'metadata',
      key,
    ]);
  }
}

/** Secret: desired `stringData` (plain) and `data` (base64) against live `data`, by bytes. */
function diffSecretData(ctx: Ctx, desired: KubeObject, live: KubeObject): void {
  const liveData = isPlainObject(live.data) ? live.data : {};
  const stringData = isPlainObject(desired.stringData) ? desired.stringData : {};
  const data = isPlainObject(desired.data) ? desired.data : {};
  for (const [k, v] of Object.entries(data)) {
    if (v === null || v === undefined || k in stringData) continue;
    compareSecretKey(ctx, k, v, liveData[k], ['data', k], base64Equal(v, liveData[k]));
  }
  for (const [k, v] of Object.entries(stringData)) {
    if (v === null || v === undefined) continue;
    compareSecretKey(ctx, k, v, liveData[k], ['stringData', k], stringDataEqualsData(v, liveData[k]));
  }
}

function compareSecretKey(ctx: Ctx, key: string, dv: unknown, lv: unknown, dpath: FieldPath, equal: boolean): void {
  if (equal) return;
  const path = fieldSegment('data', key);
  if (lv === undefined || lv === null) {
    if (dv === '') return;
    ctx.out.push({ path, desiredPath: dpath, change: 'added', desired: dv });
  } else ctx.out.push({ path, desiredPath: dpath, change: 'changed', desired: dv, live: lv });
}

function walk(
  ctx: Ctx,
  d: unknown,
  l: unknown,
  node: HintNode | undefined,
  path: string,
  dpath: FieldPath,
  fields: string[],
): void {
  const { n, out } = ctx;
  if (d === null || d === undefined) return;

  if (isPlainObject(d)) {
    if (isEffectivelyEmpty(d)) return;
    if (l !== undefined && l !== null && !isPlainObject(l)) {
      out.push({ path, desiredPath: dpath, change: 'changed', desired: d, live: l });
      return;
    }
    // A map missing live: its fields are reported one by one (each has its own source range).
    if (!isPlainObject(l)) l = {};
    const lm = l as Record<string, unknown>;
    for (const [k, dv] of Object.entries(d)) {
      walk(ctx, dv, lm[k], n.child(node, k), fieldSegment(path, k), [...dpath, k], [...fields, k]);
    }
    if (node?.atomicMap && !node.fields) {
      // A free-form atomic map (Service selector) is replaced whole by an apply.
      for (const [k, lv] of Object.entries(lm)) {
        if (!(k in d) && lv !== null && lv !== undefined) {
          out.push({ path: fieldSegment(path, k), desiredPath: dpath, change: 'removed', live: lv });
        }
      }
    }
    return;
  }

  if (Array.isArray(d)) {
    const kind = n.listKind(node);
    const augmented = n.isServerAugmentedList(fields);
    const itemNode = node?.item;
    if (d.length === 0) {
      if (Array.isArray(l) && l.length > 0 && (kind === 'atomic' || kind === 'unknown') && !augmented) {
        out.push({ path, desiredPath: dpath, change: 'changed', desired: [], live: l });
      }
      return;
    }
    if (!Array.isArray(l)) {
      if (l === undefined || l === null) out.push({ path, desiredPath: dpath, change: 'added', desired: d });
      else out.push({ path, desiredPath: dpath, change: 'changed', desired: d, live: l });
      return;
    }
    const itemFields = [...fields.slice(0, -1), `${fields[fields.length - 1]}[]`];
    if (kind === 'map') {
      const keys = node!.listKeys!;
      d.forEach((item, i) => {
        if (item === null || item === undefined) return;
        const key = n.listItemKey(item, keys);
        const seg = key.length ? keySegment(path, key) : indexSegment(path, i);
        const j = n.findByKey(l, keys, key);
        if (j < 0) out.push({ path: seg, desiredPath: [...dpath, i], change: 'added', desired: item });
        else walk(ctx, item, l[j], itemNode, seg, [...dpath, i], itemFields);
      });
      return;
    }
    if (kind === 'set') {
      d.forEach((v, i) => {
        if (v === null || v === undefined) return;
        if (!n.setIncludes(l, v, itemNode)) {
          out.push({ path: setSegment(path, v), desiredPath: [...dpath, i], change: 'added', desired: v });
        }
      });
      return;
    }
    // atomic (or no schema): by index; apply replaces the whole list.
    d.forEach((item, i) => {
      const seg = indexSegment(path, i);
      if (i >= l.length) {
        if (item !== null && item !== undefined) {
          out.push({ path: seg, desiredPath: [...dpath, i], change: 'added', desired: n.normalizeValue(item, itemNode) });
        }
      } else walk(ctx, item, l[i], itemNode, seg, [...dpath, i], itemFields);
    });
    if (!augmented) {
      for (let j = d.length; j < l.length; j++) {
        out.push({ path: indexSegment(path, j), desiredPath: dpath, change: 'removed', live: l[j] });
      }
    }
    return;
  }

  // Scalar leaf.
  if (l === undefined || l === null) {
    if (isZeroScalar(d)) return; // omitempty: the server drops "", false, 0
    out.push({ path, desiredPath: dpath, change: 'added', desired: n.normalizeValue(d, node) });
    return;
  }
  if (!n.scalarsEqual(d, l, node)) {
    out.push({ path, desiredPath: dpath, change: 'changed', desired: n.normalizeValue(d, node), live: l });
  }
}
