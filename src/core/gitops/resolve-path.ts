// Paths in Flux/Argo objects are relative to the root of their source (the repo): resolve them in the workspace.
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The absolute path `declared` names: relative to the workspace root holding `fromFile` first, then to each
 * folder between that root and the file (for repos opened one level up). Undefined when it exists nowhere.
 */
export function resolveSourcePath(declared: string, fromFile: string, roots: readonly string[]): string | undefined {
  const root = roots.map((r) => path.resolve(r)).find((r) => isInside(fromFile, r));
  const candidates: string[] = [];
  if (root) candidates.push(root);
  for (let dir = path.dirname(fromFile); root ? isInside(dir, root) : false; dir = path.dirname(dir)) {
    candidates.push(dir);
    if (dir === root || path.dirname(dir) === dir) break;
  }
  for (const base of candidates) {
    const full = path.resolve(base, declared.replace(/^\/+/, ''));
    if (existsSync(full)) return full;
  }
  return undefined;
}

export function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
