// Badges for manifest files and their folders in the explorer. Pure: no vscode import.
import { dirname, sep } from 'node:path';
import type { CheckReport, VerdictKind } from '../../core/types';

export interface DecorationSpec {
  /** At most 2 characters. */
  badge: string;
  tooltip: string;
  color: 'editorWarning.foreground' | 'errorForeground';
}

interface Tally {
  drift: number;
  invalid: number;
}

const DRIFT: ReadonlySet<VerdictKind> = new Set(['diverged', 'missing']);

/**
 * Path → decoration, for files with drifted or invalid objects and every folder above them up to (and
 * including) their workspace root. Converged and unknown objects get no badge.
 */
export function buildDecorations(report: CheckReport | undefined, roots: readonly string[]): Map<string, DecorationSpec> {
  const tallies = new Map<string, Tally>();
  const add = (path: string, verdict: VerdictKind) => {
    const t = tallies.get(path) ?? { drift: 0, invalid: 0 };
    if (verdict === 'invalid') t.invalid++;
    else t.drift++;
    tallies.set(path, t);
  };
  for (const r of report?.resources ?? []) {
    if (!r.source || !(DRIFT.has(r.verdict) || r.verdict === 'invalid')) continue;
    add(r.source.file, r.verdict);
    const root = roots.find((x) => r.source!.file.startsWith(x.endsWith(sep) ? x : x + sep));
    if (!root) continue;
    for (let dir = dirname(r.source.file); dir.length >= root.length; dir = dirname(dir)) {
      add(dir, r.verdict);
      if (dir === root || dirname(dir) === dir) break;
    }
  }
  const out = new Map<string, DecorationSpec>();
  for (const [path, t] of tallies) out.set(path, decorationFor(t));
  return out;
}

function decorationFor(t: Tally): DecorationSpec {
  const total = t.drift + t.invalid;
  const parts = [t.drift ? `${t.drift} drifted` : '', t.invalid ? `${t.invalid} invalid` : ''].filter(Boolean);
  return {
    badge: total > 9 ? '9+' : String(total),
    tooltip: `GitOps Converge: ${parts.join(', ')}`,
    color: t.invalid > 0 ? 'errorForeground' : 'editorWarning.foreground',
  };
}
