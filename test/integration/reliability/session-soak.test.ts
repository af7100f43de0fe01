// Bounded soak of what the editor runs: a CheckSession with a live WATCH, under random faults (connection resets,
// watch streams cut mid-event, 410 Gone, 429 with Retry-After, 500/503, latency) while random objects are edited,
// scaled, deleted and re-created through the server. Then the faults stop and:
//   - every verdict the session holds is the truth (a fresh runCheck without faults) or `unknown` — never a wrong
//     `converged`/`diverged` —, once the watch has caught up;
//   - a re-check of every file from the session's live cache gives exactly the truth (the cache missed nothing);
//   - the heap after GC is within a bound of the start.
// `npm test` runs ~20 s (CONVERGE_SOAK_SECONDS=300 for a long one; numbers in docs/RELIABILITY.md). The watch layer
// alone is soaked in watch-faults.test.ts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckSession } from '../../../src/core/engine/session';
import { runCheck } from '../../../src/core/engine/check';
import type { CheckReport, KubeObject, ObjectRef } from '../../../src/core/types';
import type { Fault } from '../../k8s-server/faults';
import { startTestApiServer, type TestApiServer } from '../../k8s-server';
import { int, pick, seeded, type Rand } from '../../unit/fuzz/fuzz-support';

const SOAK_SECONDS = Number(process.env.CONVERGE_SOAK_SECONDS ?? 20);
const SEED = Number(process.env.CONVERGE_SOAK_SEED ?? 20261124);
const NAMESPACES = ['soak-a', 'soak-b'];
const CONFIGMAPS = 16;
const DEPLOYMENTS = 8;
// KubeHttp reads these from the process environment (this file runs in its own worker).
Object.assign(process.env, { CONVERGE_REQUEST_TIMEOUT_MS: '3000', CONVERGE_RETRY_BUDGET_MS: '5000' });
const ENV = {};

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: TestApiServer;
let repo: string;
const desired: KubeObject[] = [];

function configMap(ns: string, i: number): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: ns }, data: { LEVEL: 'info', INDEX: String(i) } } as KubeObject;
}

function deployment(ns: string, i: number): KubeObject {
  const labels = { app: `web-${i}` };
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `web-${i}`, namespace: ns },
    spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx:1.25', resources: { limits: { cpu: '0.5', memory: '64Mi' } } }] } } },
  } as KubeObject;
}

const refOf = (o: KubeObject): ObjectRef => ({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name! });
const keyOf = (r: ObjectRef) => `${r.kind}/${r.namespace}/${r.name}`;
const fileOf = (o: KubeObject) => join(repo, o.metadata.namespace!, `${o.kind.toLowerCase()}-${o.metadata.name}.yaml`);

beforeAll(async () => {
  // timeScale: watch requests end after a fraction of their timeout, so reconnects meet the faults often.
  server = await startTestApiServer({ timeScale: 0.004, watchHistory: 1_000, seed: NAMESPACES.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })) });
  repo = mkdtempSync(join(tmpdir(), 'converge-soak-'));
  for (const ns of NAMESPACES) {
    mkdirSync(join(repo, ns));
    for (let i = 0; i < CONFIGMAPS; i++) desired.push(configMap(ns, i));
    for (let i = 0; i < DEPLOYMENTS; i++) desired.push(deployment(ns, i));
  }
  for (const o of desired) {
    writeFileSync(fileOf(o), stringify(o));
    server.apply(o, 'kustomize-controller');
  }
});

afterAll(async () => {
  await server?.stop();
  if (repo) rmSync(repo, { recursive: true, force: true });
});

/** One random change through the server, as a person or a controller would make it. */
function randomChange(r: Rand): void {
  const o = pick(r, desired);
  const ref = refOf(o);
  const live = server.get(ref);
  const roll = r();
  if (!live) {
    server.apply(o, 'kustomize-controller'); // re-created by the GitOps controller
  } else if (roll < 0.1) {
    server.delete(ref);
  } else if (roll < 0.4) {
    server.apply(o, 'kustomize-controller', { force: true }); // reconciled back
  } else if (o.kind === 'ConfigMap') {
    server.patch(ref, { data: { LEVEL: pick(r, ['debug', 'info', 'warn']) } }, 'kubectl-edit');
  } else if (roll < 0.7) {
    server.patch(ref, { spec: { replicas: 1 + int(r, 4) } }, 'kubectl-scale', { subresource: 'scale' });
  } else {
    server.patch(ref, { metadata: { labels: { touched: String(int(r, 100)) } } }, 'kubectl-label');
  }
}

/** A few faults at once, each hitting a share of the matching requests for the next window. */
function randomFaults(r: Rand): Fault[] {
  const menu: Array<() => Fault> = [
    () => ({ reset: true, verb: 'watch' }),
    () => ({ cutAfterBytes: 30 + int(r, 600), verb: 'watch' }),
    () => ({ status: 410, verb: 'watch', message: 'too old resource version' }),
    () => ({ status: 500, verb: 'watch' }),
    () => ({ status: 429, retryAfterSeconds: int(r, 2), verb: pick(r, ['list', 'patch', 'watch']) }),
    () => ({ status: pick(r, [500, 503]), verb: pick(r, ['list', 'patch']) }),
    () => ({ reset: true, verb: pick(r, ['list', 'patch']) }),
    () => ({ latencyMs: 20 + int(r, 300) }),
  ];
  return Array.from({ length: 1 + int(r, 3) }, () => ({ ...pick(r, menu)(), rate: 0.2 + r() * 0.4, seed: int(r, 1e9) }));
}

