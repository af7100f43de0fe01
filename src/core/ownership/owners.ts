// Who owns a field of a live object, from `metadata.managedFields`.

import type { DiffEntry, FieldPath, KubeObject, ManagedFieldsEntry } from '../types';
import { decodedFieldsOf, matchLivePath, type FieldsMatch } from './fields-v1';
import { parseDiffPath, resolveSegments } from './diff-path';

export interface FieldOwner {
  manager: string;
  operation: string;
  time?: string;
  subresource?: string;
}

export interface FieldOwnerMatch extends FieldOwner {
  /** How the entry covers the path (see `FieldsMatch`). */
  match: FieldsMatch;
  /** Position of the entry in `metadata.managedFields`. */
  entryIndex: number;
}

const MATCH_RANK: Record<FieldsMatch, number> = { exact: 0, atomic: 1, descendants: 2 };

/**
 * Every managed-fields entry that covers `path` (a path in `live`, list indices as in `live`), best first.
 *
 * Ranking rule (first difference wins):
 * 1. how specific the match is: the path itself (`exact`) > an atomic ancestor (`atomic`) > only fields below it
 *    (`descendants`);
 * 2. non-`Apply` operations (`Update`: kubectl edit/scale/patch, controllers) before `Apply`: an Update takes a field
 *    away from appliers, so when an Update entry still holds it, that manager is the one who changed it last. Several
 *    managers on one leaf are normally co-owning appliers that applied the same value;
 * 3. more recent `time` first; entries without `time` (scale-subresource updates, appliers that found the value
 *    already present) rank after entries with a time;
 * 4. later position in `managedFields` first.
 */
export function ownersOf(live: KubeObject, path: FieldPath): FieldOwnerMatch[] {
  const entries: ManagedFieldsEntry[] = Array.isArray(live.metadata?.managedFields) ? live.metadata.managedFields : [];
  const out: FieldOwnerMatch[] = [];
  entries.forEach((entry, entryIndex) => {
    if (!entry || !entry.manager) return;
    if (entry.fieldsType !== undefined && entry.fieldsType !== 'FieldsV1') return;
    const match = matchLivePath(decodedFieldsOf(entry), live, path);
    if (!match) return;
    out.push({
      manager: entry.manager,
      operation: entry.operation ?? 'Update',
      ...(entry.time ? { time: entry.time } : {}),
      ...(entry.subresource ? { subresource: entry.subresource } : {}),
      match,
      entryIndex,
    });
  });
  return out.sort(compareOwners);
}

function compareOwners(a: FieldOwnerMatch, b: FieldOwnerMatch): number {
  return (
    MATCH_RANK[a.match] - MATCH_RANK[b.match] ||
    Number(a.operation === 'Apply') - Number(b.operation === 'Apply') ||
    compareTimeDesc(a.time, b.time) ||
    b.entryIndex - a.entryIndex
  );
}

function compareTimeDesc(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (Number.isNaN(ta) || Number.isNaN(tb)) return a < b ? 1 : -1;
  return tb - ta;
}

/**
 * The most specific owner of a field of `live` (see `ownersOf` for the ranking), or undefined when no entry owns the
 * field or anything below it.
 */
export function ownerOf(live: KubeObject, path: FieldPath): FieldOwner | undefined {
  const best = ownersOf(live, path)[0];
  if (!best) return undefined;
  const { match: _match, entryIndex: _index, ...owner } = best;
  return owner;
}

/**
 * Resolves a kubectl-style diff path (`spec.template.spec.containers[name="app"].image`, see `diff-path.ts` for the
 * syntax) to a path in `live` with list indices as in `live`. Undefined when the field is not in `live`.
 */
export function resolveLivePath(live: KubeObject, diffPath: string): FieldPath | undefined {
  const segments = parseDiffPath(diffPath);
  return segments ? resolveSegments(live, segments) : undefined;
}

/**
 * The live path of a diff entry: its `path` resolved in `live`; failing that, its `desiredPath` when that has no list
 * indices (then it addresses the same field in both objects) and exists in `live` — not for `removed` entries, whose
 * `desiredPath` may be the parent's (the closest place in the manifest).
 */
export function liveFieldPath(
  entry: Pick<DiffEntry, 'path' | 'desiredPath'> & { change?: DiffEntry['change'] },
  live: KubeObject,
): FieldPath | undefined {
  const resolved = resolveLivePath(live, entry.path);
  if (resolved) return resolved;
  const dp = entry.desiredPath;
  if (!dp || entry.change === 'removed' || dp.some((s) => typeof s === 'number')) return undefined;
  let value: unknown = live;
  for (const s of dp) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(value, s)) return undefined;
    value = (value as Record<string, unknown>)[s as string];
  }
  return dp;
}

/**
 * All owners of a diff entry's live field, best first (see `ownersOf`); empty when the field is not in `live`.
 * Secrets: `stringData` is tracked in managedFields as `f:stringData.<key>` while the live object only has
 * `data.<key>`, so `data.<key>` falls back to the owners of `stringData.<key>`.
 */
export function entryOwners(
  entry: Pick<DiffEntry, 'path' | 'desiredPath'> & { change?: DiffEntry['change'] },
  live: KubeObject,
): FieldOwnerMatch[] {
  const path = liveFieldPath(entry, live);
  if (!path) return [];
  const owners = ownersOf(live, path);
  if (owners.length > 0) return owners;
  if (live.kind === 'Secret' && live.apiVersion === 'v1' && path.length === 2 && path[0] === 'data') {
    return ownersOf(live, ['stringData', path[1] as string]);
  }
  return owners;
}

/**
 * Returns copies of `entries` with `owner` filled from `live`'s managedFields (entries whose field is absent from
 * `live`, e.g. `added` ones, or that nobody owns are returned unchanged).
 */
export function annotateOwners(entries: DiffEntry[], live: KubeObject | undefined): DiffEntry[] {
  if (!live) return entries.map((e) => ({ ...e }));
  return entries.map((entry) => {
    const best = entryOwners(entry, live)[0];
    if (!best) return { ...entry };
    const { match: _match, entryIndex: _index, ...owner } = best;
    return { ...entry, owner };
  });
}
