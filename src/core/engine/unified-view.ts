// The unified diff shown for a diverged object: live vs. what the apply would make of it, with the
// differences that ignore rules dropped put back to their live values so the diff shows only what counts.
import { unifiedDiff, kubectlDiffLabel } from '../diff/unified';
import { parseDiffPath, resolveSegments } from '../ownership/diff-path';
import type { DiffEntry, FieldPath, KubeObject, VerdictResult } from '../types';

/**
 * Gives `result` a `unifiedDiff` computed on first read (YAML rendering of both objects is the costliest part of a
 * verdict, and most diffs are never looked at). Spreading or serialising the result reads it.
 */
export function withLazyUnifiedDiff<T extends VerdictResult>(result: T, compute: () => string): T {
  let pending: (() => string) | undefined = compute;
  let text: string | undefined;
  Object.defineProperty(result, 'unifiedDiff', {
    enumerable: true,
    configurable: true,
    get() {
      if (pending) {
        text = pending() || undefined;
        pending = undefined; // drops the live and merged objects
      }
      return text;
    },
  });
  return result;
}

/** A copy of a result that keeps a lazy `unifiedDiff` lazy (where `{ ...result }` would compute it). */
export function copyResult<T extends object>(result: T, changes: Partial<T> = {}): T {
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(result)) as T;
  return Object.assign(copy, changes);
}

export function verdictUnifiedDiff(
  live: KubeObject,
  merged: KubeObject,
  ignored: readonly DiffEntry[],
  opts: { compareStatus?: boolean } = {},
): string {
  const view = ignored.length ? (structuredClone(merged) as KubeObject) : merged;
  for (const e of ignored) {
    const segments = parseDiffPath(e.path);
    if (!segments?.length) continue;
    const livePath = resolveSegments(live, segments);
    const viewPath = resolveSegments(view, segments);
    if (livePath && viewPath) setAt(view, viewPath, structuredClone(getAt(live, livePath)));
    else if (viewPath) deleteAt(view, viewPath);
    else if (livePath) {
      const parent = resolveSegments(view, segments.slice(0, -1));
      const key = livePath[livePath.length - 1];
      if (parent && typeof key === 'string') setAt(view, [...parent, key], structuredClone(getAt(live, livePath)));
    }
  }
  return unifiedDiff(live, view, kubectlDiffLabel(live), opts);
}

function getAt(obj: unknown, path: FieldPath): unknown {
  let v: unknown = obj;
  for (const k of path) v = (v as Record<string | number, unknown>)?.[k];
  return v;
}

function setAt(obj: unknown, path: FieldPath, value: unknown): void {
  const parent = getAt(obj, path.slice(0, -1)) as Record<string | number, unknown> | undefined;
  if (parent && typeof parent === 'object') parent[path[path.length - 1]] = value;
}

function deleteAt(obj: unknown, path: FieldPath): void {
  const parent = getAt(obj, path.slice(0, -1));
  const key = path[path.length - 1];
  if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
  else if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[key as string];
}
