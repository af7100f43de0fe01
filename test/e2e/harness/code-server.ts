// Starts code-server (VS Code 1.100 in the browser) isolated in a temp dir, with the .vsix installed.
// Stopped by process group: code-server leaves file-watcher and extension-host children otherwise.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const CODE_SERVER_ENTRY = resolve(__dirname, '../.code-server/node_modules/code-server/out/node/entry.js');

export interface CodeServerOptions {
  /** Temp dir that holds HOME, XDG dirs, user data, extensions and logs. */
  root: string;
  vsix: string;
  /** More .vsix files to install (test-only extensions). */
  extraVsix?: string[];
  settings: Record<string, unknown>;
  /** Extra environment for code-server and its extension host. */
  env?: Record<string, string>;
  /** File that collects process-group ids to kill if this runner dies (read by run.sh). */
  pgidFile?: string;
  /** Workspace trust on (folders open in Restricted Mode, no prompt); default off like `--disable-workspace-trust`. */
  workspaceTrust?: boolean;
}

export interface CodeServer {
  url: string;
  port: number;
  userDataDir: string;
  /** Where `--install-extension` unpacked the .vsix. */
  installedExtensionPath: string;
  logFile: string;
  stop(): Promise<void>;
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  if (!existsSync(CODE_SERVER_ENTRY)) throw new Error(`code-server is not installed (${CODE_SERVER_ENTRY}); run test/e2e/setup.sh`);
  const dirs = {
    home: join(opts.root, 'home'),
    config: join(opts.root, 'xdg-config'),
    data: join(opts.root, 'xdg-data'),
    cache: join(opts.root, 'xdg-cache'),
    userData: join(opts.root, 'user-data'),
    extensions: join(opts.root, 'extensions'),
  };
  Object.values(dirs).forEach((d) => mkdirSync(d, { recursive: true }));
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(
    join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'workbench.tips.enabled': false,
        // VS Code in the browser saves after 1 s by default; the desktop default (off) keeps buffers dirty, as the
        // typing and unsaved-text tests need.
        'files.autoSave': 'off',
        'security.workspace.trust.enabled': opts.workspaceTrust === true,
        // With trust on: a new folder opens in Restricted Mode without the modal prompt; the test trusts it later.
        ...(opts.workspaceTrust ? { 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'always' } : {}),
        ...opts.settings,
      },
      null,
      2,
    ),
  );
  const port = await freePort();
  const configFile = join(opts.root, 'code-server.yaml');
  writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    ...opts.env,
  };
  delete env.KUBECONFIG;
  const common = ['--config', configFile, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

  const installs = [opts.vsix, ...(opts.extraVsix ?? [])].flatMap((v) => ['--install-extension', v]);
  const install = spawnSync(process.execPath, [CODE_SERVER_ENTRY, ...common, ...installs], { env, encoding: 'utf8', timeout: 120_000 });
  if (install.status !== 0 || !/successfully installed/i.test(install.stdout + install.stderr)) {
    throw new Error(`installing ${opts.vsix} failed (exit ${install.status}):\n${install.stdout}\n${install.stderr}`);
  }

  const logFile = join(opts.root, 'code-server.log');
  const log = openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    process.execPath,
    [CODE_SERVER_ENTRY, ...common, '--disable-telemetry', '--disable-update-check', ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust'])],
    { env, detached: true, stdio: ['ignore', log, log] },
  );
  const pgid = child.pid!;
  if (opts.pgidFile) appendFileSync(opts.pgidFile, `${pgid}\n`);
  let exited = false;
  const exitedPromise = new Promise<void>((r) => child.once('exit', () => ((exited = true), r())));

  const stop = async () => {
    if (exited) return;
    killGroup(pgid, 'SIGTERM');
    const timedOut = await Promise.race([exitedPromise.then(() => false), delay(5000).then(() => true)]);
    if (timedOut) killGroup(pgid, 'SIGKILL');
    // Children that ignored SIGTERM (watchers) go with the group.
    killGroup(pgid, 'SIGKILL');
  };

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(async () => {
      if (exited) throw new Error(`code-server exited early; log:\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
      const res = await fetch(`${url}/healthz`).catch(() => undefined);
      return res?.status === 200;
    }, 60_000, 'code-server /healthz');
  } catch (err) {
    await stop();
    throw err;
  }
  const installed = readdirSync(dirs.extensions).find((d) => d.startsWith('gitops-converge.gitops-converge-'));
  if (!installed) throw new Error(`the .vsix is not in ${dirs.extensions}`);
  return { url, port, userDataDir: dirs.userData, installedExtensionPath: join(dirs.extensions, installed), logFile, stop };
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `check` until it returns true (or throws a final error); `what` names it in the timeout error. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string, everyMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(everyMs);
  }
}
