// Turns manifest text (YAML, multi-document, or JSON) into DesiredObjects with exact source ranges.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, visit, type Tags } from 'yaml';
import type { Document, Node, Scalar, YAMLError } from 'yaml';
import type { DesiredObject, FieldPath, KubeObject, ManifestProblem, ParsedFile, SourceLocation } from '../types';
import { fastFieldOffsets, fastNodeTree, type FastNode } from './fast-field-ranges';
import { fastParseDocuments } from './fast-yaml';
import { LineIndex } from './line-index';
import { findFieldNodes, nodeOffsets, resolveAlias } from './yaml-node-ranges';

/** Upper bound on alias expansion when converting a document to JSON (defuses "billion laughs"). */
export const MAX_ALIAS_COUNT = 1000;

const FLOAT_TAG = 'tag:yaml.org,2002:float';
/**
 * go-yaml v2 reads a number only where a digit, sign or dot comes first; the yaml library's YAML 1.1 exponent form
 * also takes `e-0` or `E5` (no digit before the exponent) for a float, NaN, which would turn namespace `e-0` into
 * null. Here the exponent form needs a digit in its mantissa.
 */
const FLOAT_EXP = /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)[eE][-+]?[0-9]+$/;

// uniqueKeys is checked by findDuplicateKeys (the parser's own check is quadratic in the number of keys).
// kubectl reads manifests as YAML 1.1 (go-yaml v2 via sigs.k8s.io/yaml): `on`/`yes`/`y` are booleans,
// `012` is octal. Timestamps stay strings and sexagesimal numbers are not numbers, as in go-yaml v2.
export const PARSE_OPTIONS = {
  prettyErrors: true,
  uniqueKeys: false,
  merge: true,
  strict: true,
  version: '1.1',
  customTags: (tags: Tags) =>
    tags
      .filter((t) => typeof t === 'string' || (t.tag !== 'tag:yaml.org,2002:timestamp' && (t as { format?: string }).format !== 'TIME'))
      .map((t) => (typeof t !== 'string' && t.tag === FLOAT_TAG && (t as { format?: string }).format === 'EXP' ? ({ ...t, test: FLOAT_EXP } as typeof t) : t)),
} as const;

export async function parseManifestFile(file: string): Promise<ParsedFile> {
  return readFile(file).then(
    (bytes) => parseManifestBytes(file, bytes),
    (error: unknown) => readProblem(file, error),
  );
}

/**
 * `parseManifestFile` with a synchronous read: for many small files a blocking read costs a tenth of the CPU of an
 * asynchronous one (open, stat, read and close each a round trip through the thread pool). Callers keep the event
 * loop turning between files (see `loadWorkspaceManifests`).
 */
export function parseManifestFileSync(file: string): ParsedFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return readProblem(file, error);
  }
  return parseManifestBytes(file, bytes);
}

function parseManifestBytes(file: string, bytes: Buffer): ParsedFile {
  const text = decodeUtf8(bytes);
  if (text === undefined) return problemOnly(file, notTextProblem(file));
  return parseManifestText(file, text);
}

