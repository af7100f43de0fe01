// Which file and line a rendered object's fields link to, after name prefix/suffix, a namespace, a component,
// strategic-merge and JSON 6902 patches (real kubectl kustomize). A field a patch sets has no range in the base.
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
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
