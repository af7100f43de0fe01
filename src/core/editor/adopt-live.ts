// "Adopt live value": text edits that write the cluster's values into the manifest, field by field, leaving
// everything else of the text (comments, quoting, key order, line breaks) as it is.
import { groupOf } from '../ignore/ignore-rules';
import { LineIndex } from '../manifests/line-index';
import { parseManifestText } from '../manifests/parse';
import { parseDiffPath } from '../ownership/diff-path';
import type { DesiredObject, DiffEntry, FieldPath, SourceRange, VerdictResult } from '../types';
import { anchorEntry, valueAt } from './field-anchor';
import { findObjectForResult } from './object-match';
import { lineBreakOf, withLineBreaks, withoutOverlaps } from './text-edits';
import type { EditPlan, RefusedEdit, TextEdit } from './types';
import { renderKey, renderValue, styleAt, type RenderContext, type ValueStyle } from './yaml-value-text';

export interface AdoptLiveOptions {
  /** Also write fields only the cluster has (`removed` entries) into their parent map. Off by default. */
  addLiveOnlyFields?: boolean;
}

export const SECRET_REFUSAL =
  'Secret values are not adopted: the cluster stores them base64-encoded, and writing them into the manifest would put the secret in plain text in Git; update the secret at its source instead';

/**
 * Edits (offsets into `text`) that make the manifest hold the live values of `paths` (kubectl-style diff paths of
 * `result.diff`), or of every `changed` field when `paths` is omitted or holds `*`. Fields are found in the current text.
 */
export function adoptLiveEdits(
  text: string,
  file: string,
  result: VerdictResult,
  paths?: readonly string[],
  opts: AdoptLiveOptions = {},
): EditPlan {
  if (paths?.includes('*')) paths = undefined;
  const wanted = paths ? result.diff.filter((e) => paths.includes(e.path)) : result.diff.filter((e) => e.change === 'changed');
  const refused: RefusedEdit[] = (paths ?? [])
    .filter((p) => !result.diff.some((e) => e.path === p))
    .map((path) => ({ path, reason: 'no difference at this path' }));
  if (result.ref.kind === 'Secret' && groupOf(result.ref.apiVersion) === '') {
    return { edits: [], refused: [...refused, ...wanted.map((e) => ({ path: e.path, reason: SECRET_REFUSAL }))] };
  }
  const d = findObjectForResult(parseManifestText(file, text).objects, result);
  if (!d) return { edits: [], refused: [...refused, ...wanted.map((e) => ({ path: e.path, reason: 'the object is not in this text' }))] };
  const writer = new FieldWriter(text, d);
  const edits: TextEdit[] = [];
  for (const e of wanted) {
    const out = writer.adopt(e, opts);
    if ('reason' in out) refused.push({ path: e.path, reason: out.reason });
    else edits.push(out);
  }
  return { edits: withoutOverlaps(edits), refused };
}

class FieldWriter {
  private readonly lines: LineIndex;
  private readonly eol: '\r\n' | '\n';

  constructor(
    private readonly text: string,
    private readonly d: DesiredObject,
  ) {
    this.lines = new LineIndex(text);
    this.eol = lineBreakOf(text);
  }

  adopt(e: DiffEntry, opts: AdoptLiveOptions): TextEdit | { reason: string } {
    if (e.masked) return { reason: SECRET_REFUSAL };
    if (e.change === 'added') return { reason: 'the cluster does not have this field; Adopt does not delete it from the manifest' };
    const anchor = anchorEntry(e, this.d.object);
    if (e.change === 'removed') {
      if (!opts.addLiveOnlyFields) return { reason: 'only in the cluster: adopting it would add a field to the manifest (not asked)' };
      return this.insert(e, anchor.exact ? undefined : anchor.path);
    }
    if (!anchor.exact) return { reason: 'the field is not in the manifest' };
    return this.replace(anchor.path, e.live);
  }