function verdicts(report: CheckReport): Record<string, string> {
  return Object.fromEntries(report.resources.filter((x) => x.source).map((x) => [keyOf(x.ref), `${x.verdict} ${x.diff.map((e) => e.path).sort().join(',')}`]));
}

describe(`CheckSession with a watch under random faults for ${SOAK_SECONDS} s`, () => {
  it('ends with the verdicts of a fault-free check, never a wrong one, with a bounded heap', async () => {
    const session = new CheckSession({ paths: [repo], cwd: repo, kubeconfig: server.kubeconfigPath, env: ENV });
    try {
      const first = await session.checkAll();
      expect(first.resources.filter((x) => x.verdict === 'converged')).toHaveLength(desired.length);
      let notified = 0;
      const w = session.watch((changed) => (notified += changed.length));
      await w.ready;
      const heapStart = heapMb();
      const heapSamples: number[] = [];
      const r = seeded(SEED);
      let changes = 0;
      let faultSets = 0;
      let rechecks = 0;
      let watchRequests = 0;
      let faulted = 0;
      const countRequests = () => {
        for (const q of server.requests) {
          if (q.query.watch) watchRequests++;
          if (q.status !== undefined && q.status >= 400) faulted++;
        }
        server.requests.length = 0; // the server's log would otherwise grow with the soak
      };
      const end = Date.now() + SOAK_SECONDS * 1000;
      let nextSample = Date.now() + 5_000;
      let nextFaults = 0;
      while (Date.now() < end) {
        if (Date.now() >= nextFaults) {
          server.setFault(randomFaults(r));
          faultSets++;
          nextFaults = Date.now() + 500 + int(r, 1000);
        }
        for (let k = 0, n = 1 + int(r, 3); k < n; k++, changes++) randomChange(r);
        if (r() < 0.3) {
          // The user saves a few files meanwhile: re-checked from the cache, dry-runs where needed.
          await session.recheckFiles(Array.from({ length: 1 + int(r, 3) }, () => fileOf(pick(r, desired))));
          rechecks++;
        }
        await sleep(40 + int(r, 120));
        if (Date.now() >= nextSample) {
          countRequests();
          heapSamples.push(heapMb());
          nextSample += 5_000;
        }
      }
      server.setFault(undefined);
      countRequests();

      // The watch catches up: the session's cache holds the server's version of every object (bounded wait).
      const caughtUp = () =>
        desired.every((o) => {
          const live = server.get(refOf(o));
          const cached = session.cachedLive(refOf(o));
          return live ? cached?.metadata.resourceVersion === live.metadata.resourceVersion : cached === null;
        });
      // A watch cut by the last fault may still be in its reconnect backoff with an up-to-date cache: wait for both.
      const deadline = Date.now() + 20_000;
      while ((!caughtUp() || session.unhealthyWatches().length > 0) && Date.now() < deadline) await sleep(50);
      expect(caughtUp(), 'watch caught up with the server').toBe(true);
      expect(session.unhealthyWatches()).toEqual([]);
      // …and has re-decided what the last events touched: each verdict is about the live version now cached.
      const settled = () =>
        session.report().resources.filter((x) => x.source).every((x) => {
          const cached = session.cachedLive(x.ref);
          if (x.verdict === 'unknown') return true;
          return cached ? x.liveResourceVersion === cached.metadata.resourceVersion : x.verdict === 'missing';
        });
      while (!settled() && Date.now() < deadline + 10_000) await sleep(50);
      expect(settled(), 'every verdict is about the cached live version').toBe(true);

      const truth = verdicts(await runCheck({ paths: [repo], cwd: repo, kubeconfig: server.kubeconfigPath, env: ENV }));
      const held = verdicts(session.report());
      const wrong = Object.entries(held).filter(([k, v]) => v !== truth[k] && !v.startsWith('unknown'));
      expect(wrong, 'verdicts that are neither the truth nor unknown').toEqual([]);
      const rechecked = verdicts(await session.recheckFiles(desired.map(fileOf)));
      expect(rechecked).toEqual(truth);

      const heapEnd = heapMb();
      const unknownHeld = Object.values(held).filter((v) => v.startsWith('unknown')).length;
      const kinds = new Set(Object.values(truth).map((v) => v.split(' ')[0]));
      console.log(
        `session soak ${SOAK_SECONDS} s: ${changes} changes, ${faultSets} fault sets, ${faulted} failed requests, ${watchRequests} watch requests, ` +
          `${notified} verdict changes notified, ${unknownHeld} unknown before the re-check; verdicts at the end: ${[...kinds].join('/')}; ` +
          `heap ${heapStart.toFixed(1)} → ${heapEnd.toFixed(1)} MB (samples every 5 s: ${heapSamples.map((h) => h.toFixed(1)).join(', ')}); ` +
          `verdict cache ${(session as unknown as { cache: { size: number } }).cache.size} entries`,
      );
      // The soak did what it says (loose bounds: a loaded 2-core machine runs fewer rounds).
      expect(changes, 'changes made').toBeGreaterThan(SOAK_SECONDS * 3);
      expect(faulted, 'requests failed by a fault').toBeGreaterThan(SOAK_SECONDS / 2);
      expect(watchRequests, 'watch requests (reconnects)').toBeGreaterThan(SOAK_SECONDS * 2);
      expect(kinds.has('diverged') || kinds.has('missing')).toBe(true);
      // Bounded, not flat: the session's verdict cache keeps one entry per live resourceVersion seen (up to 50,000).
      expect(heapEnd - heapStart, 'heap growth after GC (MB)').toBeLessThan(SOAK_SECONDS <= 60 ? 40 : 150);
      w.stop();
    } finally {
      session.close();
    }
  }, SOAK_SECONDS * 1000 + 90_000);
});
