// OpenAPI v3: the recorded index and documents, plus one generated document per CRD group-version.
import { createHash } from 'node:crypto';
import { readDataJson, readDataText } from './recorded-data';
import type { Registry, ResourceType } from './registry';

export interface OpenApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface DocumentsIndex {
  docs: Record<string, { file: string; headers: Record<string, string> | null }>;
}

const META_SCHEMAS = [
  'DeleteOptions', 'FieldsV1', 'ListMeta', 'ManagedFieldsEntry', 'ObjectMeta', 'OwnerReference', 'Patch', 'Preconditions',
  'Status', 'StatusCause', 'StatusDetails', 'Time',
].map((n) => `io.k8s.apimachinery.pkg.apis.meta.v1.${n}`);

const API_VERSION_DESC =
  'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const KIND_DESC =
  'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';

/** "rec.example.com" → "com.example.rec". */
function reverseGroup(group: string): string {
  return group.split('.').reverse().join('.');
}

function hashOf(text: string): string {
  return createHash('sha512').update(text).digest('hex').toUpperCase();
}

let metaSchemas: Record<string, unknown> | undefined;
function metaComponentSchemas(): Record<string, unknown> {
  if (!metaSchemas) {
    const core = readDataJson<any>('openapi/api__v1.json');
    metaSchemas = {};
    for (const n of META_SCHEMAS) if (core.components?.schemas?.[n]) metaSchemas[n] = core.components.schemas[n];
  }
  return metaSchemas;
}

function op(description: string, operationId: string, ref?: string): Record<string, unknown> {
  const o: Record<string, unknown> = { description, operationId, responses: {} };
  if (ref) o.responses = { '200': { description: 'OK', content: { 'application/json': { schema: { $ref: ref } } } } };
  return o;
}

interface CrdPathsTemplate {
  group: string;
  version: string;
  kind: string;
  plural: string;
  paths: Record<string, any>;
  metaSchemas?: Record<string, unknown>;
}

const words = (group: string) => group.split(/[.-]/).filter(Boolean);
const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
/** "rec.example.com" → "RecExampleCom" (operationIds) / "recExampleCom" (tags). */
const pascalGroup = (group: string) => words(group).map(cap).join('');
const camelGroup = (group: string) => {
  const p = pascalGroup(group);
  return p.charAt(0).toLowerCase() + p.slice(1);
};

/**
 * Paths of a namespaced CRD resource, from the recorded CRD document (the real generator's output for
 * widgets.rec.example.com) with names substituted; status paths only when the CRD has the status subresource.
 */
function templatedPaths(tpl: CrdPathsTemplate, group: string, version: string, t: ResourceType): Record<string, unknown> {
  let text = JSON.stringify(tpl.paths);
  const rep = (from: string, to: string) => (text = text.split(from).join(to));
  rep(`/apis/${tpl.group}/${tpl.version}`, `/apis/${group}/${version}`);
  rep(`${reverseGroup(tpl.group)}.${tpl.version}.`, `${reverseGroup(group)}.${version}.`);
  rep(`"group":"${tpl.group}","version":"${tpl.version}"`, `"group":"${group}","version":"${version}"`);
  rep(`${pascalGroup(tpl.group)}${cap(tpl.version)}`, `${pascalGroup(group)}${cap(version)}`);
  rep(`${camelGroup(tpl.group)}_${tpl.version}`, `${camelGroup(group)}_${version}`);
  rep(tpl.kind, t.kind);
  rep(tpl.plural, t.resource);
  rep(tpl.group, group);
  const paths = JSON.parse(text) as Record<string, unknown>;
  if (!t.subresources.some((x) => x.subresource === 'status')) for (const k of Object.keys(paths)) if (k.endsWith('/status')) delete paths[k];
  return paths;
}

