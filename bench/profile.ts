// Profiles one converge run against a generated repo on the test API server (in its own process):
//   npx tsx bench/profile.ts [--size 2000] [--mode cold|session|memory] [--offline] [--cpu-prof] [--heap-prof] [--out /tmp/prof]
//   npx tsx bench/profile.ts --size 2000 --serve     keeps the server up and prints the repo and kubeconfig (until killed)
// Prints the run's timings and phase log; with --cpu-prof / --heap-prof writes .cpuprofile / .heapprofile files
// (open them in Chrome DevTools, or summarise with bench/profile-summary.ts).
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { convergeProcess, startBenchCluster } from './bench-cluster';
import { sessionMemory } from './memory';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const value = (name: string, fallback: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);

async function main(): Promise<void> {
  const size = Number(value('--size', '2000'));
  const out = resolve(value('--out', '/tmp/converge-prof'));
  const runs = Number(value('--runs', '1'));
  mkdirSync(out, { recursive: true });
  const execArgv: string[] = [];
  if (flag('--cpu-prof')) execArgv.push('--cpu-prof', `--cpu-prof-dir=${out}`, '--cpu-prof-interval=200');
  if (flag('--heap-prof')) execArgv.push('--heap-prof', `--heap-prof-dir=${out}`);
  const cluster = await startBenchCluster(size);
  if (flag('--serve')) {
    console.log(JSON.stringify({ dir: cluster.dir, kubeconfig: cluster.kubeconfigPath, editFile: cluster.repo.files[1] }));
    const stop = () => void cluster.stop().then(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    return;
  }
  try {
    const mode = value('--mode', 'cold');
    if (mode === 'memory') {
      console.log(JSON.stringify(await sessionMemory({ dir: cluster.dir, kubeconfig: cluster.kubeconfigPath })));
      return;
    }
    for (let i = 0; i < runs; i++) {
      const job = { mode, dir: cluster.dir, kubeconfig: cluster.kubeconfigPath, offline: flag('--offline'), editFile: cluster.repo.files[1], repeats: 3, log: true };
      const r = await convergeProcess(job, undefined, execArgv);
      const { verdicts: _v, ...rest } = r;
      console.log(JSON.stringify(rest));
    }
    if (execArgv.length) console.log(`profiles in ${out}`);
  } finally {
    await cluster.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
