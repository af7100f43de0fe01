// Text edits as offsets into one text: applying them, and the line break a file uses.
import type { SourceRange } from '../types';
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

/** Drops edits that overlap an earlier one (in text order). */
export function withoutOverlaps(edits: readonly TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  let end = -1;
  for (const e of [...edits].sort((a, b) => a.range.start.offset - b.range.start.offset)) {
    if (e.range.start.offset < end) continue;
    out.push(e);
    end = Math.max(e.range.end.offset, e.range.start.offset + 1);
  }
  return out;
}

export function rangeOf(lines: { range(start: number, end: number): SourceRange }, start: number, end: number): SourceRange {
  return lines.range(start, end);
}
