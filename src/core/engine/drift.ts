// The steps every comparison shares, whichever way the raw differences were found (dry-run, offline, while
// typing): which kinds compare status, and ignore rules → owners → Secret masks on the raw entries.
import { maskSecretDiff } from '../diff/secret-mask';
import { applyIgnoreRules } from '../ignore/ignore-rules';
import { annotateOwners } from '../ownership/owners';
import type { DiffEntry, IgnoreRule, KubeObject } from '../types';

/** Whether `status` is compared for this kind (`.converge.yaml` compareStatus lists `Kind` or `group/Kind`). */
export function wantsStatus(kinds: readonly string[], group: string, kind: string): boolean {
  return kinds.includes(kind) || kinds.includes(`${group}/${kind}`);
}

/** `kept`: what the ignore rules leave; `diff`: those entries with owners and Secret values masked, for users. */
export function finishDiff(all: DiffEntry[], body: KubeObject, live: KubeObject, rules: readonly IgnoreRule[]): { kept: DiffEntry[]; diff: DiffEntry[] } {
  const kept = applyIgnoreRules(all, body, live, [...rules]);
  return { kept, diff: maskSecretDiff(annotateOwners(kept, live), live) };
}
