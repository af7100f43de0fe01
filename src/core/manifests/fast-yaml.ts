// The fast path of manifest parsing: js-yaml (several times faster than the `yaml` Document API, most of all in a
// cold process) with the plain scalars resolved by the `yaml` library's own YAML 1.1 tags, so values come out as
// the Document API makes them. It gives each document's value and the exact offsets the Document API would give
// its root node (`nodeOffsets`), nothing else: field ranges are computed later, on demand (fast-field-ranges.ts).
// Whenever the input uses something where the two parsers could differ (anchors, aliases, merge keys, explicit
// tags, complex or null keys, any error), it returns undefined and the caller parses the Document way.
import { load, loadAll, Schema as JsYamlSchema, Type } from 'js-yaml';
import { isScalar, parseDocument, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';

export interface FastDocument {
  value: unknown;
  /** Offsets of the root node as `nodeOffsets(doc.contents, text)` gives them. */
  start: number;
  end: number;
}

export type YamlOptions = ParseOptions & DocumentOptions & SchemaOptions;

/** Thrown inside js-yaml to give up on the fast path. */
class NotFast extends Error {}
const NOT_FAST = new NotFast('not fast');

const PLAIN_TAG = 'tag:converge,2026:yaml-1.1-plain';

interface PlainTag {
  test?: RegExp;
  default?: boolean | 'key';
  resolve: (value: string, onError: (message: string) => void, options: YamlOptions) => unknown;
}

/** A js-yaml schema whose only implicit type resolves plain scalars with the `yaml` library's tags. */
function schemaFor(options: YamlOptions): JsYamlSchema {
  const tags = parseDocument('', options).schema.tags as unknown as PlainTag[];
  const byTest = tags.filter((t) => t.default === true && t.test);
  const failed = (): never => {
    throw NOT_FAST;
  };
  const plain = new Type(PLAIN_TAG, {
    kind: 'scalar',
    resolve: (data: unknown) => typeof data === 'string',
    construct: (data: string) => {
      const tag = byTest.find((t) => t.test!.test(data));
      if (!tag) return data;
      const res = tag.resolve(data, failed, options);
      return isScalar(res) ? res.value : res;
    },
  });
  // The failsafe schema (str, seq, map) for explicit `!!str`-style tags, which the listener rejects anyway.
  return new JsYamlSchema({ implicit: [plain], explicit: [] });
}

const schemas = new WeakMap<object, JsYamlSchema>();

/** The js-yaml schema for these `yaml` options (made once per options object). */
export function fastSchema(options: YamlOptions): JsYamlSchema {
  let schema = schemas.get(options);
  if (!schema) schemas.set(options, (schema = schemaFor(options)));
  return schema;
}

const SPACE = new Set([' ', '\t', '\r', '\n']);

export function trimEnd(text: string, end: number): number {
  let at = Math.min(end, text.length); // js-yaml reads the text with a newline added at its end
  while (at > 0 && SPACE.has(text[at - 1])) at--;
  return at;
}

/** First offset at or after `from` that is not blank or inside a comment. */
export function skipBlankAndComments(text: string, from: number): number {
  let at = from;
  for (;;) {
    while (at < text.length && SPACE.has(text[at])) at++;
    if (text[at] !== '#') return at;
    while (at < text.length && text[at] !== '\n') at++;
  }
}

/** The Document API puts an empty value after the blanks that follow its colon. */
export function emptyValueEnd(text: string, afterColon: number): number {
  let at = afterColon;
  while (text[at] === ' ' || text[at] === '\t') at++;
  return at;
}

/** Constructs where the parsers may disagree; these texts go the slow way. */
const EXOTIC = /(^|\n)[ \t]*(?:- +)*\? |<<|(^|\n)[ \t]*(?:- +)*[[{][^\n]*[\]}][ \t]*:(?:[ \t]|$)|^%|(^|\n)[ \t]*-[ \t]*(#[^\n]*)?(\r?\n|$)/;

/**
 * Every document of `text` with the exact offsets of its root node, or undefined when the Document API must decide
 * (anything unusual, any error). `options` must be the options the Document API is called with.
 */
export function fastParseDocuments(text: string, options: YamlOptions): FastDocument[] | undefined {
  // js-yaml drops a BOM (offsets would shift) and takes a lone CR for a line break.
  if (text.charCodeAt(0) === 0xfeff || EXOTIC.test(text) || /\r(?!\n)/.test(text)) return undefined;
  const schema = fastSchema(options);
  const opens: number[] = [];
  const docs: Array<{ start: number; end: number }> = [];
  let leafEnd = 0;
  const listener = (event: 'open' | 'close', state: { position: number; depth: number; kind: string | null; tag: string | null; anchor: string | null }) => {
    if (event === 'open') {
      opens.push(state.position);
      return;
    }
    const open = opens.pop()!;
    if (state.anchor !== null || (state.tag !== null && state.tag !== PLAIN_TAG)) throw NOT_FAST;
    if (state.kind === null) {
      // An empty value (`key:`) ends right after its colon; other empty nodes are js-yaml looking for another key.
      if (text[open - 1] === ':') leafEnd = emptyValueEnd(text, open);
    } else {
      const start = skipBlankAndComments(text, open);
      const first = text[start];
      const flowOrScalar = state.kind === 'scalar' || first === '[' || first === '{';
      if (flowOrScalar) {
        const end = trimEnd(text, state.position);
        // Indentation rules for flow scalars and collections over several lines differ (js-yaml is lenient).
        if (first !== '|' && first !== '>' && text.lastIndexOf('\n', end - 1) > start) throw NOT_FAST;
        leafEnd = end; // a block collection ends where its last item does
      }
    }
    if (state.depth === 1) docs.push({ start: skipBlankAndComments(text, open), end: Math.max(leafEnd, skipBlankAndComments(text, open)) });
  };
  let values: unknown[];
  try {
    values = [];
    loadAll(text, (v) => values.push(v), { schema, listener, json: false } as unknown as Parameters<typeof load>[1]);
  } catch {
    return undefined;
  }
  if (values.length !== docs.length || markerInside(text, docs)) return undefined;
  for (const v of values) if (hasUnsafeKey(v)) return undefined;
  return values.map((value, i) => ({ value, start: docs[i].start, end: docs[i].end }));
}

/** A `---` or `...` line inside a document (in a quoted string, which js-yaml accepts and YAML forbids). */
function markerInside(text: string, docs: Array<{ start: number; end: number }>): boolean {
  const markers = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;
  let doc = 0;
  for (let m = markers.exec(text); m; m = markers.exec(text)) {
    while (doc < docs.length && docs[doc].end <= m.index) doc++;
    if (doc < docs.length && docs[doc].start < m.index) return true;
  }
  return false;
}

/** Keys js-yaml writes differently: a null key ("null" vs ""), a collection key ("[object Object]"). */
function hasUnsafeKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasUnsafeKey);
  if (value === null || typeof value !== 'object') return false;
  for (const key of Object.keys(value)) {
    if (key === 'null' || key === '[object Object]' || key === '') return true;
    if (hasUnsafeKey((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}
