// Builds a kustomization as its operator would after changing it (Flux spec / Argo CD source.kustomize): a
// wrapper kustomization in a temporary folder that uses the real one as its resource.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import type { KustomizeOverrides } from '../gitops/types';
import type { KubeObject } from '../types';
import { renderKustomization, type ToolOptions } from './kustomize-render';

/** The wrapper's kustomization.yaml (paths relative to `wrapperDir`: kustomize refuses absolute ones). */
export function wrapperKustomization(dir: string, overrides: KustomizeOverrides, wrapperDir: string): Record<string, unknown> {
  const rel = (p: string) => path.relative(wrapperDir, p).split(path.sep).join('/');
  const k: Record<string, unknown> = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [rel(dir)] };
  if (overrides.namespace) k.namespace = overrides.namespace;
  if (overrides.namePrefix) k.namePrefix = overrides.namePrefix;
  if (overrides.nameSuffix) k.nameSuffix = overrides.nameSuffix;
  if (overrides.commonLabels) k.commonLabels = overrides.commonLabels;
  if (overrides.commonAnnotations) k.commonAnnotations = overrides.commonAnnotations;
  if (overrides.images) k.images = overrides.images;
  if (overrides.patches) k.patches = overrides.patches;
  if (overrides.components) k.components = overrides.components.map(rel);
  return k;
}

export async function renderWithOverrides(dir: string, overrides: KustomizeOverrides, opts: ToolOptions): Promise<KubeObject[]> {
  const wrapperDir = await mkdtemp(path.join(tmpdir(), 'converge-kustomize-'));
  try {
    await writeFile(path.join(wrapperDir, 'kustomization.yaml'), stringify(wrapperKustomization(dir, overrides, wrapperDir)));
    return await renderKustomization(wrapperDir, opts);
  } finally {
    await rm(wrapperDir, { recursive: true, force: true });
  }
}
