// Schema errors make a resource `invalid` in the Drift view, whatever the cluster says. Pure: no vscode import.
import { summarize } from '../../core/engine/summary';
import type { CheckReport, VerdictResult } from '../../core/types';
import type { EditorFinding } from '../diagnostics/schema-findings-model';

/**
 * Reports where every object with a schema error (in the findings of its file) is `invalid`, its reason the
 * first error ("schema: spec.replicas: must be integer, got string"). Unchanged reports are returned as they are.
 */
export function markSchemaInvalid(reports: readonly CheckReport[], findingsOf: (file: string) => readonly EditorFinding[]): CheckReport[] {
  return reports.map((report) => {
    let changed = false;
    const resources = report.resources.map((r): VerdictResult => {
      if (!r.source || r.verdict === 'invalid' || r.verdict === 'orphaned') return r;
      const start = r.source.range.start.offset;
      const error = findingsOf(r.source.file).find((f) => f.severity === 'error' && f.objectRange?.start.offset === start);
      if (!error) return r;
      changed = true;
      return { ...r, verdict: 'invalid', reason: `schema: ${error.path ? `${error.path}: ` : ''}${error.message}`, diff: [] };
    });
    return changed ? { ...report, resources, summary: summarize(resources) } : report;
  });
}
