// The sample GitOps repo applied to a test API server the way Flux would, plus the demo's drift.
import { cpSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { startTestApiServer } from '../k8s-server';

export const SAMPLE_REPO = resolve(__dirname, '../../samples/gitops-demo');
export const SECRET_VALUES = ['storefront', 'demo-Pa55word-never-printed'];

export type TestServer = Awaited<ReturnType<typeof startTestApiServer>>;

/** A private copy of the sample repo (tests edit it). */
export function copyRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'converge-repo-'));
  cpSync(SAMPLE_REPO, dir, { recursive: true });
  return dir;
}

export function readObjects(dir: string): any[] {
  const out: any[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...readObjects(path));
    else if (/\.ya?ml$/.test(name))
      for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
        const obj = doc.toJS();
        if (obj?.apiVersion && obj?.kind) out.push(obj);
      }
  }
  return out.sort((a, b) => Number(b.kind === 'Namespace') - Number(a.kind === 'Namespace'));
}

/** Applies the repo as kustomize-controller would, minus `skip` (the demo's worker is new in Git, not yet applied). */
export async function applyRepo(server: TestServer, dir: string, skip: string[] = ['worker']): Promise<void> {
  for (const obj of readObjects(dir)) {
    if (skip.includes(obj.metadata.name)) continue;
    await server.apply(obj, 'kustomize-controller', { force: true });
  }
}

export async function introduceDemoDrift(server: TestServer): Promise<void> {
  await server.patch({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }, { spec: { replicas: 5 } }, 'kubectl-scale', { subresource: 'scale' });
  await server.patch({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'api' }, { spec: { template: { spec: { containers: [{ name: 'api', image: 'ghcr.io/example/shop-api:1.4.1-hotfix' }] } } } }, 'kubectl-edit', { kind: 'strategic' });
  await server.apply(
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'legacy-flags', namespace: 'shop', labels: { 'app.kubernetes.io/part-of': 'shop' } }, data: { OLD_CHECKOUT: 'true' } },
    'kubectl',
    { force: true },
  );
}
