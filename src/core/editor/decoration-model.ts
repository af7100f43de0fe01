// Field decorations of an open manifest from verdicts: for every diff entry of the objects in the file, the exact
// range in the CURRENT text (ranges never come from the text the verdict was computed on), the after-text and the
// hover content.
import { LineIndex } from '../manifests/line-index';
import { parseManifestText } from '../manifests/parse';
import type { DesiredObject, DiffEntry, ParsedFile, Position, SourceRange, VerdictResult } from '../types';
import { anchorEntry } from './field-anchor';
import { ignoreRuleFor } from './ignore-rule';
import { findObjectForResult } from './object-match';
import type { EditorAction, FieldDecoration } from './types';
import { afterTextFor, summaryFor, yamlValue } from './value-text';

export interface DecorationOptions {
  /** Longest value shown in an after-text (default 60 characters). */
  maxValueLength?: number;
}

export function decorationModel(
  text: string,
  file: string,
  result: VerdictResult | readonly VerdictResult[],
  opts: DecorationOptions = {},
): FieldDecoration[] {
  const results = Array.isArray(result) ? (result as readonly VerdictResult[]) : [result as VerdictResult];
  return decorationsForParsed(text, parseManifestText(file, text), results, opts);
}

/** Same as `decorationModel` for a file already parsed from `text`. */
export function decorationsForParsed(
  text: string,
  parsed: ParsedFile,
  results: readonly VerdictResult[],
  opts: DecorationOptions = {},
): FieldDecoration[] {
  const lines = new LineIndex(text);
  const out: FieldDecoration[] = [];
  for (const r of results) {
    if (r.verdict !== 'diverged' && r.verdict !== 'missing') continue;
    const d = findObjectForResult(parsed.objects, r);
    if (!d) continue;
    if (r.verdict === 'missing') out.push(missingDecoration(text, lines, d, r));
    else for (const e of r.diff) out.push(fieldDecoration(text, lines, d, r, e, opts));
  }
  return out.sort((a, b) => a.range.start.offset - b.range.start.offset);
}

function fieldDecoration(
  text: string,
  lines: LineIndex,
  d: DesiredObject,
  r: VerdictResult,
  e: DiffEntry,
  opts: DecorationOptions,
): FieldDecoration {
  const anchor = anchorEntry(e, d.object);
  const field = anchor.path.length ? d.source.fieldRange(anchor.path) : undefined;
  let range: SourceRange;
  if (field) range = { start: (field.key ?? field.value).start, end: field.value.end };
  else range = firstLine(text, lines, d.source.range.start);
  const actions: EditorAction[] = [{ kind: 'openDiff', ref: r.ref }];
  if (e.change === 'changed' && anchor.exact && !e.masked) actions.push({ kind: 'adoptLive', ref: r.ref, path: e.path });
  const rule = ignoreRuleFor(r.ref, e.path, anchor.exact ? anchor.path : undefined);
  if (rule) actions.push({ kind: 'ignoreField', rule });
  return {
    ref: r.ref,
    kind: e.change,
    path: e.path,
    fieldPath: anchor.path,
    anchored: !anchor.exact,
    range,
    ...(field?.key ? { key: field.key } : {}),
    ...(field ? { value: field.value } : {}),
    line: range.start.line,
    afterTextAt: lineEnd(text, lines, range.start),
    afterText: afterTextFor(e, opts.maxValueLength, !anchor.exact),
    hover: {
      ref: r.ref,
      path: e.path,
      kind: e.change,
      summary: summaryFor(e),
      ...(e.change !== 'removed' ? { desired: e.masked ? '•••' : yamlValue(e.desired) } : {}),
      ...(e.change !== 'added' ? { live: e.masked ? '•••' : yamlValue(e.live) } : {}),
      masked: !!e.masked,
      ...(e.owner ? { owner: { ...e.owner } } : {}),
      actions,
    },
  };
}

function missingDecoration(text: string, lines: LineIndex, d: DesiredObject, r: VerdictResult): FieldDecoration {
  const range = d.source.range;
  return {
    ref: r.ref,
    kind: 'missing',
    path: '',
    fieldPath: [],
    anchored: false,
    range,
    line: range.start.line,
    afterTextAt: lineEnd(text, lines, range.start),
    afterText: 'not in the cluster',
    hover: {
      ref: r.ref,
      path: '',
      kind: 'missing',
      summary: `${r.ref.kind} ${r.ref.name} is not in the cluster: ${r.reason}`,
      masked: false,
      actions: [{ kind: 'openDiff', ref: r.ref }],
    },
  };
}

/** End of the line `at` is on, before trailing whitespace and the line break. */
function lineEnd(text: string, lines: LineIndex, at: Position): Position {
  let end = text.indexOf('\n', at.offset);
  if (end < 0) end = text.length;
  while (end > at.offset && /\s/.test(text[end - 1])) end--;
  return lines.position(end);
}

function firstLine(text: string, lines: LineIndex, at: Position): SourceRange {
  return { start: at, end: lineEnd(text, lines, at) };
}
