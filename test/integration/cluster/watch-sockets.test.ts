// Watches hold their connection for minutes. More watches than the request pool has sockets must not starve the
// LISTs, GETs and dry-runs of the same client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterClient } from '../../../src/core/cluster/client';
import { KubeHttp, REQUEST_SOCKETS } from '../../../src/core/cluster/http';
import { loadKubeconfig } from '../../../src/core/cluster/kubeconfig';
import { watchResource, type ResourceWatch } from '../../../src/core/cluster/watch';
import type { ResourceInfo } from '../../../src/core/types';
import { startTestApiServer, type TestApiServer } from '../../k8s-server';

const CONFIGMAPS: ResourceInfo = { group: '', version: 'v1', kind: 'ConfigMap', resource: 'configmaps', namespaced: true, verbs: ['list', 'watch'] };
const NAMESPACES = Array.from({ length: REQUEST_SOCKETS + 4 }, (_, i) => `w-${i}`);
let server: TestApiServer;

beforeAll(async () => {
  server = await startTestApiServer({ seed: NAMESPACES.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })) });
});

afterAll(async () => {
  await server?.stop();
});

describe('watch connections', () => {
  it(`${NAMESPACES.length} open watches leave the ${REQUEST_SOCKETS} request sockets free`, async () => {
    const http = new KubeHttp(loadKubeconfig({ kubeconfig: server.kubeconfigPath }).kc);
    const client = new ClusterClient(http);
    const watches: ResourceWatch[] = NAMESPACES.map((namespace) => watchResource({ client, info: CONFIGMAPS, namespace, onEvent: () => undefined, onRelist: () => undefined }));
    try {
      await Promise.all(watches.map((w) => w.ready));
      expect(watches.every((w) => w.healthy)).toBe(true);
      // With watches on the request pool, these would wait for a socket until a watch ends (minutes).
      const lists = await Promise.all(NAMESPACES.map((namespace) => client.list(CONFIGMAPS, { namespace })));
      expect(lists).toHaveLength(NAMESPACES.length);
      const seen = new Promise<string>((resolve) => {
        const w = watchResource({ client, info: CONFIGMAPS, namespace: 'w-0', onEvent: (_type, obj) => resolve(obj.metadata.name ?? ''), onRelist: () => undefined });
        watches.push(w);
        void w.ready.then(() => server.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late', namespace: 'w-0' } }, 'test', { force: true }));
      });
      expect(await seen).toBe('late');
    } finally {
      for (const w of watches) w.stop();
      http.close();
    }
  });
});
