// Defaults and canonicalisation must never show as drift, in dry-run and offline mode alike, and the
// verdicts must agree with real kubectl (`kubectl diff --server-side`) run against the same server.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer } from '../k8s-server';
import { runCli, type CliRun } from '../support/cli';
import { SAMPLE_REPO, applyRepo, introduceDemoDrift, readObjects, type TestServer } from '../support/demo-cluster';
import { kubeTool } from '../support/kube-tools';

const FIXTURE = resolve(__dirname, '../fixtures/normalisation');
const SECRET_VALUES = ['norm-secret-value-1', 'norm-secret-value-2'];
let server: TestServer;
let repo: string;
const outputs: CliRun[] = [];

async function check(args: string[], cwd = repo): Promise<CliRun> {
  const run = await runCli(['check', '--output', 'json', ...args, '--kubeconfig', server.kubeconfigPath], { cwd });
  outputs.push(run);
  return run;
}

function verdicts(run: CliRun): Record<string, string> {
  return Object.fromEntries(run.json().resources.map((r: any) => [`${r.kind}/${r.name}`, r.verdict]));
}

beforeAll(async () => {
  repo = mkdtempSync(join(tmpdir(), 'converge-norm-'));
  cpSync(FIXTURE, repo, { recursive: true });
  const objects = readObjects(repo);
  server = await startTestApiServer({ seed: objects.filter((o) => o.kind === 'CustomResourceDefinition') });
  for (const obj of objects.filter((o) => o.kind !== 'CustomResourceDefinition')) server.apply(obj, 'kustomize-controller', { force: true });
});

afterAll(async () => {
  await server?.stop();
  rmSync(repo, { recursive: true, force: true });
  const all = outputs.map((o) => o.stdout + o.stderr).join('\n');
  for (const v of SECRET_VALUES) expect(all.includes(v) || all.includes(Buffer.from(v).toString('base64'))).toBe(false);
});

const APPS_CONVERGED = {
  'Namespace/norm': 'converged',
  'Deployment/norm': 'converged',
  'Service/norm': 'converged',
  'ConfigMap/norm-empty': 'converged',
  'Secret/norm-secret': 'converged',
  'Widget/w1': 'converged',
};

