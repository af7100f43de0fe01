// A watch under faults (bounded soak): streams cut mid-event, resets, 500s, 410 Gone; changes keep coming.
// At the end the watched state equals the server's, and memory stays bounded.
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterClient } from '../../../src/core/cluster/client';
import { KubeHttp } from '../../../src/core/cluster/http';
import { DEFAULT_RETRY_POLICY } from '../../../src/core/cluster/retry';
import { watchResource } from '../../../src/core/cluster/watch';
import type { KubeObject, ResourceInfo } from '../../../src/core/types';
import { startTestApiServer, type TestApiServer } from '../../k8s-server';
import { seeded, int } from '../../unit/fuzz/fuzz-support';

let server: TestApiServer;
const CM: ResourceInfo = { group: '', version: 'v1', kind: 'ConfigMap', resource: 'configmaps', namespaced: true, verbs: ['list', 'watch'] };
const ref = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'soak', name });

beforeAll(async () => {
  // timeScale: each watch request ends after ~100 ms, so that new requests meet the faults
  server = await startTestApiServer({ timeScale: 0.05, seed: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'soak' } }] });
});
afterAll(() => server?.stop());

function truth(): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < 40; i++) {
    const o = server.get(ref(`cm-${i}`));
    if (o) out.set(o.metadata.name, o.metadata.resourceVersion);
  }
  return out;
}

describe('watch under random faults', () => {
  it('ends equal to the truth after cuts, resets and errors, with bounded memory', async () => {
    const kc = new KubeConfig();
    kc.loadFromString(server.kubeconfigYaml);
    const http = new KubeHttp(kc, { timeoutMs: 2_000, userAgent: 'soak', retry: { ...DEFAULT_RETRY_POLICY, baseDelayMs: 5, maxDelayMs: 20, budgetMs: 1_000 } });
    const seen = new Map<string, KubeObject>();
    const w = watchResource({
      client: new ClusterClient(http),
      info: CM,
      namespace: 'soak',
      backoff: { initialMs: 5, maxMs: 50 },
      timeoutSeconds: 2,
      onRelist: (items) => {
        seen.clear();
        for (const o of items) seen.set(o.metadata.name!, o);
      },
      onEvent: (type, o) => (type === 'DELETED' ? seen.delete(o.metadata.name!) : seen.set(o.metadata.name!, o)),
    });
    await w.ready;
    const heapBefore = process.memoryUsage().heapUsed;
    const r = seeded(99);
    for (let round = 0; round < 60; round++) {
      // a new fault now and then: cut mid-event, reset, 500 on watch or list
      server.setFault(
        [
          { cutAfterBytes: 40 + int(r, 400), verb: 'watch', resource: 'configmaps', times: 1 },
          { reset: true, verb: 'watch', resource: 'configmaps', times: 1 },
          { status: 500, verb: 'watch', resource: 'configmaps', times: 1 },
          { status: 503, verb: 'list', resource: 'configmaps', times: 1 },
          { status: 410, verb: 'watch', resource: 'configmaps', times: 1, message: 'too old resource version' },
        ].filter(() => r() < 0.4),
      );
      for (let k = 0; k < 5; k++) {
        const name = `cm-${int(r, 40)}`;
        if (r() < 0.2 && server.get(ref(name))) server.delete(ref(name));
        else server.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'soak' }, data: { round: String(round), k: String(k), pad: 'x'.repeat(int(r, 300)) } }, 'soak');
      }
      await new Promise((res) => setTimeout(res, 15));
    }
    server.setFault(undefined);
    // Converges: wait (bounded) until what the watch saw equals the server's objects
    const want = truth();
    const deadline = Date.now() + 5_000;
    const got = () => new Map([...seen.values()].map((o) => [o.metadata.name!, o.metadata.resourceVersion!]));
    while (Date.now() < deadline && JSON.stringify([...got()].sort()) !== JSON.stringify([...want].sort())) await new Promise((res) => setTimeout(res, 20));
    expect(Object.fromEntries(got())).toEqual(Object.fromEntries(want));
    expect(w.stats.streams).toBeGreaterThan(5); // it did reconnect
    const faulted = server.requests.filter((q) => q.query.watch && (q.status === undefined || q.status >= 400)).length;
    expect(faulted).toBeGreaterThan(3);
    console.log(`watch soak: ${w.stats.streams} streams, ${w.stats.lists} LISTs, ${w.stats.events} events, ${faulted} faulted watch requests`);
    global.gc?.();
    expect((process.memoryUsage().heapUsed - heapBefore) / 1e6).toBeLessThan(100);
    w.stop();
    http.close();
  });
});
