// How each kind of field decoration looks, and the decorations of a document grouped by kind. Pure: no vscode
// import; `decorations.ts` turns these into TextEditorDecorationTypes.
import type { FieldDecoration, FieldDecorationKind } from '../../core/editor';
import { EDITOR_COLORS } from './ids';

export const DECORATION_KINDS: readonly FieldDecorationKind[] = ['changed', 'added', 'removed', 'missing'];

export interface DecorationStyle {
  /** Theme colour ids (contributed). */
  background: string;
  foreground: string;
  /** Gutter marker SVGs (a gutter icon cannot use theme colours): light and dark themes. */
  gutterLight: string;
  gutterDark: string;
  /** Words for the overview ruler and screen readers. */
  label: string;
}

/** Shapes like the SCM gutter: a bar for changed, a plus for added/missing, a wedge for live-only. */
const SHAPES: Record<FieldDecorationKind, (fill: string) => string> = {
  changed: (f) => `<rect x="5" y="0" width="4" height="16" fill="${f}"/>`,
  added: (f) => `<path d="M6 3h3v4h4v3H9v4H6v-4H2V7h4z" fill="${f}"/>`,
  missing: (f) => `<rect x="2" y="2" width="11" height="12" rx="2" fill="none" stroke="${f}" stroke-width="2"/><path d="M6.5 5h2v2h2v2h-2v2h-2V9h-2V7h2z" fill="${f}"/>`,
  removed: (f) => `<path d="M3 4l9 4-9 4z" fill="${f}"/>`,
};

const FILLS: Record<FieldDecorationKind, { light: string; dark: string }> = {
  changed: { light: '#b58900', dark: '#e2c08d' },
  added: { light: '#2e7d32', dark: '#81b88b' },
  missing: { light: '#1565c0', dark: '#6cb6ff' },
  removed: { light: '#c62828', dark: '#f48771' },
};

const LABELS: Record<FieldDecorationKind, string> = {
  changed: 'changed in the cluster',
  added: 'not in the cluster',
  removed: 'only in the cluster',
  missing: 'object not in the cluster',
};

export function gutterSvg(kind: FieldDecorationKind, fill: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16">${SHAPES[kind](fill)}</svg>`;
}

/** A `data:` URI for an SVG (what a gutter icon path accepts without a file). */
export function svgDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}

export function decorationStyle(kind: FieldDecorationKind): DecorationStyle {
  return {
    ...EDITOR_COLORS[kind],
    gutterLight: svgDataUri(gutterSvg(kind, FILLS[kind].light)),
    gutterDark: svgDataUri(gutterSvg(kind, FILLS[kind].dark)),
    label: LABELS[kind],
  };
}

/** One decoration as an editor shows it: lines to highlight and the text after the first line. */
export interface DecorationItem {
  startLine: number;
  endLine: number;
  /** Where the after-text goes (end of the first line). */
  afterLine: number;
  afterCharacter: number;
  afterText: string;
}

/**
 * Decorations grouped by kind. Several decorations on one line (a parent anchoring several live-only fields) are
 * joined into one after-text, so no text hides another.
 */
export function decorationsByKind(decorations: readonly FieldDecoration[]): Record<FieldDecorationKind, DecorationItem[]> {
  const out: Record<FieldDecorationKind, DecorationItem[]> = { changed: [], added: [], removed: [], missing: [] };
  const byLine = new Map<string, DecorationItem>();
  for (const d of decorations) {
    // An object the cluster lacks, and a parent standing in for a field it does not have, are marked on their first
    // line only (the whole block would hide the marks inside it).
    const endLine = d.kind === 'missing' || d.anchored ? d.range.start.line : d.range.end.line;
    const key = `${d.kind}:${d.afterTextAt.line}`;
    const same = byLine.get(key);
    if (same) {
      if (!same.afterText.split(' · ').includes(d.afterText)) same.afterText += ` · ${d.afterText}`;
      same.endLine = Math.max(same.endLine, endLine);
      continue;
    }
    const item: DecorationItem = {
      startLine: d.range.start.line,
      endLine,
      afterLine: d.afterTextAt.line,
      afterCharacter: d.afterTextAt.character,
      afterText: d.afterText,
    };
    byLine.set(key, item);
    out[d.kind].push(item);
  }
  return out;
}
