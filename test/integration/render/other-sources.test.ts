// Sources that are not this repository's files: a Flux Kustomization or HelmRelease reading another
// GitRepository, an Argo CD config management plugin, an ApplicationSet's generated Applications. Not rendered,
// with the reason, even when a folder of the same name exists here.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkspaceManifests, type LoadedWorkspace } from '../../../src/core/manifests/load-workspace';
import { kubeTool } from '../../support/kube-tools';

const ROOT = mkdtempSync(join(tmpdir(), 'converge-sources-'));
const write = (file: string, text: string) => {
  mkdirSync(dirname(join(ROOT, file)), { recursive: true });
  writeFileSync(join(ROOT, file), text);
};
let ws: LoadedWorkspace;

beforeAll(async () => {
  execFileSync('git', ['init', '-q', ROOT]);
  write('clusters/prod/flux-system/kustomization.yaml', 'resources:\n  - gotk-sync.yaml\n');
  write(
    'clusters/prod/flux-system/gotk-sync.yaml',
    [
      'apiVersion: source.toolkit.fluxcd.io/v1',
      'kind: GitRepository',
      'metadata: {name: flux-system, namespace: flux-system}',
      'spec: {url: "ssh://git@github.com/example/fleet.git", ref: {branch: main}}',
      '---',
      'apiVersion: kustomize.toolkit.fluxcd.io/v1',
      'kind: Kustomization',
      'metadata: {name: flux-system, namespace: flux-system}',
      'spec: {path: ./clusters/prod, sourceRef: {kind: GitRepository, name: flux-system}}',
      '',
    ].join('\n'),
  );
  write(
    'clusters/prod/podinfo.yaml',
    [
      'apiVersion: source.toolkit.fluxcd.io/v1',
      'kind: GitRepository',
      'metadata: {name: podinfo, namespace: flux-system}',
      'spec: {url: "https://github.com/stefanprodan/podinfo", ref: {tag: 6.7.0}}',
      '---',
      'apiVersion: kustomize.toolkit.fluxcd.io/v1',
      'kind: Kustomization',
      'metadata: {name: podinfo, namespace: flux-system}',
      'spec: {path: ./kustomize, targetNamespace: podinfo, sourceRef: {kind: GitRepository, name: podinfo}}',
      '---',
      'apiVersion: helm.toolkit.fluxcd.io/v2',
      'kind: HelmRelease',
      'metadata: {name: podinfo, namespace: flux-system}',
      'spec: {chart: {spec: {chart: ./charts/podinfo, sourceRef: {kind: GitRepository, name: podinfo}}}}',
      '---',
      'apiVersion: kustomize.toolkit.fluxcd.io/v1',
      'kind: Kustomization',
      'metadata: {name: fleet-mirror, namespace: flux-system}',
      'spec: {path: ./kustomize, targetNamespace: mirror, sourceRef: {kind: GitRepository, name: mirror}}',
      '---',
      'apiVersion: source.toolkit.fluxcd.io/v1',
      'kind: GitRepository',
      'metadata: {name: mirror, namespace: flux-system}',
      'spec: {url: "ssh://git@github.com/example/fleet"}',
      '',
    ].join('\n'),
  );
  // A folder with the same path as podinfo's, here: not what the podinfo Kustomization applies.
  write('kustomize/kustomization.yaml', 'resources:\n  - cm.yaml\n');
  write('kustomize/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: local-only\n');
  write(
    'argocd/app.yaml',
    'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: tanka, namespace: argocd}\nspec:\n  source: {repoURL: "https://example.com/x.git", path: kustomize, plugin: {name: tanka}}\n  destination: {namespace: tanka}\n',
  );
  write(
    'argocd/appset.yaml',
    'apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: {name: clusters, namespace: argocd}\nspec:\n  generators: [{git: {repoURL: "https://example.com/x.git", directories: [{path: "apps/*"}]}}]\n  template: {metadata: {name: "{{path.basename}}"}, spec: {source: {repoURL: "https://example.com/x.git", path: "{{path}}"}, destination: {namespace: "{{path.basename}}"}}}\n',
  );
  ws = await loadWorkspaceManifests([ROOT], { render: { kubectl: kubeTool('kubectl'), helm: kubeTool('helm'), allowExec: true, workspaceRoot: ROOT } });
});
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

describe('sources outside this repository', () => {
  it('does not render another GitRepository from a same-named folder here; says which repository', () => {
    expect(ws.problems.map((p) => p.message).sort()).toEqual([
      'Argo CD Application argocd/tanka: not rendered: path kustomize is built by the config management plugin tanka (not run here)',
      'Argo CD ApplicationSet: the Applications it generates are not expanded here; folders they deploy are checked without their destination namespace and tracking',
      'Flux HelmRelease flux-system/podinfo: not rendered: chart ./charts/podinfo is in another repository (https://github.com/stefanprodan/podinfo)',
      'Flux Kustomization flux-system/podinfo: not rendered: path ./kustomize of GitRepository podinfo is in another repository (https://github.com/stefanprodan/podinfo)',
    ]);
  });

  it("a GitRepository with this repository's URL (another name) is this repository", () => {
    const mirrored = ws.objects.filter((d) => d.object.metadata.name === 'local-only').map((d) => d.object.metadata.namespace ?? '-');
    // Rendered once, as fleet-mirror applies it (into "mirror"); podinfo's Kustomization does not claim the folder.
    expect(mirrored.sort()).toEqual(['mirror']);
    expect(ws.objects.some((d) => d.object.metadata.namespace === 'podinfo')).toBe(false);
  });
});
