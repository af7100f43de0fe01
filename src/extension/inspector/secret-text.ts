// Secret values never reach the webview: in the manifest text sent to it, every `data`/`stringData` value (and a
// last-applied annotation) is replaced by "***"; when an edit comes back, masks still in place get the original
// value back, verbatim from the file. Pure, no vscode import.
import { isMap, isScalar, parseDocument, type Document, type Node, type Pair } from 'yaml';
import { MASK } from '../../core/diff/secret-mask';
import { LAST_APPLIED_ANNOTATION } from '../../core/normalize/normalizer';

const MASK_TEXT = `"${MASK}"`;
const SECRET_FIELDS = ['data', 'stringData'] as const;

/** A value in the text: where it is, addressed by field and key. */
interface ValueSpot {
  key: string;
  start: number;
  end: number;
}

function parse(text: string): Document | undefined {
  try {
    const doc = parseDocument(text, { version: '1.1', uniqueKeys: false });
    return doc.errors.length ? undefined : doc;
  } catch {
    return undefined;
  }
}

/** Start/end of a value without the line breaks a block scalar ends with. */
function valueSpan(text: string, node: Node): { start: number; end: number } | undefined {
  const r = node.range;
  if (!r) return undefined;
  let end = r[1];
  while (end > r[0] && /\s/.test(text[end - 1])) end--;
  return { start: r[0], end };
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

/** The values that hold secret data, by `field/key` (`data/password`, `data` for a whole non-map field). */
function secretSpots(text: string, doc: Document): ValueSpot[] {
  const spots: ValueSpot[] = [];
  for (const field of SECRET_FIELDS) {
    const node = doc.get(field, true) as Node | undefined;
    if (!node) continue;
    if (isMap(node)) {
      for (const pair of node.items as Pair[]) {
        const key = keyOf(pair);
        const span = key !== undefined && pair.value ? valueSpan(text, pair.value as Node) : undefined;
        if (span && key !== undefined) spots.push({ key: `${field}/${key}`, ...span });
      }
    } else {
      const span = valueSpan(text, node);
      if (span) spots.push({ key: field, ...span });
    }
  }
  const lastApplied = doc.getIn(['metadata', 'annotations', LAST_APPLIED_ANNOTATION], true) as Node | undefined;
  const span = lastApplied ? valueSpan(text, lastApplied) : undefined;
  if (span) spots.push({ key: 'last-applied', ...span });
  return spots;
}

function replaceSpots(text: string, spots: Array<ValueSpot & { with: string }>): string {
  let out = text;
  for (const s of [...spots].sort((a, b) => b.start - a.start)) out = out.slice(0, s.start) + s.with + out.slice(s.end);
  return out;
}

/** True for a Secret manifest (by its `kind`), also when the text does not parse. */
export function isSecretText(text: string): boolean {
  return /^\s*"?kind"?\s*:\s*"?Secret"?\s*,?\s*$/m.test(text);
}

/**
 * The object text with Secret values masked; `masked` says whether it is a Secret. A Secret whose text cannot be
 * parsed is replaced entirely (nothing of it is safe to show).
 */
export function maskSecretText(text: string): { text: string; masked: boolean } {
  const doc = parse(text);
  if (!doc) return isSecretText(text) ? { text: `# This Secret could not be parsed, so it is not shown.\n`, masked: true } : { text, masked: false };
  if (doc.get('kind') !== 'Secret') return { text, masked: false };
  return { text: replaceSpots(text, secretSpots(text, doc).map((s) => ({ ...s, with: MASK_TEXT }))), masked: true };
}

/** The edited text with every value still masked replaced by the original's value (as written in `original`). */
export function restoreSecretText(edited: string, original: string): string {
  const editedDoc = parse(edited);
  const originalDoc = parse(original);
  if (!editedDoc || !originalDoc) return edited;
  const originals = new Map(secretSpots(original, originalDoc).map((s) => [s.key, original.slice(s.start, s.end)]));
  const restore = secretSpots(edited, editedDoc)
    .filter((s) => edited.slice(s.start, s.end).replace(/^['"]|['"]$/g, '') === MASK && originals.has(s.key))
    .map((s) => ({ ...s, with: originals.get(s.key)! }));
  return replaceSpots(edited, restore);
}

/** True when the text still holds a masked value (an edit that would write "***" into a Secret). */
export function hasMaskedValue(text: string): boolean {
  const doc = parse(text);
  if (!doc || doc.get('kind') !== 'Secret') return false;
  return secretSpots(text, doc).some((s) => text.slice(s.start, s.end).replace(/^['"]|['"]$/g, '') === MASK);
}