/** A CRD group-version document in the shape the real server generates. */
export function crdDocument(group: string, version: string, types: ResourceType[]): string {
  let tpl: CrdPathsTemplate | undefined;
  try {
    tpl = readDataJson<CrdPathsTemplate>('openapi/crd-paths-template.json');
  } catch {
    tpl = undefined;
  }
  const schemas: Record<string, unknown> = {};
  const paths: Record<string, unknown> = {};
  for (const t of types) {
    const v = (t.crd?.spec?.versions ?? []).find((x: any) => x.name === version);
    const base = v?.schema?.openAPIV3Schema ?? { type: 'object' };
    const name = `${reverseGroup(group)}.${version}.${t.kind}`;
    const { properties = {}, ...rest } = base;
    schemas[name] = {
      ...rest,
      properties: {
        apiVersion: { description: API_VERSION_DESC, type: 'string' },
        kind: { description: KIND_DESC, type: 'string' },
        metadata: {
          description: "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
          allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }],
        },
        ...properties,
      },
      'x-kubernetes-group-version-kind': [{ group, kind: t.kind, version }],
    };
    schemas[`${name}List`] = {
      description: `${t.kind}List is a list of ${t.kind}`,
      type: 'object',
      required: ['items'],
      properties: {
        apiVersion: { description: API_VERSION_DESC, type: 'string' },
        items: {
          description: `List of ${t.resource}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`,
          type: 'array',
          items: { $ref: `#/components/schemas/${name}` },
        },
        kind: { description: KIND_DESC, type: 'string' },
        metadata: {
          description: 'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
          allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta' }],
        },
      },
      'x-kubernetes-group-version-kind': [{ group, kind: `${t.kind}List`, version }],
    };
    const ref = `#/components/schemas/${name}`;
    const prefix = `/apis/${group}/${version}`;
    if (tpl && t.namespaced && !t.subresources.some((x) => x.subresource === 'scale')) {
      Object.assign(paths, templatedPaths(tpl, group, version, t));
      continue;
    }
    const coll = t.namespaced ? `${prefix}/namespaces/{namespace}/${t.resource}` : `${prefix}/${t.resource}`;
    paths[coll] = { get: op(`list objects of kind ${t.kind}`, `list${t.kind}`, `${ref}List`), post: op(`create a ${t.kind}`, `create${t.kind}`, ref) };
    paths[`${coll}/{name}`] = {
      get: op(`read the specified ${t.kind}`, `read${t.kind}`, ref),
      put: op(`replace the specified ${t.kind}`, `replace${t.kind}`, ref),
      delete: op(`delete a ${t.kind}`, `delete${t.kind}`),
      patch: op(`partially update the specified ${t.kind}`, `patch${t.kind}`, ref),
    };
    for (const s of t.subresources) {
      paths[`${coll}/{name}/${s.subresource}`] = {
        get: op(`read ${s.subresource} of the specified ${t.kind}`, `read${t.kind}${s.subresource}`, ref),
        put: op(`replace ${s.subresource} of the specified ${t.kind}`, `replace${t.kind}${s.subresource}`, ref),
        patch: op(`partially update ${s.subresource} of the specified ${t.kind}`, `patch${t.kind}${s.subresource}`, ref),
      };
    }
    if (t.namespaced) paths[`${prefix}/${t.resource}`] = { get: op(`list objects of kind ${t.kind}`, `list${t.kind}ForAllNamespaces`, `${ref}List`) };
  }
  Object.assign(schemas, tpl?.metaSchemas ?? metaComponentSchemas());
  return JSON.stringify({ openapi: '3.0.0', info: { title: 'Kubernetes CRD Swagger', version: 'v0.1.0' }, paths, components: { schemas } });
}

function crdDocuments(reg: Registry): Map<string, string> {
  const out = new Map<string, string>();
  for (const [group, versions] of reg.crdGroups) {
    for (const v of versions) out.set(`apis/${group}/${v}`, crdDocument(group, v, reg.resourcesOf(group, v)));
  }
  return out;
}

/** Serves /openapi/v3 and /openapi/v3/<path>; undefined when not found. */
export function serveOpenApi(path: string, query: Record<string, string>, reg: Registry): OpenApiResponse | undefined {
  const rel = path.replace(/^\/openapi\/v3\/?/, '').replace(/\/+$/, '');
  if (!rel) {
    const idx = readDataJson<any>('openapi/index.json');
    const paths = { ...idx.body.paths };
    for (const [k, text] of crdDocuments(reg)) paths[k] = { serverRelativeURL: `/openapi/v3/${k}?hash=${hashOf(text)}` };
    return { status: 200, headers: { 'Cache-Control': 'no-cache, private', 'Content-Type': 'text/plain; charset=utf-8' }, body: JSON.stringify({ paths }) };
  }
  const cacheControl = query.hash ? 'public, immutable' : 'no-cache, private';
  const docs = readDataJson<DocumentsIndex>('openapi/documents.json').docs;
  const rec = docs[rel];
  if (rec) {
    const etag = rec.headers?.Etag ?? `"${hashOf(readDataText(`openapi/${rec.file}`))}"`;
    return {
      status: 200,
      headers: { 'Cache-Control': cacheControl, 'Content-Type': 'application/json', Etag: etag, Vary: 'Accept' },
      body: readDataText(`openapi/${rec.file}`),
    };
  }
  const text = crdDocuments(reg).get(rel);
  if (!text) return undefined;
  return { status: 200, headers: { 'Cache-Control': cacheControl, 'Content-Type': 'application/json', Etag: `"${hashOf(text)}"`, Vary: 'Accept' }, body: text };
}


/** Protobuf of a minimal openapi_v2.Document {swagger: "2.0", info: {title, version}}. */
function minimalV2Protobuf(): Buffer {
  const str = (field: number, s: string) => Buffer.concat([Buffer.from([(field << 3) | 2, Buffer.byteLength(s)]), Buffer.from(s)]);
  const info = Buffer.concat([str(1, 'Kubernetes'), str(2, 'v1.28.0')]);
  return Buffer.concat([str(1, '2.0'), Buffer.from([(2 << 3) | 2, info.length]), info]);
}

/**
 * /openapi/v2: not recorded, so an EMPTY Swagger 2.0 document (JSON or protobuf by Accept). kubectl only needs it to
 * exist (edit/apply/diff then fall back to its compiled-in types and to OpenAPI v3).
 */
export function serveOpenApiV2(accept: string | undefined): { status: number; headers: Record<string, string>; body: Buffer } {
  if ((accept ?? '').includes('protobuf')) {
    return { status: 200, headers: { 'Content-Type': 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf', 'Cache-Control': 'no-cache, private', Vary: 'Accept' }, body: minimalV2Protobuf() };
  }
  const json = JSON.stringify({ swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.28.0' }, paths: {}, definitions: {} });
  return { status: 200, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', Vary: 'Accept' }, body: Buffer.from(json) };
}
