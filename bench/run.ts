// The drift-check benchmark: converge against `kubectl diff --server-side` on the same test API server
// and the same generated repos.   npm run bench -- [--sizes 100,1000,2000] [--runs 3] [--latency-ms 0]
//   [--cost real|none] [--no-kubectl] [--no-memory] [--no-editor] [--out bench/results.json]
// Default: 100, 1,000, 2,000 and 10,000 resources, 3 runs each (kubectl once at 10,000: 1.5 min a run).
import { execFile } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { convergeProcess, root, startBenchCluster } from './bench-cluster';
import { kubectlDiff, type KubectlRun } from './kubectl';
import { sessionMemory } from './memory';
import { REAL_APISERVER_COST } from './server-cost';

const CLI = join(root, 'dist/cli.js');

const cpuMs = (a: { user: number; system: number }, b: { user: number; system: number }) => (b.user - a.user + b.system - a.system) / 1000;

/** The whole `converge check` CLI process, wall clock (what a user waits for, like the kubectl figures). */
function cliCheck(dir: string, kubeconfig: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, 'check', dir, '--kubeconfig', kubeconfig, '--output', 'json', '--quiet'], { cwd: dir, maxBuffer: 256 * 1024 * 1024 }, (err) => {
      const code = (err as { code?: number } | null)?.code ?? 0;
      if (code !== 0 && code !== 1) reject(new Error(`converge check failed (${code})`));
      else resolve(performance.now() - started);
    });
  });
}

interface Args {
  sizes: number[];
  runs: number;
  latencyMs: number;
  cost: 'real' | 'none';
  kubectl: boolean;
  /** What a session with a watch retains (bench/memory.ts). */
  memory: boolean;
  /** Schema validation throughput, decoration recompute, bundle sizes. */
  editor: boolean;
  out: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { sizes: [100, 1000, 2000, 10000], runs: 3, latencyMs: 0, cost: 'real', kubectl: true, memory: true, editor: true, out: join(root, 'bench/results.json') };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--sizes') a.sizes = argv[++i].split(',').map(Number);
    else if (k === '--runs') a.runs = Number(argv[++i]);
    else if (k === '--latency-ms') a.latencyMs = Number(argv[++i]);
    else if (k === '--cost') a.cost = argv[++i] as Args['cost'];
    else if (k === '--no-kubectl') a.kubectl = false;
    else if (k === '--no-memory') a.memory = false;
    else if (k === '--no-editor') a.editor = false;
    else if (k === '--out') a.out = resolve(argv[++i]);
  }
  return a;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};
const round = (n: number) => Math.round(n * 10) / 10;

async function runs<T>(n: number, f: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await f());
  return out;
}

