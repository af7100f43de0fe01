// Schemas from a cluster's OpenAPI v3 documents: conversion of a group-version document, cache keys, failures.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { KubeRequest } from '../../../src/core/cluster/http';
import { parseManifestText } from '../../../src/core/manifests';
import {
  addClusterSchemas,
  kindSchemasOfDocument,
  openApiCacheFile,
  openApiIndexKey,
  SchemaValidator,
  validateDesiredObjects,
  type OpenApiHttp,
} from '../../../src/core/schema';

const REF = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A document like the API server generates for an aggregated API or a CRD group-version. */
const DOC = {
  openapi: '3.0.0',
  paths: {
    '/apis/ops.example.com/v1/locks/{name}': { get: { responses: { '200': { content: { 'application/json': { schema: REF('com.example.ops.v1.Lock') } } } } } },
    '/apis/ops.example.com/v1/namespaces/{namespace}/jobs/{name}': { get: { 'x-kubernetes-group-version-kind': { group: 'ops.example.com', version: 'v1', kind: 'Job' } } },
  },
  components: {
    schemas: {
      'com.example.ops.v1.Lock': {
        type: 'object',
        properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { allOf: [REF('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta')] }, spec: REF('com.example.ops.v1.LockSpec') },
        'x-kubernetes-group-version-kind': [{ group: 'ops.example.com', version: 'v1', kind: 'Lock' }],
      },
      'com.example.ops.v1.LockSpec': { type: 'object', properties: { holder: { type: 'string' } } },
      'com.example.ops.v1.LockList': {
        type: 'object',
        properties: { items: { type: 'array', items: REF('com.example.ops.v1.Lock') } },
        'x-kubernetes-group-version-kind': [{ group: 'ops.example.com', version: 'v1', kind: 'LockList' }],
      },
      'com.example.ops.v1.Job': {
        type: 'object',
        properties: { spec: { type: 'object', properties: { retries: { type: 'integer' } } } },
        'x-kubernetes-group-version-kind': [{ group: 'ops.example.com', version: 'v1', kind: 'Job' }],
      },
      'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': { type: 'object', properties: { name: { type: 'string' } } },
    },
  },
};

class FakeHttp implements OpenApiHttp {
  readonly server = 'https://cluster.example:6443';
  readonly paths: string[] = [];
  constructor(private readonly answers: Record<string, unknown | Error>) {}
  async request<T>(req: KubeRequest) {
    this.paths.push(req.path);
    const a = this.answers[req.path];
    if (a === undefined) throw Object.assign(new Error(`GET ${req.path}: HTTP 404`), { status: 404 });
    if (a instanceof Error) throw a;
    return { status: 200, headers: {}, body: a as T };
  }
}

const INDEX = { paths: { 'apis/ops.example.com/v1': { serverRelativeURL: '/openapi/v3/apis/ops.example.com/v1?hash=ABC123' }, 'api/v1': { serverRelativeURL: '/openapi/v3/api/v1?hash=X' } } };

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('kindSchemasOfDocument', () => {
  it('finds the kinds of the group-version (Lists left out), their scope from the paths, with $refs inlined', () => {
    const kinds = kindSchemasOfDocument(DOC, 'ops.example.com/v1');
    expect(kinds.map((k) => `${k.kind} ${k.namespaced ? 'namespaced' : 'cluster'}`).sort()).toEqual(['Job namespaced', 'Lock cluster']);
    const lock = kinds.find((k) => k.kind === 'Lock')!;
    expect(lock.openAPIV3Schema.properties).toEqual({ spec: { type: 'object', properties: { holder: { type: 'string' } } } });
    expect(kindSchemasOfDocument(DOC, 'ops.example.com/v2')).toEqual([]);
    expect(kindSchemasOfDocument('not a document', 'ops.example.com/v1')).toEqual([]);
  });

  it('index keys and cache files', () => {
    expect(openApiIndexKey('v1')).toBe('api/v1');
    expect(openApiIndexKey('apps/v1')).toBe('apis/apps/v1');
    const a = openApiCacheFile('/c', 'https://a:6443', 'ops.example.com/v1', 'ABC');
    expect(a).toMatch(/^\/c\/[0-9a-f]{24}\/ops\.example\.com_v1\/ABC\.json$/);
    expect(openApiCacheFile('/c', 'https://b:6443', 'ops.example.com/v1', 'ABC')).not.toBe(a);
    expect(openApiCacheFile('/c', 'https://a:6443', 'ops.example.com/v1', '../../x')).toMatch(/\/x\.json$/);
  });
});