  private replace(path: FieldPath, live: unknown): TextEdit | { reason: string } {
    const field = this.d.source.fieldRange(path);
    if (!field) return { reason: 'the field is not in the manifest' };
    const shared = this.sharedThroughAnchor(path);
    if (shared) return { reason: shared };
    const { key, value } = field;
    const current = valueAt(this.d.object, path);
    const style = styleAt(this.text, value.start.offset, current);
    const ctx = this.renderContext(path, style === 'block-map' || style === 'block-seq' ? value : key ?? value, key, value);
    const rendered = renderValue(live, style, ctx);
    const blockToInline = (style === 'block-map' || style === 'block-seq') && !rendered.includes('\n') && key;
    // A block collection replaced by a scalar or a flow collection moves up onto the key's line.
    const start = blockToInline ? key.end.offset : value.start.offset;
    const newText = blockToInline ? `: ${rendered}` : rendered;
    return this.edit(start, value.end.offset, newText);
  }

  /** Adds a field only the cluster has to its parent map (`anchor`, the nearest existing parent). */
  private insert(e: DiffEntry, parentPath: FieldPath | undefined): TextEdit | { reason: string } {
    const segments = parseDiffPath(e.path);
    if (!segments || !parentPath) return { reason: 'the field is already in the manifest' };
    const resolvedDepth = countSegmentsFor(segments, parentPath);
    const rest = segments.slice(resolvedDepth);
    if (rest.length === 1 && rest[0].kind === 'index' && Array.isArray(valueAt(this.d.object, parentPath))) {
      return this.appendItem(parentPath, e.live);
    }
    if (rest.length === 0 || rest.some((s) => s.kind !== 'field')) return { reason: 'the cluster-only field is inside a list item the manifest does not have' };
    const names = rest.map((s) => (s as { name: string }).name);
    let live = e.live;
    for (const name of names.slice(1).reverse()) live = { [name]: live };
    const parent = this.d.source.fieldRange(parentPath);
    if (!parent || typeof valueAt(this.d.object, parentPath) !== 'object') return { reason: 'the parent of the field is not a map in the manifest' };
    const shared = this.sharedThroughAnchor(parentPath);
    if (shared) return { reason: shared };
    const v = parent.value;
    const keyText = renderKey(names[0]);
    if (this.text[v.start.offset] === '{') {
      const close = v.end.offset - 1;
      const ctx = this.renderContext(parentPath, v, parent.key, v, true);
      const empty = /^\{\s*$/.test(this.text.slice(v.start.offset, close));
      return this.edit(close, close, `${empty ? '' : ', '}${keyText}: ${renderValue(live, 'flow', ctx)}`);
    }
    const column = v.start.character;
    const ctx = this.renderContext(parentPath, v, parent.key, v);
    const style = styleOfNew(live);
    // A block collection starts on the next line, one step in (sequences level with the key when the file does so).
    const childColumn = style === 'plain' ? column : column + (style === 'block-map' || ctx.indentSeq ? ctx.indentStep : 0);
    const rendered = renderValue(live, style, { ...ctx, column: childColumn });
    const onNextLine = style !== 'plain' && !/^[[{]/.test(rendered);
    const body = onNextLine ? `\n${' '.repeat(childColumn)}${rendered}` : ` ${rendered}`;
    // After the parent's last line (a comment at its end stays on that line).
    let at = this.text.indexOf('\n', v.end.offset);
    if (at < 0) at = this.text.length;
    else if (this.text[at - 1] === '\r') at--;
    return this.edit(at, at, `\n${' '.repeat(column)}${keyText}:${body}`);
  }

  /** Appends an item only the cluster has to the end of a list of the manifest (atomic lists: `args`, `command`). */
  private appendItem(listPath: FieldPath, live: unknown): TextEdit | { reason: string } {
    const list = this.d.source.fieldRange(listPath);
    if (!list) return { reason: 'the list is not in the manifest' };
    const shared = this.sharedThroughAnchor(listPath);
    if (shared) return { reason: shared };
    const v = list.value;
    const items = valueAt(this.d.object, listPath) as unknown[];
    const ctx = this.renderContext(listPath, v, list.key, v);
    if (this.text[v.start.offset] === '[') {
      const close = v.end.offset - 1;
      return this.edit(close, close, `${items.length ? ', ' : ''}${renderValue(live, 'flow', { ...ctx, inFlow: true })}`);
    }
    const column = v.start.character;
    const style = styleOfNew(live);
    const rendered = renderValue(live, style, { ...ctx, column: column + 2 });
    let at = this.text.indexOf('\n', v.end.offset);
    if (at < 0) at = this.text.length;
    else if (this.text[at - 1] === '\r') at--;
    return this.edit(at, at, `\n${' '.repeat(column)}- ${rendered}`);
  }

  private renderContext(path: FieldPath, at: SourceRange, key: SourceRange | undefined, value: SourceRange, inFlow = false): RenderContext {
    return {
      column: at.start.character,
      indentStep: this.indentStep(),
      indentSeq: key ? value.start.character > key.start.character : true,
      inFlow: inFlow || this.insideFlow(path),
    };
  }

  /** Whether the value at `path` sits inside a flow collection. */
  private insideFlow(path: FieldPath): boolean {
    for (let n = 0; n < path.length; n++) {
      const r = this.d.source.fieldRange(path.slice(0, n));
      const c = r ? this.text[r.value.start.offset] : undefined;
      if (c === '{' || c === '[') return true;
    }
    return false;
  }

  /**
   * Why writing at `path` would also change other places (a value reached through an alias or merge key, or under
   * an anchor that is aliased elsewhere), or undefined when the write stays local.
   */
  private sharedThroughAnchor(path: FieldPath): string | undefined {
    let outer = this.d.source.range;
    for (let n = 1; n <= path.length; n++) {
      const r = this.d.source.fieldRange(path.slice(0, n));
      if (!r) return 'the field is not in the manifest';
      const start = (r.key ?? r.value).start.offset;
      if (start < outer.start.offset || r.value.end.offset > outer.end.offset || (r.key && r.value.start.offset < r.key.end.offset)) {
        return 'the value comes from a YAML alias or merge key (`*name`, `<<:`); edit the anchored value instead';
      }
      const props = this.text.slice(r.key ? r.key.end.offset : this.text.lastIndexOf('-', r.value.start.offset), r.value.start.offset);
      const anchor = /&([^\s,[\]{}]+)/.exec(props);
      if (anchor && this.text.includes(`*${anchor[1]}`)) {
        return `the value is under the YAML anchor &${anchor[1]}, which is used elsewhere; edit it by hand`;
      }
      outer = r.value;
    }
    return undefined;
  }

  private indentStep(): number {
    const m = /\n( +)\S/.exec(this.text.slice(this.d.source.range.start.offset, this.d.source.range.end.offset));
    return m ? Math.min(m[1].length, 4) || 2 : 2;
  }

  private edit(start: number, end: number, newText: string): TextEdit {
    return { range: this.lines.range(start, end), newText: withLineBreaks(newText, this.eol) };
  }
}

/** The style a value gets where the manifest has nothing yet. */
function styleOfNew(live: unknown): ValueStyle {
  if (Array.isArray(live)) return 'block-seq';
  return typeof live === 'object' && live !== null ? 'block-map' : 'plain';
}

/** How many leading segments of a diff path `parentPath` (a resolved prefix) covers. */
function countSegmentsFor(segments: ReturnType<typeof parseDiffPath> & object, parentPath: FieldPath): number {
  // Dotted keys are one path element but several unquoted segments: count by consuming names.
  let i = 0;
  for (const p of parentPath) {
    const s = segments[i];
    if (!s) return i;
    if (typeof p === 'number' || s.kind !== 'field') {
      i++;
      continue;
    }
    let name = s.name;
    i++;
    while (name !== p && i < segments.length && segments[i].kind === 'field') name += `.${(segments[i++] as { name: string }).name}`;
  }
  return i;
}
