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
