// The local decision ("converged for certain" from managedFields and values, no dry-run) must never disagree with
// the dry-run: on every object of every fixture, a check that decides locally where it can gives exactly the
// verdicts of a check that dry-runs everything (--dry-run-all).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GITOPS_MANAGER, generateRepo, planDrift, refOf } from '../../../bench/generate';
import { runCheck, type CheckReport } from '../../../src/core';
import { startTestApiServer } from '../../k8s-server';
import { SAMPLE_REPO, applyRepo, introduceDemoDrift, readObjects, type TestServer } from '../../support/demo-cluster';

const dirs: string[] = [];
function tempCopy(from?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'converge-local-'));
  if (from) cpSync(from, dir, { recursive: true });
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const verdicts = (r: CheckReport) =>
  Object.fromEntries(r.resources.map((v) => [`${v.ref.kind} ${v.ref.namespace ?? ''}/${v.ref.name}`, `${v.verdict}: ${v.reason.replace(/, \S+ ago/, '')} ${v.diff.map((d) => d.path).join(' ')}`]));

async function compare(server: TestServer, dir: string, opts: { selector?: string } = {}): Promise<{ local: number; objects: number }> {
  const base = { paths: [dir], cwd: dir, kubeconfig: server.kubeconfigPath, selector: opts.selector };
  const all = await runCheck({ ...base, forceDryRun: true });
  const fast = await runCheck(base);
  expect(all.resources.every((r) => r.method !== 'local')).toBe(true);
  expect(verdicts(fast)).toEqual(verdicts(all));
  const local = fast.resources.filter((r) => r.method === 'local');
  expect(local.every((r) => r.verdict === 'converged')).toBe(true);
  return { local: local.length, objects: fast.resources.length };
}

describe('local decisions agree with the dry-run on every object', () => {
  it('the demo repo, with its drift', async () => {
    const server = await startTestApiServer();
    try {
      const repo = tempCopy(SAMPLE_REPO);
      await applyRepo(server, repo);
      await introduceDemoDrift(server);
      const { local } = await compare(server, repo, { selector: 'app.kubernetes.io/part-of=shop' });
      expect(local).toBeGreaterThan(0);
    } finally {
      await server.stop();
    }
  });

  it('the normalisation fixtures (quantities, defaults, empties, int-or-string, stringData, CRs)', async () => {
    const repo = tempCopy(resolve(__dirname, '../../fixtures/normalisation'));
    const objects = readObjects(repo);
    const server = await startTestApiServer({ seed: objects.filter((o) => o.kind === 'CustomResourceDefinition') });
    try {
      for (const o of objects.filter((o) => o.kind !== 'CustomResourceDefinition')) server.apply(o, GITOPS_MANAGER, { force: true });
      const { local } = await compare(server, repo);
      expect(local).toBeGreaterThan(0);
    } finally {
      await server.stop();
    }
  });

  it('a generated benchmark repo with 5% drift of every kind (scale, edit, hand label, Git change, new in Git)', async () => {
    const dir = tempCopy();
    const repo = generateRepo(dir, 100, 4);
    const drift = planDrift(repo, 0.1);
    const server = await startTestApiServer({ seed: repo.infra, seedManager: GITOPS_MANAGER });
    try {
      for (const o of repo.objects) if (!drift.skipApply.has(refOf(o))) server.apply(o, GITOPS_MANAGER, { force: true });
      for (const p of drift.patches) server.patch(...p);
      for (const e of drift.gitEdits) writeFileSync(e.file, readFileSync(e.file, 'utf8').replace(e.from, e.to));
      const { local, objects } = await compare(server, dir);
      expect(local).toBeGreaterThan(objects * 0.8);
      const report = await runCheck({ paths: [dir], cwd: dir, kubeconfig: server.kubeconfigPath });
      const drifting = report.resources.filter((r) => r.verdict === 'diverged' || r.verdict === 'missing').map((r) => `${r.ref.kind} ${r.ref.namespace}/${r.ref.name}`);
      expect(drifting.sort()).toEqual([...drift.plan.expected.keys()].sort());
    } finally {
      await server.stop();
    }
  });
});
