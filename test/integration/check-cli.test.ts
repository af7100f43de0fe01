// `converge check` end to end: the real CLI code, client-node auth, real TLS sockets, the test API server.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer } from '../k8s-server';
import { runCli, type CliRun } from '../support/cli';
import { SECRET_VALUES, applyRepo, copyRepo, introduceDemoDrift, type TestServer } from '../support/demo-cluster';

let server: TestServer;
let repo: string;
const outputs: CliRun[] = [];

async function check(args: string[], cwd = repo): Promise<CliRun> {
  const run = await runCli(['check', ...args, '--kubeconfig', server.kubeconfigPath], { cwd });
  outputs.push(run);
  return run;
}

function byName(run: CliRun, kind: string, name: string): any {
  const found = run.json().resources.find((r: any) => r.kind === kind && r.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in ${run.stdout}`);
  return found;
}

beforeAll(async () => {
  server = await startTestApiServer();
  repo = copyRepo();
  await applyRepo(server, repo);
  await introduceDemoDrift(server);
});

afterAll(async () => {
  await server?.stop();
  if (repo) rmSync(repo, { recursive: true, force: true });
  // No Secret value may appear in anything the CLI printed, in any test of this file.
  const all = outputs.map((o) => o.stdout + o.stderr).join('\n');
  for (const v of SECRET_VALUES) {
    expect(all.includes(v), 'a Secret value was printed').toBe(false);
    expect(all.includes(Buffer.from(v).toString('base64')), 'a base64 Secret value was printed').toBe(false);
  }
});

describe('converge check against the demo cluster', () => {
  it('gives every verdict of the demo, with exact diff paths and owners', async () => {
    const run = await check(['--output', 'json']);
    expect(run.code).toBe(1);
    const verdicts = Object.fromEntries(run.json().resources.map((r: any) => [`${r.kind}/${r.name}`, r.verdict]));
    expect(verdicts).toEqual({
      'Namespace/shop': 'converged',
      'Deployment/web': 'diverged',
      'Service/web': 'converged',
      'Secret/web-credentials': 'converged',
      'Deployment/api': 'diverged',
      'ConfigMap/api-config': 'converged',
      'ConfigMap/api-routes': 'converged',
      'Deployment/worker': 'missing',
      'ConfigMap/legacy-flags': 'orphaned',
    });
    const web = byName(run, 'Deployment', 'web');
    expect(web.diff).toHaveLength(1);
    expect(web.diff[0]).toMatchObject({ path: 'spec.replicas', change: 'changed', desired: 3, live: 5, owner: { manager: 'kubectl-scale' } });
    expect(web.fieldManager).toBe('kustomize-controller');
    expect(web.method).toBe('dry-run');
    expect(web.line).toBe(2);
    expect(web.reason).toMatch(/^replicas 3 → 5 by kubectl-scale/);
    const api = byName(run, 'Deployment', 'api');
    expect(api.diff.map((d: any) => d.path)).toEqual(['spec.template.spec.containers[name="api"].image']);
    expect(api.diff[0]).toMatchObject({ desired: 'ghcr.io/example/shop-api:1.4.0', live: 'ghcr.io/example/shop-api:1.4.1-hotfix', owner: { manager: 'kubectl-edit' } });
    expect(byName(run, 'Deployment', 'worker').reason).toMatch(/not in the cluster/);
    expect(run.json().summary).toEqual({ total: 9, converged: 5, diverged: 2, missing: 1, orphaned: 1, unknown: 0, invalid: 0 });
  });

  it('uses LIST per resource type, not a GET per object', async () => {
    const before = server.requests.length;
    await check(['--output', 'json', '--offline']);
    const reqs = server.requests.slice(before);
    const gets = reqs.filter((r: any) => r.method === 'GET' && /\/namespaces\/shop\/[a-z]+\/[^/]+$/.test(r.path));
    expect(gets).toEqual([]);
    const lists = reqs.filter((r: any) => r.method === 'GET' && /\/(deployments|configmaps|services|secrets|namespaces)$/.test(r.path));
    expect(lists.length).toBeGreaterThanOrEqual(5);
    expect(lists.length).toBeLessThanOrEqual(10);
  });

  it('reaches the same verdicts offline (no dry-run)', async () => {
    const run = await check(['--output', 'json', '--offline']);
    expect(run.code).toBe(1);
    const verdicts = run.json().resources.map((r: any) => `${r.kind}/${r.name}=${r.verdict}`).sort();
    expect(verdicts).toContain('Deployment/web=diverged');
    expect(verdicts).toContain('Deployment/api=diverged');
    expect(verdicts).toContain('Service/web=converged');
    expect(verdicts).toContain('Secret/web-credentials=converged');
    expect(verdicts).toContain('Deployment/worker=missing');
    expect(byName(run, 'Deployment', 'web').method).toBe('offline');
  });

  it('prints a readable text report with the drift as a diff', async () => {
    const run = await check([]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ diverged   Deployment shop/web');
    expect(run.stdout).toMatch(/spec\.replicas \(live set by kubectl-scale via scale\)/);
    expect(run.stdout).toContain('      --- LIVE/apps.v1.Deployment.shop.web\n      +++ MERGED/apps.v1.Deployment.shop.web\n');
    expect(run.stdout).toContain('      -  replicas: 5\n      +  replicas: 3\n');
    expect(run.stdout).toContain('+ missing    Deployment shop/worker');
    expect(run.stdout).toContain('- orphaned   ConfigMap shop/legacy-flags');
    expect(run.stdout).toMatch(/9 resources: 5 converged, 2 diverged, 1 missing, 1 orphaned/);
    expect(run.stdout).not.toMatch(/\u001b\[/); // no colour when not a terminal
  });

  it('honours ignoreDifferences by JSON pointer and by field manager', async () => {
    const byPointer = await check(['--output', 'json', '--ignore', 'apps/Deployment:/spec/replicas']);
    expect(byName(byPointer, 'Deployment', 'web').verdict).toBe('converged');
    expect(byName(byPointer, 'Deployment', 'api').verdict).toBe('diverged');
    // Ignored fields leave the unified diff too: only the image change of api remains after ignoring env.
    const dir = copyRepo();
    try {
      const file = join(dir, 'apps/api/deployment.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('value: info', 'value: debug'));
      const both = await check(['--output', 'json', 'apps/api'], dir);
      expect(byName(both, 'Deployment', 'api').diff).toHaveLength(2);
      expect(byName(both, 'Deployment', 'api').unifiedDiff).toContain('+              value: debug');
      const one = await check(['--output', 'json', 'apps/api', '--ignore', 'Deployment/api:/spec/template/spec/containers/0/env'], dir);
      const api = byName(one, 'Deployment', 'api');
      expect(api.diff.map((d: any) => d.path)).toEqual(['spec.template.spec.containers[name="api"].image']);
      expect(api.unifiedDiff).not.toContain('debug');
      expect(api.unifiedDiff).toContain('+          image: ghcr.io/example/shop-api:1.4.0');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const byManager = await check(['--output', 'json', '--ignore-manager', 'kubectl-edit']);
    expect(byName(byManager, 'Deployment', 'api').verdict).toBe('converged');
    expect(byName(byManager, 'Deployment', 'web').verdict).toBe('diverged');
  });

  it('reports a changed Secret as diverged with keys only, values masked', async () => {
    const dir = copyRepo();
    try {
      writeFileSync(
        join(dir, 'apps/web/secret.yaml'),
        'apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-credentials\n  namespace: shop\n  labels:\n    app.kubernetes.io/part-of: shop\nstringData:\n  username: storefront\n  password: rotated-Secret-value-42\n',
      );
      const run = await check(['--output', 'json', 'apps/web/secret.yaml'], dir);
      const secret = byName(run, 'Secret', 'web-credentials');
      expect(secret.verdict).toBe('diverged');
      expect(secret.diff.every((d: any) => d.masked)).toBe(true);
      expect(secret.diff.map((d: any) => d.path)).toEqual(['data.password']);
      expect(run.stdout).not.toContain('rotated-Secret-value-42');
      expect(run.stdout).not.toContain(Buffer.from('rotated-Secret-value-42').toString('base64'));
      expect(secret.unifiedDiff).toContain("-  password: '*** (before)'");
      expect(secret.unifiedDiff).toContain("+  password: '*** (after)'");
      expect(secret.unifiedDiff).toContain("   username: '***'");
      const text = await check(['apps/web/secret.yaml'], dir);
      expect(text.stdout).not.toContain('rotated-Secret-value-42');
      expect(text.stdout).toContain("password: '*** (after)'");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows why dry-run wins over the offline diff: a label removed from Git', async () => {
    // The field manager applied `app` earlier; Git no longer has it, so a real apply would delete it.
    // Offline only compares fields the manifest has and cannot see this; the dry-run does.
    const dir = copyRepo();
    try {
      writeFileSync(
        join(dir, 'apps/api/configmap.yaml'),
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-config\n  namespace: shop\ndata:\n  FEATURE_FLAGS: "checkout-v2,search"\n  TIMEOUT_SECONDS: "30"\n',
      );
      const dry = await check(['--output', 'json', 'apps/api/configmap.yaml'], dir);
      const cm = byName(dry, 'ConfigMap', 'api-config');
      expect(cm.verdict).toBe('diverged');
      expect(cm.diff).toEqual([expect.objectContaining({ path: 'metadata.labels["app.kubernetes.io/part-of"]', change: 'removed' })]);
      const offline = await check(['--output', 'json', '--offline', 'apps/api/configmap.yaml'], dir);
      expect(byName(offline, 'ConfigMap', 'api-config').verdict).toBe('converged');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('converge check on bad input and bad clusters', () => {
  it('marks malformed YAML, duplicate keys, a missing name and an unknown kind invalid (exit 2), the rest still checked', async () => {
    const dir = copyRepo();
    try {
      mkdirSync(join(dir, 'broken'));
      writeFileSync(join(dir, 'broken/syntax.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: [\n');
      writeFileSync(join(dir, 'broken/dupes.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dupes\n  namespace: shop\ndata:\n  a: "1"\n  a: "2"\n');
      writeFileSync(join(dir, 'broken/noname.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  namespace: shop\n');
      writeFileSync(join(dir, 'broken/unknown.yaml'), 'apiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: g\n  namespace: shop\n');
      const run = await check(['--output', 'json'], dir);
      expect(run.code).toBe(2);
      const invalid = run.json().resources.filter((r: any) => r.verdict === 'invalid');
      const files = invalid.map((r: any) => r.file).sort();
      expect(files).toEqual(['broken/dupes.yaml', 'broken/noname.yaml', 'broken/syntax.yaml', 'broken/unknown.yaml']);
      expect(invalid.find((r: any) => r.file === 'broken/unknown.yaml').reason).toMatch(/unknown kind/);
      expect(invalid.find((r: any) => r.file === 'broken/dupes.yaml').reason).toMatch(/keys must be unique: "a" is repeated/);
      // The object with a duplicate key gets no second verdict: kubectl would reject the file.
      expect(run.json().resources.filter((r: any) => r.name === 'dupes')).toEqual([]);
      expect(byName(run, 'Deployment', 'web').verdict).toBe('diverged');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says clearly when the cluster is unreachable (exit 2, every verdict unknown)', async () => {
    const dir = copyRepo();
    try {
      const kubeconfig = join(dir, 'down.kubeconfig');
      writeFileSync(
        kubeconfig,
        'apiVersion: v1\nkind: Config\nclusters:\n- name: down\n  cluster:\n    server: https://127.0.0.1:1\ncontexts:\n- name: down\n  context:\n    cluster: down\n    user: u\ncurrent-context: down\nusers:\n- name: u\n  user:\n    token: abc\n',
      );
      const run = await runCli(['check', '--output', 'json', '--kubeconfig', kubeconfig], { cwd: dir });
      outputs.push(run);
      expect(run.code).toBe(2);
      const res = run.json().resources;
      expect(res.every((r: any) => r.verdict === 'unknown')).toBe(true);
      expect(res[0].reason).toMatch(/cluster unreachable: cannot reach https:\/\/127\.0\.0\.1:1.*connection refused/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says clearly when the token has expired (401)', async () => {
    const run = await check(['--output', 'json', '--context', 'expired']);
    expect(run.code).toBe(2);
    expect(run.json().resources.every((r: any) => r.verdict === 'unknown')).toBe(true);
    expect(run.json().resources[0].reason).toMatch(/unauthorized/);
  });

  it('keeps checking other kinds when one kind is forbidden (403)', async () => {
    const run = await check(['--output', 'json', '--context', 'restricted']);
    expect(run.code).toBe(2);
    const secret = byName(run, 'Secret', 'web-credentials');
    expect(secret.verdict).toBe('unknown');
    expect(secret.reason).toMatch(/forbidden/);
    expect(byName(run, 'Deployment', 'web').verdict).toBe('diverged');
    expect(byName(run, 'Service', 'web').verdict).toBe('converged');
  });

  it('rejects an unknown context and bad flags with a clear message', async () => {
    const run = await check(['--context', 'nope']);
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).toMatch(/context "nope" not found in kubeconfig \(available: .*test/);
    const bad = await check(['--output', 'yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--output must be text or json/);
  });

  it('documents everything in --help', async () => {
    const run = await runCli(['check', '--help'], { cwd: repo });
    expect(run.code).toBe(0);
    for (const flag of ['--context', '--kubeconfig', '--field-manager', '--selector', '--output', '--offline', '--ignore', 'Exit codes']) {
      expect(run.stdout).toContain(flag);
    }
  });
});
