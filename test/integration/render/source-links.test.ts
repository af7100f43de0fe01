// Which file and line a rendered object's fields link to, after name prefix/suffix, a namespace, a component,
// strategic-merge and JSON 6902 patches (real kubectl kustomize). A field a patch sets has no range in the base.
// Helm objects link to their template file (real helm).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkspaceManifests } from '../../../src/core/manifests/load-workspace';
import type { DesiredObject, FieldPath } from '../../../src/core/types';
import { kubeTool } from '../../support/kube-tools';

const ROOT = resolve(__dirname, '../../fixtures/render/links');
let objects: DesiredObject[];
const byKind = (kind: string) => objects.find((d) => d.object.kind === kind)!;
const lineOf = (d: DesiredObject, path: FieldPath) => {
  const r = d.source.fieldRange(path);
  return r ? r.value.start.line + 1 : undefined;
};
const patchesOf = (d: DesiredObject) => (d.rendered?.patches ?? []).map((p) => `${p.file.slice(ROOT.length + 1)}:${p.range.start.line + 1}`);

beforeAll(async () => {
  objects = (await loadWorkspaceManifests([ROOT], { render: { kubectl: kubeTool('kubectl'), helm: kubeTool('helm'), allowExec: true } })).objects;
});

describe('source links of a rendered overlay', () => {
  it('links each object to its base document through prefix, suffix and namespace', () => {
    expect(objects.map((d) => `${d.object.kind} ${d.object.metadata.namespace}/${d.object.metadata.name} <- ${d.source.file.slice(ROOT.length + 1)}:${d.source.range.start.line + 1}`).sort()).toEqual([
      'ConfigMap shop/prod-web-extra-v2 <- base/app.yaml:25',
      'Deployment shop/prod-web-v2 <- base/app.yaml:1',
      'Service shop/prod-web-v2 <- base/app.yaml:17',
    ]);
    expect(lineOf(byKind('Deployment'), ['metadata', 'name'])).toBe(4); // where to rename it, though a patch repeats it
  });

  it('a JSON 6902 patch file hides the field it replaces; the rest stays in the base', () => {
    const web = byKind('Deployment');
    expect((web.object.spec as any).replicas).toBe(4);
    expect(lineOf(web, ['spec', 'replicas'])).toBeUndefined();
    expect(lineOf(web, ['spec', 'selector'])).toBe(8);
    expect(patchesOf(web)).toEqual(['overlay/replicas.json.yaml:1', 'comp/sidecar.yaml:1']);
  });

  it("a component's strategic-merge patch adds a container by name: the base container keeps its lines", () => {
    const web = byKind('Deployment');
    expect((web.object.spec as any).template.spec.containers.map((c: any) => c.name).sort()).toEqual(['sidecar', 'web']);
    expect(lineOf(web, ['spec', 'template', 'spec', 'containers', 0, 'image'])).toBe(15);
  });

  it('a strategic-merge patch file and an inline JSON 6902 patch are listed on the objects they change', () => {
    const svc = byKind('Service');
    expect((svc.object.spec as any).type).toBe('NodePort');
    expect(patchesOf(svc)).toEqual(['overlay/svc.yaml:1']);
    expect(lineOf(svc, ['spec', 'ports', 0, 'port'])).toBe(23);
    const cm = byKind('ConfigMap');
    expect((cm.object as any).data).toEqual({ a: '1', b: '2' });
    expect(patchesOf(cm)).toEqual(['overlay/kustomization.yaml:13']);
    expect(lineOf(cm, ['data', 'a'])).toBe(30);
  });
});

describe('source links of a rendered Helm chart', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'converge-chart-links-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("links each object to its template (# Source:), a vendored subchart's to its folder, a packaged one's to Chart.yaml", async () => {
    const write = (file: string, text: string) => {
      mkdirSync(join(tmp, file, '..'), { recursive: true });
      writeFileSync(join(tmp, file), text);
    };
    const chart = (dir: string, name: string) => {
      write(`${dir}/Chart.yaml`, `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`);
      write(`${dir}/templates/cm.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-${name}\ndata:\n  chart: {{ .Chart.Name }}\n`);
    };
    chart('repo/charts/app', 'app');
    chart('repo/charts/app/charts/folder', 'folder');
    chart('packaged-src', 'packaged');
    execFileSync(kubeTool('helm'), ['package', join(tmp, 'packaged-src'), '-d', join(tmp, 'repo/charts/app/charts')], { stdio: 'pipe' });
    write(
      'repo/app.yaml',
      'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: app, namespace: argocd}\nspec:\n  source: {repoURL: "https://example.com/r.git", path: charts/app}\n  destination: {namespace: apps}\n',
    );
    const repo = join(tmp, 'repo');
    const ws = await loadWorkspaceManifests([repo], { render: { kubectl: kubeTool('kubectl'), helm: kubeTool('helm'), allowExec: true, workspaceRoot: repo } });
    expect(ws.problems).toEqual([]);
    expect(
      ws.objects
        .filter((d) => d.rendered)
        .map((d) => `${d.object.metadata.name} <- ${d.source.file.slice(repo.length + 1)}:${d.source.range.start.line + 1}-${d.source.range.end.line + 1}`)
        .sort(),
    ).toEqual(['app-app <- charts/app/templates/cm.yaml:1-6', 'app-folder <- charts/app/charts/folder/templates/cm.yaml:1-6', 'app-packaged <- charts/app/Chart.yaml:1-3']);
  });
});
