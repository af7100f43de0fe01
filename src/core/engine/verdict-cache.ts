// Verdicts already computed in a session, keyed by what decides them: the manifest object (hash), the field manager
// and the live object (resourceVersion, or "absent"). Unchanged pairs are never dry-run twice.
//
// Bounded: a manifest object (hash + field manager) keeps only the verdict for the newest live version seen (a new
// resourceVersion replaces the entry of the previous one, so a busy cluster's stream of updates does not pile up
// entries), and the least recently used entries go first beyond `maxEntries` (old manifest contents after edits).
import { createHash } from 'node:crypto';
import type { KubeObject, VerdictResult } from '../types';
import { copyResult } from './unified-view';

export type CachedVerdict = Omit<VerdictResult, 'source'>;

export function objectHash(obj: KubeObject): string {
  return createHash('sha1').update(JSON.stringify(obj)).digest('base64');
}

/** Separates the live resourceVersion from the rest of a key (neither a hash nor a manager name holds a NUL). */
const LIVE = '\u0000';

export class VerdictCache {
  /** Key → verdict, least recently used first. */
  private readonly entries = new Map<string, CachedVerdict>();
  /** Manifest object (key without the live version) → the key of its one entry. */
  private readonly slots = new Map<string, string>();
  hits = 0;

  constructor(private readonly maxEntries = 50_000) {}

  static key(desiredHash: string, liveResourceVersion: string | undefined, fieldManager: string): string {
    return `${desiredHash}|${fieldManager}${LIVE}${liveResourceVersion ?? 'absent'}`;
  }

  get(key: string): CachedVerdict | undefined {
    const found = this.entries.get(key);
    if (!found) return undefined;
    this.hits++;
    this.entries.delete(key); // most recently used last
    this.entries.set(key, found);
    return found;
  }

  set(key: string, result: VerdictResult): void {
    const slot = slotOf(key);
    const previous = this.slots.get(slot);
    if (previous !== undefined) this.entries.delete(previous);
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) this.evictOldest();
    const rest = copyResult(result) as Partial<VerdictResult>;
    delete rest.source;
    this.entries.set(key, rest as CachedVerdict);
    this.slots.set(slot, key);
  }

  /** Whether a verdict is cached (not counted as a hit). */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private evictOldest(): void {
    const oldest = this.entries.keys().next().value as string;
    this.entries.delete(oldest);
    const slot = slotOf(oldest);
    if (this.slots.get(slot) === oldest) this.slots.delete(slot);
  }
}

function slotOf(key: string): string {
  const at = key.lastIndexOf(LIVE);
  return at < 0 ? key : key.slice(0, at);
}