describe('recorded kube-apiserver v1.28 documents', () => {
  const recorded = (file: string) => JSON.parse(readFileSync(join(__dirname, '../../k8s-server/data/openapi', file), 'utf8'));

  it('apps/v1: every kind, and a schema that validates like the bundled one', () => {
    const kinds = kindSchemasOfDocument(recorded('apis__apps__v1.json'), 'apps/v1');
    expect(kinds.map((k) => `${k.kind}${k.namespaced ? '' : ' (cluster)'}`).sort()).toEqual(['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet']);
    const deployment = kinds.find((k) => k.kind === 'Deployment')!;
    const v = new SchemaValidator();
    v.addCustomResourceSchema('apps', 'v1', 'Deployment', deployment.openAPIV3Schema);
    const obj = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w' }, spec: { replica: 1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i', imagePullPolicy: 'Sometimes' }] } } } };
    expect(v.validate(obj as never).map((f) => `${f.rule} ${f.path.join('.')}`).sort()).toEqual(['enum spec.template.spec.containers.0.imagePullPolicy', 'unknown-field spec.replica']);
  });

  it('recursive definitions (JSONSchemaProps) are cut where they recur, quickly', () => {
    const started = Date.now();
    const [crd] = kindSchemasOfDocument(recorded('apis__apiextensions.k8s.io__v1.json'), 'apiextensions.k8s.io/v1').filter((k) => k.kind === 'CustomResourceDefinition');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(JSON.stringify(crd.openAPIV3Schema).length).toBeLessThan(2_000_000);
    expect(crd.namespaced).toBe(false);
  });
});

describe('addClusterSchemas', () => {
  it('adds the kinds, validates with them, and reads the document from the cache the second time', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'converge-openapi-'));
    dirs.push(cacheDir);
    const http = new FakeHttp({ '/openapi/v3': INDEX, '/openapi/v3/apis/ops.example.com/v1': DOC });
    const v = new SchemaValidator();
    const r = await addClusterSchemas(v, http, ['ops.example.com/v1', 'other.example.com/v1'], { cacheDir });
    expect(r).toEqual({ added: ['ops.example.com/v1'], fromCache: [], notServed: ['other.example.com/v1'], warnings: [] });
    expect(v.validate({ apiVersion: 'ops.example.com/v1', kind: 'Lock', metadata: { name: 'l', namespace: 'x' }, spec: { holder: 1 } } as never).map((f) => f.rule)).toEqual([
      'namespace-on-cluster-scoped',
      'type',
    ]);
    const again = await addClusterSchemas(new SchemaValidator(), http, ['ops.example.com/v1'], { cacheDir });
    expect(again.fromCache).toEqual(['ops.example.com/v1']);
    expect(http.paths).toEqual(['/openapi/v3', '/openapi/v3/apis/ops.example.com/v1', '/openapi/v3']);
  });

  it('never throws: an unreachable cluster or a failing document is a warning', async () => {
    const down = await addClusterSchemas(new SchemaValidator(), new FakeHttp({ '/openapi/v3': new Error('connect ECONNREFUSED') }), ['ops.example.com/v1']);
    expect(down.warnings).toEqual([
      "cannot read the cluster's OpenAPI schemas (https://cluster.example:6443): connect ECONNREFUSED; custom resources are validated only against CRDs in the workspace",
    ]);
    const broken = await addClusterSchemas(new SchemaValidator(), new FakeHttp({ '/openapi/v3': INDEX }), ['ops.example.com/v1']);
    expect(broken.warnings).toEqual(['cannot read the OpenAPI schema of ops.example.com/v1 from https://cluster.example:6443: GET /openapi/v3/apis/ops.example.com/v1: HTTP 404']);
    expect(await addClusterSchemas(new SchemaValidator(), new FakeHttp({}), [])).toEqual({ added: [], fromCache: [], notServed: [], warnings: [] });
  });
});

describe('unknown kinds', () => {
  it('are reported once per kind, on the first object', () => {
    const text = ['apiVersion: x.example.com/v1', 'kind: Thing', 'metadata: {name: a}', '---', 'apiVersion: x.example.com/v1', 'kind: Thing', 'metadata: {name: b}', ''].join('\n');
    const parsed = parseManifestText('/w/things.yaml', text);
    const diags = validateDesiredObjects(new SchemaValidator(), parsed.objects);
    expect(diags.map((d) => `${d.line} ${d.rule} ${d.message}`)).toEqual(['2 no-schema no schema for x.example.com/v1/Thing']);
  });
});
