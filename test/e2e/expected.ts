// What the seeded cluster should show for the fixture workspace (test/e2e/fixtures/workspace).
import type { VerdictKind } from '../../src/core/types';

export const CONTEXT = 'test';

export interface ExpectedResource {
  label: string;
  verdict: VerdictKind;
  /** Folder (relative to the workspace) and file, or undefined for orphans. */
  file?: string;
  /** Part of the short reason. */
  reason?: string;
}

export const EXPECTED: readonly ExpectedResource[] = [
  { label: 'Deployment shop/api', verdict: 'missing', file: 'apps/api/deployment.yaml' },
  { label: 'ConfigMap shop/web-config', verdict: 'converged', file: 'apps/web/config.yaml' },
  { label: 'Deployment shop/web', verdict: 'diverged', file: 'apps/web/deployment.yaml', reason: 'kubectl-scale' },
  { label: 'Secret shop/web-db', verdict: 'diverged', file: 'apps/web/secret.yaml', reason: 'hidden' },
  { label: 'Service shop/web', verdict: 'converged', file: 'apps/web/deployment.yaml' },
  { label: 'Namespace shop', verdict: 'converged', file: 'infra/namespace.yaml' },
  { label: 'ConfigMap shop/legacy-flags', verdict: 'orphaned' },
  { label: 'Invalid manifest', verdict: 'invalid', file: 'apps/api/broken.yaml', reason: 'Flow sequence' },
  // Rendered by kubectl kustomize from deploy/overlays/e2e (trusted workspace); linked to the base file.
  { label: 'ConfigMap shop/checkout-config', verdict: 'converged', file: 'deploy/base/config.yaml', reason: 'rendered from deploy/overlays/e2e' },
];

export const EXPECTED_FOLDERS = ['apps/api', 'apps/web', 'deploy/base', 'infra'];

/** The Flux-style kustomize folder (base + overlay): the cluster holds what the overlay renders. */
export const KUSTOMIZE_DIR = 'deploy';
export const KUSTOMIZE_OVERLAY = 'deploy/overlays/e2e';

/** The converged ConfigMap the tests change in the cluster (watch) and in the manifest (save). */
export const WEB_CONFIG = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'web-config' };

export const DIVERGED = EXPECTED.filter((e) => e.verdict === 'diverged').length;

/** Diverged objects in files under `folder`. */
export function divergedIn(folder: string): number {
  return EXPECTED.filter((e) => e.verdict === 'diverged' && e.file?.startsWith(`${folder}/`)).length;
}

/** Secret values in the manifest and in the cluster: no output may contain them, plain or base64. */
export const SECRET_VALUES = ['e2e-Secret-value-never-shown', 'e2e-Changed-in-cluster-never-shown'];

export function secretNeedles(): string[] {
  return SECRET_VALUES.flatMap((v) => [v, Buffer.from(v).toString('base64')]);
}
