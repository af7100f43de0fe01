// Schemas of custom resources from the cluster's own OpenAPI v3 (`/openapi/v3`): only the group-versions the
// workspace uses that have no schema yet (no built-in, no CRD in the workspace), cached on disk by server,
// group-version and the document hash the server publishes in its index (`?hash=`).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeRequest, KubeResponse } from '../cluster/http';
import type { KubeObject } from '../types';
import { splitApiVersion } from './deprecations';
import type { JsonSchema } from './openapi-to-json-schema';
import type { SchemaValidator } from './validator';

/** The part of `KubeHttp` this needs (a fake in unit tests). */
export interface OpenApiHttp {
  readonly server: string;
  request<T = unknown>(req: KubeRequest): Promise<KubeResponse<T>>;
}

export interface ClusterSchemaOptions {
  /** Folder for the document cache; none: nothing is cached. */
  cacheDir?: string;
  /** Per-request timeout (default 10 s: validation must not hang on a dead cluster). */
  timeoutMs?: number;
}

export interface ClusterSchemaResult {
  /** apiVersions whose kinds were added from the cluster. */
  added: string[];
  /** apiVersions whose document came from the disk cache. */
  fromCache: string[];
  /** apiVersions the cluster does not serve (no document in its index). */
  notServed: string[];
  /** Why some or all cluster schemas could not be used (unreachable, forbidden, a broken document). */
  warnings: string[];
}

/** One kind of a group-version document, ready for `SchemaValidator.addCustomResourceSchema`. */
export interface ClusterKindSchema {
  group: string;
  version: string;
  kind: string;
  namespaced: boolean;
  /** The kind's schema with `$ref`s to other components inlined; apiVersion/kind/metadata left to the validator. */
  openAPIV3Schema: JsonSchema;
}

interface OpenApiIndex {
  paths?: Record<string, { serverRelativeURL?: string }>;
}

