// Human-readable report: a line per object, the fields that differ as a diff, then a summary.
import { relative } from 'node:path';
import { displayRef } from '../core/engine/results';
import { formatValue, timeAgo } from '../core/engine/reason';
import type { CheckReport, DiffEntry, VerdictKind, VerdictResult } from '../core/types';

const MARK: Record<VerdictKind, string> = {
  converged: '✓',
  diverged: '✗',
  missing: '+',
  orphaned: '-',
  unknown: '?',
  invalid: '!',
};

const COLOUR: Record<VerdictKind, number> = { converged: 32, diverged: 33, missing: 36, orphaned: 35, unknown: 90, invalid: 31 };

export function formatText(report: CheckReport, opts: { cwd: string; color: boolean }): string {
  const paint = (code: number, s: string) => (opts.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  if (report.context) lines.push(`context ${report.context}${report.cluster ? ` (${report.cluster})` : ''}`, '');
  const sorted = [...report.resources].sort((a, b) => order(a) - order(b) || where(a, opts.cwd).localeCompare(where(b, opts.cwd)));
  const width = Math.min(48, Math.max(10, ...sorted.map((r) => label(r).length)));
  for (const r of sorted) {
    const head = `${MARK[r.verdict]} ${r.verdict.padEnd(10)}`;
    lines.push(`${paint(COLOUR[r.verdict], head)} ${label(r).padEnd(width)}  ${paint(90, where(r, opts.cwd))}`);
    if (r.verdict !== 'converged') lines.push(`             ${r.reason}`);
    if (r.operator) lines.push(`             ${paint(36, r.operator)}`);
    if (r.verdict === 'diverged') lines.push(...driftLines(r, paint), '');
  }
  for (const p of report.problems.filter((p) => p.severity === 'warning')) {
    lines.push(paint(33, `warning: ${relative(opts.cwd, p.file) || p.file}${p.range ? `:${p.range.start.line + 1}` : ''}: ${p.message}`));
  }
  const s = report.summary;
  const parts = (['converged', 'diverged', 'missing', 'orphaned', 'unknown', 'invalid'] as const)
    .filter((k) => s[k] > 0)
    .map((k) => paint(COLOUR[k], `${s[k]} ${k}`));
  lines.push('', `${s.total} resource${s.total === 1 ? '' : 's'}: ${parts.join(', ') || 'nothing to check'}`);
  return lines.join('\n') + '\n';
}

/** Who set each differing field, then the unified diff (kubectl style) when there is one. */
function driftLines(r: VerdictResult, paint: (code: number, s: string) => string): string[] {
  const out = r.diff.map((d) => `      ${paint(1, d.path)}${paint(90, owner(d))}`);
  if (!r.unifiedDiff) {
    for (const d of r.diff) {
      if (d.change !== 'added') out.push(paint(31, `      - ${formatValue(d.live)}`));
      if (d.change !== 'removed') out.push(paint(32, `      + ${formatValue(d.desired)}`));
    }
    return out;
  }
  for (const line of r.unifiedDiff.replace(/\n$/, '').split('\n')) {
    const colour = line.startsWith('+++') || line.startsWith('---') ? 1 : line.startsWith('+') ? 32 : line.startsWith('-') ? 31 : line.startsWith('@@') ? 36 : 0;
    out.push(`      ${colour ? paint(colour, line) : line}`);
  }
  return out;
}

function owner(d: DiffEntry): string {
  if (!d.owner) return d.change === 'added' ? ' (not in cluster)' : '';
  const via = d.owner.subresource ? ` via ${d.owner.subresource}` : '';
  return ` (live set by ${d.owner.manager}${via}${d.owner.time ? `, ${timeAgo(d.owner.time)}` : ''})`;
}

function label(r: VerdictResult): string {
  return r.ref.kind ? displayRef(r.ref) : '(manifest)';
}

function where(r: VerdictResult, cwd: string): string {
  if (!r.source) return 'cluster only';
  return `${relative(cwd, r.source.file) || r.source.file}:${r.source.range.start.line + 1}`;
}

function order(r: VerdictResult): number {
  return ['invalid', 'unknown', 'diverged', 'missing', 'orphaned', 'converged'].indexOf(r.verdict);
}
