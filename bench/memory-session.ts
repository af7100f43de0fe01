// What the extension holds: a CheckSession after checkAll() with a watch open, measured in a process that runs
// only this (bundled like dist/extension.js, run by plain node with --expose-gc; see bench/memory.ts).
//   retained: heapUsed + external after two full GCs (the session's data and the loaded code)
//   rssDelta: RSS then, minus the RSS of the same process before the bundle was loaded
import { CheckSession } from '../src/core/engine/session';

export interface MemoryJob {
  dir: string;
  kubeconfig: string;
}

export interface MemoryBaseline {
  rss: number;
  heapUsed: number;
  external: number;
}

const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;

function collect(): NodeJS.MemoryUsage {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  return process.memoryUsage();
}

export async function measureSessionMemory(job: MemoryJob, before: MemoryBaseline): Promise<Record<string, unknown>> {
  const session = new CheckSession({ paths: [job.dir], cwd: job.dir, kubeconfig: job.kubeconfig });
  const report = await session.checkAll();
  const afterCheck = collect();
  const w = session.watch(() => undefined);
  await w.ready;
  await new Promise((r) => setTimeout(r, 500)); // let the watches' relists land
  const watching = collect();
  // CONVERGE_HEAPSNAPSHOT=dir: a heap snapshot of the watching session, to see what is retained (Chrome DevTools).
  if (process.env.CONVERGE_HEAPSNAPSHOT) require('node:v8').writeHeapSnapshot(require('node:path').join(process.env.CONVERGE_HEAPSNAPSHOT, 'session.heapsnapshot'));
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const out = {
    resources: report.resources.length,
    baselineRssMB: mb(before.rss),
    baselineHeapMB: mb(before.heapUsed + before.external),
    retainedAfterCheckMB: mb(afterCheck.heapUsed + afterCheck.external),
    retainedWatchingMB: mb(watching.heapUsed + watching.external),
    rssWatchingMB: mb(watching.rss),
    rssDeltaWatchingMB: mb(watching.rss - before.rss),
    peakRssDeltaMB: mb(peakRss - before.rss),
    // Where the RSS goes: V8's spaces (committed / used) while watching, e.g. a young generation grown during the check.
    heapSpacesMB: Object.fromEntries(
      require('node:v8')
        .getHeapSpaceStatistics()
        .map((s: { space_name: string; space_size: number; space_used_size: number }) => [s.space_name, `${mb(s.space_size)}/${mb(s.space_used_size)}`]),
    ),
    externalMB: mb(watching.external),
    arrayBuffersMB: mb(watching.arrayBuffers),
  };
  // Then idle, as an extension host is between checks: V8's memory reducer shrinks what the check grew (it runs on
  // its own some seconds after the last collections; nothing here forces it).
  const idleSeconds = Number(process.env.CONVERGE_MEMORY_IDLE_SECONDS ?? 20);
  let idle = process.memoryUsage();
  for (let waited = 0; waited < idleSeconds; waited++) {
    await new Promise((r) => setTimeout(r, 1000));
    idle = process.memoryUsage();
  }
  Object.assign(out, {
    idleSeconds,
    rssIdleMB: mb(idle.rss),
    rssDeltaIdleMB: mb(idle.rss - before.rss),
    heapIdleMB: mb(idle.heapUsed + idle.external),
    newSpaceIdleMB: mb(require('node:v8').getHeapSpaceStatistics().find((s: { space_name: string }) => s.space_name === 'new_space').space_size),
  });
  w.stop();
  session.close();
  return out;
}
