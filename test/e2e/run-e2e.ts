// Real-editor tests: the packaged extension in code-server against the project's test API server.
// Run by `npm run test:e2e` (run.sh) after setup.sh and `npm run package`. Prints "N passed, N failed".
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestApiServer } from '../k8s-server';
import { startSeededCluster } from './harness/cluster';
import { startClusterControl, type ClusterControl } from './harness/cluster-control';
import { startCodeServer, type CodeServer } from './harness/code-server';
import { Results, type StepResult } from './harness/results';
import { secretNeedles } from './expected';
import { zipEntries } from './harness/zip-entries';
import { launchBrowser, newWorkbenchPage, Screenshots } from './harness/workbench';
import { activationUi } from './ui/activation.ui';
import { driftViewUi } from './ui/drift-view.ui';
import { editorUi } from './ui/editor.ui';
import { GITHUB_TOKEN, GITLAB_TOKEN, prAdoptAndRestoreUi, prGitHubUi, prHookUi, prUi } from './ui/pr.ui';
import { createPrRepo, remoteHasBranch } from './harness/pr-repo';
import { startFakeGitHub, startFakeGitLab, type FakeGitHub, type FakeGitLab } from '../support/fake-forges';
import type { Browser } from 'playwright-core';
import { kubeTool } from '../support/kube-tools';
import { trustUi } from './ui/trust.ui';

const REPO = resolve(__dirname, '../..');
const VSIX = join(REPO, 'dist/gitops-converge.vsix');
const ARTIFACTS = join(__dirname, 'artifacts');
const EXT_HOST_TIMEOUT_MS = 120_000;

