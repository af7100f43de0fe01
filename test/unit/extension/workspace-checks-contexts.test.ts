// A Flux repo whose `.converge.yaml` maps clusters/prod and clusters/staging to two contexts (two test API
// servers; the selected context "dev" is a third): each rendered object is checked once, against the cluster of
// the Flux object applying it, never again in the default context that holds its base and overlay files. Real
// kubectl/helm; the Flux sample copied into a git repository of its own.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/log';
import type { VerdictResult } from '../../../src/core/types';
import { WorkspaceChecks, type TargetReport } from '../../../src/extension/checks/workspace-checks';
import { startTestApiServer, type TestApiServer } from '../../k8s-server';
import { kubeTool } from '../../support/kube-tools';

const SAMPLE = resolve(__dirname, '../../../samples/flux-repo');
const CRDS = parseAllDocuments(readFileSync(resolve(__dirname, '../../fixtures/render/operator-crds.yaml'), 'utf8')).map((d) => d.toJS());
const CONTEXTS = ['dev', 'prod', 'staging'] as const;

describe('WorkspaceChecks: clusters: maps cluster folders to contexts', () => {
  const servers: Record<string, TestApiServer> = {};
  let tmp: string;
  let repo: string;
  let kubeconfig: string;
  let reports: TargetReport[];
  const rel = (file: string) => file.slice(repo.length + 1);
  const id = (r: VerdictResult) => `${r.ref.kind} ${r.ref.namespace ?? '-'}/${r.ref.name}`;
  const reportOf = (context: string) => reports.find((t) => t.target.context === context)!.report;
  const named = (context: string) => reportOf(context).resources.filter((r) => r.source).map(id).sort();

  beforeAll(async () => {
    for (const context of CONTEXTS) servers[context] = await startTestApiServer({ seed: CRDS });
    servers.dev.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain', namespace: 'default' }, data: { A: '1' } }, 'kubectl', { force: true });
    tmp = mkdtempSync(join(tmpdir(), 'converge-contexts-'));
    repo = join(tmp, 'flux-repo');
    cpSync(SAMPLE, repo, { recursive: true });
    execFileSync('git', ['init', '-q'], { cwd: repo });
    mkdirSync(join(repo, 'misc'));
    writeFileSync(join(repo, 'misc/plain.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain, namespace: default}\ndata: {A: "1"}\n');
    writeFileSync(join(repo, '.converge.yaml'), 'clusters:\n  - {path: clusters/prod, context: prod}\n  - {path: clusters/staging, context: staging}\n');
    // One kubeconfig, one context per server.
    const entry = (context: string) => parse(servers[context].kubeconfigYaml);
    kubeconfig = join(tmp, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: CONTEXTS.map((c) => ({ name: c, cluster: entry(c).clusters[0].cluster })),
        users: CONTEXTS.map((c) => ({ name: c, user: entry(c).users.find((u: { name: string }) => u.name === 'test-admin').user })),
        contexts: CONTEXTS.map((c) => ({ name: c, context: { cluster: c, user: c, namespace: 'default' } })),
        'current-context': 'dev',
      }),
    );
    // A kubectl that logs which overlay each `kubectl kustomize` builds (Flux's changes go in a wrapper folder).
    const spy = join(tmp, 'kubectl-spy.sh');
    writeFileSync(spy, `#!/bin/sh\ngrep -ho 'apps/overlays/[a-z]*' "$2/kustomization.yaml" >> '${tmp}/overlays.log'\nexec '${kubeTool('kubectl')}' "$@"\n`);
    chmodSync(spy, 0o755);
    const checks = new WorkspaceChecks({ log: silentLogger, onWatchChange: () => undefined });
    try {
      reports = await checks.checkAll([repo], {
        kubeconfig,
        context: 'dev',
        offline: false,
        watch: false,
        render: { kubectl: spy, helm: kubeTool('helm'), allowExec: true },
        operatorState: false,
      });
    } finally {
      checks.dispose();
    }
  });
  afterAll(async () => {
    for (const s of Object.values(servers)) await s.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('checks one target per context, each against its own cluster', () => {
    expect(reports.map((t) => [t.target.context, t.report.context, t.report.cluster])).toEqual(CONTEXTS.map((c) => [c, c, servers[c].url]));
  });

  it('shows each cluster’s rendered objects under its context once, and keeps only the plain file in the default one', () => {
    const prod = [
      'ConfigMap flux-system/cache-values',
      'ConfigMap flux-system/cluster-vars',
      'ConfigMap shop/web-config-h9m6g6b274',
      'Deployment shop/shop-cache',
      'Deployment shop/web',
      'GitRepository flux-system/flux-system',
      'HelmRelease flux-system/cache',
      'HelmRelease ingress-nginx/ingress-nginx',
      'HelmRepository flux-system/ingress-nginx',
      'Kustomization flux-system/apps',
      'Kustomization flux-system/flux-system',
      'Service shop/shop-cache',
      'Service shop/web',
      'Service shop/web-metrics',
    ];
    expect(named('prod')).toEqual(prod.sort());
    const staging = named('staging');
    expect(staging).toContain('Deployment shop-staging/web');
    expect(staging.filter((x) => /\/(shop|default)\//.test(x) || x.includes(' shop/'))).toEqual([]);
    expect(named('dev')).toEqual(['ConfigMap default/plain']);
    for (const context of CONTEXTS) expect(new Set(named(context)).size).toBe(named(context).length);
  });

  it('builds each cluster’s overlay once, in the check of that cluster only', () => {
    expect(readFileSync(join(tmp, 'overlays.log'), 'utf8').split('\n').filter(Boolean).sort()).toEqual(['apps/overlays/prod', 'apps/overlays/staging']);
  });

  it('links the base shared by both overlays from each context, with the overlay it was rendered from', () => {
    const web = (context: string) => reportOf(context).resources.find((r) => r.ref.kind === 'Deployment' && r.ref.name === 'web')!;
    for (const context of ['prod', 'staging']) {
      expect(rel(web(context).source!.file)).toBe('apps/base/deployment.yaml');
      expect(web(context).rendered).toMatchObject({ note: `rendered from apps/overlays/${context}`, owner: { file: join(repo, `clusters/${context}/apps.yaml`) } });
    }
  });

  it('verdicts the plain file in the default context against its cluster, and asks no cluster about another’s objects', () => {
    expect(reportOf('dev').resources.find((r) => r.ref.name === 'plain')).toMatchObject({ verdict: 'converged' });
    const asked = (context: string, ns: string) => servers[context].requests.filter((r) => r.path.includes(`/namespaces/${ns}/`)).length;
    expect(asked('prod', 'shop')).toBeGreaterThan(0);
    expect(asked('staging', 'shop-staging')).toBeGreaterThan(0);
    expect([asked('dev', 'shop'), asked('dev', 'shop-staging'), asked('prod', 'shop-staging'), asked('staging', 'shop')]).toEqual([0, 0, 0, 0]);
  });

  it('shows each problem once, under the context of its file', () => {
    const problems = CONTEXTS.flatMap((c) => reportOf(c).problems.map((p) => `${c} ${rel(p.file)} ${p.rule}`));
    expect(problems).toEqual(['prod clusters/prod/ingress-nginx.yaml not-rendered']);
  });

  it('untrusted: says under each cluster which of its kustomizations and charts are not rendered, once', async () => {
    const checks = new WorkspaceChecks({ log: silentLogger, onWatchChange: () => undefined });
    try {
      const untrusted = await checks.checkAll([repo], { kubeconfig, context: 'dev', offline: false, watch: false, render: { allowExec: false }, operatorState: false });
      const notRendered = (context: string) =>
        untrusted
          .find((t) => t.target.context === context)!
          .report.problems.map((p) => p.message.replace(/: not rendered.*/, ''))
          .sort();
      expect(notRendered('dev')).toEqual([]);
      expect(notRendered('prod')).toEqual(['Flux HelmRelease ingress-nginx/ingress-nginx', 'Helm chart charts/cache', 'kustomization apps/overlays/prod', 'kustomization clusters/prod/flux-system']);
      expect(notRendered('staging')).toEqual(['Helm chart charts/cache', 'kustomization apps/overlays/staging', 'kustomization clusters/staging/flux-system']);
    } finally {
      checks.dispose();
    }
  });

  it('reads the live object of a manifest two contexts both define from the cluster of the file asking', async () => {
    for (const context of ['prod', 'staging']) {
      servers[context].apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'flux-system' } }, 'kubectl', { force: true });
      const path = `./apps/overlays/${context}`;
      servers[context].apply({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'apps', namespace: 'flux-system' }, spec: { path } }, 'kubectl', { force: true });
    }
    const checks = new WorkspaceChecks({ log: silentLogger, onWatchChange: () => undefined });
    try {
      await checks.checkAll([repo], { kubeconfig, context: 'dev', offline: false, watch: false, render: { allowExec: false }, operatorState: false });
      const apps = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', namespace: 'flux-system', name: 'apps' };
      for (const context of ['prod', 'staging']) {
        expect((checks.cachedLive(apps, join(repo, `clusters/${context}/apps.yaml`))?.spec as { path: string }).path).toBe(`./apps/overlays/${context}`);
        // The inspector reads the live object of that file from the same cluster.
        expect(checks.contextOf(join(repo, `clusters/${context}/apps.yaml`))).toBe(context);
      }
    } finally {
      checks.dispose();
    }
  });
});
