// How each verdict looks in the editor: codicon id, theme color id and words. No vscode import.
import type { CheckSummary, VerdictKind } from '../../core/types';

export interface IconSpec {
  /** Codicon id, e.g. `pass`, `diff`. */
  id: string;
  /** Theme color id, e.g. `testing.iconPassed`. */
  color?: string;
}

export const VERDICT_ICONS: Record<VerdictKind, IconSpec> = {
  converged: { id: 'pass', color: 'testing.iconPassed' },
  diverged: { id: 'diff', color: 'editorWarning.foreground' },
  missing: { id: 'diff-added', color: 'gitDecoration.addedResourceForeground' },
  orphaned: { id: 'diff-removed', color: 'gitDecoration.deletedResourceForeground' },
  unknown: { id: 'question', color: 'disabledForeground' },
  invalid: { id: 'error', color: 'errorForeground' },
};

export const VERDICT_WORDS: Record<VerdictKind, string> = {
  converged: 'converged',
  diverged: 'diverged',
  missing: 'missing in cluster',
  orphaned: 'orphaned (only in cluster)',
  unknown: 'unknown',
  invalid: 'invalid manifest',
};

/** Verdicts that need a look, most urgent first. `converged` is the only one that does not. */
export const ATTENTION_ORDER: readonly VerdictKind[] = ['invalid', 'diverged', 'missing', 'orphaned', 'unknown'];

export function needsAttention(verdict: VerdictKind): boolean {
  return verdict !== 'converged';
}

/** Drift proper: the cluster and the manifests disagree. */
export function isDrift(verdict: VerdictKind): boolean {
  return verdict === 'diverged' || verdict === 'missing' || verdict === 'orphaned';
}

/** The most urgent verdict among counts, or `converged` when nothing needs attention. */
export function worstVerdict(counts: CheckSummary): VerdictKind {
  return ATTENTION_ORDER.find((v) => counts[v] > 0) ?? 'converged';
}

/** "2 diverged, 1 missing" — the non-zero verdicts needing attention; "3 converged" when none. */
export function describeCounts(counts: CheckSummary): string {
  const parts = ATTENTION_ORDER.filter((v) => counts[v] > 0).map((v) => `${counts[v]} ${v}`);
  if (parts.length > 0) return parts.join(', ');
  return counts.total === 0 ? 'nothing to check' : `${counts.converged} converged`;
}
