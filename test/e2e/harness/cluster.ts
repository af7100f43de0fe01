// The project's test API server, seeded from the fixture workspace the way a GitOps controller would
// apply it, then drifted: web scaled by kubectl, api never applied, one labelled orphan.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { startTestApiServer, type TestApiServer } from '../../k8s-server';
import { kubeTool } from '../../support/kube-tools';
import { widgetCrd } from '../../support/widget-crd';
import { KUSTOMIZE_DIR, KUSTOMIZE_OVERLAY, SECRET_VALUES } from '../expected';

const NOT_APPLIED = new Set(['Deployment/api']);

/** A CRD installed in the cluster only (the workspace has no schema for it): the editor learns it from /openapi/v3. */
export const WIDGET_CRD = widgetCrd({ type: 'object', properties: { size: { type: 'integer', description: 'How big the widget is.' } } });


export async function startSeededCluster(workspace: string): Promise<TestApiServer> {
  const server = await startTestApiServer({ seed: [WIDGET_CRD] });
  try {
    // Plain manifests as written; the kustomize overlay as `kubectl kustomize` renders it (what Flux applies).
    const plain = readManifests(workspace).filter((o) => !NOT_APPLIED.has(`${o.kind}/${o.metadata?.name}`));
    const objects = [...plain, ...renderOverlay(join(workspace, KUSTOMIZE_OVERLAY))];
    objects.sort((a, b) => Number(b.kind === 'Namespace') - Number(a.kind === 'Namespace'));
    for (const obj of objects) server.apply(obj, 'kustomize-controller', { force: true });
    server.patch({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }, { spec: { replicas: 5 } }, 'kubectl-scale');
    server.patch(
      { apiVersion: 'v1', kind: 'Secret', namespace: 'shop', name: 'web-db' },
      { data: { password: Buffer.from(SECRET_VALUES[1]).toString('base64') } },
      'kubectl-edit',
    );
    server.apply(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'legacy-flags', namespace: 'shop', labels: { 'app.kubernetes.io/part-of': 'shop' } }, data: { OLD: 'true' } },
      'kubectl',
      { force: true },
    );
    return server;
  } catch (err) {
    await server.stop();
    throw err;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function readManifests(dir: string): any[] {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    if (path.endsWith(`/${KUSTOMIZE_DIR}`)) continue; // rendered, not read as plain files
    if (statSync(path).isDirectory()) out.push(...readManifests(path));
    else if (/\.ya?ml$/.test(name)) {
      for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
        if (doc.errors.length > 0) continue; // broken on purpose: never applied
        const obj = doc.toJS();
        if (obj?.apiVersion && obj?.kind) out.push(obj);
      }
    }
  }
  return out;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function renderOverlay(dir: string): any[] {
  const yaml = execFileSync(kubeTool('kubectl'), ['kustomize', dir], { encoding: 'utf8', timeout: 30_000 });
  return parseAllDocuments(yaml).map((d) => d.toJS()).filter((o) => o?.kind);
}
