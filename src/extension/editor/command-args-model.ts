// Arguments of the editor commands (from hover links, CodeLenses, the Drift view and the editor title), and the
// `command:` links that carry them. Pure: no vscode import.
import type { EditorAction } from '../../core/editor';
import type { IgnoreRule, ObjectRef, VerdictResult } from '../../core/types';
import { EDITOR_COMMANDS } from './ids';

/** Open diff: one object of a manifest (`ref`), a whole file (no `ref`), or an orphan (`ref`, no `file`). */
export interface OpenDiffArgs {
  file?: string;
  ref?: ObjectRef;
}

export interface AdoptLiveArgs {
  file: string;
  ref: ObjectRef;
  /** kubectl-style diff path, or `*` for every changed field. */
  path: string;
}

export interface IgnoreFieldArgs {
  file: string;
  rule: IgnoreRule;
}

export interface CommandCall {
  command: string;
  title: string;
  args: [OpenDiffArgs] | [AdoptLiveArgs] | [IgnoreFieldArgs];
}

const TITLES = { openDiff: 'Open diff', adoptLive: 'Adopt live value', ignoreField: 'Ignore this field' } as const;

/** The command an engine action stands for, in the manifest `file`. */
export function commandFor(action: EditorAction, file: string, titles: Partial<Record<keyof typeof TITLES, string>> = {}): CommandCall {
  const title = { ...TITLES, ...titles }[action.kind];
  if (action.kind === 'openDiff') return { command: EDITOR_COMMANDS.openDiff, title, args: [{ file, ref: action.ref }] };
  if (action.kind === 'adoptLive') return { command: EDITOR_COMMANDS.adoptLive, title, args: [{ file, ref: action.ref, path: action.path }] };
  return { command: EDITOR_COMMANDS.ignoreField, title, args: [{ file, rule: action.rule }] };
}

/** A Markdown `command:` link (hover content must be trusted for these commands). */
export function commandLink(call: CommandCall, tooltip?: string): string {
  // `(` and `)` too: Markdown would end the link at a parenthesis in a name.
  const href = `command:${call.command}?${encodeURIComponent(JSON.stringify(call.args)).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
  return `[${call.title}](${href}${tooltip ? ` "${tooltip.replace(/"/g, "'")}"` : ''})`;
}

/**
 * What "Open diff" was invoked on: hover/CodeLens args, a Drift view node (`{ result }` or `{ resourcePath }`), a
 * bare VerdictResult, or a file (`{ fsPath }`, e.g. a Uri from the editor title). Undefined: use the active editor.
 */
export function openDiffTarget(arg: unknown): OpenDiffArgs | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as Record<string, unknown>;
  const result = (isResult(a.result) ? a.result : isResult(a) ? a : undefined) as VerdictResult | undefined;
  if (result) return { ...(result.source ? { file: result.source.file } : {}), ref: result.ref };
  if (typeof a.file === 'string' || isRef(a.ref)) return { ...(typeof a.file === 'string' ? { file: a.file } : {}), ...(isRef(a.ref) ? { ref: a.ref } : {}) };
  if (typeof a.fsPath === 'string') return { file: a.fsPath };
  if (typeof a.resourcePath === 'string') return { file: a.resourcePath };
  return undefined;
}

function isRef(v: unknown): v is ObjectRef {
  return !!v && typeof v === 'object' && typeof (v as ObjectRef).kind === 'string' && typeof (v as ObjectRef).name === 'string';
}

function isResult(v: unknown): v is VerdictResult {
  return !!v && typeof v === 'object' && isRef((v as VerdictResult).ref) && typeof (v as VerdictResult).verdict === 'string';
}
