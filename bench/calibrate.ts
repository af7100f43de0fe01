// Checks the test API server's cost model (bench/server-cost.ts) against what a real kube-apiserver v1.28 cost on a
// 2-core machine with etcd (issue #7): for 2,000 objects, `kubectl diff --server-side` took 17–19 s serially and
// 7–8 s with --concurrency 8, and LISTing all 2,000 live objects took 0.24 s.
//   npx tsx bench/calibrate.ts [--request-ms N] [--write-ms N] [--list-item-ms N] [--cores N] [--runs 2]
// Without flags it measures the model in bench/server-cost.ts. Takes about a minute per run.
import type { ServerCost } from '../test/k8s-server';
import { loadKubeconfig } from '../src/core/cluster/kubeconfig';
import { KubeHttp } from '../src/core/cluster/http';
import { ClusterClient } from '../src/core/cluster/client';
import { ResourceMapper } from '../src/core/cluster/discovery';
import { startBenchCluster } from './bench-cluster';
import { kubectlDiff } from './kubectl';
import { REAL_APISERVER_COST } from './server-cost';

const REAL = { serialMs: [17_000, 19_000], concurrency8Ms: [7_000, 8_000], listAllMs: [200, 280] } as const;

const argv = process.argv.slice(2);
const num = (name: string, fallback: number | undefined) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** LIST of every type the bench repo uses, one after another, cluster-wide (what "LISTing all live objects" did). */
async function listAll(kubeconfig: string): Promise<{ ms: number; items: number }> {
  const kube = loadKubeconfig({ kubeconfig });
  const http = new KubeHttp(kube.kc);
  try {
    const client = new ClusterClient(http);
    const mapper = new ResourceMapper(http);
    const types = [['apps/v1', 'Deployment'], ['v1', 'Service'], ['v1', 'ConfigMap'], ['v1', 'Secret'], ['bench.example.com/v1', 'Widget']];
    const infos = await Promise.all(types.map(([v, k]) => mapper.resolve(v, k)));
    await client.list(infos[0]!); // connection and JIT warm
    const started = performance.now();
    let items = 0;
    for (const info of infos) items += (await client.list(info!)).items.length;
    return { ms: performance.now() - started, items };
  } finally {
    http.close();
  }
}

async function main(): Promise<void> {
  const base = REAL_APISERVER_COST;
  const cost: ServerCost = {
    requestMs: num('--request-ms', base.requestMs),
    writeMs: num('--write-ms', base.writeMs),
    listItemMs: num('--list-item-ms', base.listItemMs),
    cores: num('--cores', base.cores),
  };
  const runs = num('--runs', 2)!;
  const cluster = await startBenchCluster(2000, { cost });
  try {
    const serial: number[] = [];
    const parallel: number[] = [];
    const lists: number[] = [];
    let items = 0;
    for (let i = 0; i < runs; i++) {
      serial.push((await kubectlDiff(cluster.dir, cluster.kubeconfigPath)).ms);
      parallel.push((await kubectlDiff(cluster.dir, cluster.kubeconfigPath, 8)).ms);
      const l = await listAll(cluster.kubeconfigPath);
      lists.push(l.ms);
      items = l.items;
    }
    const row = (what: string, ms: number, [lo, hi]: readonly number[]) =>
      `${what.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(6)} s   real ${lo / 1000}–${hi / 1000} s   ${ms < lo ? 'FASTER than real' : ms > hi ? 'SLOWER than real' : 'within'}`;
    console.log(`cost model ${JSON.stringify(cost)}, ${cluster.total} objects, ${runs} runs (medians)`);
    console.log(row('kubectl diff --server-side', median(serial), REAL.serialMs));
    console.log(row('kubectl diff ... --concurrency 8', median(parallel), REAL.concurrency8Ms));
    console.log(row(`LIST all (${items} items)`, median(lists), REAL.listAllMs));
  } finally {
    await cluster.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
