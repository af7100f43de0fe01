// One measurement of converge in a fresh process (cold: nothing cached, no warm JIT), driven by bench/run.ts.
//   cold:    runCheck once (dry-run or offline), report time, verdicts and peak memory
//   session: a CheckSession: checkAll, re-verdict after saving one file (with and without a watch), and the time
//            from a cluster change (made by the parent through the server) to the watch callback's new verdict
import { readFileSync, writeFileSync } from 'node:fs';
import { CheckSession, runCheck, type CheckReport, type Logger } from '../src/core';

const t0 = performance.now();
const stderrLog = (level: string) => (message: string) => process.stderr.write(`${(performance.now() - t0).toFixed(0).padStart(6)} ms ${level} ${message}\n`);
const benchLogger: Logger = { debug: () => undefined, info: stderrLog('info'), warn: stderrLog('warn'), error: stderrLog('error') };

interface Job {
  mode: 'cold' | 'session';
  dir: string;
  kubeconfig: string;
  offline?: boolean;
  forceDryRun?: boolean;
  /** session: the file to edit and save, and how many times to measure each step. */
  editFile?: string;
  repeats?: number;
  /** Print the engine's log to stderr, with ms since the start. */
  log?: boolean;
}

export interface Measurement {
  ms: number;
  /** CPU time of this process during the check (user + system): less sensitive to other load than `ms`. */
  cpuMs: number;
  verdicts: Record<string, string>;
  methods: Record<string, number>;
  heapMB: number;
  rssMB: number;
}

const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;

const now = () => performance.timeOrigin + performance.now();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const round = (n: number) => Math.round(n * 10) / 10;

/** Saves the file with a new LOG_LEVEL and times recheckFiles; returns the median and the dry-runs of the last. */
async function timeRecheck(session: CheckSession, file: string, repeats: number): Promise<{ ms: number; dryRuns: number; objects: number }> {
  const original = readFileSync(file, 'utf8');
  const times: number[] = [];
  let stats = session.lastStats;
  for (let i = 0; i < repeats; i++) {
    writeFileSync(file, original.replace(/LOG_LEVEL: \S+/, `LOG_LEVEL: level-${i}-${Date.now()}`));
    const t = performance.now();
    await session.recheckFiles([file]);
    times.push(performance.now() - t);
    stats = session.lastStats;
  }
  writeFileSync(file, original);
  await session.recheckFiles([file]);
  return { ms: round(median(times)), dryRuns: stats.dryRuns, objects: stats.objects };
}

/** Asks the parent to patch a Widget and waits for the watch to report its new verdict; returns the latency. */
function timeWatchEvent(session: CheckSession, report: CheckReport, i: number): Promise<number> {
  const widget = report.resources.find((r) => r.ref.kind === 'Widget' && r.verdict === 'converged')!;
  return new Promise((resolve) => {
    let patchedAt = 0;
    let seenAt = 0;
    const done = () => patchedAt && seenAt && resolve(seenAt - patchedAt);
    listener = (changed) => {
      if (!changed.some((r) => r.ref.name === widget.ref.name)) return;
      seenAt = now();
      done();
    };
    process.once('message', (m: { patchedAt: number }) => {
      patchedAt = m.patchedAt;
      done();
    });
    process.send!({ event: 'watching', patch: [{ ...widget.ref }, { spec: { color: `c${i}` } }] });
  });
}

let listener: (changed: CheckReport['resources']) => void = () => undefined;

async function sessionJob(job: Job): Promise<unknown> {
  const repeats = job.repeats ?? 3;
  const session = new CheckSession({ paths: [job.dir], cwd: job.dir, kubeconfig: job.kubeconfig, log: job.log ? benchLogger : undefined });
  let t = performance.now();
  const report = await session.checkAll();
  const checkAllMs = performance.now() - t;
  t = performance.now();
  await session.checkAll();
  const secondCheckAllMs = performance.now() - t;
  const recheckNoWatch = await timeRecheck(session, job.editFile!, repeats);
  t = performance.now();
  const w = session.watch((changed) => listener(changed));
  await w.ready;
  const watchStartMs = performance.now() - t;
  const recheckWatching = await timeRecheck(session, job.editFile!, repeats);
  const latencies: number[] = [];
  for (let i = 0; i < repeats; i++) latencies.push(await timeWatchEvent(session, session.report(), i));
  w.stop();
  session.close();
  return {
    checkAllMs: round(checkAllMs),
    secondCheckAllMs: round(secondCheckAllMs),
    recheckOneFileMs: recheckNoWatch.ms,
    recheckOneFileWatchingMs: recheckWatching.ms,
    recheckObjects: recheckWatching.objects,
    recheckDryRuns: recheckWatching.dryRuns,
    watchStartMs: round(watchStartMs),
    watchToVerdictMs: round(median(latencies)),
    watchToVerdictAllMs: latencies.map(round),
    resources: report.resources.length,
    heapMB: mb(process.memoryUsage().heapUsed),
    rssMB: mb(process.resourceUsage().maxRSS * 1024),
  };
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]) as Job;
  if (job.mode === 'session') {
    reportAndExit(await sessionJob(job));
    return;
  }
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const report = await runCheck({ paths: [job.dir], cwd: job.dir, kubeconfig: job.kubeconfig, offline: job.offline, forceDryRun: job.forceDryRun, log: job.log ? benchLogger : undefined });
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const verdicts: Record<string, string> = {};
  const methods: Record<string, number> = {};
  for (const r of report.resources) {
    verdicts[`${r.ref.kind} ${r.ref.namespace ? `${r.ref.namespace}/` : ''}${r.ref.name}`] = r.verdict;
    methods[r.method ?? 'none'] = (methods[r.method ?? 'none'] ?? 0) + 1;
  }
  const out: Measurement = { ms, cpuMs, verdicts, methods, heapMB: mb(process.memoryUsage().heapUsed), rssMB: mb(process.resourceUsage().maxRSS * 1024) };
  reportAndExit(out);
}

/** Sends the result and exits (a normal exit, so that --cpu-prof / --heap-prof write their files). */
function reportAndExit(result: unknown): void {
  process.send!(result, () => process.exit(0));
}

main().catch((err: Error) => {
  process.send!({ error: err.stack ?? err.message }, () => process.exit(1));
});
