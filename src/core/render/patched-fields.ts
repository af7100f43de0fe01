// Which fields of a base object a kustomize patch sets, so that the base file does not claim them: a
// strategic-merge patch (lists of objects matched by `name`, other lists replaced whole) or JSON6902 operations.
import { parse } from 'yaml';
import type { FieldPath } from '../types';

export interface PatchContent {
  /** A strategic-merge patch, as JSON. */
  merge?: unknown;
  /** JSON6902 operations: the pointer segments of each path (and `from` of move) they change. */
  pointers?: string[][];
}

/** Identity fields are where the user edits them even when a patch repeats them to match its target. */
const IDENTITY = ['apiVersion', 'kind', 'metadata.name', 'metadata.namespace'];

/** Reads a patch text: a list of JSON6902 operations, or a strategic-merge object. Undefined when neither. */
export function readPatchText(text: string): PatchContent | undefined {
  let value: unknown;
  try {
    value = parse(text, { maxAliasCount: 100 });
  } catch {
    return undefined;
  }
  if (Array.isArray(value)) return { pointers: jsonPatchPointers(value) };
  return isRecord(value) ? { merge: value } : undefined;
}

export function jsonPatchPointers(ops: readonly unknown[]): string[][] {
  const out: string[][] = [];
  for (const op of ops) {
    if (!isRecord(op) || op.op === 'test') continue;
    for (const key of op.op === 'move' ? ['path', 'from'] : ['path']) {
      const p = op[key];
      if (typeof p === 'string' && p.startsWith('/')) out.push(p.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')));
    }
  }
  return out;
}

/** Whether the patch sets the field at `path` of `base` (as written in the base file) or a field holding it. */
export function patchSetsField(patch: PatchContent, base: unknown, path: FieldPath): boolean {
  if (path.length === 0 || IDENTITY.includes(path.join('.'))) return false;
  if (patch.pointers?.some((pointer) => pointer.length <= path.length && pointer.every((seg, i) => seg === String(path[i])))) return true;
  return patch.merge !== undefined && mergeSets(patch.merge, base, path);
}

function mergeSets(patch: unknown, base: unknown, path: FieldPath): boolean {
  let p = patch;
  let b = base;
  for (const seg of path) {
    if (p === undefined) return false;
    if (typeof seg === 'number') {
      if (!Array.isArray(p)) return !isRecord(p);
      const item = Array.isArray(b) ? b[seg] : undefined;
      // Lists of objects with a `name` merge item by item; any other list is replaced whole.
      if (!isRecord(item) || typeof item.name !== 'string' || !p.every(isRecord)) return true;
      p = p.find((x) => isRecord(x) && x.name === item.name);
      b = item;
      continue;
    }
    if (!isRecord(p)) return true;
    p = p[seg];
    b = isRecord(b) ? b[seg] : undefined;
  }
  return p !== undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
