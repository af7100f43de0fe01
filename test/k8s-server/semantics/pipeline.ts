// Shared steps of every write: type lookup, stripping identity metadata, the decode/default round trip, output order.
import { FieldSet, fieldPE } from './fieldset';
import { crdDefaults } from './crd';
import { applyAllocations, applyDefaults, convertStringData } from './defaults';
import { normalize, orderKeys } from './normalize';
import { SchemaNode, builtinRoot, crdRoot, fieldOf } from './schema';
import { Json, deepEqual, isObj } from './typed';

export interface TypeContext {
  group: string;
  version: string;
  kind: string;
  resource: string;
  namespaced: boolean;
  crd?: unknown;
}

export interface SemanticsError {
  code: number;
  reason: string;
  message: string;
  causes?: Array<{ reason: string; message: string; field?: string }>;
}

export interface Warning {
  text: string;
}

export interface KindInfo {
  node: SchemaNode;
  crd: boolean;
  apiVersion: string;
  /** Top-level fields reset (ignored) for writes to the main resource / status subresource. */
  hasStatus: boolean;
}

const GENERIC: SchemaNode = { kind: 'struct', fields: new Map(), preserveUnknown: true };

export function kindInfo(type: TypeContext): KindInfo {
  const apiVersion = type.group ? `${type.group}/${type.version}` : type.version;
  if (type.crd) {
    const node = crdRoot(type.crd, type.version);
    const v = ((type.crd as any)?.spec?.versions ?? []).find((x: any) => x.name === type.version);
    return { node, crd: true, apiVersion, hasStatus: !!v?.subresources?.status };
  }
  const node = builtinRoot(type.group, type.version, type.kind);
  if (!node) return { node: GENERIC, crd: false, apiVersion, hasStatus: false };
  return { node, crd: false, apiVersion, hasStatus: !!fieldOf(node, 'status') && !['ConfigMap', 'Secret'].includes(type.kind) };
}

/** Identity/system metadata that is never part of field management. */
const STRIPPED_META = ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields'];

/** Object without apiVersion/kind/identity metadata (what structured-merge-diff sees). Shallow copies only. */
export function stripMeta(o: Json): Record<string, Json> {
  if (!isObj(o)) return {};
  const out: Record<string, Json> = {};
  for (const k of Object.keys(o)) {
    if (k === 'apiVersion' || k === 'kind') continue;
    if (k === 'metadata' && isObj(o.metadata)) {
      const md: Record<string, Json> = {};
      for (const mk of Object.keys(o.metadata)) if (!STRIPPED_META.includes(mk)) md[mk] = o.metadata[mk];
      out.metadata = md;
      continue;
    }
    out[k] = o[k];
  }
  return out;
}

/** Decode/encode round trip + defaults of a stripped object. `create`: first write of the object. */
export function finalizeObject(stripped: Json, info: KindInfo, type: TypeContext, create: boolean, name?: string): Record<string, Json> {
  const o = normalize(stripped, info.node, info.crd) as Record<string, Json>;
  if (!info.crd && type.group === '' && type.kind === 'Secret') convertStringData(o);
  if (info.crd) crdDefaults(o, info.node);
  else applyDefaults(o, type.group, type.kind, create, name);
  return o;
}

/**
 * Registry steps after field management: allocations/admission (create) and PrepareForUpdate rules that need the
 * live object (`liveObj` is the full live object, with metadata).
 */
export function allocate(o: Record<string, Json>, info: KindInfo, type: TypeContext, create: boolean, liveObj?: Json): void {
  if (info.crd) return;
  if (!create && isObj(liveObj)) prepareForUpdate(o, liveObj, type);
  applyAllocations(o, type.group, type.kind, create);
}

function prepareForUpdate(o: Record<string, Json>, live: Json, type: TypeContext): void {
  const key = `${type.group}/${type.kind}`;
  if (key === '/Service' && isObj(o.spec) && isObj(live.spec)) {
    // a PUT without the allocated values keeps them
    const spec = o.spec;
    const old = live.spec;
    if ((spec.clusterIP === undefined || spec.clusterIP === '') && old.clusterIP !== undefined && spec.type === old.type) {
      spec.clusterIP = old.clusterIP;
      if (spec.clusterIPs === undefined && old.clusterIPs !== undefined) spec.clusterIPs = old.clusterIPs;
    }
    for (const k of ['ipFamilies', 'ipFamilyPolicy']) if (spec[k] === undefined && old[k] !== undefined) spec[k] = old[k];
    if (Array.isArray(spec.ports) && Array.isArray(old.ports))
      for (const p of spec.ports) {
        if (!isObj(p) || p.nodePort !== undefined) continue;
        const was = old.ports.find((q: Json) => q?.port === p.port && (q?.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
        if (was?.nodePort !== undefined && (spec.type === 'NodePort' || spec.type === 'LoadBalancer')) p.nodePort = was.nodePort;
      }
  }
  if (key === 'apps/DaemonSet' && isObj(o.spec) && isObj(live.spec) && !deepEqual(o.spec.template, live.spec.template)) {
    // template changes bump the template generation annotation (it follows metadata.generation)
    const md = (o.metadata = isObj(o.metadata) ? { ...o.metadata } : {});
    md.annotations = { ...(md.annotations ?? {}), 'deprecated.daemonset.template.generation': String((live.metadata?.generation ?? 1) + 1) };
  }
}

/** Puts identity metadata back and orders keys as the real server serialises them. */
export function assemble(body: Record<string, Json>, identity: Json, info: KindInfo, type: TypeContext, managedFields: any[] | undefined): any {
  const md: Record<string, Json> = {};
  const id = isObj(identity) ? identity : {};
  for (const k of STRIPPED_META) if (k !== 'managedFields' && id[k] !== undefined) md[k] = id[k];
  if (isObj(body.metadata)) Object.assign(md, body.metadata);
  if (managedFields && managedFields.length) md.managedFields = managedFields;
  const out: Record<string, Json> = { kind: type.kind, apiVersion: info.apiVersion, metadata: md };
  for (const k of Object.keys(body)) if (k !== 'metadata') out[k] = body[k];
  if (info.crd) return orderKeys(out, undefined, true);
  return orderKeys(out, info.node);
}

/** Field-set paths of top-level fields. */
export function topFieldSet(fields: string[]): FieldSet {
  const s = new FieldSet();
  for (const f of fields) s.members.add(fieldPE(f));
  return s;
}

export function gvkString(type: TypeContext): string {
  return `${type.group}/${type.version}, Kind=${type.kind}`;
}

export function objectRef(o: Json): string {
  return `${o?.metadata?.namespace ?? ''}/${o?.metadata?.name ?? ''}`;
}
