// The extension's checks against the test API server: folders mapped to contexts, a saved file re-verdicted alone,
// and a WATCH that turns a `kubectl scale` into a changed verdict without a new check.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/log';
import type { VerdictResult } from '../../../src/core/types';
import { WorkspaceChecks } from '../../../src/extension/checks/workspace-checks';
import { startTestApiServer, type TestApiServer } from '../../k8s-server';

const deployment = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: app, image: "nginx:1.25"}]}
`;
const configMap = (name: string, value: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}, namespace: default}
data: {K: "${value}"}
`;
const secret = `apiVersion: v1
kind: Secret
metadata: {name: db, namespace: default}
stringData: {password: not-shown}
`;

describe('WorkspaceChecks', () => {
  let server: TestApiServer;
  let ws: string;
  const settings = () => ({ kubeconfig: server.kubeconfigPath, context: 'test', offline: false, watch: true });

  beforeAll(async () => {
    server = await startTestApiServer();
    ws = mkdtempSync(join(tmpdir(), 'converge-wschecks-'));
    mkdirSync(join(ws, 'apps'));
    mkdirSync(join(ws, 'restricted'));
    writeFileSync(join(ws, 'apps/web.yaml'), deployment(3));
    writeFileSync(join(ws, 'apps/config.yaml'), configMap('app-config', 'a'));
    writeFileSync(join(ws, 'restricted/config.yaml'), configMap('team-config', 'b'));
    writeFileSync(join(ws, 'restricted/secret.yaml'), secret);
    writeFileSync(join(ws, '.converge.yaml'), 'clusters:\n  - path: restricted/**\n    context: restricted\n');
    for (const text of [deployment(3), configMap('app-config', 'a'), configMap('team-config', 'b'), secret]) {
      server.apply((await import('yaml')).parse(text), 'kubectl', { force: true });
    }
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(ws, { recursive: true, force: true });
  });

  it('checks mapped folders against their context, watches, and re-verdicts only a saved file', async () => {
    let watched: VerdictResult[] = [];
    let onWatch: () => void = () => undefined;
    const checks = new WorkspaceChecks({ log: silentLogger, onWatchChange: (changed) => ((watched = changed), onWatch()) });
    try {
      const reports = await checks.checkAll([ws], settings());
      const byContext = Object.fromEntries(reports.map(({ report }) => [report.context, report.resources.map((r) => `${r.ref.kind}/${r.ref.name}=${r.verdict}`).sort()]));
      expect(byContext).toEqual({
        restricted: ['ConfigMap/team-config=converged', 'Secret/db=unknown'],
        test: ['ConfigMap/app-config=converged', 'Deployment/web=converged'],
      });
      const denied = reports.flatMap((r) => r.report.resources).find((r) => r.ref.kind === 'Secret')!;
      expect(denied.reason).toMatch(/forbidden/i);

      // A cluster change reaches the verdict through the watch, not a new check.
      const changed = new Promise<void>((resolve) => (onWatch = resolve));
      const requestsBefore = server.requests.length;
      server.patch({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web' }, { spec: { replicas: 5 } }, 'kubectl-scale');
      await changed;
      expect(watched.map((r) => `${r.ref.name}=${r.verdict}`)).toEqual(['web=diverged']);
      expect(watched[0].reason).toMatch(/kubectl-scale/);
      // Only the changed object is dry-run again.
      const dryRuns = server.requests.slice(requestsBefore).filter((r) => r.method === 'PATCH');
      expect(dryRuns.map((r) => r.path)).toEqual(['/apis/apps/v1/namespaces/default/deployments/web']);
      expect(checks.reports().find((r) => r.report.context === 'test')!.report.summary.diverged).toBe(1);

      // Saving one file re-verdicts it alone.
      writeFileSync(join(ws, 'apps/web.yaml'), deployment(5));
      const rechecked = await checks.recheckFiles([join(ws, 'apps/web.yaml')]);
      expect(rechecked?.map((r) => r.report.context)).toEqual(['test']);
      expect(rechecked![0].report.summary).toMatchObject({ diverged: 0, converged: 2 });
      // A new file under a mapped folder belongs to no check yet: the caller re-plans.
      expect(await checks.recheckFiles([join(ws, 'restricted/new.yaml')])).toBeUndefined();
    } finally {
      checks.dispose();
    }
  });

  it('gives the cached live object of a checked manifest without a request, and the diff settings of its file', async () => {
    const checks = new WorkspaceChecks({ log: silentLogger, onWatchChange: () => undefined });
    try {
      await checks.checkAll([ws], { ...settings(), watch: false });
      const before = server.requests.length;
      const web = checks.cachedLive({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web' });
      // The first test scaled it to 5 in the cluster (the manifest says 3): the live value.
      expect(web?.spec).toMatchObject({ replicas: 5 });
      expect(checks.cachedLive({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'not-checked' })).toBeUndefined();
      expect(server.requests.length).toBe(before);
      expect(checks.diffSettingsOf(join(ws, 'apps/web.yaml'))?.defaultNamespace).toBe('default');
    } finally {
      checks.dispose();
    }
  });
  it('dry-runs an unsaved buffer without publishing it: the reports keep the saved file\'s verdicts', async () => {
    const checks = new WorkspaceChecks({ log: silentLogger, onWatchChange: () => undefined });
    try {
      await checks.checkAll([ws], { ...settings(), watch: false });
      const file = join(ws, 'apps/web.yaml');
      const saved = () => checks.reports().flatMap((r) => r.report.resources).find((r) => r.ref.name === 'web')!;
      const before = saved();
      const replicas = (before.verdict === 'converged' ? 9 : 5) as number; // the live value is 5 after the first test
      const buffer = await checks.verdictsOfText(file, `# unsaved\n${deployment(replicas)}`);
      expect(buffer?.map((r) => r.ref.name)).toEqual(['web']);
      expect(buffer![0].method).toBe('dry-run');
      expect(buffer![0].verdict).toBe(replicas === 5 ? 'converged' : 'diverged');
      expect(buffer![0].source?.range.start.line).toBe(1); // ranges of the buffer text
      const after = saved();
      expect(after.verdict).toBe(before.verdict);
      expect(after.source?.range.start.line).toBe(0);
      expect(await checks.verdictsOfText(join(ws, '..', 'elsewhere.yaml'), 'x: 1')).toBeUndefined();
    } finally {
      checks.dispose();
    }
  });
  it('reuses sessions while the settings stay, and starts afresh when they change', async () => {
    const checks = new WorkspaceChecks({ log: silentLogger, onWatchChange: () => undefined });
    try {
      await checks.checkAll([ws], { ...settings(), watch: false });
      const before = server.requests.length;
      await checks.checkAll([ws], { ...settings(), watch: false });
      const again = server.requests.slice(before);
      expect(again.filter((r) => r.path === '/version' || r.path.startsWith('/apis?') || r.path === '/api').length).toBeLessThanOrEqual(2);
      const offline = await checks.checkAll([ws], { ...settings(), watch: false, offline: true });
      expect(offline.flatMap((r) => r.report.resources).filter((r) => r.method).every((r) => r.method !== 'dry-run')).toBe(true);
    } finally {
      checks.dispose();
    }
  });

  it('reports a context that is not in the kubeconfig as unknown, with the reason, for its folder only', async () => {
    writeFileSync(join(ws, '.converge.yaml'), 'clusters:\n  - path: restricted/**\n    context: nowhere\n');
    const checks = new WorkspaceChecks({ log: silentLogger, onWatchChange: () => undefined });
    try {
      const reports = await checks.checkAll([ws], { ...settings(), watch: false });
      const nowhere = reports.find((r) => r.target.context === 'nowhere')!;
      expect(nowhere.report.resources.every((r) => r.verdict === 'unknown' && /nowhere/.test(r.reason))).toBe(true);
      expect(reports.find((r) => r.target.context === 'test')!.report.summary.unknown).toBe(0);
    } finally {
      checks.dispose();
      writeFileSync(join(ws, '.converge.yaml'), 'clusters:\n  - path: restricted/**\n    context: restricted\n');
    }
  });
});
