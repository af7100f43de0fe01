// Non-apply writes (POST, PUT, merge/strategic/json patch results): defaults + an `Update` managedFields entry.
import { FieldSet } from './fieldset';
import { encodeManagedFields, entryId, parseManagedFields } from './managed';
import { goDecodeError, unknownFields } from './normalize';
import { SemanticsError, TypeContext, Warning, allocate, assemble, finalizeObject, kindInfo, stripMeta } from './pipeline';
import { SchemaNode, fieldOf, schemaRequired } from './schema';
import { SemanticsResult, goJson, ignoredSet, resetFields } from './ssa';
import { Json, compare, deepEqual, isObj } from './typed';
import { validateWrite } from './validation';

export interface UpdateArgs {
  live?: any;
  next: any;
  manager: string;
  operation: 'Update';
  now: string;
  type: TypeContext;
  subresource?: string;
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  /** Optional: the patch type and body when `next` is a patch result (exact Strict-validation message). */
  patchType?: 'merge' | 'strategic' | 'json';
  patch?: any;
}

/**
 * The zero value of the Go type as the server sees it before a create: non-pointer structs (OpenAPI `default: {}`)
 * present as {}, required (non-omitempty) fields present as null, ObjectMeta with `creationTimestamp: null`.
 */
export function goZero(node: SchemaNode, depth = 0): Record<string, Json> {
  const out: Record<string, Json> = {};
  if (node.kind !== 'struct' || !node.props || depth > 8) return out;
  if (node.name === 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta') return { creationTimestamp: null };
  const required: string[] = Array.isArray(node.raw?.required) ? node.raw.required : (schemaRequired(node) ?? []);
  for (const [k, raw] of Object.entries<any>(node.props)) {
    const child = fieldOf(node, k);
    if (!child) continue;
    if (raw && isObj(raw.default) && Object.keys(raw.default).length === 0 && child.kind === 'struct') out[k] = goZero(child, depth + 1);
    else if (k === 'metadata' && child.kind === 'struct') out[k] = goZero(child, depth + 1);
    else if (required.includes(k)) out[k] = null;
  }
  return out;
}

export function applyUpdate(a: UpdateArgs): SemanticsResult {
  const info = kindInfo(a.type);
  const warnings: Warning[] = [];
  const next = isObj(a.next) ? a.next : {};
  const { apiVersion: _v, kind: _k, ...rest } = next;
  const decodeError = goDecodeError(rest, info.node, a.type.kind);
  if (decodeError)
    return { error: { code: 400, reason: 'BadRequest', message: `${a.type.kind} in version ${JSON.stringify(a.type.version)} cannot be handled as a ${a.type.kind}: ${decodeError}` } };
  const unknown = unknownFields(rest, info.node);
  if (unknown.length && !info.node.preserveUnknown) {
    const mode = a.fieldValidation ?? 'Warn';
    if (mode === 'Strict') return { error: a.patchType ? strictPatchError(next, a.patch, unknown) : strictError(a.type, unknown) };
    if (mode === 'Warn') for (const u of unknown) warnings.push({ text: `unknown field ${JSON.stringify(u)}` });
  }
  const create = !a.live;
  const live = a.live ? stripMeta(a.live) : undefined;
  let stripped = stripMeta(next);
  if (a.subresource === 'status' && live) stripped = { ...live, status: stripped.status };
  else if (info.hasStatus && !a.subresource) {
    stripped = resetFields(stripped, info, undefined);
    if (live && live.status !== undefined) stripped.status = live.status;
  }
  const body = finalizeObject(stripped, info, a.type, create, a.live?.metadata?.name ?? next.metadata?.name);
  const baseline = live ?? { metadata: {}, ...goZero(info.node) };
  if (!live && isObj(baseline.metadata)) delete baseline.metadata.creationTimestamp;
  const cmp = compare(baseline, body, info.node);
  const changed = ignoredSet(cmp.modified.union(cmp.added), info, a.subresource);
  // managedFields written by the client (e.g. kubectl's json patch after a server-side apply migration) replace the live ones
  // ([] is ignored; [{}] strips managedFields entirely, as documented for kube-apiserver)
  const given = next.metadata?.managedFields;
  const strip = Array.isArray(given) && given.length === 1 && isObj(given[0]) && Object.keys(given[0]).length === 0;
  const useGiven = Array.isArray(given) && given.length > 0 && !strip && !deepEqual(given, a.live?.metadata?.managedFields);
  const entries = strip ? [] : parseManagedFields(useGiven ? given : a.live?.metadata?.managedFields);
  const myId = entryId({ manager: a.manager, operation: 'Update', apiVersion: info.apiVersion, subresource: a.subresource });
  let mine = entries.find((e) => entryId(e) === myId);
  for (const e of entries) {
    if (e === mine) continue;
    e.set = e.set.difference(changed).difference(cmp.removed);
  }
  if (!strip && (!changed.isEmpty() || mine)) {
    const base = mine ? mine.set.difference(cmp.removed) : new FieldSet();
    const set = base.union(changed);
    if (!mine) {
      mine = { manager: a.manager, operation: 'Update', apiVersion: info.apiVersion, subresource: a.subresource, set };
      entries.push(mine);
    }
    mine.set = set;
    if (!changed.isEmpty()) {
      mine.apiVersion = info.apiVersion;
      if (a.subresource === 'scale') delete mine.time;
      else mine.time = a.now;
    }
  }
  allocate(body, info, a.type, create, a.live);
  const invalid = validateWrite(body, live, info, a.type, next.metadata?.name ? next : a.live ?? next);
  if (invalid) return { error: invalid };
  const identity = { ...(isObj(next.metadata) ? next.metadata : {}), ...identityOf(a.live) };
  const object = assemble(body, identity, info, a.type, encodeManagedFields(entries));
  return warnings.length ? { object, warnings } : { object };
}

function identityOf(live: any): Record<string, Json> {
  const md = live?.metadata;
  if (!isObj(md)) return {};
  const out: Record<string, Json> = {};
  for (const k of ['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds'])
    if (md[k] !== undefined) out[k] = md[k];
  return out;
}

function strictError(type: TypeContext, unknown: string[]): SemanticsError {
  const list = unknown.map((u) => `unknown field ${JSON.stringify(u)}`).join(', ');
  return { code: 400, reason: 'BadRequest', message: `${type.kind} in version ${JSON.stringify(type.version)} cannot be handled as a ${type.kind}: strict decoding error: ${list}` };
}

/** Patched object as the patch machinery re-encodes it: levels the patch touched sorted, the rest as stored. */
function patchedJson(v: Json, patch: Json, top = true): string {
  if (!isObj(v)) return goJson(v);
  if (!top && !isObj(patch)) return JSON.stringify(v);
  const keys = Object.keys(v).sort();
  return '{' + keys.map((k) => `${JSON.stringify(k)}:${isObj(patch) && isObj(patch[k]) && isObj(v[k]) ? patchedJson(v[k], patch[k], false) : JSON.stringify(v[k])}`).join(',') + '}';
}

function strictPatchError(next: Json, patch: Json, unknown: string[]): SemanticsError {
  const list = unknown.map((u) => `unknown field ${JSON.stringify(u)}`).join(', ');
  const message = `Invalid value: ${JSON.stringify(patchedJson(next, isObj(patch) ? patch : {}))}: strict decoding error: ${list}`;
  return { code: 422, reason: 'Invalid', message: ` "" is invalid: patch: ${message}`, causes: [{ reason: 'FieldValueInvalid', message, field: 'patch' }] };
}
