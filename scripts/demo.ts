// `npm run demo`: a test Kubernetes API server with the sample GitOps repo applied (as Flux would) plus
// realistic drift, then `converge check` on it. `--serve` keeps the cluster running afterwards.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { startTestApiServer } from '../test/k8s-server';

const repo = resolve(__dirname, '..', 'samples', 'gitops-demo');
const cli = resolve(__dirname, 'cli.js');
const NOT_APPLIED = new Set(['worker']); // new in Git, not yet in the cluster

async function main(): Promise<void> {
  const serve = process.argv.includes('--serve');
  const port = Number(process.env.DEMO_PORT ?? 0);
  const server = await startTestApiServer({ port });
  try {
    // What Flux's kustomize-controller would have applied from main.
    for (const obj of readManifests(repo)) {
      if (NOT_APPLIED.has(obj.metadata.name)) continue;
      await server.apply(obj, 'kustomize-controller', { force: true });
    }
    // Drift made by people and controllers since.
    await server.patch({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }, { spec: { replicas: 5 } }, 'kubectl-scale', { subresource: 'scale' });
    await server.patch(
      { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'api' },
      { spec: { template: { spec: { containers: [{ name: 'api', image: 'ghcr.io/example/shop-api:1.4.1-hotfix' }] } } } },
      'kubectl-edit',
      { kind: 'strategic' }, // what kubectl edit sends
    );
    await server.apply(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'legacy-flags', namespace: 'shop', labels: { 'app.kubernetes.io/part-of': 'shop' } },
        data: { OLD_CHECKOUT: 'true' },
      },
      'kubectl',
      { force: true },
    );

    console.log(`Test Kubernetes API server: ${server.url}`);
    console.log(`Sample GitOps repo: ${relative(process.cwd(), repo) || '.'}`);
    console.log(`Drift introduced: web scaled 3 → 5 (kubectl-scale), api image hotfixed (kubectl-edit),`);
    console.log(`worker not applied yet, ConfigMap legacy-flags left behind; web's cpu "0.5" is stored as 500m.\n`);
    console.log(`$ converge check ${relative(process.cwd(), repo)} --kubeconfig ${server.kubeconfigPath}\n`);
    // The server runs in this process: the CLI must run beside it, not block it.
    const child = spawn(process.execPath, [cli, 'check', '.', '--kubeconfig', server.kubeconfigPath], {
      cwd: repo,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    console.log(`\nexit code ${code} (0 converged, 1 drift, 2 error)`);
    if (serve) {
      console.log(`\nThe demo cluster keeps running. Try:\n  export KUBECONFIG=${server.kubeconfigPath}\n  node ${relative(process.cwd(), cli)} check ${relative(process.cwd(), repo)}\nCtrl-C stops it.`);
      await new Promise<void>((done) => process.once('SIGINT', () => done()));
    }
  } finally {
    await server.stop();
  }
}

function readManifests(dir: string): any[] {
  const out: any[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (name.startsWith('.')) continue;
    if (statSync(path).isDirectory()) out.push(...readManifests(path));
    else if (/\.ya?ml$/.test(name)) {
      for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
        const obj = doc.toJS();
        if (obj?.apiVersion && obj?.kind) out.push(obj);
      }
    }
  }
  // Namespaces first, as a GitOps controller orders them.
  return out.sort((a, b) => Number(b.kind === 'Namespace') - Number(a.kind === 'Namespace'));
}

main().catch((err) => {
  console.error(`demo failed: ${err?.stack ?? err}`);
  process.exitCode = 2;
});