async function main(): Promise<number> {
  const results = new Results();
  const root = mkdtempSync(join(tmpdir(), 'converge-e2e-'));
  const keep = process.env.E2E_KEEP === '1';
  let server: TestApiServer | undefined;
  let codeServer: CodeServer | undefined;
  let browser: Browser | undefined;
  let control: ClusterControl | undefined;
  let gitlab: FakeGitLab | undefined;
  let github: FakeGitHub | undefined;
  let trustServer: CodeServer | undefined;
  const cleanup = async () => {
    await gitlab?.close().catch(() => undefined);
    await github?.close().catch(() => undefined);
    await trustServer?.stop().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await control?.stop().catch(() => undefined);
    await codeServer?.stop().catch(() => undefined);
    await server?.stop().catch(() => undefined);
  };
  const onSignal = () => void cleanup().then(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const setup = results.suite('setup');
  try {
    rmSync(ARTIFACTS, { recursive: true, force: true });
    const shots = new Screenshots(ARTIFACTS);
    const workspace = join(root, 'workspace');
    const extHostResults = join(root, 'ext-host-results.jsonl');
    let trustSetup: { url: string; kubectlCalls: string } | undefined;
    const ok = await setup(
      'start the seeded test API server and code-server with the .vsix',
      async () => {
        if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run package`);
        cpSync(join(__dirname, 'fixtures/workspace'), workspace, { recursive: true });
        server = await startSeededCluster(workspace);
        control = await startClusterControl(server);
        await build({
          entryPoints: [join(__dirname, 'ext-host/suite.ts')],
          outfile: join(root, 'ext-host/index.js'),
          bundle: true,
          platform: 'node',
          target: 'node20',
          format: 'cjs',
          external: ['vscode'],
          logLevel: 'warning',
        });
        // A test-only extension answers VS Code's GitHub Enterprise sign-in with the fake GitHub's token.
        const fakeAuth = join(root, 'fake-github-auth');
        cpSync(join(__dirname, 'fixtures/fake-github-auth'), fakeAuth, { recursive: true });
        execFileSync(join(REPO, 'node_modules/.bin/vsce'), ['package', '--allow-missing-repository', '--skip-license', '-o', join(root, 'fake-github-auth.vsix')], { cwd: fakeAuth, stdio: 'pipe' });
        codeServer = await startCodeServer({
          root,
          vsix: VSIX,
          extraVsix: [join(root, 'fake-github-auth.vsix')],
          settings: {
            'gitopsConverge.kubeconfig': server.kubeconfigPath,
            'gitopsConverge.fieldManager': 'kustomize-controller',
            // The workspace's kustomize overlay is rendered with the real kubectl (the e2e machine has no kubectl on PATH).
            'gitopsConverge.kubectlPath': kubeTool('kubectl'),
            // Open diff: both sides next to each other, also beside the wide Drift view.
            'diffEditor.useInlineViewWhenSpaceIsLimited': false,
          },
          env: { CONVERGE_E2E_RESULTS: extHostResults, CONVERGE_E2E_CONTROL: control.url, CONVERGE_E2E_GITHUB_TOKEN: GITHUB_TOKEN },
          pgidFile: process.env.E2E_PGID_FILE,
        });
        browser = await launchBrowser();
      },
      { required: true },
    );
    if (!ok) return finish(results, []);

    await results.suite('package')('the .vsix holds the bundle, manifest, icons and docs, and no sources, tests or maps', async () => {
      const entries = zipEntries(VSIX);
      const required = [
        'extension/package.json',
        'extension/readme.md',
        'extension/changelog.md',
        'extension/dist/extension.js',
        'extension/media/icons/icon.png',
        'extension/media/icons/activitybar.svg',
        'extension/media/walkthrough/drift-view.md',
        ...['main.js', 'main.css', 'codicon.ttf', 'editor.worker.js', 'yaml.worker.js'].map((f) => `extension/dist/media/inspector/${f}`),
      ];
      const missing = required.filter((e) => !entries.includes(e));
      if (missing.length) throw new Error(`missing from the .vsix: ${missing.join(', ')}`);
      const forbidden = entries.filter((e) => /node_modules\/|^extension\/(src|test|scripts|bench|samples|schemas)\/|\.map$|\.ts$|dist\/(cli|demo|test-apiserver)\.js$/.test(e));
      if (forbidden.length) throw new Error(`in the .vsix but should not be: ${forbidden.join(', ')}`);
      const kb = Math.round(statSync(VSIX).size / 1024);
      if (kb > 4096) throw new Error(`the .vsix is ${kb} KB`);
    });

    const folder = `folder=${encodeURIComponent(workspace)}`;
    // (a) extension-host tests through the extensionTestsPath payload.
    const extHost = results.suite('extension-host');
    await extHost('suite ran to completion', async () => {
      const page = await newWorkbenchPage(browser!, codeServer!.url);
      const logs: string[] = [];
      let exit: (code: number) => void = () => undefined;
      const exited = new Promise<number>((r) => (exit = r));
      await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
      await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => logs.push(`${type}: ${JSON.stringify(args)}`));
      page.on('console', (m) => logs.push(`console.${m.type()}: ${m.text()}`));
      // The route needs a development path: the folder code-server installed the .vsix into.
      const remote = (p: string) => `vscode-remote://127.0.0.1:${codeServer!.port}${p}`;
      const payload = JSON.stringify([
        ['extensionDevelopmentPath', remote(codeServer!.installedExtensionPath)],
        ['extensionTestsPath', remote(join(root, 'ext-host/index.js'))],
      ]);
      await page.goto(`${codeServer!.url}/?${folder}&payload=${encodeURIComponent(payload)}`);
      const code = await Promise.race([exited, new Promise<number>((r) => setTimeout(() => r(-1), EXT_HOST_TIMEOUT_MS))]);
      // Taken after the suite ended: the extension host is gone, so the status bar item is too.
      await page.screenshot({ path: join(ARTIFACTS, '00-extension-host-run-ended.png') }).catch(() => undefined);
      writeFileSync(join(ARTIFACTS, 'extension-host.log'), logs.join('\n'));
      await page.context().close();
      const lines = existsSync(extHostResults) ? readFileSync(extHostResults, 'utf8').trim().split('\n').filter(Boolean) : [];
      for (const line of lines) results.add(JSON.parse(line) as StepResult);
      if (code === -1) throw new Error(`no codeAutomationExit within ${EXT_HOST_TIMEOUT_MS} ms; see artifacts/extension-host.log`);
      if (code !== 0 && !lines.some((l) => (JSON.parse(l) as StepResult).ok === false)) throw new Error(`the suite exited with ${code}; see artifacts/extension-host.log`);
      if (lines.length === 0) throw new Error('the suite reported no results');
    });

    // (b) the UI, driven with playwright like a person would.
    const page = await newWorkbenchPage(browser!, codeServer!.url);
    try {
      const empty = join(root, 'empty-folder');
      mkdirSync(empty);
      writeFileSync(join(empty, 'notes.txt'), 'no manifests here\n');
      const urls = {
        workspace: `${codeServer!.url}/?${folder}`,
        empty: `${codeServer!.url}/?folder=${encodeURIComponent(empty)}`,
        workspaceDir: workspace,
      };
      await driftViewUi(page, urls, { setLatency: (ms) => server!.setLatency(ms), patch: (ref, patch, manager) => void server!.patch(ref, patch, manager) }, shots, results);
      await editorUi(page, urls, shots, results, () => outputChannelLog(codeServer!.userDataDir));
      // Issue #7: VS Code's activation time of this window (the workspace, activated at startup long ago), with the sizes.
      await activationUi(page, { vsix: VSIX, extensionJs: join(codeServer!.installedExtensionPath, 'dist/extension.js'), userDataDir: codeServer!.userDataDir, out: join(ARTIFACTS, 'activation.json') }, shots, results);
      // Commit & Open PR against a local bare remote and a fake GitLab (GitLab: its token is typed into the prompt and
      // kept in SecretStorage; VS Code's GitHub sign-in cannot be answered in code-server without the internet).
      gitlab = await startFakeGitLab({ project: 'acme/deploy', token: GITLAB_TOKEN });
      const repo = createPrRepo(join(root, 'pr'), join(__dirname, 'fixtures/workspace'), {
        'gitopsConverge.pr.remoteWebUrl': `${gitlab.url}/acme/deploy`,
        'gitopsConverge.pr.forgeOverrides': { '127.0.0.1': 'gitlab' },
      });
      // The fake knows the branches of the bare remote the extension pushes to.
      gitlab.branches.has = (branch: string) => remoteHasBranch(repo.remote, branch);
      await prUi(page, codeServer!.url, repo, gitlab, shots, results);
      await prAdoptAndRestoreUi(page, repo, gitlab, shots, results);
      await prHookUi(page, repo, shots, results);
      // GitHub (Enterprise, by the forge override of 127.0.0.1) through VS Code's sign-in: the fake-github-auth extension.
      github = await startFakeGitHub({ owner: 'acme', repo: 'deploy', token: GITHUB_TOKEN });
      const ghRepo = createPrRepo(join(root, 'pr-github'), join(__dirname, 'fixtures/workspace'), {
        'gitopsConverge.pr.remoteWebUrl': `${github.url}/acme/deploy`,
        'gitopsConverge.pr.forgeOverrides': { '127.0.0.1': 'github' },
        'gitopsConverge.pr.apiBaseUrls': { '127.0.0.1': github.apiUrl },
      });
      github.branches.has = (branch: string) => remoteHasBranch(ghRepo.remote, branch);
      await prGitHubUi(page, codeServer!.url, ghRepo, github, shots, results);
    } finally {
      await page.context().close();
    }

    // (c) Restricted Mode: a second code-server with workspace trust on, a fresh copy of the workspace.
    const trustOk = await results.suite('trust')('start code-server with workspace trust enabled', async () => {
      const trustRoot = join(root, 'trust');
      const trustWorkspace = join(trustRoot, 'workspace');
      mkdirSync(trustRoot, { recursive: true });
      cpSync(join(__dirname, 'fixtures/workspace'), trustWorkspace, { recursive: true });
      const kubectlCalls = join(trustRoot, 'kubectl-calls.log');
      const spy = join(trustRoot, 'kubectl-spy.sh');
      writeFileSync(spy, `#!/bin/sh\necho "$@" >> '${kubectlCalls}'\nexec '${kubeTool('kubectl')}' "$@"\n`);
      chmodSync(spy, 0o755);
      trustServer = await startCodeServer({
        root: trustRoot,
        vsix: VSIX,
        workspaceTrust: true,
        settings: { 'gitopsConverge.kubeconfig': server!.kubeconfigPath, 'gitopsConverge.fieldManager': 'kustomize-controller', 'gitopsConverge.kubectlPath': spy },
        pgidFile: process.env.E2E_PGID_FILE,
      });
      trustSetup = { url: `${trustServer.url}/?folder=${encodeURIComponent(trustWorkspace)}`, kubectlCalls };
    });
    if (trustOk && trustSetup) {
      const trustPage = await newWorkbenchPage(browser!, trustServer!.url);
      try {
        await trustUi(trustPage, trustSetup, shots, results);
      } finally {
        await trustPage.context().close();
        await trustServer?.stop();
      }
    }

    const logs = results.suite('logs');
    await logs('the output channel says what was requested, how long it took, and what was cancelled', async () => {
      // One file per extension host (the extension-host suite's window, then the UI's).
      const files = listFiles(join(codeServer!.userDataDir, 'logs')).filter((f) => f.endsWith('GitOps Converge.log'));
      if (files.length === 0) throw new Error('the GitOps Converge output channel wrote no log file');
      const file = files.join(', ');
      const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');
      const activations = [...text.matchAll(/activated in (\d+) ms/g)].map((m) => Number(m[1]));
      if (activations.length === 0 || activations.some((ms) => ms > 500)) throw new Error(`activation times: ${activations.join(', ')} ms`);
      for (const re of [/check #\d+ requested \(activation\): .* against test/, /check #\d+ done in \d+ ms: \d+ resources/, /re-check \(save of apps\/web\/config\.yaml\) done in \d+ ms: 1 file/, /watch: 1 verdict\(s\) changed: ConfigMap web-config → diverged/, /check #\d+ cancelled after \d+ ms/, /cluster not usable: unauthorized/]) {
        if (!re.test(text)) throw new Error(`no line matches ${re} in ${file}`);
      }
    });
    await logs('no Secret value in any log or output channel', async () => {
      const files = [...listFiles(join(codeServer!.userDataDir, 'logs')), codeServer!.logFile, join(ARTIFACTS, 'extension-host.log')];
      const channel = files.find((f) => f.endsWith('GitOps Converge.log'));
      if (!channel) throw new Error('the GitOps Converge output channel wrote no log file');
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        if (secretNeedles().some((n) => text.includes(n))) throw new Error(`a Secret value is in ${file}`);
      }
    });
    return finish(results, shots.taken);
  } catch (err) {
    results.add({ suite: 'runner', name: 'unexpected error', ok: false, error: (err as Error).stack, ms: 0 });
    return finish(results, []);
  } finally {
    await cleanup();
    if (!keep) rmSync(root, { recursive: true, force: true });
    else console.log(`kept ${root}`);
  }
}

/** Everything the GitOps Converge output channel wrote so far (all windows). */
function outputChannelLog(userDataDir: string): string {
  return listFiles(join(userDataDir, 'logs'))
    .filter((f) => f.endsWith('GitOps Converge.log'))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

const STARTED = Date.now();

function finish(results: Results, screenshots: string[]): number {
  if (screenshots.length) console.log(`screenshots:\n${screenshots.map((s) => `  ${s}`).join('\n')}`);
  console.log(`e2e: tests took ${Math.round((Date.now() - STARTED) / 1000)} s`);
  console.log(`${results.passed} passed, ${results.failed} failed`);
  return results.failed > 0 || results.passed === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
