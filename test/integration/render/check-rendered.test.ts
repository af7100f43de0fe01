// `converge check` on a Flux repo: kustomize overlays and a local Helm chart are rendered with the real
// kubectl/helm, then checked against the cluster like any other object; drift points back at the base file.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkspaceManifests } from '../../../src/core/manifests';
import { startTestApiServer } from '../../k8s-server';
import { runCli } from '../../support/cli';
import type { TestServer } from '../../support/demo-cluster';
import { kubeTool } from '../../support/kube-tools';

const ROOT = resolve(__dirname, '../../../samples/flux-repo');
let server: TestServer;
const tools = () => ['--kubectl', kubeTool('kubectl'), '--helm', kubeTool('helm')];

beforeAll(async () => {
  const crds = parseAllDocuments(readFileSync(resolve(__dirname, '../../fixtures/render/operator-crds.yaml'), 'utf8')).map((d) => d.toJS());
  server = await startTestApiServer({ seed: crds });
  // What Flux applied: the rendered prod and staging overlays and the local chart, as kustomize-controller.
  const ws = await loadWorkspaceManifests([ROOT], { render: { kubectl: kubeTool('kubectl'), helm: kubeTool('helm'), allowExec: true } });
  const objects = ws.objects.map((d) => d.object);
  for (const ns of new Set(objects.map((o) => o.metadata.namespace).filter(Boolean))) {
    server.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, 'kustomize-controller', { force: true });
  }
  for (const o of objects) server.apply(o, 'kustomize-controller', { force: true });
});

afterAll(async () => {
  await server?.stop();
});

describe('converge check renders kustomizations and local charts', () => {
  it('every rendered object Flux applied is converged; no patch, component or chart template is checked on its own', async () => {
    const run = await runCli(['check', '--output', 'json', '--kubeconfig', server.kubeconfigPath, ...tools()], { cwd: ROOT });
    const res = run.json().resources;
    expect(res.length).toBe(23);
    // The app objects of both overlays (namespaces shop and shop-staging) and the chart's objects match.
    const apps = res.filter((r: any) => r.namespace === 'shop' || r.namespace === 'shop-staging');
    expect(apps.length).toBeGreaterThanOrEqual(8);
    expect(apps.filter((r: any) => r.verdict !== 'converged'), run.stdout).toEqual([]);
    // clusters/prod and clusters/staging define the same Flux objects for two different clusters; this one test
    // cluster holds staging's (applied last), so only prod's copies differ. One CLI run checks one cluster: the
    // editor maps folders to contexts with `.converge.yaml` `clusters:`.
    const others = res.filter((r: any) => r.verdict !== 'converged');
    expect(others.every((r: any) => ['Kustomization', 'HelmRelease'].includes(r.kind) && r.file.startsWith('clusters/prod/'))).toBe(true);
    // Patches are never objects; the component's Service exists once, rendered into the overlay that uses it.
    expect(res.some((r: any) => /patch/.test(r.file))).toBe(false);
    expect(res.filter((r: any) => r.name === 'web-metrics').map((r: any) => `${r.namespace} ${r.file}`)).toEqual(['shop apps/components/monitoring/metrics-service.yaml']);
    // Each app object once per overlay: no base rendered on its own.
    const ids = apps.map((r: any) => `${r.kind}/${r.namespace}/${r.name}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('checking a sub-folder renders it as the Flux objects elsewhere in the repo apply it: all converged', async () => {
    const overlay = await runCli(['check', 'apps/overlays/prod', '--output', 'json', '--kubeconfig', server.kubeconfigPath, ...tools()], { cwd: ROOT });
    expect(overlay.json().resources.map((r: any) => `${r.kind} ${r.namespace}/${r.name} ${r.verdict} ${r.file}`).sort()).toEqual([
      'ConfigMap shop/web-config-h9m6g6b274 converged apps/base/kustomization.yaml',
      'Deployment shop/web converged apps/base/deployment.yaml',
      'Service shop/web converged apps/base/service.yaml',
      'Service shop/web-metrics converged apps/components/monitoring/metrics-service.yaml',
    ]);
    const cluster = await runCli(['check', 'clusters/staging', '--output', 'json', '--kubeconfig', server.kubeconfigPath, ...tools()], { cwd: ROOT });
    const res = cluster.json().resources;
    expect(res.filter((r: any) => r.namespace === 'shop-staging').map((r: any) => `${r.kind} ${r.name} ${r.verdict}`).sort()).toEqual([
      'ConfigMap web-config-254m47m745 converged',
      'Deployment shop-staging-cache converged',
      'Deployment web converged',
      'Service shop-staging-cache converged',
      'Service web converged',
    ]);
    expect(res.every((r: any) => r.verdict === 'converged'), cluster.stdout).toBe(true);
  });

  it('drift in one overlay is found and linked to the file that defines the object', async () => {
    const rendered = (await loadWorkspaceManifests([ROOT], { render: { kubectl: kubeTool('kubectl'), helm: kubeTool('helm'), allowExec: true } })).objects;
    const dep = rendered.find((d) => d.object.kind === 'Deployment' && d.object.metadata.namespace === 'shop' && d.rendered?.tool === 'kustomize')!;
    expect(dep).toBeDefined();
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: dep.object.metadata.name! };
    server.patch(ref, { spec: { replicas: 9 } }, 'kubectl-scale', { subresource: 'scale' });
    const run = await runCli(['check', '--output', 'json', '--kubeconfig', server.kubeconfigPath, ...tools()], { cwd: ROOT });
    const diverged = run.json().resources.filter((r: any) => r.verdict === 'diverged' && r.kind === 'Deployment');
    expect(diverged.map((r: any) => `${r.kind}/${r.namespace}/${r.name}`)).toEqual([`Deployment/shop/${ref.name}`]);
    expect(diverged[0].diff[0]).toMatchObject({ path: 'spec.replicas', live: 9, owner: { manager: 'kubectl-scale' } });
    expect(diverged[0].file).not.toMatch(/overlays\/prod\/kustomization/);
  });

  it('--no-render reads the inputs as plain files instead (patches and chart templates are not objects then either)', async () => {
    const run = await runCli(['check', '--output', 'json', '--kubeconfig', server.kubeconfigPath, '--no-render', '--offline'], { cwd: ROOT });
    const files = run.json().resources.map((r: any) => r.file).filter(Boolean);
    expect(files.some((f: string) => f.startsWith('charts/cache/templates/'))).toBe(false);
  });
});
