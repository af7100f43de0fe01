// Text edits as offsets into one text: applying them, and the line break a file uses.
import type { TextEdit } from './types';

export function lineBreakOf(text: string): '\r\n' | '\n' {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}

export function withLineBreaks(s: string, eol: '\r\n' | '\n'): string {
  return eol === '\n' ? s : s.replace(/\r?\n/g, eol);
}

/** Applies non-overlapping edits (offsets into `text`), last first. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.range.start.offset - a.range.start.offset)) {
    out = out.slice(0, e.range.start.offset) + e.newText + out.slice(e.range.end.offset);
  }
  return out;
}

/**
 * Edits in text order without overlaps: insertions at the same offset are joined (in the given order), an edit
 * that overlaps an earlier one is dropped.
 */
export function withoutOverlaps(edits: readonly TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  let end = -1;
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.range.start.offset - b.e.range.start.offset || a.i - b.i);
  for (const { e } of sorted) {
    const prev = out[out.length - 1];
    const insertion = e.range.start.offset === e.range.end.offset;
    if (prev && insertion && prev.range.start.offset === prev.range.end.offset && prev.range.end.offset === e.range.start.offset) {
      out[out.length - 1] = { range: prev.range, newText: prev.newText + e.newText };
      continue;
    }
    if (e.range.start.offset < end) continue;
    out.push(e);
    end = insertion ? e.range.start.offset : e.range.end.offset;
  }
  return out;
}
