// Hover content of decorated fields as Markdown: desired vs live, who set the live value and when, and command
// links. Pure: no vscode import. Secret values arrive masked from the engine and stay masked.
import type { FieldDecoration, FieldHover } from '../../core/editor';
import { timeAgo } from '../../core/engine/reason';
import { displayRef } from '../../core/engine/results';
import { escapeMarkdown, inlineCode } from '../views/markdown';
import { commandFor, commandLink } from './command-args-model';
import { EDITOR_COMMANDS } from './ids';

/** Commands the hover links to (the MarkdownString trusts exactly these). */
export const HOVER_COMMANDS = [EDITOR_COMMANDS.openDiff, EDITOR_COMMANDS.adoptLive, EDITOR_COMMANDS.ignoreField];

const KIND_WORDS: Record<FieldHover['kind'], string> = {
  changed: 'changed in the cluster',
  added: 'not set in the cluster',
  removed: 'only in the cluster (an apply would remove it)',
  missing: 'not in the cluster',
};

/** Decorations on `at`: anywhere on a decoration's first line, or inside its field (not a stand-in parent's block). Innermost first. */
export function decorationsAt(decorations: readonly FieldDecoration[], at: { line: number; character: number }): FieldDecoration[] {
  const notAfter = (a: { line: number; character: number }, b: { line: number; character: number }) =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return decorations
    .filter((d) => at.line === d.range.start.line || (d.kind !== 'missing' && !d.anchored && notAfter(d.range.start, at) && notAfter(at, d.range.end)))
    .sort((a, b) => b.range.start.offset - a.range.start.offset);
}

function valueBlock(label: string, value: string | undefined): string[] {
  if (value === undefined) return [];
  if (!value.includes('\n')) return [`**${label}:** ${inlineCode(value)}`];
  return [`**${label}:**`, '', '```yaml', value, '```'];
}

/** Markdown for the hovers of one position (several when a parent anchors several live-only fields). */
export function hoverMarkdown(hovers: readonly FieldHover[], file: string, now = Date.now(), renderedNote: (ref: FieldHover['ref']) => string | undefined = () => undefined): string {
  const parts: string[] = [];
  for (const h of hovers) {
    const lines: string[] = [];
    const where = h.path ? ` · ${inlineCode(h.path)}` : '';
    lines.push(`**${escapeMarkdown(displayRef(h.ref))}**${where} — ${KIND_WORDS[h.kind]}`, '');
    const note = renderedNote(h.ref);
    if (note) lines.push(`_${escapeMarkdown(note)}_`, '');
    lines.push(escapeMarkdown(h.summary), '');
    if (h.kind !== 'missing') {
      const desired = valueBlock('Manifest', h.desired);
      const live = valueBlock('Cluster', h.live);
      lines.push(...desired, ...(desired.length ? [''] : []), ...live, ...(live.length ? [''] : []));
    }
    if (h.masked) lines.push('_Secret values are hidden._', '');
    if (h.owner) {
      const op = h.owner.operation ? ` (${escapeMarkdown(h.owner.operation)}${h.owner.subresource ? ` of ${escapeMarkdown(h.owner.subresource)}` : ''})` : '';
      // Times are digits, `-`, `:`, `T` and `Z` (managedFields are RFC 3339): nothing Markdown reads.
      const when = h.owner.time && /^[\dTZ:.+-]+$/.test(h.owner.time) ? `, ${timeAgo(h.owner.time, now)} (${h.owner.time})` : '';
      lines.push(`Live value set by ${inlineCode(h.owner.manager)}${op}${when}`, '');
    }
    lines.push(h.actions.map((a) => commandLink(commandFor(a, file), tooltipOf(a.kind))).join(' · '));
    parts.push(lines.join('\n'));
  }
  return parts.join('\n\n---\n\n');
}

function tooltipOf(kind: FieldHover['actions'][number]['kind']): string {
  if (kind === 'openDiff') return 'Side-by-side diff of the live object and the manifest';
  if (kind === 'adoptLive') return 'Write the cluster value into the manifest (comments kept)';
  return 'Add an ignoreDifferences rule to .converge.yaml';
}
