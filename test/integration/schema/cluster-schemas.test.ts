// `converge validate --context`: custom resources validated against the schemas of CRDs installed in the cluster
// (its /openapi/v3), cached on disk; an unreachable cluster leaves built-in validation working.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../k8s-server';
import { runCli } from '../../support/cli';
import { widgetCrd } from '../../support/widget-crd';

const WIDGET_CRD = widgetCrd({ type: 'object', required: ['size'], properties: { size: { type: 'integer' }, color: { type: 'string', enum: ['red', 'blue'] } } });

const GATE_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'gates.infra.example.com' },
  spec: {
    group: 'infra.example.com',
    scope: 'Cluster',
    names: { plural: 'gates', singular: 'gate', kind: 'Gate' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { open: { type: 'boolean' } } } } } } }],
  },
};

const MANIFESTS = `apiVersion: shop.example.com/v1
kind: Widget
metadata:
  name: w1
  namespace: shop
spec:
  size: big
  colour: red
---
apiVersion: infra.example.com/v1
kind: Gate
metadata:
  name: g1
  namespace: shop
spec:
  open: true
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replica: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
---
apiVersion: unknown.example.com/v1
kind: Thing
metadata: {name: t1}
---
apiVersion: unknown.example.com/v1
kind: Thing
metadata: {name: t2}
`;

let server: TestApiServer;
let dir: string;
let repo: string;
let cacheDir: string;

beforeAll(async () => {
  server = await startTestApiServer({ seed: [WIDGET_CRD, GATE_CRD] });
  dir = mkdtempSync(join(tmpdir(), 'converge-cluster-schemas-'));
  repo = join(dir, 'repo');
  cacheDir = join(dir, 'cache');
  mkdirSync(repo);
  writeFileSync(join(repo, 'app.yaml'), MANIFESTS);
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const validate = (args: string[]) =>
  runCli(['validate', '-o', 'json', '--cache-dir', cacheDir, ...args], { cwd: repo, env: { PATH: process.env.PATH, HOME: dir } });

type Diag = { file: string; line: number; column: number; path: string; severity: string; rule: string; message: string };
const summarise = (diags: Diag[]) => diags.map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule} ${d.path}`);

const documentRequests = () => server.requests.filter((r) => r.path.startsWith('/openapi/v3/apis/'));

describe('schemas of CRDs installed in the cluster', () => {
  it('validates custom resources against the cluster schema, fetching only the group-versions without a schema', async () => {
    const run = await validate(['--kubeconfig', server.kubeconfigPath, '--context', 'test']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(summarise(run.json().diagnostics)).toEqual([
      '7:3 error type spec.size',
      '8:3 error unknown-field spec.colour',
      '14:3 warning namespace-on-cluster-scoped metadata.namespace',
      '24:3 error unknown-field spec.replica',
      '32:1 info no-schema ',
    ]);
    expect(run.json().diagnostics.at(-1).message).toBe('no schema for unknown.example.com/v1/Thing');
    // Only the two CRD group-versions; apps/v1 is built in and unknown.example.com/v1 is not in the index.
    expect(documentRequests().map((r) => r.path).sort()).toEqual(['/openapi/v3/apis/infra.example.com/v1', '/openapi/v3/apis/shop.example.com/v1']);
    expect(readdirSync(cacheDir)).toHaveLength(1);
  });

  it('serves the second run from the disk cache (the index only)', async () => {
    const before = server.requests.length;
    const run = await validate(['--kubeconfig', server.kubeconfigPath, '--context', 'test']);
    expect(run.code).toBe(1);
    expect(summarise(run.json().diagnostics)).toContain('7:3 error type spec.size');
    const requests = server.requests.slice(before).map((r) => r.path);
    expect(requests).toEqual(['/openapi/v3']);
  });

  it('a CRD changed in the cluster has a new hash, so it is downloaded again', async () => {
    const crd = structuredClone(WIDGET_CRD);
    (crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties as Record<string, unknown>).colour = { type: 'string' };
    server.apply(crd, 'seed');
    const before = server.requests.length;
    const run = await validate(['--kubeconfig', server.kubeconfigPath, '--context', 'test']);
    expect(summarise(run.json().diagnostics)).not.toContain('8:3 error unknown-field spec.colour');
    expect(server.requests.slice(before).map((r) => r.path)).toEqual(['/openapi/v3', '/openapi/v3/apis/shop.example.com/v1']);
    server.apply(WIDGET_CRD, 'seed', { force: true });
  });

  it('a CRD in the workspace wins over the cluster: its group-version is not fetched', async () => {
    const local = join(dir, 'with-crd');
    mkdirSync(local);
    const crd = structuredClone(WIDGET_CRD);
    crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.size = { type: 'string' } as never;
    writeFileSync(join(local, 'crd.yaml'), stringify(crd));
    writeFileSync(join(local, 'w.yaml'), MANIFESTS.split('---')[0]);
    const before = server.requests.length;
    const run = await runCli(['validate', '-o', 'json', '--cache-dir', cacheDir, '--kubeconfig', server.kubeconfigPath, '--context', 'test'], { cwd: local, env: { PATH: process.env.PATH, HOME: dir } });
    expect(summarise(run.json().diagnostics)).toEqual(['8:3 error unknown-field spec.colour']);
    expect(server.requests.slice(before)).toEqual([]);
  });

  it('an unreachable cluster: a clear warning, built-in kinds still validated, CRs reported without schema', async () => {
    const config = parse(server.kubeconfigYaml);
    for (const c of config.clusters) c.cluster.server = 'https://127.0.0.1:1';
    const file = join(dir, 'unreachable.kubeconfig');
    writeFileSync(file, stringify(config));
    const run = await validate(['--kubeconfig', file, '--context', 'test', '--cache-dir', join(dir, 'empty-cache')]);
    expect(run.stderr).toMatch(/^converge validate: warning: cannot read the cluster's OpenAPI schemas \(https:\/\/127\.0\.0\.1:1\): .*connection refused.*; custom resources are validated only against CRDs in the workspace\n$/);
    expect(run.code).toBe(1);
    expect(summarise(run.json().diagnostics)).toEqual([
      '2:1 info no-schema ',
      '11:1 info no-schema ',
      '24:3 error unknown-field spec.replica',
      '32:1 info no-schema ',
    ]);
  });

  it('an unknown context is a usage error (exit 2)', async () => {
    const run = await validate(['--kubeconfig', server.kubeconfigPath, '--context', 'nope']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('context "nope" not found');
  });
});
