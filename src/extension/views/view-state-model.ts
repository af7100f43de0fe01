// Which face the Drift view shows: a welcome (no manifests / no cluster / unreachable) or the tree.
// Pure: no vscode import. The state name is set as the context key `gitopsConverge.state`, which the
// `viewsWelcome` entries in package.json test.
import type { CheckReport } from '../../core/types';

export type ViewStateName = 'idle' | 'checking' | 'noWorkspace' | 'noManifests' | 'noCluster' | 'unreachable' | 'ready';

export interface ViewState {
  name: ViewStateName;
  /** Why, in the engine's words (the kubeconfig error or the connection error). */
  detail?: string;
  /** For `unreachable`: what kind of failure, to pick the welcome text (context key `gitopsConverge.problem`). */
  problem?: ClusterProblem;
}

export type ClusterProblem = 'unauthorized' | 'tls' | 'timeout' | 'refused' | 'dns' | 'other';

export interface ViewStateInput {
  hasWorkspace: boolean;
  checking: boolean;
  report?: CheckReport;
  /** Set when the kubeconfig could not be loaded or the context is not in it. */
  kubeconfigError?: string;
}

const CLUSTER_DOWN = /^(cluster unreachable|unauthorized)\b/;

export function viewState(input: ViewStateInput): ViewState {
  if (!input.hasWorkspace) return { name: 'noWorkspace' };
  const { report } = input;
  if (!report) return { name: input.checking ? 'checking' : 'idle' };
  if (report.resources.length === 0 && report.problems.length === 0) return { name: 'noManifests' };
  if (input.kubeconfigError) return { name: 'noCluster', detail: input.kubeconfigError };
  const decidable = report.resources.filter((r) => r.verdict !== 'invalid');
  if (decidable.length > 0 && decidable.every((r) => r.verdict === 'unknown')) {
    const reason = decidable[0].reason;
    if (!report.context) return { name: 'noCluster', detail: reason };
    if (CLUSTER_DOWN.test(reason) && decidable.every((r) => r.reason === reason)) return { name: 'unreachable', detail: reason, problem: clusterProblem(reason) };
  }
  return { name: 'ready' };
}

/** Whether the tree shows nodes; otherwise the welcome content for the state is shown. */
export function showsTree(state: ViewState): boolean {
  return state.name === 'ready';
}

/** Sorts a connection failure into what the user can do about it. */
export function clusterProblem(reason: string): ClusterProblem {
  if (/^unauthorized\b|\b401\b/i.test(reason)) return 'unauthorized';
  if (/certificate|x509|self[- ]signed|tls|ssl|handshake/i.test(reason)) return 'tls';
  if (/timed? ?out|ETIMEDOUT/i.test(reason)) return 'timeout';
  if (/ECONNREFUSED|connection refused|ECONNRESET|EHOSTUNREACH|ENETUNREACH|socket hang up/i.test(reason)) return 'refused';
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo/i.test(reason)) return 'dns';
  return 'other';
}
