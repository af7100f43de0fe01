// The inspector's cluster side against the test API server: the live object (Secret values masked before they
// reach the webview document), the cluster's CRD schema for a custom resource, and the notes shown instead.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifestText } from '../../../src/core/manifests';
import { SchemaValidator } from '../../../src/core/schema';
import { readClusterSide } from '../../../src/extension/inspector/cluster-side';
import { buildInspectorDocument } from '../../../src/extension/inspector/inspector-document';
import { startTestApiServer, type TestApiServer } from '../../k8s-server';
import { widgetCrd } from '../../support/widget-crd';

const PASSWORD_B64 = Buffer.from('s3cr3t-in-cluster').toString('base64');

const CRD = widgetCrd({ type: 'object', properties: { size: { type: 'integer' } } });

const MANIFESTS = `apiVersion: v1
kind: Secret
metadata: {name: db, namespace: shop}
data: {password: ${Buffer.from('changed-in-git').toString('base64')}}
---
apiVersion: shop.example.com/v1
kind: Widget
metadata: {name: w1, namespace: shop}
spec: {size: 3}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: not-there, namespace: shop}
`;

let server: TestApiServer;
let dir: string;
const target = () => ({ kubeconfig: server.kubeconfigPath, context: 'test' });
const objects = parseManifestText('/w/app.yaml', MANIFESTS).objects;

beforeAll(async () => {
  server = await startTestApiServer({
    seed: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, data: { password: PASSWORD_B64 } },
      CRD,
      { apiVersion: 'shop.example.com/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'shop' }, spec: { size: 2 } },
    ],
  });
  dir = mkdtempSync(join(tmpdir(), 'converge-inspector-'));
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('inspector: the cluster side', () => {
  it('reads the live Secret; the document for the webview holds neither its value nor the manifest one', async () => {
    const side = await readClusterSide(target(), objects[0].object);
    expect(side.note).toBe('');
    expect(side.live?.data).toEqual({ password: PASSWORD_B64 });
    const { document } = buildInspectorDocument({ desired: objects[0], fileText: MANIFESTS, displayFile: 'app.yaml', live: side.live, revision: 1 });
    const json = JSON.stringify(document);
    for (const secret of [PASSWORD_B64, 's3cr3t-in-cluster', Buffer.from('changed-in-git').toString('base64')]) expect(json).not.toContain(secret);
    // In the manifest's layout (flow mappings), keys in its order.
    expect(document.liveText).toBe('apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\ndata: {password: "***"}\ntype: Opaque\n');
  });

  it('adds the cluster schema of a custom resource kind (cached) and reads the live custom resource', async () => {
    const validator = new SchemaValidator();
    const side = await readClusterSide(target(), objects[1].object, { validator, schemaCacheDir: join(dir, 'openapi') });
    expect(side.live?.spec).toEqual({ size: 2 });
    expect(validator.hasSchema('shop.example.com/v1', 'Widget')).toBe(true);
    const schema = validator.kindJsonSchema('shop.example.com/v1', 'Widget') as { properties: { spec: unknown } };
    expect(schema.properties.spec).toEqual({ type: 'object', properties: { size: { type: 'integer' } }, additionalProperties: false });
  });

  it('explains a missing object, an unreachable cluster and an unknown context instead of failing', async () => {
    expect(await readClusterSide(target(), objects[2].object)).toEqual({ note: 'not in the cluster' });
    const config = parse(server.kubeconfigYaml);
    for (const c of config.clusters) c.cluster.server = 'https://127.0.0.1:1';
    const file = join(dir, 'down.kubeconfig');
    writeFileSync(file, stringify(config));
    expect((await readClusterSide({ kubeconfig: file, context: 'test' }, objects[2].object)).note).toMatch(/^cluster unreachable: .*connection refused/);
    expect((await readClusterSide({ kubeconfig: server.kubeconfigPath, context: 'nope' }, objects[2].object)).note).toMatch(/^no cluster: context "nope" not found/);
  });
});
