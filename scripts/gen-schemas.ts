// Generates strict JSON Schemas (draft-07, `$defs`) for the built-in Kubernetes kinds from the recorded
// OpenAPI v3 documents of a real kube-apiserver. Offline: reads only local files.
//
//   npx tsx scripts/gen-schemas.ts [--openapi DIR] [--out DIR] [--kubernetes-version 1.28]
//
// Output: `<out>/v<ver>/<group>-<version>.json` (one per group-version, self-contained) + `<out>/v<ver>/index.json`.
import { mkdirSync, readdirSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { convertOpenApiDefinition, type JsonSchema } from '../src/core/schema/openapi-to-json-schema';
import type { SchemaIndex, GroupVersionSchemaFile } from '../src/core/schema/schema-files';

interface Gvk {
  group: string;
  version: string;
  kind: string;
}
interface OpenApiDocument {
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, Record<string, unknown>> };
}

const DEF_PREFIX = '#/components/schemas/';

function argValue(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
}

/** `apis__apps__v1.json` → apps/v1; `api__v1.json` → core v1. */
function groupVersionOfFile(file: string): { group: string; version: string } | undefined {
  const m = /^apis?__(.+)\.json$/.exec(file);
  if (!m) return undefined;
  const parts = m[1].split('__');
  if (file.startsWith('api__')) return parts.length === 1 ? { group: '', version: parts[0] } : undefined;
  return parts.length === 2 ? { group: parts[0], version: parts[1] } : undefined;
}

export function fileNameOf(group: string, version: string): string {
  return `${group === '' ? 'core' : group}-${version}.json`;
}

/** Kinds whose resource paths contain `/namespaces/{namespace}/` are namespaced. */
function scopesFromPaths(doc: OpenApiDocument): Map<string, boolean> {
  const scopes = new Map<string, boolean>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const op of Object.values(item)) {
      const gvk = (op as { 'x-kubernetes-group-version-kind'?: Gvk } | null)?.['x-kubernetes-group-version-kind'];
      if (!gvk) continue;
      const namespaced = path.includes('/namespaces/{namespace}/');
      scopes.set(gvk.kind, (scopes.get(gvk.kind) ?? false) || namespaced);
    }
  }
  return scopes;
}

function collectRefs(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) {
    for (const x of node) collectRefs(x, out);
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) out.add(v.slice('#/$defs/'.length));
      else collectRefs(v, out);
    }
  }
}

function generateGroupVersion(doc: OpenApiDocument, group: string, version: string, k8sVersion: string) {
  const source = doc.components?.schemas ?? {};
  const scopes = scopesFromPaths(doc);
  const converted = new Map<string, JsonSchema>();
  const convert = (name: string): JsonSchema => {
    let s = converted.get(name);
    if (!s) {
      s = convertOpenApiDefinition(name, source[name], DEF_PREFIX);
      converted.set(name, s);
    }
    return s;
  };

  const kinds: GroupVersionSchemaFile['kinds'] = {};
  for (const [name, def] of Object.entries(source)) {
    if (name.startsWith('io.k8s.apimachinery.')) continue; // Status, DeleteOptions, WatchEvent...
    const gvks = (def['x-kubernetes-group-version-kind'] as Gvk[] | undefined) ?? [];
    const gvk = gvks.find((g) => g.group === group && g.version === version);
    if (!gvk) continue;
    const namespaced = scopes.get(gvk.kind) ?? (scopes.get(gvk.kind.replace(/List$/, '')) ?? true);
    kinds[gvk.kind] = { def: name, namespaced, gvk: { group, version, kind: gvk.kind } };
  }

  // Keep only definitions reachable from the kinds.
  const defs: Record<string, JsonSchema> = {};
  const queue = Object.values(kinds).map((k) => k.def);
  while (queue.length) {
    const name = queue.pop()!;
    if (defs[name]) continue;
    const s = convert(name);
    defs[name] = s;
    const refs = new Set<string>();
    collectRefs(s, refs);
    for (const r of refs) if (!defs[r]) queue.push(r);
  }
  const sortedDefs: Record<string, JsonSchema> = {};
  for (const k of Object.keys(defs).sort()) sortedDefs[k] = defs[k];

  const file: GroupVersionSchemaFile = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://gitops-converge.dev/schemas/v${k8sVersion}/${fileNameOf(group, version)}`,
    title: `Kubernetes v${k8sVersion} ${group === '' ? '' : group + '/'}${version}`,
    kinds,
    $defs: sortedDefs,
  };
  return file;
}

export interface GeneratedSchemas {
  index: SchemaIndex;
  /** File name → JSON text (with a trailing newline). */
  files: Map<string, string>;
}

/** Generates every group-version file + the index from a folder of OpenAPI v3 documents (`apis__apps__v1.json`...). */
export function generateSchemas(openapiDir: string, k8sVersion: string): GeneratedSchemas {
  const index: SchemaIndex = { kubernetesVersion: k8sVersion, groupVersions: {} };
  const files = new Map<string, string>();
  for (const f of readdirSync(openapiDir).sort()) {
    const gv = groupVersionOfFile(f);
    if (!gv) continue;
    const doc = JSON.parse(readFileSync(join(openapiDir, f), 'utf8')) as OpenApiDocument;
    const out = generateGroupVersion(doc, gv.group, gv.version, k8sVersion);
    const fileName = fileNameOf(gv.group, gv.version);
    files.set(fileName, JSON.stringify(out) + '\n');
    const apiVersion = gv.group === '' ? gv.version : `${gv.group}/${gv.version}`;
    index.groupVersions[apiVersion] = {
      file: fileName,
      kinds: Object.fromEntries(Object.entries(out.kinds).map(([k, v]) => [k, { namespaced: v.namespaced }])),
    };
  }
  files.set('index.json', JSON.stringify(index, null, 1) + '\n');
  return { index, files };
}

function main(argv: string[]): void {
  const root = resolve(__dirname, '..');
  const besideRepo = resolve(root, '../shared/k8s/openapi/v3');
  const defaultOpenapi = existsSync(besideRepo) ? besideRepo : '/work/shared/k8s/openapi/v3';
  const openapiDir = resolve(argValue(argv, '--openapi', defaultOpenapi));
  const k8sVersion = argValue(argv, '--kubernetes-version', '1.28');
  const outDir = join(resolve(argValue(argv, '--out', join(root, 'schemas'))), `v${k8sVersion}`);
  if (!existsSync(openapiDir)) throw new Error(`OpenAPI folder not found: ${openapiDir}`);
  const { files } = generateSchemas(openapiDir, k8sVersion);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  let total = 0;
  for (const [name, text] of files) {
    writeFileSync(join(outDir, name), text);
    total += text.length;
    console.log(`${name}: ${(text.length / 1024).toFixed(0)} KiB`);
  }
  console.log(`total ${(total / 1024 / 1024).toFixed(2)} MiB in ${outDir}`);
}

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) main(process.argv.slice(2));
