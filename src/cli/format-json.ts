// Machine-readable report: one entry per desired object plus each orphan.
import { relative } from 'node:path';
import type { CheckReport, VerdictResult } from '../core/types';

export function formatJson(report: CheckReport, cwd: string): string {
  const out = {
    context: report.context,
    cluster: report.cluster,
    resources: report.resources.map((r) => resourceJson(r, cwd)),
    problems: report.problems.map((p) => ({
      file: relative(cwd, p.file) || p.file,
      line: p.range ? p.range.start.line + 1 : undefined,
      column: p.range ? p.range.start.character + 1 : undefined,
      severity: p.severity,
      rule: p.rule,
      message: p.message,
    })),
    summary: report.summary,
  };
  return JSON.stringify(out, null, 2) + '\n';
}

function resourceJson(r: VerdictResult, cwd: string) {
  return {
    apiVersion: r.ref.apiVersion,
    kind: r.ref.kind,
    namespace: r.ref.namespace ?? null,
    name: r.ref.name,
    file: r.source ? relative(cwd, r.source.file) || r.source.file : null,
    line: r.source ? r.source.range.start.line + 1 : null,
    verdict: r.verdict,
    reason: r.reason,
    method: r.method,
    fieldManager: r.fieldManager,
    diff: r.diff.map((d) => ({
      path: d.path,
      change: d.change,
      desired: d.desired,
      live: d.live,
      ...(d.masked ? { masked: true } : {}),
      ...(d.owner ? { owner: d.owner } : {}),
      ...(d.desiredPath && r.source ? { desiredLine: lineOf(r, d.desiredPath) } : {}),
    })),
    ...(r.unifiedDiff ? { unifiedDiff: r.unifiedDiff } : {}),
    ...(r.operator ? { operator: r.operator } : {}),
  };
}

function lineOf(r: VerdictResult, path: ReadonlyArray<string | number>): number | undefined {
  const range = r.source?.fieldRange(path);
  const at = range?.key ?? range?.value;
  return at ? at.start.line + 1 : undefined;
}