function readProblem(file: string, error: unknown): ParsedFile {
  return problemOnly(file, {
    file,
    severity: 'error',
    rule: 'read-error',
    message: `Cannot read file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
  });
}

/** `fast: false` skips the fast parser (tests compare both ways). */
export function parseManifestText(file: string, text: string, opts: { fast?: boolean } = {}): ParsedFile {
  if (text.includes('\u0000')) return problemOnly(file, notTextProblem(file));
  // Fast path: a file without these words holds no Kubernetes object (package-lock.json, Helm values, CI files).
  if (!text.includes('apiVersion') || !text.includes('kind')) return { file, objects: [], problems: [] };
  if (isHelmTemplate(file, text)) return { file, objects: [], problems: [] };

  const lines = new LineIndex(text);
  const fast = opts.fast === false ? undefined : fastObjects(file, text, lines);
  if (fast) return { file, objects: fast, problems: [] };
  const looksKubernetes = /\bapiVersion\b/.test(text);
  const objects: DesiredObject[] = [];
  const problems: ManifestProblem[] = [];
  const docs = parseDocuments(text);

  docs.forEach((doc, docIndex) => {
    const kubeLike = isKubeLikeNode(doc.contents);
    const syntaxErrors = doc.errors;
    if (syntaxErrors.length > 0) {
      if (looksKubernetes || kubeLike) {
        const seen = new Set<string>();
        for (const error of syntaxErrors) {
          const problem = yamlErrorProblem(file, error, lines, text, 'yaml-syntax');
          if (problem.rule === 'yaml-too-deep' && seen.has(problem.rule)) continue; // one per document is enough
          seen.add(problem.rule);
          problems.push(problem);
        }
      }
      return;
    }
    if (!kubeLike) return;
    for (const key of findDuplicateKeys(doc)) {
      problems.push({
        file,
        range: lines.range(...nodeOffsets(key, text)),
        severity: 'error',
        rule: 'duplicate-key',
        message: `Map keys must be unique: "${String((key as Scalar).value)}" is repeated`,
      });
    }
    for (const warning of doc.warnings) problems.push(yamlErrorProblem(file, warning, lines, text, 'yaml-warning'));

    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const root = doc.contents as Node;
      problems.push({
        file,
        range: lines.range(...nodeOffsets(root, text)),
        severity: 'error',
        rule: 'yaml-aliases',
        message: `Too many YAML alias expansions (limit ${MAX_ALIAS_COUNT}): ${(error as Error).message}`,
      });
      return;
    }
    if (text.includes('&')) value = cloneJson(value);
    collectObjects(value as Record<string, unknown>, doc.contents as Node, { file, docIndex, doc, text, lines }, objects, problems);
  });
  return { file, objects, problems };
}

function parseDocuments(text: string): Document.Parsed[] {
  return parseAllDocuments(text, PARSE_OPTIONS) as unknown as Document.Parsed[];
}

/**
 * The objects of a text the fast parser reads exactly like the Document API, when every document is either not a
 * Kubernetes object or a plain valid one (no List, nothing to report). Field ranges are computed on first use: from
 * js-yaml's node offsets (fast-field-ranges.ts), or by parsing the text the Document way where those step aside. Undefined: parse it the Document way now.
 */
function fastObjects(file: string, text: string, lines: LineIndex): DesiredObject[] | undefined {
  const docs = fastParseDocuments(text, PARSE_OPTIONS);
  if (!docs) return undefined;
  const objects: DesiredObject[] = [];
  const shared: FastFile = { text, lines, documentAt: lazyDocuments(text) };
  for (let docIndex = 0; docIndex < docs.length; docIndex++) {
    const { value, start, end } = docs[docIndex];
    if (!isPlainObject(value) || !Object.hasOwn(value, 'apiVersion') || !Object.hasOwn(value, 'kind')) continue;
    if (!isPlainValidObject(value)) return undefined;
    objects.push({ object: value as KubeObject, source: new FastSource(file, docIndex, lines.range(start, end), shared, start, end) });
  }
  return objects;
}

interface FastFile {
  text: string;
  lines: LineIndex;
  documentAt: (docIndex: number, start: number, end: number) => Document.Parsed | undefined;
}

/**
 * Where a fast-parsed object is (`sourceLocation`'s answers, as one small object per manifest object: a workspace of
 * 10,000 objects keeps every one). Field offsets come from js-yaml's nodes, or from the Document API where those step
 * aside.
 */
class FastSource implements SourceLocation {
  // Private (#) state: a source is serialised and copied like a plain `{ file, docIndex, range }` (the file's text
  // here holds Secret values, and must never travel with a report).
  readonly #shared: FastFile;
  readonly #start: number;
  readonly #end: number;
  /** js-yaml's node tree of the document, made on the first field asked (null: not yet). */
  #tree: FastNode | undefined | null = null;

  constructor(
    readonly file: string,
    readonly docIndex: number,
    readonly range: SourceLocation['range'],
    shared: FastFile,
    start: number,
    end: number,
  ) {
    this.#shared = shared;
    this.#start = start;
    this.#end = end;
  }

  fieldRange(fieldPath: FieldPath): ReturnType<SourceLocation['fieldRange']> {
    const { text, lines } = this.#shared;
    if (this.#tree === null) this.#tree = fastNodeTree(text, this.#start, this.#end, PARSE_OPTIONS);
    if (this.#tree) {
      const found = fastFieldOffsets(this.#tree, fieldPath);
      return found && { key: found.key && lines.range(...found.key), value: lines.range(...found.value) };
    }
    const doc = this.#shared.documentAt(this.docIndex, this.#start, this.#end);
    return doc?.contents ? documentFieldRange({ node: doc.contents as Node, doc }, fieldPath, text, lines) : undefined;
  }
}

/** Documents parsed one at a time before the whole text is (CLI output asks for one object of a file or two). */
const SINGLE_DOCUMENTS_PER_FILE = 2;

/**
 * The Document API's parse of document `docIndex` (root node at `start`–`end`), on demand: the first few alone (the
 * text before it blanked, so offsets stay those of the whole text), then every document of the text at once.
 */
function lazyDocuments(text: string): (docIndex: number, start: number, end: number) => Document.Parsed | undefined {
  const single = new Map<number, Document.Parsed | undefined>();
  let all: Document.Parsed[] | undefined;
  return (docIndex, start, end) => {
    if (all) return all[docIndex];
    if (single.has(docIndex)) return single.get(docIndex);
    if (single.size < SINGLE_DOCUMENTS_PER_FILE) {
      const doc = documentAlone(text, start, end);
      if (doc) {
        single.set(docIndex, doc);
        return doc;
      }
    }
    all = parseDocuments(text);
    return all[docIndex];
  };
}

/** The one document whose root node spans `start`–`end`, parsed alone; undefined when it does not parse the same. */
function documentAlone(text: string, start: number, end: number): Document.Parsed | undefined {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const docs = parseDocuments(text.slice(0, lineStart).replace(/[^\n]/g, ' ') + text.slice(lineStart, end));
  const [doc] = docs;
  if (docs.length !== 1 || doc.errors.length || (doc.contents as Node | null)?.range?.[0] !== start) return undefined;
  return doc;
}

/** An object addObject would take as it is (no List to expand, no problem to report). */
function isPlainValidObject(value: Record<string, unknown>): boolean {
  const { apiVersion, kind, metadata } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return false;
  if (kind.endsWith('List') && Array.isArray(value.items)) return false;
  if (!isPlainObject(metadata)) return false;
  return (typeof metadata.name === 'string' && metadata.name !== '') || (typeof metadata.generateName === 'string' && metadata.generateName !== '');
}

/**
 * Configuration files of tools that look like objects but are never sent to an API server, so they are not
 * manifests (skipped like any other non-Kubernetes YAML, not reported as "has no metadata.name"): kubeconfigs
 * (`v1` `Config`) and component configs (kind, kubeadm, kubelet, kube-proxy, audit policies, k3d…). Only without
 * `metadata`: an object that has one is checked as usual.
 */
const TOOL_CONFIG_GROUPS = /^(kind\.x-k8s\.io|kubeadm\.k8s\.io|audit\.k8s\.io|k3d\.io|ctlptl\.dev|[a-z0-9.-]+\.config\.k8s\.io)\//;

function isToolConfig(value: Record<string, unknown>): boolean {
  if (value.metadata !== undefined) return false;
  const apiVersion = value.apiVersion as string;
  return (apiVersion === 'v1' && value.kind === 'Config') || TOOL_CONFIG_GROUPS.test(apiVersion);
}

interface DocContext {
  file: string;
  docIndex: number;
  doc: Document.Parsed;
  text: string;
  lines: LineIndex;
}

function collectObjects(
  value: Record<string, unknown>,
  node: Node,
  ctx: DocContext,
  objects: DesiredObject[],
  problems: ManifestProblem[],
): void {
  const kind = value.kind;
  if (typeof value.apiVersion !== 'string' || typeof kind !== 'string') {
    problems.push(objectProblem(ctx, node, ['apiVersion'], 'invalid-object', '`apiVersion` and `kind` must be strings'));
    return;
  }
  if (isToolConfig(value)) return;
  if (kind.endsWith('List') && Array.isArray(value.items)) {
    const itemsNode = findFieldNodes(node, ['items'], ctx.doc)?.value;
    value.items.forEach((item, listIndex) => {
      const itemNode = isSeq(itemsNode) ? resolveAlias(itemsNode.items[listIndex], ctx.doc) : undefined;
      if (!itemNode) return;
      if (!isPlainObject(item) || item.apiVersion === undefined || item.kind === undefined) {
        problems.push(
          objectProblem(ctx, itemNode, [], 'invalid-list-item', `Item ${listIndex} of the ${kind} is not a Kubernetes object (needs apiVersion and kind)`),
        );
        return;
      }
      addObject(item, itemNode, ctx, listIndex, objects, problems);
    });
    return;
  }
  addObject(value, node, ctx, undefined, objects, problems);
}

function addObject(
  value: Record<string, unknown>,
  node: Node,
  ctx: DocContext,
  listIndex: number | undefined,
  objects: DesiredObject[],
  problems: ManifestProblem[],
): void {
  if (typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') {
    problems.push(objectProblem(ctx, node, ['apiVersion'], 'invalid-object', '`apiVersion` and `kind` must be strings'));
    return;
  }
  if (value.metadata !== undefined && !isPlainObject(value.metadata)) {
    problems.push(objectProblem(ctx, node, ['metadata'], 'invalid-object', '`metadata` must be a map'));
    return;
  }
  const metadata = (value.metadata ?? {}) as Record<string, unknown>;
  const hasName = typeof metadata.name === 'string' && metadata.name !== '';
  const hasGenerateName = typeof metadata.generateName === 'string' && metadata.generateName !== '';
  if (!hasName && !hasGenerateName) {
    const at: FieldPath = value.metadata !== undefined ? ['metadata'] : ['kind'];
    problems.push(objectProblem(ctx, node, at, 'missing-name', `${value.kind} has no metadata.name`));
    return;
  }
  if (value.metadata === undefined) value.metadata = metadata;
  const root = { node, doc: ctx.doc };
  objects.push({ object: value as KubeObject, source: sourceLocation(ctx, ctx.lines.range(...nodeOffsets(node, ctx.text)), () => root, listIndex) });
}

/** Where an object is; `root` gives its node (and document) when a field's range is asked for. */
function sourceLocation(
  ctx: Pick<DocContext, 'file' | 'docIndex' | 'text' | 'lines'>,
  range: SourceLocation['range'],
  root: () => { node: Node; doc: Document.Parsed } | undefined,
  listIndex: number | undefined,
): SourceLocation {
  const { text, lines } = ctx;
  const location: SourceLocation = {
    file: ctx.file,
    docIndex: ctx.docIndex,
    range,
    fieldRange(fieldPath: FieldPath) {
      const at = root();
      return at && documentFieldRange(at, fieldPath, text, lines);
    },
  };
  if (listIndex !== undefined) location.listIndex = listIndex;
  return location;
}

/** A field's key and value ranges from the Document API's nodes. */
function documentFieldRange(at: { node: Node; doc: Document.Parsed }, fieldPath: FieldPath, text: string, lines: LineIndex): ReturnType<SourceLocation['fieldRange']> {
  const nodes = findFieldNodes(at.node, fieldPath, at.doc);
  if (!nodes) return undefined;
  return {
    key: nodes.key ? lines.range(...nodeOffsets(nodes.key, text)) : undefined,
    value: lines.range(...nodeOffsets(nodes.value, text)),
  };
}

function objectProblem(ctx: DocContext, node: Node, at: FieldPath, rule: string, message: string): ManifestProblem {
  const field = findFieldNodes(node, at, ctx.doc);
  const target = field?.key ?? field?.value ?? node;
  return { file: ctx.file, range: ctx.lines.range(...nodeOffsets(target, ctx.text)), severity: 'error', rule, message };
}

function yamlErrorProblem(
  file: string,
  error: YAMLError,
  lines: LineIndex,
  text: string,
  rule: string,
): ManifestProblem {
  const [start, end] = error.pos;
  const clampedStart = Math.min(start, text.length);
  // The parser recurses per nesting level; thousands of levels exhaust the stack (caught by the parser).
  const tooDeep = /Maximum call stack size exceeded/.test(error.message);
  return {
    file,
    range: lines.range(clampedStart, Math.min(Math.max(end, clampedStart), text.length)),
    severity: error.name === 'YAMLWarning' ? 'warning' : 'error',
    rule: tooDeep ? 'yaml-too-deep' : rule,
    message: tooDeep ? 'Nested too deeply to parse (thousands of levels); the file is skipped' : firstLine(error.message),
  };
}

/** Keys repeated in a map (the second and later occurrences), in one pass over the document. */
function findDuplicateKeys(doc: Document.Parsed): Node[] {
  const duplicates: Node[] = [];
  visit(doc, {
    Map(_key, map) {
      if (map.items.length < 2) return;
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key) || typeof key.value === 'symbol') continue;
        const name = String(key.value);
        if (seen.has(name)) duplicates.push(key);
        else seen.add(name);
      }
    },
  });
  return duplicates;
}

function isKubeLikeNode(node: unknown): boolean {
  if (!isMap(node)) return false;
  let apiVersion = false;
  let kind = false;
  for (const item of node.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    if (item.key.value === 'apiVersion') apiVersion = true;
    else if (item.key.value === 'kind') kind = true;
  }
  return apiVersion && kind;
}

function isHelmTemplate(file: string, text: string): boolean {
  return file.split(/[\\/]/).includes('templates') && text.includes('{{');
}

function decodeUtf8(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function notTextProblem(file: string): ManifestProblem {
  return {
    file,
    severity: 'warning',
    rule: 'not-text',
    message: `${path.basename(file)} is not UTF-8 text (binary or another encoding); skipped`,
  };
}

function problemOnly(file: string, problem: ManifestProblem): ParsedFile {
  return { file, objects: [], problems: [problem] };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/:$/, '');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Aliases make toJS share one JS object between places; give every place its own copy. */
function cloneJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneJson);
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(copy, key, { value: cloneJson(item), enumerable: true, writable: true, configurable: true });
    }
    return copy;
  }
  return value;
}
