// `kubectl kustomize <dir>` (or `kustomize build <dir>`) with the default load restrictor.
import path from 'node:path';
import type { KubeObject } from '../types';
import { parseRenderedYaml } from './render-output';
import { runTool } from './run-tool';

export interface ToolOptions {
  /** kubectl or kustomize binary (default: `kubectl` on PATH). */
  kubectl?: string;
  /** Set when the tree has `helmCharts`: the helm binary kustomize runs (`--enable-helm --helm-command`). */
  helm?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export function kustomizeCommand(bin: string, dir: string, helm?: string): string[] {
  const helmFlags = helm ? ['--enable-helm', '--helm-command', helm] : [];
  return path.basename(bin).replace(/\.exe$/, '') === 'kustomize' ? ['build', ...helmFlags, dir] : ['kustomize', ...helmFlags, dir];
}

export async function renderKustomization(dir: string, opts: ToolOptions = {}): Promise<KubeObject[]> {
  const bin = opts.kubectl ?? 'kubectl';
  const stdout = await runTool(bin, kustomizeCommand(bin, dir, opts.helm), { cwd: dir, timeoutMs: opts.timeoutMs, signal: opts.signal });
  return parseRenderedYaml(stdout).map((d) => d.object);
}
