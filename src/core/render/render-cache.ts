// Remembers render outputs by the size and modification time of every input file, so re-checks after a save
// only run kustomize/helm for what changed. One cache per workspace session, owned by the caller.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Kustomization } from './kustomization-file';

export class RenderCache<T = unknown> {
  private readonly entries = new Map<string, { fingerprint: string; value: T }>();

  constructor(private readonly maxEntries = 200) {}

  /** A copy of the cached value when its inputs are unchanged. */
  get(key: string, fingerprint: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.fingerprint !== fingerprint) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry); // most recently used last
    return structuredClone(entry.value);
  }

  set(key: string, fingerprint: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { fingerprint, value: structuredClone(value) });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Size and mtime of each file (or "missing"), in order. */
export function fingerprintFiles(files: Iterable<string>): string {
  const parts: string[] = [];
  for (const file of [...new Set(files)].sort()) {
    try {
      const s = statSync(file);
      parts.push(`${file}\t${s.size}\t${s.mtimeMs}`);
    } catch {
      parts.push(`${file}\tmissing`);
    }
  }
  return parts.join('\n');
}

/** Every file a kustomization tree reads, as far as its kustomization files say. */
export function kustomizationTreeFiles(tree: readonly Kustomization[]): string[] {
  return tree.flatMap((k) => [k.file, ...k.resourceFiles.map((r) => r.path), ...k.patches.flatMap((p) => (p.file ? [p.file] : [])), ...k.inputFiles]);
}

/** Every file under a folder (a Helm chart), skipping nothing: templates, values, subcharts. Bounded. */
export function filesUnder(dir: string, limit = 5000): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= limit) return;
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(full);
    }
  };
  walk(dir);
  return out;
}
