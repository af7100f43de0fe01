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

export async function measureSessionMemory(job: MemoryJob, before: MemoryBaseline): Promise<Record<string, number>> {
  const session = new CheckSession({ paths: [job.dir], cwd: job.dir, kubeconfig: job.kubeconfig });
  const report = await session.checkAll();
  const afterCheck = collect();
  const w = session.watch(() => undefined);
  await w.ready;
  await new Promise((r) => setTimeout(r, 500)); // let the watches' relists land
  const watching = collect();
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
  };
  w.stop();
  session.close();
  return out;
}
