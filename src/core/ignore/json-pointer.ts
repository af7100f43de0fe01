// RFC 6901 JSON pointers, as used by Argo CD's `ignoreDifferences.jsonPointers`.

import type { FieldPath } from '../types';

/**
 * Splits a JSON pointer into unescaped reference tokens (`~1` → `/`, then `~0` → `~`). `""` is the whole document
 * (no tokens). Returns undefined for text that is not a pointer (does not start with `/`, or has a bad `~` escape).
 */
export function parseJsonPointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  const tokens = pointer.slice(1).split('/');
  if (tokens.some((t) => /~(?![01])/.test(t))) return undefined;
  return tokens.map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Formats a path as a JSON pointer (`~` → `~0`, `/` → `~1`). */
export function formatJsonPointer(path: FieldPath): string {
  return path.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * Whether the pointer addresses `path` or one of its ancestors (a pointer to a subtree covers everything under it).
 * Array indices compare by their decimal spelling, so `/spec/containers/0` covers `['spec', 'containers', 0, 'image']`.
 */
export function pointerCovers(tokens: readonly string[], path: FieldPath): boolean {
  if (tokens.length > path.length) return false;
  return tokens.every((t, i) => String(path[i]) === t);
}

/**
 * A copy of `value` without the element the tokens address (object key deleted, array item spliced out), or
 * `value` itself when the tokens address nothing in it.
 */
export function removeAtPointer(value: unknown, tokens: readonly string[]): unknown {
  if (tokens.length === 0) return undefined;
  const [head, ...rest] = tokens as [string, ...string[]];
  if (Array.isArray(value)) {
    if (!/^(0|[1-9]\d*)$/.test(head)) return value;
    const i = Number(head);
    if (i >= value.length) return value;
    const copy = value.slice();
    if (rest.length === 0) copy.splice(i, 1);
    else {
      const inner = removeAtPointer(value[i], rest);
      if (inner === value[i]) return value;
      copy[i] = inner;
    }
    return copy;
  }
  if (typeof value === 'object' && value !== null) {
    const obj = value as Record<string, unknown>;
    if (!Object.prototype.hasOwnProperty.call(obj, head)) return value;
    const copy = { ...obj };
    if (rest.length === 0) delete copy[head];
    else {
      const inner = removeAtPointer(obj[head], rest);
      if (inner === obj[head]) return value;
      copy[head] = inner;
    }
    return copy;
  }
  return value;
}