describe('normalisation: defaults and canonical forms are not drift', () => {
  it('dry-run: quantities, defaults, empties, int-or-string, Secret stringData, CR defaults all converged', async () => {
    const run = await check(['apps', '--dry-run-all']);
    expect(run.code, run.stdout).toBe(0);
    expect(verdicts(run)).toEqual(APPS_CONVERGED);
    expect(run.json().resources.every((r: any) => r.method === 'dry-run')).toBe(true);
  });

  it('offline: the same verdicts without a dry-run', async () => {
    const run = await check(['apps', '--offline']);
    expect(run.code, run.stdout).toBe(0);
    expect(verdicts(run)).toEqual(APPS_CONVERGED);
  });

  it('the CRD seeded by another manager is converged too (field manager detected or defaulted)', async () => {
    const run = await check(['crds']);
    expect(run.code, run.stdout).toBe(0);
    expect(verdicts(run)).toEqual({ 'CustomResourceDefinition/widgets.rec.example.com': 'converged' });
  });

  it('lists matched by merge key: reordered containers, env and ports are not drift', async () => {
    const file = join(repo, 'apps/deployment.yaml');
    const original = readFileSync(file, 'utf8');
    try {
      const doc = original
        .replace(/        - name: app\n[\s\S]*?(?=        - name: sidecar)/, '')
        .replace(/(        - name: sidecar[\s\S]*?resources: \{\}\n)/, `$1${original.match(/        - name: app\n[\s\S]*?(?=        - name: sidecar)/)![0]}`)
        .replace('            - name: A\n              value: "1"\n            - name: B\n              value: "2"', '            - name: B\n              value: "2"\n            - name: A\n              value: "1"');
      expect(doc.indexOf('name: sidecar')).toBeLessThan(doc.indexOf('name: app'));
      writeFileSync(file, doc);
      for (const mode of [[], ['--offline']]) {
        const run = await check(['apps/deployment.yaml', ...mode]);
        expect(verdicts(run), `mode ${mode.join(' ') || 'dry-run'}: ${run.stdout}`).toEqual({ 'Deployment/norm': 'converged' });
      }
    } finally {
      writeFileSync(file, original);
    }
  });

  it('custom resources match list items by their CRD keys (from the cluster CRD, or the workspace one)', async () => {
    const w2 = {
      apiVersion: 'rec.example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w2', namespace: 'norm' },
      spec: { replicas: 1, ports: [{ name: 'a', port: 1 }, { name: 'b', port: 2 }] },
    };
    server.apply(w2, 'kustomize-controller', { force: true });
    const file = join(repo, 'apps/w2.yaml');
    writeFileSync(file, 'apiVersion: rec.example.com/v1\nkind: Widget\nmetadata:\n  name: w2\n  namespace: norm\nspec:\n  replicas: 1\n  ports:\n    - name: b\n      port: 2\n    - name: a\n      port: 1\n');
    try {
      for (const paths of [['apps/w2.yaml'], ['apps/w2.yaml', 'crds']]) {
        const run = await check([...paths, '--offline']);
        expect(run.json().resources.find((r: any) => r.name === 'w2').verdict, paths.join(' ')).toBe('converged');
      }
      writeFileSync(file, readFileSync(file, 'utf8').replace('port: 2', 'port: 3'));
      const changed = await check(['apps/w2.yaml', '--offline']);
      expect(changed.json().resources[0].diff.map((d: any) => d.path)).toEqual(['spec.ports[name="b"].port']);
    } finally {
      rmSync(file);
    }
  });

  it('a real change next to the normalised fields is still found, at the right path', async () => {
    const file = join(repo, 'apps/deployment.yaml');
    const original = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, original.replace('memory: 1.5Gi ', 'memory: 2Gi   '));
      for (const mode of [[], ['--offline']]) {
        const run = await check(['apps/deployment.yaml', ...mode]);
        const dep = run.json().resources[0];
        expect(dep.verdict).toBe('diverged');
        expect(dep.diff.map((d: any) => [d.path, d.desired, d.live])).toEqual([
          ['spec.template.spec.containers[name="app"].resources.limits.memory', '2Gi', '1536Mi'],
        ]);
        expect(dep.diff[0].desiredLine).toBe(39); // the line of `memory: 1.5Gi` in the manifest
      }
    } finally {
      writeFileSync(file, original);
    }
  });
});

describe('agreement with kubectl diff --server-side on the same server', () => {
  const kubectlDiff = async (file: string, cwd: string): Promise<number> => {
    try {
      await promisify(execFile)(
        kubeTool('kubectl'),
        ['diff', '--server-side', '--force-conflicts', '--field-manager=kustomize-controller', '--kubeconfig', server.kubeconfigPath, '-f', file],
        { cwd, env: { PATH: process.env.PATH, HOME: tmpdir() } },
      );
      return 0;
    } catch (err) {
      return (err as { code?: number }).code ?? -1;
    }
  };

  it('every normalisation fixture: kubectl exit 0 where converge says converged', async () => {
    for (const file of ['apps/namespace.yaml', 'apps/deployment.yaml', 'apps/service.yaml', 'apps/config.yaml', 'apps/widget.yaml']) {
      expect(await kubectlDiff(file, repo), file).toBe(0);
    }
  });

  it('the demo repo with drift: kubectl and converge agree object by object', async () => {
    const demo = mkdtempSync(join(tmpdir(), 'converge-demo-'));
    cpSync(SAMPLE_REPO, demo, { recursive: true });
    const demoServer = await startTestApiServer();
    try {
      await applyRepo(demoServer, demo);
      await introduceDemoDrift(demoServer);
      const run = await runCli(['check', '--output', 'json', '--kubeconfig', demoServer.kubeconfigPath], { cwd: demo });
      outputs.push(run);
      const byFile = new Map<string, string[]>();
      for (const r of run.json().resources.filter((r: any) => r.file)) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r.verdict]);
      const saved = server;
      server = demoServer;
      try {
        for (const [file, vs] of byFile) {
          const ours = vs.every((v) => v === 'converged') ? 0 : 1;
          expect(await kubectlDiff(file, demo), `${file}: converge says ${vs.join(',')}`).toBe(ours);
        }
      } finally {
        server = saved;
      }
      expect([...byFile.values()].flat().filter((v) => v !== 'converged').length).toBe(3);
    } finally {
      await demoServer.stop();
      rmSync(demo, { recursive: true, force: true });
    }
  });
});
