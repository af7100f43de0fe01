// The operator's own view: Ready condition and applied revision (Flux), sync/health (Argo CD), against HEAD.
import { openGit } from '../git/run';
import type { KubeObject } from '../types';
import { arrayField, field, isRecord, recordField, stringField } from './object-fields';
import { isArgoApplication } from './argo';

export interface OperatorStatus {
  operator: 'flux' | 'argocd';
  /** Ready=True (Flux), Synced and Healthy (Argo CD); undefined when the status says nothing yet. */
  ready?: boolean;
  /** Condition reason/message (Flux Ready; Argo CD sync and health). */
  reason?: string;
  message?: string;
  /** The commit the operator last applied (sha only). */
  appliedRevision?: string;
  /** Revision string as the operator wrote it, e.g. `main@sha1:abc…`. */
  appliedRevisionRaw?: string;
  /**
   * The operator will not apply new commits by itself: Flux `spec.suspend`, Argo CD without automated sync.
   * Drift then stays until someone acts: "diverged", not "converging".
   */
  paused?: 'suspended' | 'manual sync';
}

/** Reads the status of a live Flux Kustomization/HelmRelease or Argo CD Application. Pure. */
export function operatorStatus(live: KubeObject): OperatorStatus {
  if (isArgoApplication(live)) {
    const sync = stringField(live, 'status', 'sync', 'status');
    const health = stringField(live, 'status', 'health', 'status');
    const raw = argoDeployedRevision(live);
    const op = stringField(live, 'status', 'operationState', 'message');
    const automated = recordField(live, 'spec', 'syncPolicy', 'automated');
    return {
      operator: 'argocd',
      ...(automated || recordField(live, 'spec') === undefined ? {} : { paused: 'manual sync' as const }),
      ready: sync === undefined && health === undefined ? undefined : sync === 'Synced' && health === 'Healthy',
      reason: [sync, health].filter(Boolean).join(', ') || undefined,
      ...(op ? { message: op } : {}),
      ...(raw ? { appliedRevisionRaw: raw, appliedRevision: revisionSha(raw) } : {}),
    };
  }
  const ready = arrayField(live, 'status', 'conditions').find((c) => isRecord(c) && c.type === 'Ready') as Record<string, unknown> | undefined;
  // A HelmRelease records the chart version it released (helm-controller v2: status.history), not a commit.
  const history = arrayField(live, 'status', 'history')[0];
  const chartVersion = isRecord(history) && typeof history.chartVersion === 'string' ? `chart ${String(history.chartName ?? '')} ${history.chartVersion}`.replace('  ', ' ') : undefined;
  const raw = stringField(live, 'status', 'lastAppliedRevision') ?? chartVersion;
  return {
    operator: 'flux',
    ...(field(live, 'spec', 'suspend') === true ? { paused: 'suspended' as const } : {}),
    ready: ready ? (ready.status === 'True' ? true : ready.status === 'False' ? false : undefined) : undefined,
    ...(typeof ready?.reason === 'string' ? { reason: ready.reason } : {}),
    ...(typeof ready?.message === 'string' ? { message: ready.message } : {}),
    ...(raw ? { appliedRevisionRaw: raw, appliedRevision: revisionSha(raw) } : {}),
  };
}

/**
 * The revision Argo CD last deployed: the newest `status.history` entry, else the last sync operation's result,
 * else the revision it compares with (`status.sync`). Multi-source Applications list `revisions`: the first sha.
 */
function argoDeployedRevision(live: KubeObject): string | undefined {
  const history = arrayField(live, 'status', 'history');
  const candidates = [history[history.length - 1], recordField(live, 'status', 'operationState', 'syncResult'), recordField(live, 'status', 'sync')];
  for (const c of candidates) {
    if (!isRecord(c)) continue;
    const revision = typeof c.revision === 'string' && c.revision !== '' ? c.revision : arrayField(c, 'revisions').find((r): r is string => typeof r === 'string' && revisionSha(r) !== undefined);
    if (revision) return revision;
  }
  return undefined;
}

