// What rendering would run in a workspace that is not trusted: "3 kustomizations and 1 Helm chart are not
// rendered until you trust this workspace". Pure, over the records of a load with `allowExec: false`.
import { NOT_TRUSTED } from './render-job';
import type { RenderRecord } from './types';

export interface PendingRenders {
  /** Kustomization folders that would be built (kubectl kustomize). */
  kustomizations: number;
  /** Chart folders that would be templated (helm template), each counted once whatever its releases. */
  helmCharts: number;
  /** "2 kustomizations and 1 Helm chart are not rendered until you trust this workspace"; undefined when none. */
  message?: string;
}

/**
 * Renders held back because executing was not allowed. Counts are a lower bound: Flux/Argo CD objects that
 * only a render would reveal (a HelmRelease inside an overlay) are not known before trusting.
 */
export function pendingRenders(renders: readonly RenderRecord[]): PendingRenders {
  const held = renders.filter((r) => r.status === 'not-rendered' && r.reason === NOT_TRUSTED);
  const kustomizations = new Set(held.filter((r) => r.tool === 'kustomize').map((r) => r.dir)).size;
  const helmCharts = new Set(held.filter((r) => r.tool === 'helm').map((r) => r.dir)).size;
  const parts = [count(kustomizations, 'kustomization'), count(helmCharts, 'Helm chart')].filter((p): p is string => p !== undefined);
  if (parts.length === 0) return { kustomizations, helmCharts };
  const verb = kustomizations + helmCharts === 1 ? 'is' : 'are';
  return { kustomizations, helmCharts, message: `${parts.join(' and ')} ${verb} not rendered until you trust this workspace` };
}

/** Whether rendering would execute kubectl/helm once the workspace is trusted. */
export function wouldExecute(renders: readonly RenderRecord[]): boolean {
  const p = pendingRenders(renders);
  return p.kustomizations + p.helmCharts > 0;
}

function count(n: number, noun: string): string | undefined {
  return n === 0 ? undefined : `${n} ${noun}${n === 1 ? '' : 's'}`;
}
