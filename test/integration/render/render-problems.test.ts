// Render errors, timeouts, missing tools and untrusted workspaces: clear problems, nothing executed when untrusted.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadWorkspaceManifests } from '../../../src/core/manifests/load-workspace';
import { kubeTool } from '../../support/kube-tools';

const FIXTURES = resolve(__dirname, '../../fixtures/render');
const FLUX = resolve(__dirname, '../../../samples/flux-repo');
const tmp = mkdtempSync(join(tmpdir(), 'converge-render-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A stand-in binary that leaves a marker when it runs, then runs `body`. */
function fakeTool(name: string, body: string): { bin: string; marker: string } {
  const bin = join(tmp, name);
  const marker = join(tmp, `${name}.ran`);
  writeFileSync(bin, `#!/bin/sh\ntouch '${marker}'\n${body}\n`);
  chmodSync(bin, 0o755);
  return { bin, marker };
}

describe('render problems', () => {
  it('a kustomize error is an error on the kustomization file; remote bases are not fetched', async () => {
    const ws = await loadWorkspaceManifests([join(FIXTURES, 'broken'), join(FIXTURES, 'remote')], { render: { kubectl: kubeTool('kubectl'), allowExec: true } });
    expect(ws.objects).toEqual([]);
    expect(ws.problems.map((p) => ({ file: p.file.slice(FIXTURES.length + 1), line: p.range?.start.line, severity: p.severity, rule: p.rule, message: p.message }))).toEqual([
      {
        file: 'broken/kustomization.yaml',
        line: 0,
        severity: 'error',
        rule: 'render-error',
        message: expect.stringMatching(/^kustomize build of broken failed: accumulating resources: .*missing\.yaml: no such file or directory'$/),
      },
      {
        file: 'remote/kustomization.yaml',
        line: 0,
        severity: 'warning',
        rule: 'not-rendered',
        message: 'kustomization remote: not rendered: remote resource https://github.com/example/platform//deploy/base?ref=v1.2.0 is not fetched',
      },
    ]);
  });

  it('keeps secretGenerator values out of render errors (kustomize echoes the bad line)', async () => {
    const ws = await loadWorkspaceManifests([join(FIXTURES, 'secret-error')], { render: { kubectl: kubeTool('kubectl'), allowExec: true } });
    expect(ws.problems).toHaveLength(1);
    const message = ws.problems[0].message;
    expect(message).toBe('kustomize build of secret-error failed: loading KV pairs: env source files: [db.env]: line [***] has invalid utf8 bytes : ***');
    for (const secret of ['Sup3r', '83 117 112 51 114', 'lit-s3cret']) expect(message).not.toContain(secret);
  });

  it('a Kustomization file without extension, name prefix, JSON 6902 and inline patches', async () => {
    const ws = await loadWorkspaceManifests([join(FIXTURES, 'plain-name')], { render: { kubectl: kubeTool('kubectl'), allowExec: true } });
    const rows = ws.objects.map((d) => `${d.object.kind} ${d.object.metadata.name} <- ${d.source.file.slice(FIXTURES.length + 1)} | ${(d.rendered?.patches ?? []).map((p) => p.file.slice(FIXTURES.length + 1)).join(',')}`);
    expect(rows.sort()).toEqual([
      'ConfigMap team-app-env-khbg7ddk6c <- plain-name/app/Kustomization | ',
      'Deployment team-api <- plain-name/base/api.yaml | plain-name/app/replicas-op.yaml',
      'Service team-api <- plain-name/base/api.yaml | plain-name/app/Kustomization',
    ]);
    expect(ws.problems).toEqual([]);
  });

  it('a local chart whose dependencies are not vendored is not rendered, with the reason', async () => {
    const root = join(FIXTURES, 'chart-with-dependency');
    const ws = await loadWorkspaceManifests([root], { render: { kubectl: kubeTool('kubectl'), helm: kubeTool('helm'), allowExec: true } });
    expect(ws.problems.map((p) => `${p.file.slice(root.length + 1)}:${p.range!.start.line + 1} ${p.severity} ${p.message}`)).toEqual([
      'app.yaml:2 warning Helm chart chart: not rendered: chart dependencies redis are not in charts/ (helm dependency build fetches them)',
    ]);
    expect(ws.objects.map((d) => d.object.kind)).toEqual(['Application']);
  });

  it('kustomize helmCharts: a local chart is inflated with helm, a chart from a repository is not downloaded', async () => {
    const render = { kubectl: kubeTool('kubectl'), helm: kubeTool('helm'), allowExec: true };
    const local = await loadWorkspaceManifests([join(FIXTURES, 'kustomize-helm')], { render });
    expect(local.problems).toEqual([]);
    const deployment = local.objects.find((d) => d.object.kind === 'Deployment')!;
    expect(deployment.object.metadata).toMatchObject({ name: 'inflated', namespace: 'cache-system', annotations: { 'example.com/tier': 'silver' } });
    expect((deployment.object.spec as any).replicas).toBe(4);
    expect(deployment.source.file).toBe(join(FIXTURES, 'kustomize-helm/kustomization.yaml'));

    const remote = join(tmp, 'remote-helm');
    mkdirSync(remote, { recursive: true });
    writeFileSync(join(remote, 'kustomization.yaml'), 'helmCharts:\n  - name: redis\n    repo: https://charts.bitnami.com/bitnami\n    version: 19.0.0\n');
    const kubectl = fakeTool('kubectl-remote-helm', 'exit 1');
    const ws = await loadWorkspaceManifests([remote], { render: { ...render, kubectl: kubectl.bin } });
    expect(existsSync(kubectl.marker)).toBe(false);
    expect(ws.problems.map((p) => p.message)).toEqual(['kustomization remote-helm: not rendered: helmCharts: chart redis from https://charts.bitnami.com/bitnami is not downloaded']);
  });

  it('a render that runs too long is stopped and reported', async () => {
    const slow = fakeTool('kubectl-slow', 'exec sleep 10');
    const started = Date.now();
    const ws = await loadWorkspaceManifests([join(FIXTURES, 'plain-name')], { render: { kubectl: slow.bin, allowExec: true, timeoutMs: 300 } });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(ws.problems.map((p) => p.message)).toEqual(['kustomize build of app failed: kubectl-slow kustomize timed out after 0.3 s']);
  });

  it('a missing tool is reported on each kustomization', async () => {
    const ws = await loadWorkspaceManifests([join(FIXTURES, 'plain-name')], { render: { kubectl: join(tmp, 'no-such-kubectl'), allowExec: true } });
    expect(ws.problems.map((p) => `${p.rule}: ${p.message}`)).toEqual([
      `render-error: kustomize build of app failed: ${join(tmp, 'no-such-kubectl')} not found: install it or configure its path`,
    ]);
  });

  it('runs nothing in an untrusted workspace, and says so for every render', async () => {
    const kubectl = fakeTool('kubectl', 'exit 1');
    const helm = fakeTool('helm', 'exit 1');
    const ws = await loadWorkspaceManifests([FLUX], { render: { kubectl: kubectl.bin, helm: helm.bin, allowExec: false } });
    expect(existsSync(kubectl.marker)).toBe(false);
    expect(existsSync(helm.marker)).toBe(false);
    expect(ws.problems.map((p) => `${p.file.slice(FLUX.length + 1)} ${p.severity} ${p.message}`)).toEqual([
      'clusters/prod/ingress-nginx.yaml warning Flux HelmRelease ingress-nginx/ingress-nginx: not rendered: chart ingress-nginx 4.11.x from HelmRepository ingress-nginx: a remote chart, not in this repository',
      'apps/overlays/prod/kustomization.yaml warning kustomization apps/overlays/prod: not rendered (workspace not trusted)',
      'clusters/prod/cache.yaml warning Helm chart charts/cache: not rendered (workspace not trusted)',
      'apps/overlays/staging/kustomization.yaml warning kustomization apps/overlays/staging: not rendered (workspace not trusted)',
      'clusters/staging/cache.yaml warning Helm chart charts/cache: not rendered (workspace not trusted)',
      'clusters/prod/flux-system/kustomization.yaml warning kustomization clusters/prod/flux-system: not rendered (workspace not trusted)',
      'clusters/staging/flux-system/kustomization.yaml warning kustomization clusters/staging/flux-system: not rendered (workspace not trusted)',
    ]);
    // Render inputs are still not standalone objects: only the plain cluster folders remain.
    expect(ws.objects.every((d) => d.source.file.startsWith(`${FLUX}/clusters/`) && !d.rendered)).toBe(true);
    expect(ws.objects).toHaveLength(8);
  });

  it('builds as the operator does: Flux namePrefix, images, patches, targetNamespace and postBuild variables', async () => {
    const repo = join(tmp, 'flux-options');
    const write = (file: string, text: string) => {
      mkdirSync(join(repo, file, '..'), { recursive: true });
      writeFileSync(join(repo, file), text);
    };
    write('app/kustomization.yaml', 'resources: [cm.yaml, deploy.yaml]\n');
    write('app/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\ndata: {color: "${COLOR:=blue}", size: "${SIZE}", unknown: "x${NOPE}y"}\n');
    write(
      'app/deploy.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: ${REPLICAS}\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: "x:1"}]}\n',
    );
    write('plain/top.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: top}\n');
    write('plain/sub/nested.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: nested}\n');
    write('argocd/argocd-cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argocd-cm, namespace: argocd}\ndata: {application.resourceTrackingMethod: annotation+label}\n');
    write(
      'ops.yaml',
      [
        'apiVersion: kustomize.toolkit.fluxcd.io/v1',
        'kind: Kustomization',
        'metadata: {name: app, namespace: flux-system}',
        'spec:',
        '  path: ./app',
        '  targetNamespace: team',
        '  namePrefix: p-',
        '  images: [{name: x, newTag: "2"}]',
        '  patches:',
        '    - patch: \'[{"op": "add", "path": "/data/patched", "value": "yes"}]\'',
        '      target: {kind: ConfigMap}',
        '  postBuild:',
        '    substitute: {SIZE: large, REPLICAS: "3"}',
        '  sourceRef: {kind: GitRepository, name: flux-system}',
        '---',
        'apiVersion: argoproj.io/v1alpha1',
        'kind: Application',
        'metadata: {name: plain, namespace: argocd}',
        'spec: {source: {repoURL: "https://example.com/r.git", path: plain}, destination: {namespace: other}}',
        '',
      ].join('\n'),
    );
    const ws = await loadWorkspaceManifests([repo], { render: { kubectl: kubeTool('kubectl'), allowExec: true } });
    expect(ws.problems).toEqual([]);
    const byName = (name: string) => ws.objects.find((d) => d.object.metadata.name === name)!;
    const cm = byName('p-app');
    expect(cm.object.metadata.namespace).toBe('team');
    expect(cm.object.data).toEqual({ color: 'blue', size: 'large', unknown: 'xy', patched: 'yes' });
    expect(cm.source.file).toBe(join(repo, 'app/cm.yaml'));
    expect(cm.rendered!.patches!.map((p) => `${p.file.slice(repo.length + 1)}:${p.range.start.line + 1}`)).toEqual(['ops.yaml:10']);
    const web = byName('p-web').object.spec as any;
    expect(web.replicas).toBe(3);
    expect(web.template.spec.containers[0].image).toBe('x:2');
    // Argo CD applies subfolders of a plain folder only with directory.recurse; argocd-cm says how it tracks.
    expect(byName('top').object.metadata).toEqual({
      name: 'top',
      namespace: 'other',
      labels: { 'app.kubernetes.io/instance': 'plain' },
      annotations: { 'argocd.argoproj.io/tracking-id': 'plain:/ConfigMap:other/top' },
    });
    expect(byName('nested').object.metadata).toEqual({ name: 'nested' });
  });

  it('says what rendering leaves out: Flux options on a folder without kustomization.yaml, substituteFrom', async () => {
    const repo = join(tmp, 'partial');
    mkdirSync(join(repo, 'plain'), { recursive: true });
    writeFileSync(join(repo, 'plain/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {a: "${A}", b: "${B}"}\n');
    writeFileSync(
      join(repo, 'ks.yaml'),
      'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: plain, namespace: flux-system}\nspec: {path: ./plain, namePrefix: x-, postBuild: {substitute: {A: one}, substituteFrom: [{kind: ConfigMap, name: vars}]}}\n',
    );
    const ws = await loadWorkspaceManifests([repo], { render: { kubectl: kubeTool('kubectl'), allowExec: true } });
    expect(ws.problems.map((p) => `${p.rule}: ${p.message}`)).toEqual([
      'render-partial: Flux Kustomization flux-system/plain: spec.patches/images/namePrefix/nameSuffix/components are not applied to a folder without kustomization.yaml',
      'render-partial: Flux Kustomization flux-system/plain: spec.postBuild.substituteFrom ConfigMap vars is not read (not in the workspace, or a Secret): variables only defined there stay as written',
    ]);
    expect(ws.objects.find((d) => d.object.kind === 'ConfigMap')!.object.data).toEqual({ a: 'one', b: '${B}' });
  });
});
