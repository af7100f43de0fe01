// Generates src/core/normalize/type-hints.generated.json from the recorded OpenAPI v3 documents.
// Run: npx tsx scripts/gen-type-hints.ts [openapiDir] [outFile]
//
// Output: { "<apiVersion>/<Kind>": TypeHintSet } where apiVersion is `group/version` (core: `v1`) and
// each path is dot-separated from the object root: `[]` = every list item, `*` = every value of a
// free-form map (additionalProperties). Example: `spec.template.spec.containers[].resources.limits.*`.
// `metadata` and `status` subtrees are not listed (common/server-owned; see normalizer).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

interface Schema {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  'x-kubernetes-group-version-kind'?: Array<{ group: string; version: string; kind: string }>;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-patch-strategy'?: string;
}

export interface TypeHintSet {
  /** Quantity leaves (compared by value). */
  quantity?: string[];
  /** int-or-string leaves. */
  intOrString?: string[];
  /** Lists of maps merged by key: path → key fields. */
  mapLists?: Record<string, string[]>;
  /** Lists of scalars merged as sets. */
  setLists?: string[];
  /** Maps/structs replaced as a whole (`x-kubernetes-map-type: atomic`). */
  atomicMaps?: string[];
}

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const SKIPPED_ROOT_FIELDS = new Set(['metadata', 'status', 'apiVersion', 'kind']);
// Nested ObjectMeta (pod templates...) carries no hints worth their size; ephemeral containers cannot be applied.
const SKIPPED_SCHEMAS = new Set(['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']);
const SKIPPED_FIELDS = new Set(['ephemeralContainers']);
const MAX_DEPTH = 40;

function refName(s: Schema): string | undefined {
  const ref = s.$ref ?? s.allOf?.find((a) => a.$ref)?.$ref;
  return ref?.replace('#/components/schemas/', '');
}

function collect(
  schemas: Record<string, Schema>,
  schema: Schema,
  path: string,
  out: Required<TypeHintSet>,
  stack: string[],
): void {
  if (stack.length > MAX_DEPTH) return;
  const name = refName(schema);
  let s = schema;
  if (name) {
    if (name === QUANTITY) {
      out.quantity.push(path);
      return;
    }
    if (name === INT_OR_STRING) {
      out.intOrString.push(path);
      return;
    }
    if (SKIPPED_SCHEMAS.has(name)) return;
    if (stack.includes(name)) return; // recursive type (e.g. JSONSchemaProps)
    const target = schemas[name];
    if (!target) return;
    // Extensions on the referencing property win over the referenced schema's.
    s = { ...target, ...stripRef(schema) };
    stack = [...stack, name];
  }
  if (s['x-kubernetes-int-or-string'] || s.format === 'int-or-string') {
    out.intOrString.push(path);
    return;
  }
  if (s['x-kubernetes-map-type'] === 'atomic' && path) out.atomicMaps.push(path);
  if (s.type === 'array' && s.items) {
    const keys = s['x-kubernetes-list-map-keys'];
    const listType = s['x-kubernetes-list-type'];
    const mergeKey = s['x-kubernetes-patch-merge-key'];
    if (keys && keys.length) out.mapLists[path] = keys;
    else if (listType === 'map' && mergeKey) out.mapLists[path] = [mergeKey];
    else if (!listType && mergeKey && s['x-kubernetes-patch-strategy']?.includes('merge')) out.mapLists[path] = [mergeKey];
    else if (listType === 'set') out.setLists.push(path);
    else if (s['x-kubernetes-patch-strategy']?.includes('merge') && isScalar(schemas, s.items)) out.setLists.push(path);
    // else: atomic (the default for every list not listed)
    collect(schemas, s.items, `${path}[]`, out, stack);
    return;
  }
  if (s.properties) {
    for (const [key, child] of Object.entries(s.properties)) {
      if (!path && SKIPPED_ROOT_FIELDS.has(key)) continue;
      if (SKIPPED_FIELDS.has(key)) continue;
      collect(schemas, child, path ? `${path}.${key}` : key, out, stack);
    }
  }
  if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    collect(schemas, s.additionalProperties, path ? `${path}.*` : '*', out, stack);
  }
}

function stripRef(s: Schema): Schema {
  const { $ref: _r, allOf: _a, description: _d, default: _def, ...rest } = s as Schema & {
    description?: string;
    default?: unknown;
  };
  return rest;
}

function isScalar(schemas: Record<string, Schema>, s: Schema): boolean {
  const name = refName(s);
  if (name) return name === QUANTITY || name === INT_OR_STRING;
  return s.type === 'string' || s.type === 'integer' || s.type === 'number' || s.type === 'boolean';
}

function compact(h: Required<TypeHintSet>): TypeHintSet {
  const r: TypeHintSet = {};
  if (h.quantity.length) r.quantity = [...new Set(h.quantity)].sort();
  if (h.intOrString.length) r.intOrString = [...new Set(h.intOrString)].sort();
  if (Object.keys(h.mapLists).length) {
    r.mapLists = Object.fromEntries(Object.entries(h.mapLists).sort(([a], [b]) => a.localeCompare(b)));
  }
  if (h.setLists.length) r.setLists = [...new Set(h.setLists)].sort();
  if (h.atomicMaps.length) r.atomicMaps = [...new Set(h.atomicMaps)].sort();
  return r;
}

export function generateTypeHints(openapiDir: string): Record<string, TypeHintSet> {
  const result: Record<string, TypeHintSet> = {};
  const files = readdirSync(openapiDir)
    .filter((f) => f.endsWith('.json') && !f.startsWith('_') && f !== 'index.json')
    .sort();
  for (const file of files) {
    const doc = JSON.parse(readFileSync(join(openapiDir, file), 'utf8')) as {
      components?: { schemas?: Record<string, Schema> };
    };
    const schemas = doc.components?.schemas ?? {};
    for (const [name, schema] of Object.entries(schemas)) {
      const gvks = schema['x-kubernetes-group-version-kind'];
      if (!gvks || gvks.length !== 1 || name.endsWith('List')) continue;
      const [gvk] = gvks;
      if (!gvk || !schema.properties?.metadata) continue;
      if (gvk.kind === 'Status' || gvk.kind.endsWith('Options') || gvk.kind === 'WatchEvent') continue;
      const out: Required<TypeHintSet> = {
        quantity: [],
        intOrString: [],
        mapLists: {},
        setLists: [],
        atomicMaps: [],
      };
      collect(schemas, schema, '', out, [name]);
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      result[`${apiVersion}/${gvk.kind}`] = compact(out);
    }
  }
  return Object.fromEntries(Object.entries(result).sort(([a], [b]) => a.localeCompare(b)));
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename ?? '');
if (isMain) {
  const besideCheckout = resolve(import.meta.dirname ?? '.', '../../shared/k8s/openapi/v3');
  const dir =
    process.argv[2] ??
    (process.env.K8S_RECORDINGS ? join(process.env.K8S_RECORDINGS, 'openapi/v3') : undefined) ??
    (existsSync(besideCheckout) ? besideCheckout : '/work/shared/k8s/openapi/v3');
  const outFile = process.argv[3] ?? resolve(import.meta.dirname ?? '.', '../src/core/normalize/type-hints.generated.json');
  const hints = generateTypeHints(dir);
  const text = JSON.stringify(hints) + '\n';
  writeFileSync(outFile, text);
  console.log(`wrote ${Object.keys(hints).length} kinds, ${text.length} bytes → ${outFile}`);
}
