// `helm template` of a local chart, as Flux's helm-controller or Argo CD would render it.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import type { HelmSettings } from '../gitops/types';
import { renderKustomization } from './kustomize-render';
import type { RenderedDocument } from './render-output';
import { parseRenderedYaml } from './render-output';
import { runTool } from './run-tool';

export interface HelmToolOptions {
  /** helm binary (default: `helm` on PATH). */
  helm?: string;
  /** kubectl (or kustomize) for Flux post-renderers (default: `kubectl` on PATH). */
  kubectl?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Rendered objects without hooks (tests, pre/post-install jobs): they are not part of the release. */
export async function renderHelmChart(chartDir: string, settings: HelmSettings, opts: HelmToolOptions = {}): Promise<RenderedDocument[]> {
  const tmp = await mkdtemp(path.join(tmpdir(), 'converge-helm-'));
  try {
    const args = ['template', settings.releaseName, chartDir, '--namespace', settings.namespace, '--include-crds'];
    for (const file of settings.valuesFiles) args.push('--values', file);
    for (const [i, values] of (settings.inlineValues ?? []).entries()) {
      const text = typeof values === 'string' ? values : JSON.stringify(values);
      args.push('--values', await writeValues(tmp, `values-${i}.yaml`, text));
    }
    for (const p of settings.parameters ?? []) args.push(p.forceString ? '--set-string' : '--set', `${p.name}=${p.value}`);
    const env = { HELM_CACHE_HOME: path.join(tmp, 'cache'), HELM_CONFIG_HOME: path.join(tmp, 'config'), HELM_DATA_HOME: path.join(tmp, 'data') };
    const stdout = await runTool(opts.helm ?? 'helm', args, { cwd: chartDir, timeoutMs: opts.timeoutMs, signal: opts.signal, env });
    const docs = parseRenderedYaml(stdout).filter((d) => d.object.metadata.annotations?.['helm.sh/hook'] === undefined);
    return settings.postRender ? await postRender(docs, settings.postRender, tmp, opts) : docs;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function writeValues(dir: string, name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text, { mode: 0o600 });
  return file;
}

/**
 * Flux post-renderers: the chart's output built again by kustomize with the HelmRelease's patches and images.
 * Each object keeps the template it came from (matched by kind and name).
 */
async function postRender(docs: RenderedDocument[], settings: NonNullable<HelmSettings['postRender']>, tmp: string, opts: HelmToolOptions): Promise<RenderedDocument[]> {
  const dir = path.join(tmp, 'post-render');
  await mkdir(dir);
  await writeFile(path.join(dir, 'chart-output.yaml'), docs.map((d) => stringify(d.object)).join('---\n'));
  const kustomization = { resources: ['chart-output.yaml'], ...(settings.patches.length ? { patches: settings.patches.map((p) => p.patch) } : {}), ...(settings.images.length ? { images: settings.images } : {}) };
  await writeFile(path.join(dir, 'kustomization.yaml'), stringify(kustomization));
  const objects = await renderKustomization(dir, { kubectl: opts.kubectl, timeoutMs: opts.timeoutMs, signal: opts.signal });
  const templates = new Map(docs.map((d) => [`${d.object.kind}/${d.object.metadata.name ?? ''}`, d.template]));
  return objects.map((object) => {
    const template = templates.get(`${object.kind}/${object.metadata.name ?? ''}`);
    return template ? { object, template } : { object };
  });
}