async function benchSize(size: number, a: Args): Promise<Record<string, unknown>> {
  const cluster = await startBenchCluster(size, { latencyMs: a.latencyMs, cost: a.cost });
  const { dir, server, kubeconfigPath, repo } = cluster;
  try {
    const expected = cluster.expected;
    const total = cluster.total;
    console.log(`\n${size} resources (${total} with namespaces and CRD), ${expected.size} drifted`);

    const job = { dir, kubeconfig: kubeconfigPath };
    await server.call('requests');
    const cpu0 = await server.call('cpu');
    const cold = await runs(a.runs, () => convergeProcess({ mode: 'cold', ...job }));
    const serverCpuMs = cpuMs(cpu0, await server.call('cpu')) / a.runs;
    const coldRequests = await server.call('requests');
    const cli = existsSync(CLI) ? await runs(a.runs, () => cliCheck(dir, kubeconfigPath)) : [];
    const offline = await runs(a.runs, () => convergeProcess({ mode: 'cold', ...job, offline: true }));
    const dryRunAll = await runs(Math.min(a.runs, 1), () => convergeProcess({ mode: 'cold', ...job, forceDryRun: true }));
    let kubectl: { serial: KubectlRun[]; parallel: KubectlRun[]; serverCpuMs: number } | undefined;
    if (a.kubectl) {
      const cpu0 = await server.call('cpu');
      // kubectl is serial per object: at 10,000 objects one run takes minutes, so large repos get one run.
      const kubectlRuns = size >= 5000 ? 1 : a.runs;
      const serial = await runs(kubectlRuns, () => kubectlDiff(dir, kubeconfigPath));
      const parallel = await runs(kubectlRuns, () => kubectlDiff(dir, kubeconfigPath, 8));
      kubectl = { serial, parallel, serverCpuMs: cpuMs(cpu0, await server.call('cpu')) / (2 * kubectlRuns) };
    }
    const memory = a.memory ? await sessionMemory({ dir, kubeconfig: kubeconfigPath }).catch((err: Error) => ({ error: err.message })) : undefined;
    // Last: the session job changes the cluster (it patches objects to time the watch).
    const session = await convergeProcess({ mode: 'session', ...job, editFile: repo.files[1], repeats: a.runs }, (m, child) => {
      if (m.event === 'watching') {
        const [ref, patch] = m.patch;
        void server.call('patch', { args: [ref, patch, 'kubectl-edit', {}] }).then(() => child.send({ patchedAt: performance.timeOrigin + performance.now() }));
      }
    }).catch((err: Error) => ({ error: err.message }));

    const drifting = (v: Record<string, string>) => new Set(Object.entries(v).filter(([, x]) => x === 'diverged' || x === 'missing').map(([k]) => k));
    const ours = drifting(cold[0].verdicts);
    const agreeExpected = [...expected.keys()].every((k) => ours.has(k)) && ours.size === expected.size;
    const result: Record<string, unknown> = {
      resources: total,
      drifted: expected.size,
      converge: {
        coldDryRunMs: round(median(cold.map((r) => r.ms))),
        coldCpuMs: round(median(cold.map((r) => r.cpuMs))),
        cliMs: cli.length ? round(median(cli)) : undefined,
        coldMethods: cold[0].methods,
        serverCpuMsPerRun: round(serverCpuMs),
        coldRequests,
        offlineMs: round(median(offline.map((r) => r.ms))),
        dryRunAllMs: round(median(dryRunAll.map((r) => r.ms))),
        peakRssMB: Math.max(...cold.map((r) => r.rssMB)),
        heapMB: Math.max(...cold.map((r) => r.heapMB)),
        verdictsMatchPlan: agreeExpected,
        dryRunAllAgrees: JSON.stringify(cold[0].verdicts) === JSON.stringify(dryRunAll[0].verdicts),
        offlineAgrees: JSON.stringify(cold[0].verdicts) === JSON.stringify(offline[0].verdicts),
        session,
        memory,
      },
    };
    if (kubectl) {
      const same = (x: Set<string>) => x.size === ours.size && [...x].every((k) => ours.has(k));
      const k1 = median(kubectl.serial.map((r) => r.ms));
      const k8 = median(kubectl.parallel.map((r) => r.ms));
      const c = result.converge as Record<string, number>;
      result.kubectl = {
        defaultMs: round(k1),
        concurrency8Ms: round(k8),
        serverCpuMsPerRun: round(kubectl.serverCpuMs),
        sameVerdicts: same(kubectl.serial[0].differing) && same(kubectl.parallel[0].differing),
        onlyKubectl: [...kubectl.serial[0].differing].filter((k) => !ours.has(k)).slice(0, 10),
        onlyConverge: [...ours].filter((k) => !kubectl!.serial[0].differing.has(k)).slice(0, 10),
      };
      result.ratios = {
        vsKubectlDefault: round(k1 / c.coldDryRunMs),
        vsKubectlConcurrency8: round(k8 / c.coldDryRunMs),
        cliVsKubectlDefault: c.cliMs ? round(k1 / c.cliMs) : undefined,
        cliVsKubectlConcurrency8: c.cliMs ? round(k8 / c.cliMs) : undefined,
      };
    }
    console.log(JSON.stringify(result, null, 2));
    return result;
  } finally {
    await cluster.stop();
  }
}

/** Runs one of the single-figure benchmarks (bench/*.bench.ts) in its own process; the JSON line it prints. */
function figureBench(file: string): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', join(root, file)], { cwd: root, maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => {
      const line = stdout.split('\n').find((l) => l.startsWith('JSON '));
      if (err || !line) reject(err ?? new Error(`${file} printed no JSON line`));
      else resolve(JSON.parse(line.slice(5)));
    });
  });
}

/** Bytes of what users download and VS Code loads (the .vsix is the last `npm run package`'s, when there is one). */
function sizes(): Record<string, number | undefined> {
  const size = (f: string) => (existsSync(join(root, f)) ? statSync(join(root, f)).size : undefined);
  return { extensionJs: size('dist/extension.js'), cliJs: size('dist/cli.js'), vsix: size('dist/gitops-converge.vsix') };
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  const results = [];
  const loadBefore = loadavg()[0];
  for (const size of a.sizes) results.push(await benchSize(size, a));
  // The editor's figures (issue #7 items 4–6); activation time is measured in the real editor (npm run test:e2e).
  const editor = a.editor
    ? { validation: await figureBench('bench/validate.bench.ts'), decorations: await figureBench('bench/decorations.bench.ts'), bytes: sizes() }
    : undefined;
  if (editor) console.log(JSON.stringify(editor, null, 2));
  const doc = {
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    date: new Date().toISOString(),
    // Other work on the machine slows both tools, converge's CPU-bound parsing more than kubectl's waiting.
    machine: { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version, loadAverage1m: { before: loadBefore, after: loadavg()[0] } },
    server: { latencyMs: a.latencyMs, cost: a.cost === 'real' ? REAL_APISERVER_COST : 'none' },
    runs: a.runs,
    editor,
    memory: 'a CheckSession after checkAll() with a watch open, bundled like the extension, alone in a plain node process: retained = heapUsed + external after GC; rssDelta = RSS minus the same process before loading the bundle',
    results,
  };
  writeFileSync(a.out, JSON.stringify(doc, null, 2) + '\n');
  console.log(`\nwrote ${a.out}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
