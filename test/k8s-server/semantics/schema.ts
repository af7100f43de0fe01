// Type information for built-in kinds, taken from the recorded OpenAPI v3 documents (the same source the real
// kube-apiserver feeds into structured-merge-diff), and for custom resources from the CRD's openAPIV3Schema.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readDataJson, recordedDataDir } from '../recorded-data';
import { GO_FIELD_ORDER } from './go-field-order';

export type ListType = 'atomic' | 'set' | 'map';

/** One node of the type tree. Struct fields are resolved lazily (schemas are recursive). */
export interface SchemaNode {
  kind: 'struct' | 'map' | 'list' | 'scalar' | 'untyped';
  /** Schema component name for built-ins (used for Go field order). */
  name?: string;
  /** struct: raw property schemas (resolved lazily by `fieldOf`, schemas are recursive). */
  props?: Record<string, any>;
  /** struct: resolved or injected fields. */
  fields?: Map<string, SchemaNode>;
  crd?: boolean;
  /** map: element type; list: item type. */
  elem?: SchemaNode;
  listType?: ListType;
  keys?: string[];
  /** Defaults of list-map key fields (e.g. ports[].protocol = TCP). */
  keyDefaults?: Record<string, unknown>;
  /** x-kubernetes-map-type: atomic (struct or map) — owned and replaced as a whole. */
  atomic?: boolean;
  quantity?: boolean;
  intOrString?: boolean;
  scalarType?: string;
  /** Keep unknown fields (x-kubernetes-preserve-unknown-fields / RawExtension). */
  preserveUnknown?: boolean;
  /** JSON schema default (CRDs) */
  default?: unknown;
  /** Output key order (Go struct order for built-ins, alphabetical for custom resources). */
  order?: string[];
  /** The raw JSON schema (CRD validation). */
  raw?: any;
  sortKeys?: boolean;
}

const UNTYPED: SchemaNode = { kind: 'untyped', preserveUnknown: true };
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

let components: Record<string, any> | undefined;
let gvkIndex: Map<string, string> | undefined;
const named = new Map<string, SchemaNode>();

function loadComponents(): Record<string, any> {
  if (components) return components;
  const out: Record<string, any> = {};
  const index = new Map<string, string>();
  const dir = join(recordedDataDir(), 'openapi');
  for (const f of readdirSync(dir).sort()) {
    if (!/^apis?__.*\.json$/.test(f)) continue;
    const doc = readDataJson<any>(join('openapi', f));
    const schemas = doc?.components?.schemas ?? {};
    for (const [name, s] of Object.entries<any>(schemas)) {
      out[name] = s;
      for (const g of s['x-kubernetes-group-version-kind'] ?? []) {
        const key = gvkKey(g.group ?? '', g.version, g.kind);
        // the document of the kind's own group wins (DeleteOptions etc. list many GVKs)
        if (!index.has(key)) index.set(key, name);
      }
    }
  }
  components = out;
  gvkIndex = index;
  return out;
}

function gvkKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

/** The schema node of a built-in kind, or undefined when the kind is not in the recorded OpenAPI documents. */
export function builtinRoot(group: string, version: string, kind: string): SchemaNode | undefined {
  loadComponents();
  const name = gvkIndex!.get(gvkKey(group, version, kind));
  return name ? namedNode(name) : undefined;
}

export function namedNode(name: string): SchemaNode {
  const hit = named.get(name);
  if (hit) return hit;
  const comps = loadComponents();
  const s = comps[name];
  const node: SchemaNode = { kind: 'untyped', name };
  named.set(name, node);
  if (!s || name === 'io.k8s.apimachinery.pkg.runtime.RawExtension') {
    Object.assign(node, UNTYPED, { name });
    return node;
  }
  if (name === QUANTITY) {
    Object.assign(node, { kind: 'scalar', quantity: true, scalarType: 'string' });
    return node;
  }
  if (name === INT_OR_STRING) {
    Object.assign(node, { kind: 'scalar', intOrString: true, scalarType: 'int-or-string' });
    return node;
  }
  fillFromJsonSchema(node, s, false);
  if (node.kind === 'struct') node.order = goOrder(name, node);
  return node;
}

function goOrder(name: string, node: SchemaNode): string[] {
  const known = GO_FIELD_ORDER[name] ?? [];
  const rest = Object.keys(node.props ?? {}).filter((k) => !known.includes(k));
  return [...known, ...rest];
}

/** Resolve a property/items schema (maybe `$ref` / `allOf:[{$ref}]`) to a node. */
function nodeOf(s: any, crd: boolean): SchemaNode {
  if (!s) return UNTYPED;
  const ref: string | undefined = s.$ref ?? (Array.isArray(s.allOf) && s.allOf.length === 1 ? s.allOf[0].$ref : undefined);
  if (ref && !crd) return namedNode(ref.replace('#/components/schemas/', ''));
  const node: SchemaNode = { kind: 'untyped' };
  fillFromJsonSchema(node, s, crd);
  return node;
}

