// Server-side apply (PATCH application/apply-patch+yaml) as kube-apiserver v1.28 + structured-merge-diff do it.
import { FieldSet, pathString } from './fieldset';
import { ManagerEntry, encodeManagedFields, entryId, parseManagedFields, printManager } from './managed';
import { canonicalQuantities } from './normalize';
import {
  KindInfo,
  SemanticsError,
  TypeContext,
  Warning,
  allocate,
  assemble,
  finalizeObject,
  gvkString,
  kindInfo,
  objectRef,
  stripMeta,
} from './pipeline';
import { validateWrite } from './validation';
import { Json, appliedFieldSet, compare, deepEqual, isObj, merge, removePaths, topLevel } from './typed';

export interface ApplyArgs {
  live?: any;
  patch: any;
  manager: string;
  force: boolean;
  now: string;
  type: TypeContext;
  subresource?: string;
}

export type SemanticsResult = { object: any; warnings?: Warning[] } | { error: SemanticsError };

/** Restricts a stripped object to what a write to the main resource / a subresource may change. */
export function resetFields(o: Record<string, Json>, info: KindInfo, subresource: string | undefined): Record<string, Json> {
  if (subresource === 'status') return o.status === undefined ? {} : { status: o.status };
  if (info.hasStatus && !subresource && 'status' in o) {
    const { status: _s, ...rest } = o;
    return rest;
  }
  return o;
}

export function ignoredSet(set: FieldSet, info: KindInfo, subresource: string | undefined): FieldSet {
  if (subresource === 'status') return topLevel(set, ['status', 'metadata'], true);
  if (info.hasStatus && !subresource) return topLevel(set, ['status'], false);
  return set;
}

export function serverSideApply(a: ApplyArgs): SemanticsResult {
  const info = kindInfo(a.type);
  const node = info.node;
  const errs: string[] = [];
  const patch = resetFields(stripMeta(a.patch), info, a.subresource);
  if (isObj(patch.metadata) && Object.keys(patch.metadata).length === 0) delete patch.metadata;
  const set = appliedFieldSet(patch, node, errs);
  if (errs.length) {
    errs.sort();
    const detail = errs.length === 1 ? errs[0] : 'errors:\n  ' + errs.join('\n  ');
    return { error: { code: 500, reason: '', message: `failed to create typed patch object (${objectRef(a.patch)}; ${gvkString(a.type)}): ${detail}` } };
  }
  const create = !a.live;
  const canonPatch = info.crd ? patch : canonicalQuantities(patch, node);
  const live = a.live ? stripMeta(a.live) : {};
  const entries = parseManagedFields(a.live?.metadata?.managedFields);
  const myId = entryId({ manager: a.manager, operation: 'Apply', subresource: a.subresource });
  let mine = entries.find((e) => entryId(e) === myId);
  const others = entries.filter((e) => e !== mine);

  let merged = merge(live, canonPatch, node);
  if (mine && !mine.set.isEmpty()) {
    const removable = mine.set.difference(set);
    if (!removable.isEmpty()) {
      const owned = set.clone();
      for (const e of others) owned.addAll(e.set);
      merged = removePaths(merged, removable, owned, node);
    }
  }

  const cmp = compare(live, merged, node);
  const changed = cmp.modified.union(cmp.added);
  const conflicts: Array<{ entry: ManagerEntry; path: string[] }> = [];
  const conflictSets = new Map<ManagerEntry, FieldSet>();
  for (const e of others) {
    const c = e.set.intersection(changed);
    if (c.isEmpty()) continue;
    conflictSets.set(e, c);
    for (const p of c.paths()) conflicts.push({ entry: e, path: p });
  }
  if (conflicts.length && !a.force) return { error: conflictError(conflicts) };
  for (const e of others) {
    const c = conflictSets.get(e);
    if (c) e.set = e.set.difference(c);
    if (!cmp.removed.isEmpty()) e.set = e.set.difference(cmp.removed);
  }

  let body = finalizeObject(merged, info, a.type, create, a.live?.metadata?.name ?? a.patch?.metadata?.name);
  allocate(body, info, a.type, create, a.live);
  const invalid = validateWrite(body, a.live ? live : undefined, info, a.type, a.patch);
  if (invalid) return { error: invalid };

  const objectChanged = create || !sameForTime(body, live);
  if (!create && deepEqual(body, live)) body = live;
  body = syncLastApplied(body, a.manager, a.patch);
  if (!mine) {
    mine = { manager: a.manager, operation: 'Apply', apiVersion: info.apiVersion, subresource: a.subresource, set };
    entries.push(mine);
  }
  mine.set = ignoredSet(set, info, a.subresource);
  mine.apiVersion = info.apiVersion;
  if (objectChanged) mine.time = a.now;
  const identity = a.live ? a.live.metadata : a.patch?.metadata;
  return { object: assemble(body, identity, info, a.type, encodeManagedFields(entries)) };
}

/**
 * Whether the result equals the live object, for the managedFields time. (A recording suggested a changed Secret
 * stringData keeps the time; kubectl-diff/05 shows it does not — that recording was a same-second request.)
 */
function sameForTime(body: Record<string, Json>, live: Record<string, Json>): boolean {
  return deepEqual(body, live);
}

function conflictError(conflicts: Array<{ entry: ManagerEntry; path: string[] }>): SemanticsError {
  const causes = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${printManager(c.entry)}`, field: pathString(c.path) }));
  let message: string;
  if (conflicts.length === 1) message = `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0].entry)}: ${pathString(conflicts[0].path)}`;
  else {
    const by = new Map<string, string[]>();
    for (const c of conflicts) {
      const m = printManager(c.entry);
      by.set(m, [...(by.get(m) ?? []), pathString(c.path)]);
    }
    const lines: string[] = [];
    for (const m of [...by.keys()].sort()) {
      lines.push(`conflicts with ${m}:`);
      for (const p of by.get(m)!) lines.push(`- ${p}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return { code: 409, reason: 'Conflict', message, causes };
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** `kubectl` server-side applies rewrite an existing client-side last-applied annotation from the applied config. */
function syncLastApplied(body: Record<string, Json>, manager: string, rawPatch: Json): Record<string, Json> {
  if (manager !== 'kubectl' || typeof body.metadata?.annotations?.[LAST_APPLIED] !== 'string') return body;
  const p = structuredClone(rawPatch);
  if (isObj(p.metadata) && isObj(p.metadata.annotations)) {
    delete p.metadata.annotations[LAST_APPLIED];
    if (!Object.keys(p.metadata.annotations).length) delete p.metadata.annotations;
  }
  return { ...body, metadata: { ...body.metadata, annotations: { ...body.metadata.annotations, [LAST_APPLIED]: goJson(p) + '\n' } } };
}

/** encoding/json output: map keys sorted, <, >, & escaped. */
export function goJson(v: Json): string {
  const sorted = (x: Json): Json => {
    if (Array.isArray(x)) return x.map(sorted);
    if (isObj(x)) {
      const o: Record<string, Json> = {};
      for (const k of Object.keys(x).sort()) o[k] = sorted(x[k]);
      return o;
    }
    return x;
  };
  return JSON.stringify(sorted(v)).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
