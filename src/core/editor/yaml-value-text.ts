// YAML text of a value written in place of an existing one, in the style the file already uses there: the same
// quoting for strings, flow or block collections, block scalars re-indented; YAML 1.1 quoting rules (kubectl's:
// `yes`, `n`, `012` stay strings).
import { stringify } from 'yaml';
import { isPlainObject } from '../normalize/normalizer';

export type ValueStyle = 'plain' | 'double' | 'single' | 'block-scalar' | 'flow' | 'block-map' | 'block-seq';

/** The style of the value written at `start` (its first character) holding `current`. */
export function styleAt(text: string, start: number, current: unknown): ValueStyle {
  const c = text[start];
  if (c === '"') return 'double';
  if (c === "'") return 'single';
  if (c === '|' || c === '>') return 'block-scalar';
  if (c === '{' || c === '[') return 'flow';
  if (Array.isArray(current)) return 'block-seq';
  if (isPlainObject(current)) return 'block-map';
  return 'plain';
}

const STRING_TYPE = { double: 'QUOTE_DOUBLE', single: 'QUOTE_SINGLE', 'block-scalar': 'BLOCK_LITERAL' } as const;

export interface RenderContext {
  /** Column where the value's block content goes (collections: their first line's column). */
  column: number;
  /** Columns of one indentation step in the file. */
  indentStep: number;
  /** Block sequences indented under their key (`key:\n  - a`) rather than level with it. */
  indentSeq: boolean;
  /** The value sits inside a flow collection: strings with flow indicators are quoted, collections are flow. */
  inFlow: boolean;
}

/**
 * Text for `value` to replace a value of style `old`. The first line is not indented (it continues where the old
 * value started); the following lines are. Line breaks are `\n`.
 */
export function renderValue(value: unknown, old: ValueStyle, ctx: RenderContext): string {
  const base = { version: '1.1' as const, lineWidth: 0, indent: ctx.indentStep };
  if (Array.isArray(value) || isPlainObject(value)) {
    const empty = Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
    const block = !ctx.inFlow && !empty && ((old === 'block-map' && isPlainObject(value)) || (old === 'block-seq' && Array.isArray(value)));
    if (!block) return trimEnd(stringify(value, { ...base, collectionStyle: 'flow', flowCollectionPadding: false }));
    return indentFollowing(trimEnd(stringify(value, { ...base, indentSeq: ctx.indentSeq })), ctx.column);
  }
  if (typeof value !== 'string') return value === null || value === undefined ? 'null' : String(value);
  let type: string = old in STRING_TYPE ? STRING_TYPE[old as keyof typeof STRING_TYPE] : 'PLAIN';
  if (type === 'BLOCK_LITERAL' && !value.includes('\n')) type = 'PLAIN';
  if (ctx.inFlow && (type === 'BLOCK_LITERAL' || (type === 'PLAIN' && /[,[\]{}\n]/.test(value)))) type = 'QUOTE_DOUBLE';
  const text = trimEnd(stringify(value, { ...base, defaultStringType: type as 'PLAIN', singleQuote: old === 'single' }));
  // A block scalar's content lines go one step deeper than the line holding its key.
  return text.includes('\n') ? indentFollowing(text, ctx.column + ctx.indentStep) : text;
}

/** Text of a map key (`app.kubernetes.io/name`, `"yes"`). */
export function renderKey(key: string): string {
  return trimEnd(stringify(key, { version: '1.1', lineWidth: 0 }));
}

function trimEnd(s: string): string {
  return s.replace(/\n+$/, '');
}

function indentFollowing(s: string, column: number): string {
  const pad = ' '.repeat(column);
  return s
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : pad + line))
    .join('\n');
}