function fillFromJsonSchema(node: SchemaNode, s: any, crd: boolean): void {
  if (crd) node.raw = s;
  if (s.default !== undefined) node.default = s.default;
  if (s['x-kubernetes-int-or-string']) {
    node.kind = 'scalar';
    node.intOrString = true;
    node.scalarType = 'int-or-string';
    return;
  }
  const type = s.type;
  if (type === 'array') {
    node.kind = 'list';
    node.elem = nodeOf(s.items, crd);
    const lt = s['x-kubernetes-list-type'];
    const strategy: string = s['x-kubernetes-patch-strategy'] ?? '';
    if (lt === 'map') {
      node.listType = 'map';
      node.keys = s['x-kubernetes-list-map-keys'] ?? [];
    } else if (lt === 'set') node.listType = 'set';
    else if (lt === 'atomic') node.listType = 'atomic';
    else if (!crd && strategy.split(',').includes('merge')) {
      const key = s['x-kubernetes-patch-merge-key'];
      if (key) {
        node.listType = 'map';
        node.keys = [key];
      } else node.listType = 'set';
    } else node.listType = 'atomic';
    if (node.listType === 'map') node.keyDefaults = keyDefaultsOf(node.elem, node.keys!);
    return;
  }
  if (type === 'object' || s.properties || s.additionalProperties) {
    if (s.properties) {
      node.kind = 'struct';
      node.fields = new Map();
      node.props = s.properties;
      node.crd = crd;
      if (s['x-kubernetes-preserve-unknown-fields']) node.preserveUnknown = true;
    } else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      node.kind = 'map';
      node.elem = nodeOf(s.additionalProperties, crd);
    } else if (s['x-kubernetes-preserve-unknown-fields'] || !crd) {
      node.kind = 'untyped';
      node.preserveUnknown = true;
    } else {
      node.kind = 'struct';
      node.fields = new Map();
    }
    if (s['x-kubernetes-map-type'] === 'atomic') node.atomic = true;
    return;
  }
  if (type === 'string' || type === 'integer' || type === 'number' || type === 'boolean') {
    node.kind = 'scalar';
    node.scalarType = type;
    return;
  }
  node.kind = 'untyped';
  node.preserveUnknown = true;
}

function keyDefaultsOf(elem: SchemaNode, keys: string[]): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  const s = elem.name ? loadComponents()[elem.name] : elem.raw;
  for (const k of keys) {
    const p = s?.properties?.[k];
    if (p && p.default !== undefined) (out ??= {})[k] = p.default;
  }
  return out;
}

/** Field node of a struct (undefined when the field is not declared). */
export function fieldOf(node: SchemaNode, name: string): SchemaNode | undefined {
  if (node.kind === 'struct') {
    let f = node.fields!.get(name);
    if (f) return f;
    const raw = node.props?.[name];
    if (raw !== undefined) {
      f = nodeOf(raw, !!node.crd);
      node.fields!.set(name, f);
      if (node.sortKeys) markSorted(f, new Set());
      return f;
    }
    return node.preserveUnknown ? UNTYPED : undefined;
  }
  if (node.kind === 'map') return node.elem;
  if (node.kind === 'untyped') return UNTYPED;
  return undefined;
}

export const untypedNode = UNTYPED;

// ---------- custom resources ----------

const crdCache = new WeakMap<object, Map<string, SchemaNode>>();

/** The schema node of a custom resource version from its CRD (apiextensions.k8s.io/v1). */
const crdByRevision = new Map<string, SchemaNode>();

export function crdRoot(crd: any, version: string): SchemaNode {
  let perVersion = crdCache.get(crd);
  if (!perVersion) crdCache.set(crd, (perVersion = new Map()));
  const hit = perVersion.get(version);
  if (hit) return hit;
  // the same CRD revision passed as a new object (e.g. a clone) reuses the built tree
  const md = crd?.metadata;
  const revKey = md?.uid && md?.resourceVersion ? `${md.uid}/${md.resourceVersion}/${md.generation ?? ''}/${version}` : undefined;
  const byRev = revKey ? crdByRevision.get(revKey) : undefined;
  if (byRev) {
    perVersion.set(version, byRev);
    return byRev;
  }
  const v = (crd?.spec?.versions ?? []).find((x: any) => x.name === version) ?? crd?.spec?.versions?.[0];
  const schema = v?.schema?.openAPIV3Schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  const root: SchemaNode = { kind: 'struct' };
  fillFromJsonSchema(root, schema, true);
  if (root.kind !== 'struct') {
    root.kind = 'struct';
    root.fields = new Map();
    root.preserveUnknown = true;
  }
  const fields = root.fields!;
  fields.set('apiVersion', { kind: 'scalar', scalarType: 'string' });
  fields.set('kind', { kind: 'scalar', scalarType: 'string' });
  fields.set('metadata', namedNode('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'));
  markSorted(root, new Set());
  perVersion.set(version, root);
  if (revKey) {
    if (crdByRevision.size > 1000) crdByRevision.clear();
    crdByRevision.set(revKey, root);
  }
  return root;
}

function markSorted(n: SchemaNode, seen: Set<SchemaNode>): void {
  if (seen.has(n) || n.name) return;
  seen.add(n);
  n.sortKeys = true;
  if (n.fields) for (const [k, f] of n.fields) if (k !== 'metadata') markSorted(f, seen);
  if (n.kind === 'struct') n.order = Object.keys(n.props ?? {}).sort();
  if (n.elem) markSorted(n.elem, seen);
}

/** `required` of a built-in struct's schema. */
export function schemaRequired(node: SchemaNode): string[] | undefined {
  if (!node.name) return undefined;
  const r = loadComponents()[node.name]?.required;
  return Array.isArray(r) ? r : undefined;
}
