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
  { label: 'Service shop/web', verdict: 'converged', file: 'apps/web/deployment.yaml' },
  { label: 'Namespace shop', verdict: 'converged', file: 'infra/namespace.yaml' },
  { label: 'ConfigMap shop/legacy-flags', verdict: 'orphaned' },
];

export const EXPECTED_FOLDERS = ['apps/api', 'apps/web', 'infra'];
