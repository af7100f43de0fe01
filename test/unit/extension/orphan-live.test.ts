// Open diff of an orphan needs its live object without a request: it is in the LIST the check read for its type.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/log';
import { WorkspaceChecks } from '../../../src/extension/checks/workspace-checks';
import { startTestApiServer, type TestApiServer } from '../../k8s-server';

describe('cachedLive of an orphan', () => {
  let server: TestApiServer;
  let ws: string;
  beforeAll(async () => {
    server = await startTestApiServer();
    ws = mkdtempSync(join(tmpdir(), 'converge-orphan-'));
    writeFileSync(join(ws, '.converge.yaml'), 'orphanSelector: team=shop\n');
    writeFileSync(join(ws, 'config.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kept, namespace: default, labels: {team: shop}}\ndata: {A: "1"}\n');
    server.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept', namespace: 'default', labels: { team: 'shop' } }, data: { A: '1' } }, 'kubectl', { force: true });
    server.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'legacy', namespace: 'default', labels: { team: 'shop' } }, data: { OLD: 'true' } }, 'kubectl', { force: true });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(ws, { recursive: true, force: true });
  });

  it('is found in the cache, with no request; an object that is not an orphan is not', async () => {
    const checks = new WorkspaceChecks({ log: silentLogger, onWatchChange: () => undefined });
    try {
      const [{ report }] = await checks.checkAll([ws], { kubeconfig: server.kubeconfigPath, context: 'test', offline: false, watch: false });
      expect(report.resources.filter((r) => r.verdict === 'orphaned').map((r) => r.ref.name)).toEqual(['legacy']);
      const before = server.requests.length;
      expect(checks.cachedLive({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'legacy' })?.data).toEqual({ OLD: 'true' });
      expect(checks.cachedLive({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'unrelated' })).toBeUndefined();
      expect(server.requests.length).toBe(before);
    } finally {
      checks.dispose();
    }
  });
});
