// Text of the read-only "diff" document for a result. Pure: no vscode import.
import type { VerdictResult } from '../../core/types';
import { describeEntry } from '../../core/engine/reason';
import { resourceLabel } from './drift-model';

/** A file name that says what it is: `Deployment shop-web.diff`. */
export function diffDocumentName(r: VerdictResult): string {
  return `${resourceLabel(r).replace(/[/\\:*?"<>|]/g, '-')}.diff`;
}

/**
 * The engine's unified diff (live → what applying the manifest makes of it), under a header that names the
 * object; without one, the field list. Secret values are already masked by the engine.
 */
export function diffDocumentText(r: VerdictResult, now = Date.now()): string {
  const header = [`# ${resourceLabel(r)} — ${r.verdict}`, `# ${r.reason}`];
  if (r.source) header.push(`# ${r.source.file}:${r.source.range.start.line + 1}`);
  if (r.unifiedDiff) return `${header.join('\n')}\n${r.unifiedDiff.endsWith('\n') ? r.unifiedDiff : `${r.unifiedDiff}\n`}`;
  const fields = r.diff.map((e) => `# ${e.path}: ${describeEntry(e, now)}`);
  return `${[...header, '#', ...(fields.length ? fields : ['# no field differs'])].join('\n')}\n`;
}
