// The extension's checks with rendering: in Restricted Mode (`allowExec: false`) a kustomization is listed as not
// rendered and nothing is executed (a spy kubectl proves it); once trusted, its objects are rendered, say where they
// come from, and link back to the base file.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/log';
import { WorkspaceChecks } from '../../../src/extension/checks/workspace-checks';
import { startTestApiServer, type TestApiServer } from '../../k8s-server';
import { kubeTool } from '../../support/kube-tools';

describe('WorkspaceChecks with kustomize rendering', () => {
  let server: TestApiServer;
  let ws: string;
  let spy: string;
  let calls: string;
  const settings = (allowExec: boolean) => ({
    kubeconfig: server.kubeconfigPath,
    context: 'test',
    offline: false,
    watch: false,
    render: allowExec ? { kubectl: spy, allowExec: true } : { allowExec: false },
    operatorState: false,
  });

  beforeAll(async () => {
    server = await startTestApiServer();
    ws = mkdtempSync(join(tmpdir(), 'converge-render-'));
    calls = join(ws, '..', `${ws.split('/').pop()}-kubectl-calls.log`);
    spy = join(ws, '..', `${ws.split('/').pop()}-kubectl-spy.sh`);
    writeFileSync(spy, `#!/bin/sh\necho "$@" >> '${calls}'\nexec '${kubeTool('kubectl')}' "$@"\n`);
    chmodSync(spy, 0o755);
    mkdirSync(join(ws, 'apps/base'), { recursive: true });
    mkdirSync(join(ws, 'apps/overlays/prod'), { recursive: true });
    writeFileSync(join(ws, 'apps/base/kustomization.yaml'), 'resources: [config.yaml]\n');
    writeFileSync(join(ws, 'apps/base/config.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\ndata: {LEVEL: info}\n');
    writeFileSync(join(ws, 'apps/overlays/prod/kustomization.yaml'), 'namespace: prod\nresources: [../../base]\npatches: [{path: level.yaml}]\n');
    writeFileSync(join(ws, 'apps/overlays/prod/level.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\ndata: {LEVEL: warn}\n');
    writeFileSync(join(ws, 'plain.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain, namespace: default}\ndata: {A: "1"}\n');
    server.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } }, 'kubectl', { force: true });
    server.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app', namespace: 'prod' }, data: { LEVEL: 'warn' } }, 'kustomize-controller', { force: true });
    server.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain', namespace: 'default' }, data: { A: '1' } }, 'kubectl', { force: true });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(ws, { recursive: true, force: true });
    rmSync(spy, { force: true });
    rmSync(calls, { force: true });
  });

  it('untrusted: runs nothing, lists the overlay as not rendered, never reads a patch as an object', async () => {
    const checks = new WorkspaceChecks({ log: silentLogger, onWatchChange: () => undefined });
    try {
      const [{ report }] = await checks.checkAll([ws], settings(false));
      expect(existsSync(calls)).toBe(false);
      const named = report.resources.filter((r) => r.ref.kind).map((r) => `${r.ref.kind} ${r.ref.name} ${r.verdict}`);
      expect(named).toEqual(['ConfigMap plain converged']);
      expect(report.problems.map((p) => [p.rule, p.message])).toEqual([['not-rendered', 'kustomization apps/overlays/prod: not rendered (workspace not trusted)']]);
    } finally {
      checks.dispose();
    }
  });

  it('trusted: renders with the configured kubectl; the object says where it comes from and links to the base', async () => {
    const checks = new WorkspaceChecks({ log: silentLogger, onWatchChange: () => undefined });
    try {
      const [{ report }] = await checks.checkAll([ws], settings(true));
      expect(readFileSync(calls, 'utf8')).toMatch(/^kustomize /m);
      const app = report.resources.find((r) => r.ref.name === 'app')!;
      expect(app).toMatchObject({ verdict: 'converged', ref: { namespace: 'prod' } });
      expect(app.rendered).toMatchObject({ tool: 'kustomize', root: join(ws, 'apps/overlays/prod'), note: 'rendered from apps/overlays/prod' });
      expect(app.source?.file).toBe(join(ws, 'apps/base/config.yaml'));
      expect(app.rendered?.patches?.map((p) => p.file)).toEqual([join(ws, 'apps/overlays/prod/level.yaml')]);
      expect(report.problems).toEqual([]);
    } finally {
      checks.dispose();
    }
  });
});