/** `main@sha1:abc…` (Flux v2.1+), `main/abc…` (older Flux), `sha256:…` digests, a bare sha (Argo CD) → the sha. */
export function revisionSha(revision: string): string | undefined {
  const m = /(?:^|[@/:])([0-9a-f]{40}|[0-9a-f]{64})$/.exec(revision.trim());
  return m?.[1];
}

export interface RevisionComparison {
  head?: string;
  applied?: string;
  /** Commits in HEAD the operator has not applied yet (undefined when unknown). */
  ahead?: number;
  /** Commits the operator applied that HEAD does not have (a newer remote, or another branch). */
  behind?: number;
  /** The applied commit is not in this clone. */
  unknownCommit?: boolean;
}

/** Where HEAD of the repository at `dir` stands against the applied revision (git rev-list). */
export async function compareWithHead(dir: string, appliedRevision: string | undefined): Promise<RevisionComparison> {
  const git = openGit(dir);
  const headOut = await git.tryRun(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  const head = headOut.exitCode === 0 ? headOut.stdout.trim() : undefined;
  if (!head || !appliedRevision) return { head, applied: appliedRevision };
  if (head === appliedRevision) return { head, applied: appliedRevision, ahead: 0, behind: 0 };
  const known = await git.tryRun(['cat-file', '-e', `${appliedRevision}^{commit}`]);
  if (known.exitCode !== 0) return { head, applied: appliedRevision, unknownCommit: true };
  const counts = await git.tryRun(['rev-list', '--left-right', '--count', `${appliedRevision}...${head}`]);
  const [behind, ahead] = counts.stdout.trim().split(/\s+/).map(Number);
  return { head, applied: appliedRevision, ahead, behind };
}

/**
 * One line for the user: "Flux applied abc1234; HEAD is def5678: 2 commits not yet reconciled", or why the
 * operator is not Ready. The difference between "diverged" and "converging".
 */
export function describeOperatorState(name: string, status: OperatorStatus, cmp: RevisionComparison): string {
  const who = status.operator === 'flux' ? 'Flux' : 'Argo CD';
  const short = (sha?: string) => (sha ? sha.slice(0, 7) : '');
  const parts: string[] = [];
  if (status.paused === 'suspended') parts.push(`${who} reconciliation of ${name} is suspended`);
  if (status.paused === 'manual sync') parts.push(`${name} syncs only when asked (no automated sync)`);
  if (status.ready === false) parts.push(`${name} is not ready${status.reason ? ` (${status.reason})` : ''}${status.message ? `: ${status.message}` : ''}`);
  if (!cmp.applied) {
    parts.push(status.appliedRevisionRaw ? `${who} applied ${status.appliedRevisionRaw}` : `${who} has not applied ${name} yet`);
  } else if (!cmp.head) {
    parts.push(`${who} applied ${short(cmp.applied)}`);
  } else if (cmp.unknownCommit) {
    parts.push(`${who} applied ${short(cmp.applied)}, a commit not in this clone (fetch?); HEAD is ${short(cmp.head)}`);
  } else if (cmp.ahead === 0 && cmp.behind === 0) {
    parts.push(`${who} applied ${short(cmp.applied)} (HEAD)`);
  } else {
    const notes: string[] = [];
    if (cmp.ahead) notes.push(`${cmp.ahead} commit${cmp.ahead === 1 ? '' : 's'} not yet reconciled`);
    if (cmp.behind) notes.push(`${cmp.behind} commit${cmp.behind === 1 ? '' : 's'} applied that HEAD does not have`);
    parts.push(`${who} applied ${short(cmp.applied)}; HEAD is ${short(cmp.head)}: ${notes.join(', ')}`);
  }
  return parts.join('; ');
}

/** Reads a live operator object's state and compares it with the repository at `repoDir`. */
export async function operatorState(live: KubeObject, repoDir: string): Promise<{ status: OperatorStatus; revision: RevisionComparison; message: string }> {
  const status = operatorStatus(live);
  const revision = await compareWithHead(repoDir, status.appliedRevision);
  return { status, revision, message: describeOperatorState(`${live.kind} ${live.metadata.name ?? ''}`, status, revision) };
}