interface OpenApiDocument {
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const OBJECT_META_REF = '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const MAX_INLINE_DEPTH = 64;

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** apiVersions used by the objects that have no schema for (some of) their kinds. */
export function apiVersionsWithoutSchema(validator: SchemaValidator, objects: Iterable<KubeObject>): string[] {
  const out = new Set<string>();
  for (const o of objects) {
    if (typeof o?.apiVersion !== 'string' || typeof o.kind !== 'string') continue;
    if (!validator.hasSchema(o.apiVersion, o.kind)) out.add(o.apiVersion);
  }
  return [...out].sort();
}

/** Index key of a group-version: `api/v1`, `apis/example.com/v1`. */
export function openApiIndexKey(apiVersion: string): string {
  const { group, version } = splitApiVersion(apiVersion);
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** Cache file of a document: `<dir>/<server hash>/<group-version>/<document hash>.json`. */
export function openApiCacheFile(cacheDir: string, server: string, apiVersion: string, documentHash: string): string {
  const serverKey = createHash('sha256').update(server).digest('hex').slice(0, 24);
  const gv = apiVersion.replace(/[^A-Za-z0-9._-]/g, '_');
  const hash = documentHash.replace(/[^A-Za-z0-9]/g, '').slice(0, 128) || 'nohash';
  return join(cacheDir, serverKey, gv, `${hash}.json`);
}

function readCache(file: string): OpenApiDocument | undefined {
  try {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return isObject(doc) ? (doc as OpenApiDocument) : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(file: string, text: string): void {
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch {
    // A read-only cache only costs a download next time.
  }
}

/**
 * Inlines `$ref`s to other components (except ObjectMeta, which the validator supplies). A reference back to a
 * schema being inlined (recursive types such as JSONSchemaProps) accepts anything there instead.
 */
function inlineRefs(node: unknown, components: Record<string, JsonSchema>, inlining: ReadonlySet<string> = new Set()): unknown {
  if (Array.isArray(node)) return node.map((n) => inlineRefs(n, components, inlining));
  if (!isObject(node)) return node;
  // `allOf: [{$ref}]` (how OpenAPI v3 documents annotate a reference) is the reference itself.
  const only = Array.isArray(node.allOf) && node.allOf.length === 1 && isObject(node.allOf[0]) ? node.allOf[0] : undefined;
  if (only && typeof only.$ref === 'string' && Object.keys(only).length === 1 && node.$ref === undefined) {
    const { allOf: _allOf, ...rest } = node;
    return inlineRefs({ ...rest, $ref: only.$ref }, components, inlining);
  }
  const ref = node.$ref;
  if (typeof ref === 'string') {
    const name = ref.startsWith('#/components/schemas/') ? ref.slice('#/components/schemas/'.length) : undefined;
    const target = name !== undefined ? components[name] : undefined;
    if (!target || name === undefined || ref === OBJECT_META_REF || inlining.has(name) || inlining.size >= MAX_INLINE_DEPTH) {
      return { 'x-kubernetes-preserve-unknown-fields': true };
    }
    const { $ref: _ignored, ...rest } = node;
    return { ...(inlineRefs(target, components, new Set([...inlining, name])) as JsonSchema), ...rest };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = inlineRefs(v, components, inlining);
  return out;
}

function kindOfGvk(gvk: unknown): string | undefined {
  const first = Array.isArray(gvk) ? gvk[0] : gvk;
  return isObject(first) && typeof first.kind === 'string' ? first.kind : undefined;
}

/** The kind an operation is about: its `x-kubernetes-group-version-kind`, else the kind of its 200 response. */
function kindOfOperation(op: Record<string, unknown>, components: Record<string, JsonSchema>): string | undefined {
  const own = kindOfGvk(op['x-kubernetes-group-version-kind']);
  if (own) return own;
  const responses = isObject(op.responses) ? op.responses : {};
  const ok = isObject(responses['200']) ? responses['200'] : {};
  const content = isObject(ok.content) ? ok.content : {};
  for (const media of Object.values(content)) {
    const ref = isObject(media) && isObject(media.schema) ? media.schema.$ref : undefined;
    if (typeof ref !== 'string' || !ref.startsWith('#/components/schemas/')) continue;
    const kind = kindOfGvk(components[ref.slice('#/components/schemas/'.length)]?.['x-kubernetes-group-version-kind']);
    if (kind) return kind.endsWith('List') ? kind.slice(0, -4) : kind;
  }
  return undefined;
}

/** Scope of each kind from the document's paths: namespaced when a path of the kind has `{namespace}`. */
function scopesOfPaths(doc: OpenApiDocument): Map<string, boolean> {
  const scopes = new Map<string, boolean>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const op of Object.values(item ?? {})) {
      const kind = isObject(op) ? kindOfOperation(op, doc.components?.schemas ?? {}) : undefined;
      if (!kind) continue;
      const namespaced = path.includes('/namespaces/{namespace}/');
      scopes.set(kind, (scopes.get(kind) ?? false) || namespaced);
    }
  }
  return scopes;
}

/**
 * The resource kinds of `apiVersion` in an OpenAPI v3 group-version document (`x-kubernetes-group-version-kind`
 * of schemas that its paths serve; `List` kinds left out). Pure.
 */
export function kindSchemasOfDocument(doc: unknown, apiVersion: string): ClusterKindSchema[] {
  if (!isObject(doc)) return [];
  const d = doc as OpenApiDocument;
  const components = d.components?.schemas ?? {};
  const { group, version } = splitApiVersion(apiVersion);
  const scopes = scopesOfPaths(d);
  const out: ClusterKindSchema[] = [];
  for (const schema of Object.values(components)) {
    const gvks = schema['x-kubernetes-group-version-kind'];
    if (!Array.isArray(gvks)) continue;
    for (const gvk of gvks) {
      if (!isObject(gvk) || (gvk.group ?? '') !== group || gvk.version !== version || typeof gvk.kind !== 'string') continue;
      if (gvk.kind.endsWith('List') && isObject(schema.properties) && isObject(schema.properties.items)) continue;
      // Shared types (DeleteOptions, WatchEvent) name every group-version; resources are what the paths serve.
      if (scopes.size > 0 && !scopes.has(gvk.kind)) continue;
      const { properties, ...rest } = schema;
      const props: Record<string, unknown> = { ...(isObject(properties) ? properties : {}) };
      delete props.apiVersion;
      delete props.kind;
      delete props.metadata;
      const { 'x-kubernetes-group-version-kind': _gvk, ...withoutGvk } = rest;
      out.push({
        group,
        version,
        kind: gvk.kind,
        namespaced: scopes.get(gvk.kind) ?? true,
        openAPIV3Schema: inlineRefs({ ...withoutGvk, properties: props }, components) as JsonSchema,
      });
    }
  }
  return out;
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Adds the cluster's schemas for `apiVersions` (those without a schema yet) to the validator. Never throws:
 * an unreachable cluster or a broken document becomes a warning, and validation goes on with what it has.
 */
export async function addClusterSchemas(
  validator: SchemaValidator,
  http: OpenApiHttp,
  apiVersions: readonly string[],
  opts: ClusterSchemaOptions = {},
): Promise<ClusterSchemaResult> {
  const result: ClusterSchemaResult = { added: [], fromCache: [], notServed: [], warnings: [] };
  if (!apiVersions.length) return result;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  let index: OpenApiIndex;
  try {
    index = (await http.request<OpenApiIndex>({ method: 'GET', path: '/openapi/v3', timeoutMs })).body;
  } catch (err) {
    result.warnings.push(`cannot read the cluster's OpenAPI schemas (${http.server}): ${reasonOf(err)}; custom resources are validated only against CRDs in the workspace`);
    return result;
  }
  for (const apiVersion of apiVersions) {
    const url = index?.paths?.[openApiIndexKey(apiVersion)]?.serverRelativeURL;
    if (!url) {
      result.notServed.push(apiVersion);
      continue;
    }
    const [path, query = ''] = url.split('?', 2);
    const hash = new URLSearchParams(query).get('hash') ?? '';
    const cacheFile = opts.cacheDir && hash ? openApiCacheFile(opts.cacheDir, http.server, apiVersion, hash) : undefined;
    let doc = cacheFile ? readCache(cacheFile) : undefined;
    if (doc) result.fromCache.push(apiVersion);
    else {
      try {
        const res = await http.request<unknown>({ method: 'GET', path, query: hash ? { hash } : undefined, timeoutMs });
        const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
        doc = (typeof res.body === 'string' ? JSON.parse(res.body) : res.body) as OpenApiDocument;
        if (cacheFile) writeCache(cacheFile, text);
      } catch (err) {
        result.warnings.push(`cannot read the OpenAPI schema of ${apiVersion} from ${http.server}: ${reasonOf(err)}`);
        continue;
      }
    }
    const kinds = kindSchemasOfDocument(doc, apiVersion);
    for (const k of kinds) {
      if (validator.hasSchema(apiVersion, k.kind)) continue;
      validator.addCustomResourceSchema(k.group, k.version, k.kind, k.openAPIV3Schema, { namespaced: k.namespaced });
    }
    if (kinds.length) result.added.push(apiVersion);
  }
  return result;
}
