// Verdicts already computed in a session, keyed by what decides them: the manifest object (hash), the live
// object (resourceVersion, or "absent") and the field manager. Unchanged pairs are never dry-run twice.
import { createHash } from 'node:crypto';
import type { KubeObject, VerdictResult } from '../types';
import { copyResult } from './unified-view';

export type CachedVerdict = Omit<VerdictResult, 'source'>;

export function objectHash(obj: KubeObject): string {
  return createHash('sha1').update(JSON.stringify(obj)).digest('base64');
}

export class VerdictCache {
  private readonly entries = new Map<string, CachedVerdict>();
  hits = 0;

  constructor(private readonly maxEntries = 50_000) {}

  static key(desiredHash: string, liveResourceVersion: string | undefined, fieldManager: string): string {
    return `${desiredHash}|${liveResourceVersion ?? 'absent'}|${fieldManager}`;
  }

  get(key: string): CachedVerdict | undefined {
    const found = this.entries.get(key);
    if (found) this.hits++;
    return found;
  }

  set(key: string, result: VerdictResult): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    const rest = copyResult(result) as Partial<VerdictResult>;
    delete rest.source;
    this.entries.set(key, rest as CachedVerdict);
  }

  /** Whether a verdict is cached (not counted as a hit). */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
