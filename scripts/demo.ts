// `npm run demo`: a test Kubernetes API server with the sample GitOps repo applied (as Flux would) plus
// realistic drift, then `converge check` on it. `--serve` keeps the cluster running afterwards.
import { spawn } from 'node:child_process';
import { relative, resolve } from 'node:path';
import { startTestApiServer } from '../test/k8s-server';
import { applyRepo, introduceDemoDrift } from '../test/support/demo-cluster';

const repo = resolve(__dirname, '..', 'samples', 'gitops-demo');
const cli = resolve(__dirname, 'cli.js');

async function main(): Promise<void> {
  const serve = process.argv.includes('--serve');
  const port = Number(process.env.DEMO_PORT ?? 0);
  const server = await startTestApiServer({ port });
  try {
    // What Flux's kustomize-controller would have applied from main, then drift made by people since.
    await applyRepo(server, repo);
    await introduceDemoDrift(server);

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

main().catch((err) => {
  console.error(`demo failed: ${err?.stack ?? err}`);
  process.exitCode = 2;
});
