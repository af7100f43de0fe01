// The line above each object of an open manifest: its verdict and the actions on it (CodeLens), placed by the
// current text.
import { parseManifestText } from '../manifests/parse';
import type { ObjectRef, SourceRange, VerdictKind, VerdictResult } from '../types';
import { findObjectForResult } from './object-match';
import type { EditorAction } from './types';

export interface ObjectLens {
  ref: ObjectRef;
  verdict: VerdictKind;
  /** The object's range in the current text (the lens goes above its first line). */
  range: SourceRange;
  /** e.g. `⚠ diverged: 3 fields`, `✓ converged`, `＋ not in the cluster`. */
  title: string;
  /** The verdict's reason, for a tooltip. */
  tooltip: string;
  /** `openDiff` for objects with a live side; `adoptLive` (path `*` = every changed field) when there is one. */
  actions: EditorAction[];
}

const TITLES: Record<VerdictKind, string> = {
  converged: '✓ converged',
  diverged: '⚠ diverged',
  missing: '＋ not in the cluster',
  orphaned: '⚠ orphaned',
  unknown: '? unknown',
  invalid: '✗ invalid',
};

export function objectLenses(text: string, file: string, results: readonly VerdictResult[]): ObjectLens[] {
  const objects = parseManifestText(file, text).objects;
  const out: ObjectLens[] = [];
  for (const r of results) {
    const d = findObjectForResult(objects, r);
    if (!d) continue;
    const n = r.diff.length;
    const title = r.verdict === 'diverged' ? `${TITLES.diverged}: ${n} field${n === 1 ? '' : 's'}` : TITLES[r.verdict];
    const actions: EditorAction[] = [];
    if (r.verdict === 'diverged' || r.verdict === 'missing') actions.push({ kind: 'openDiff', ref: r.ref });
    const adoptable = r.diff.some((e) => e.change === 'changed' && !e.masked);
    if (r.verdict === 'diverged' && adoptable && r.ref.kind !== 'Secret') actions.push({ kind: 'adoptLive', ref: r.ref, path: '*' });
    out.push({ ref: r.ref, verdict: r.verdict, range: d.source.range, title, tooltip: r.reason, actions });
  }
  return out.sort((a, b) => a.range.start.offset - b.range.start.offset);
}
