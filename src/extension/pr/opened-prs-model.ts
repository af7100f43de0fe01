// Pull requests opened from this workspace, by the resources they change: what the Drift view shows as "PR #12".
// Pure: no vscode import; kept in a Memento-like store so they survive a reload.
import { keyOfRef } from '../../core/cluster/live-cache';
import type { ObjectRef } from '../../core/types';

export interface OpenedPr {
  number: number;
  url: string;
  branch: string;
  /** The resources the PR changes (empty for a restore: see `files`). */
  refs: ObjectRef[];
  /** Absolute manifest files that went in. */
  files: string[];
  /** ISO time it was opened (or found open). */
  at: string;
}

export interface PrStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

const KEY = 'gitopsConverge.openedPrs';
const MAX = 200;

export class OpenedPrs {
  constructor(private readonly store?: PrStore) {}

  all(): OpenedPr[] {
    return this.store?.get<OpenedPr[]>(KEY) ?? this.memory;
  }

  private memory: OpenedPr[] = [];

  /** Records a PR (a newer record for the same branch replaces the older one). */
  async add(pr: OpenedPr): Promise<void> {
    const list = [pr, ...this.all().filter((p) => p.branch !== pr.branch || p.url !== pr.url)].slice(0, MAX);
    this.memory = list;
    await this.store?.update(KEY, list);
  }

  /** The latest PR changing this resource, or one changing this file. */
  forResource(ref: ObjectRef, file?: string): OpenedPr | undefined {
    const key = keyOfRef(ref);
    return this.all().find((p) => p.refs.some((r) => keyOfRef(r) === key) || (file !== undefined && p.refs.length === 0 && p.files.includes(file)));
  }

  /** `PR #12` (or `PR` for a page opened in the browser), for a tree node description. */
  labelFor(ref: ObjectRef, file?: string): string | undefined {
    const pr = this.forResource(ref, file);
    if (!pr) return undefined;
    return pr.number > 0 ? `PR #${pr.number}` : 'PR';
  }
}
