// Argo CD-style ignoreDifferences: drop diff entries by JSON pointer or by the field manager owning the live field.

import { parseDiffPath, resolvePathLoose, resolveSegments } from '../ownership/diff-path';
import { entryOwners } from '../ownership/owners';
import type { DiffEntry, FieldPath, IgnoreRule, KubeObject } from '../types';
import { jsonEqual } from '../ownership/json-equal';
import { parseJsonPointer, pointerCovers, removeAtPointer } from './json-pointer';

export { parseIgnoreFlag, parseIgnoreManagerFlag } from './ignore-flag';

/** API group of an apiVersion: `apps/v1` → `apps`, `v1` → `` (core). */
export function groupOf(apiVersion: string | undefined): string {
  if (!apiVersion) return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** `*` and `?` glob match (the whole string). */
function globMatch(pattern: string, value: string): boolean {
  if (!/[*?]/.test(pattern)) return pattern === value;
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(value);
}

/**
 * Does the rule select this object? Unset fields (and `*`) match anything. `group` `""` or `core` is the core group
 * (`apiVersion: v1`); `kind` is case-sensitive; `name` and `namespace` may use `*`/`?` globs. A rule with a
 * `namespace` never matches an object without one.
 */
export function matchesRule(rule: IgnoreRule, obj: KubeObject): boolean {
  if (rule.group !== undefined && rule.group !== '*') {
    const want = rule.group === 'core' ? '' : rule.group;
    if (groupOf(obj.apiVersion) !== want) return false;
  }
  if (rule.kind !== undefined && rule.kind !== '*' && rule.kind !== obj.kind) return false;
  if (rule.name !== undefined && rule.name !== '*' && !globMatch(rule.name, obj.metadata?.name ?? '')) return false;
  if (rule.namespace !== undefined && rule.namespace !== '*') {
    const ns = obj.metadata?.namespace;
    if (ns === undefined || !globMatch(rule.namespace, ns)) return false;
  }
  return true;
}

/** The paths an entry addresses in `obj` and in `live` (list indices as in each object), plus its `desiredPath`. */
function candidatePaths(entry: DiffEntry, objects: ReadonlyArray<KubeObject | undefined>): FieldPath[] {
  const out: FieldPath[] = [];
  const segments = parseDiffPath(entry.path);
  if (segments) {
    for (const o of objects) {
      if (!o) continue;
      const p = resolveSegments(o, segments) ?? resolvePathLoose(o, segments);
      if (p) out.push(p);
    }
  }
  // For `removed` entries desiredPath may be the parent's (the closest place in the manifest): not the entry's field.
  if (entry.desiredPath && entry.change !== 'removed') out.push(entry.desiredPath);
  return out;
}

/** Nothing left: undefined, null, or maps/lists containing only nothing. */
function isEffectivelyEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).every(isEffectivelyEmpty);
  return false;
}

/**
 * For an entry that carries a whole subtree (e.g. a list missing live reported as one `added` entry) and pointers
 * into that subtree: whether removing the pointed parts leaves no difference. Masked values are never trimmed.
 */
function ignoredInside(entry: DiffEntry, pointers: string[][], paths: FieldPath[]): boolean {
  if (entry.masked) return false;
  let desired = entry.desired;
  let live = entry.live;
  let touched = false;
  for (const t of pointers) {
    for (const p of paths) {
      if (t.length <= p.length || !pointerCovers(t.slice(0, p.length), p)) continue;
      const rest = t.slice(p.length);
      const d = removeAtPointer(desired, rest);
      const l = removeAtPointer(live, rest);
      if (d !== desired || l !== live) touched = true;
      desired = d;
      live = l;
      break;
    }
  }
  if (!touched) return false;
  if (entry.change === 'changed') return jsonEqual(desired, live);
  return isEffectivelyEmpty(entry.change === 'added' ? desired : live);
}

/**
 * Removes the diff entries that the rules selecting this object ignore:
 * - `jsonPointers` (RFC 6901, `~0` = `~`, `~1` = `/`): an entry is dropped when a pointer addresses its field or an
 *   ancestor of it (a pointer to a subtree ignores everything under it). As in Argo CD, a pointer through a list
 *   index (`/spec/template/spec/containers/0/image`) addresses that position in the live object and in the desired
 *   object: the entry's kubectl-style path is resolved in `obj` and in `live` and checked against both (and against
 *   `desiredPath`). Invalid pointers are skipped. A pointer into an entry's value (an entry for a whole subtree)
 *   drops the entry when nothing but the pointed parts differs (`added` subtree left empty, `changed` values equal).
 * - `managedFieldsManagers`: an entry is dropped when its live field is owned (the field itself, or an atomic
 *   ancestor) by one of these managers, also as co-owner — e.g. `kube-controller-manager` for HPA-managed replicas.
 *   Fields absent from `live` (`added` entries) are never dropped by this rule.
 * A rule selects the object when `matchesRule` holds for `obj` or for `live` (the desired object may not have its
 * namespace defaulted yet).
 */
export function applyIgnoreRules(
  entries: DiffEntry[],
  obj: KubeObject,
  live: KubeObject | undefined,
  rules: IgnoreRule[],
): DiffEntry[] {
  const active = rules.filter((r) => matchesRule(r, obj) || (live !== undefined && matchesRule(r, live)));
  if (active.length === 0) return entries;
  const pointers = active
    .flatMap((r) => r.jsonPointers ?? [])
    .map(parseJsonPointer)
    .filter((t): t is string[] => t !== undefined);
  const managers = new Set(active.flatMap((r) => r.managedFieldsManagers ?? []));
  if (pointers.length === 0 && managers.size === 0) return entries;
  const objects = live && live !== obj ? [obj, live] : [obj];

  return entries.filter((entry) => {
    if (pointers.length > 0) {
      const paths = candidatePaths(entry, objects);
      if (pointers.some((t) => paths.some((p) => pointerCovers(t, p)))) return false;
      if (ignoredInside(entry, pointers, paths)) return false;
    }
    if (managers.size > 0) {
      if (entry.owner && managers.has(entry.owner.manager)) return false;
      if (live) {
        const owned = entryOwners(entry, live).some((o) => o.match !== 'descendants' && managers.has(o.manager));
        if (owned) return false;
      }
    }
    return true;
  });
}
