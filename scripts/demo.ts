// `npm run demo`: a test Kubernetes API server with the sample GitOps repo applied (as Flux would) plus realistic
// drift, `converge check` on it, then a real VS Code in the browser (code-server) with the packaged extension,
// the sample repo open and the demo cluster configured. Prints the URL and runs until Ctrl-C.
//   --no-vscode   only the CLI part (exits with converge's exit code)
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { startTestApiServer, type TestApiServer } from '../test/k8s-server';
import { applyRepo, introduceDemoDrift } from '../test/support/demo-cluster';

const root = resolve(__dirname, '..');
const repo = join(root, 'samples', 'gitops-demo');
const cli = join(root, 'dist', 'cli.js');
const vsix = join(root, 'dist', 'gitops-converge.vsix');

async function main(): Promise<number> {
  const withVsCode = !process.argv.includes('--no-vscode');
  const server = await startTestApiServer({ port: Number(process.env.DEMO_PORT ?? 0) });
  const cleanups: Array<() => Promise<void> | void> = [() => server.stop()];
  try {
    // What Flux's kustomize-controller would have applied from main, then drift made by people since.
    await applyRepo(server, repo);
    await introduceDemoDrift(server);
    console.log(`Test Kubernetes API server: ${server.url}`);
    console.log(`Drift introduced: web scaled 3 → 5 (kubectl-scale), api image hotfixed (kubectl-edit),`);
    console.log(`worker not applied yet, ConfigMap legacy-flags left behind; web's cpu "0.5" is stored as 500m.\n`);
    console.log(`$ converge check ${relative(process.cwd(), repo)} --kubeconfig ${server.kubeconfigPath}\n`);
    const code = await runCli(server);
    console.log(`\nexit code ${code} (0 converged, 1 drift, 2 error)`);
    if (!withVsCode) return code ?? 2;

    console.log('\nStarting VS Code in the browser (code-server) with the packaged extension…');
    run('bash', ['test/e2e/setup.sh']);
    run('npm', ['run', '--silent', 'package']);
    const { startCodeServer } = await import('../test/e2e/harness/code-server');
    const home = mkdtempSync(join(tmpdir(), 'converge-demo-'));
    cleanups.push(() => rmSync(home, { recursive: true, force: true }));
    const workspace = join(home, 'gitops-demo');
    cpSync(repo, workspace, { recursive: true }); // edits in the demo never touch samples/
    const codeServer = await startCodeServer({
      root: join(home, 'code-server'),
      vsix,
      settings: { 'gitopsConverge.kubeconfig': server.kubeconfigPath, 'diffEditor.useInlineViewWhenSpaceIsLimited': false },
    });
    cleanups.unshift(() => codeServer.stop());
    console.log(`\nOpen ${codeServer.url}/?folder=${encodeURIComponent(workspace)}`);
    console.log('The GitOps Converge view in the activity bar shows the drift. Try `kubectl scale` against the demo cluster:');
    console.log(`  KUBECONFIG=${server.kubeconfigPath} kubectl -n shop scale deployment/api --replicas=4`);
    console.log('Ctrl-C stops everything.');
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    return 0;
  } finally {
    for (const c of cleanups) await c();
  }
}

/** The server runs in this process: the CLI runs beside it, not blocking it. */
function runCli(server: TestApiServer): Promise<number | null> {
  const child = spawn(process.execPath, [cli, 'check', '.', '--kubeconfig', server.kubeconfigPath], { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] });
  return new Promise((done) => child.on('exit', done));
}

function run(cmd: string, args: string[]): void {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${res.status})`);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(`demo failed: ${err?.stack ?? err}`);
    process.exitCode = 2;
  },
);
