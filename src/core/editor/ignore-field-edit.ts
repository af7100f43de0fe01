// "Ignore this field": the text edit that adds an ignoreDifferences rule to `.converge.yaml`, leaving the rest of
// the file (comments, order, style) alone. A rule for the same object gets the pointer added to its jsonPointers.
import { isMap, isScalar, isSeq, parseDocument, stringify } from 'yaml';
import type { Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import { LineIndex } from '../manifests/line-index';
import { nodeEnd } from '../manifests/yaml-node-ranges';
import type { IgnoreRule } from '../types';
import { lineBreakOf, withLineBreaks } from './text-edits';
import type { EditPlan, TextEdit } from './types';

const SELECTORS = ['group', 'kind', 'name', 'namespace'] as const;

/** Edits of `configText` (the current `.converge.yaml`, possibly empty) that add `rule`. */
export function ignoreFieldEdit(configText: string, rule: IgnoreRule): EditPlan {
  const doc = parseDocument(configText);
  const plan = (edit: { at: number; end?: number; text: string }): EditPlan => ({
    edits: [textEdit(configText, edit.at, edit.end ?? edit.at, edit.text)],
    refused: [],
  });
  const refuse = (reason: string): EditPlan => ({ edits: [], refused: [{ path: 'ignoreDifferences', reason }] });
  if (doc.errors.length > 0) return refuse(`.converge.yaml does not parse: ${doc.errors[0].message.split('\n')[0]}`);
  const root = doc.contents as Node | null;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
    const sep = configText === '' || configText.endsWith('\n') ? '' : '\n';
    return plan({ at: configText.length, text: `${sep}ignoreDifferences:\n${ruleBlock(rule, 2)}\n` });
  }
  if (!isMap(root) || root.flow) return refuse('.converge.yaml is not a block map of settings');
  const pair = (root as YAMLMap).items.find((p) => isScalar(p.key) && p.key.value === 'ignoreDifferences') as Pair<Node, Node | null> | undefined;
  if (!pair) return plan({ at: endOfLine(configText, nodeEnd(root, configText)), text: `\nignoreDifferences:\n${ruleBlock(rule, 2)}` });

  const key = pair.key;
  const keyEnd = key.range![1];
  const value = pair.value;
  const keyColumn = new LineIndex(configText).position(key.range![0]).character;
  if (value === null || (isScalar(value) && value.value === null)) {
    return plan({ at: endOfLine(configText, keyEnd), text: `\n${ruleBlock(rule, keyColumn + 2)}` });
  }
  if (!isSeq(value)) return refuse('ignoreDifferences is not a list');
  const seq = value as YAMLSeq<Node>;
  const pointer = rule.jsonPointers?.[0];
  const same = pointer ? seq.items.find((item) => isMap(item) && sameSelectors(item as YAMLMap, rule)) : undefined;
  if (same && pointer) {
    const pointers = (same as YAMLMap).get('jsonPointers', true) as Node | undefined;
    if (isSeq(pointers)) {
      if ((pointers as YAMLSeq).items.some((p) => isScalar(p) && p.value === pointer)) return refuse('this field is already ignored');
      return appendToSeq(configText, pointers as YAMLSeq<Node>, /^[\w/.~-]+$/.test(pointer) ? pointer : JSON.stringify(pointer), plan);
    }
  }
  if (seq.flow) {
    if (seq.items.length === 0) return plan({ at: keyEnd, end: nodeEnd(seq, configText), text: `:\n${ruleBlock(rule, keyColumn + 2)}` });
    return plan({ at: nodeEnd(seq, configText) - 1, text: `, ${ruleFlow(rule)}` });
  }
  const dashColumn = new LineIndex(configText).position(seq.range![0]).character;
  return plan({ at: endOfLine(configText, nodeEnd(seq, configText)), text: `\n${ruleBlock(rule, dashColumn)}` });
}

function appendToSeq(text: string, seq: YAMLSeq<Node>, item: string, plan: (e: { at: number; text: string }) => EditPlan): EditPlan {
  const end = nodeEnd(seq, text);
  if (seq.flow) return plan({ at: end - 1, text: seq.items.length ? `, ${item}` : item });
  const column = new LineIndex(text).position(seq.range![0]).character;
  return plan({ at: endOfLine(text, end), text: `\n${' '.repeat(column)}- ${item}` });
}

function sameSelectors(item: YAMLMap, rule: IgnoreRule): boolean {
  const norm = (v: unknown) => (v === 'core' ? '' : v);
  return SELECTORS.every((k) => norm(item.get(k) ?? undefined) === norm(rule[k]));
}

function ordered(rule: IgnoreRule): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of [...SELECTORS, 'jsonPointers', 'managedFieldsManagers'] as const) if (rule[k] !== undefined) out[k] = rule[k];
  return out;
}

/** The rule as a block list item whose dash is at `column` (no trailing line break). */
function ruleBlock(rule: IgnoreRule, column: number): string {
  const pad = ' '.repeat(column);
  return stringify([ordered(rule)], { lineWidth: 0, indentSeq: true })
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => pad + line)
    .join('\n');
}

function ruleFlow(rule: IgnoreRule): string {
  return stringify(ordered(rule), { lineWidth: 0, collectionStyle: 'flow', flowCollectionPadding: false }).replace(/\n$/, '');
}

/** Offset of the end of the line holding `offset` (before its line break), so a trailing comment stays put. */
function endOfLine(text: string, offset: number): number {
  let at = text.indexOf('\n', offset);
  if (at < 0) return text.length;
  if (text[at - 1] === '\r') at--;
  return at;
}

function textEdit(text: string, start: number, end: number, newText: string): TextEdit {
  const lines = new LineIndex(text);
  return { range: lines.range(start, end), newText: withLineBreaks(newText, lineBreakOf(text)) };
}
