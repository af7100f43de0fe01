// Where a diff entry sits in the manifest as it is now: the entry's kubectl-style path resolved against the current
// object (list items by merge key, so it survives edits that move items), else its `desiredPath` when that still
// exists, else the nearest existing parent (fields only the cluster has).
import { isPlainObject } from '../normalize/normalizer';
import { parseDiffPath, resolveSegments } from '../ownership/diff-path';
import type { DiffEntry, FieldPath, KubeObject } from '../types';

export interface FieldAnchor {
  path: FieldPath;
  /** False when `path` is a parent of the entry's field (the field is not in the manifest). */
  exact: boolean;
}

export function hasPath(obj: unknown, path: FieldPath): boolean {
  let v: unknown = obj;
  for (const s of path) {
    if (typeof s === 'number') {
      if (!Array.isArray(v) || s >= v.length) return false;
      v = v[s];
    } else {
      if (!isPlainObject(v) || !Object.prototype.hasOwnProperty.call(v, s)) return false;
      v = v[s];
    }
  }
  return true;
}

export function valueAt(obj: unknown, path: FieldPath): unknown {
  let v: unknown = obj;
  for (const s of path) v = (v as Record<string | number, unknown> | undefined)?.[s];
  return v;
}

export function anchorEntry(entry: Pick<DiffEntry, 'path' | 'desiredPath' | 'change'>, obj: KubeObject): FieldAnchor {
  const segments = parseDiffPath(entry.path) ?? [];
  const exact = segments.length ? resolveSegments(obj, segments) : undefined;
  if (exact) return { path: exact, exact: true };
  const dp = entry.desiredPath;
  if (dp && entry.change !== 'removed' && hasPath(obj, dp)) return { path: dp, exact: true };
  let parent: FieldPath = [];
  for (let n = segments.length - 1; n > 0; n--) {
    const p = resolveSegments(obj, segments.slice(0, n));
    if (p) {
      parent = p;
      break;
    }
  }
  // A removed entry's desiredPath is the closest place the manifest has (e.g. stringData for a Secret's data.x).
  if (dp && hasPath(obj, dp) && dp.length > parent.length) parent = dp;
  return { path: parent, exact: false };
}
