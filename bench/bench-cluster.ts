// What every benchmark script needs: the test API server in its own process (so that its CPU does not share the
// event loop with the tool being measured), and a generated repo loaded into it with ~5% drift.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GITOPS_MANAGER, generateRepo, planDrift, refOf, type DriftKind, type GeneratedRepo } from './generate';
import type { ServerCost } from '../test/k8s-server';
import { REAL_APISERVER_COST } from './server-cost';

export const root = resolve(__dirname, '..');

/** The test API server in a child process, with request/response over IPC. */
export class ServerProcess {
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  constructor(private readonly child: ChildProcess) {
    child.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error) w?.reject(new Error(m.error));
      else w?.resolve(m.result);
    });
  }
  static start(): ServerProcess {
    return new ServerProcess(fork(join(root, 'bench/server-process.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' }));
  }
  call<T = any>(cmd: string, body: Record<string, unknown> = {}): Promise<T> {
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ id, cmd, ...body });
    });
  }
}

export interface BenchCluster {
  dir: string;
  server: ServerProcess;
  kubeconfigPath: string;
  repo: GeneratedRepo;
  /** `Kind namespace/name` of every object that should come out diverged or missing. */
  expected: Map<string, DriftKind>;
  /** Namespaces, the CRD and the app objects. */
  total: number;
  stop(): Promise<void>;
}

/** Generates a repo of `size` resources, loads it into a new server process as the GitOps manager, adds drift. */
export async function startBenchCluster(size: number, opts: { latencyMs?: number; cost?: 'real' | 'none' | ServerCost } = {}): Promise<BenchCluster> {
  const dir = mkdtempSync(join(tmpdir(), `converge-bench-${size}-`));
  const server = ServerProcess.start();
  const repo = generateRepo(dir, size);
  const drift = planDrift(repo);
  const applied = repo.objects.filter((o) => !drift.skipApply.has(refOf(o)));
  const cost = typeof opts.cost === 'object' ? opts.cost : (opts.cost ?? 'real') === 'real' ? REAL_APISERVER_COST : undefined;
  const { kubeconfigPath } = await server.call('start', { infra: repo.infra, objects: applied, manager: GITOPS_MANAGER, latencyMs: opts.latencyMs ?? 0, cost });
  for (const p of drift.patches) await server.call('patch', { args: p });
  for (const e of drift.gitEdits) writeFileSync(e.file, readFileSync(e.file, 'utf8').replace(e.from, e.to));
  return {
    dir,
    server,
    kubeconfigPath,
    repo,
    expected: drift.plan.expected,
    total: repo.objects.length + repo.infra.length,
    async stop() {
      await server.call('stop').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs bench/converge-process.ts with a job; resolves with what it reports. */
export function convergeProcess(job: Record<string, unknown>, onMessage?: (m: any, child: ChildProcess) => void, execArgv: string[] = []): Promise<any> {
  return new Promise((resolve, reject) => {
    const child = fork(join(root, 'bench/converge-process.ts'), [JSON.stringify(job)], { execArgv: ['--import', 'tsx', ...execArgv], stdio: 'inherit' });
    child.on('message', (m: any) => {
      if (m.error) reject(new Error(m.error));
      else if (m.event && onMessage) onMessage(m, child);
      else resolve(m); // the child exits by itself once it has reported
    });
    child.on('exit', (code) => code && reject(new Error(`converge process exited with ${code}`)));
  });
}
