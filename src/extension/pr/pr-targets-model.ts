// What goes into a PR, from where the command was invoked: Drift view nodes (one or many), explorer/editor Uris,
// SCM resource states, CodeLens args `{ file }`, verdicts. Pure: no vscode import.
import { relative } from 'node:path';
import { fieldChanges, type PrChange } from '../../core/pr/describe';
import { displayRef } from '../../core/engine/results';
import { formatValue } from '../../core/engine/reason';
import type { VerdictResult } from '../../core/types';

/** Absolute files named by command arguments, in order, without duplicates. */
export function filesOfArgs(...args: unknown[]): string[] {
  const out: string[] = [];
  const visit = (a: unknown) => {
    if (!a || typeof a !== 'object') return;
    if (Array.isArray(a)) return a.forEach(visit);
    const o = a as Record<string, any>;
    if (o.result?.source?.file) out.push(o.result.source.file); // a Drift view resource node
    else if (typeof o.resourcePath === 'string' && o.kind === 'file') out.push(o.resourcePath);
    else if (o.source?.file && o.ref) out.push(o.source.file); // a VerdictResult
    else if (o.resourceUri?.fsPath && o.resourceUri.scheme === 'file') out.push(o.resourceUri.fsPath); // an SCM resource state
    else if (typeof o.fsPath === 'string' && o.scheme === 'file') out.push(o.fsPath); // a Uri
    else if (typeof o.file === 'string') out.push(o.file); // CodeLens / hover args
    if (Array.isArray(o.children) && (o.kind === 'folder' || o.kind === 'context' || o.kind === 'group')) visit(o.children);
  };
  args.forEach(visit);
  return [...new Set(out)];
}

/** Whether the args are the SCM view's title (a SourceControl): every changed manifest goes in. */
export function isSourceControlArg(arg: unknown): boolean {
  return !!arg && typeof arg === 'object' && 'rootUri' in arg && !('resourceUri' in arg);
}

/** The drift each file's change addresses: the verdicts of their objects that are not converged. */
export function changesFor(files: readonly string[], results: readonly VerdictResult[], direction: PrChange['direction'] = 'apply'): PrChange[] {
  const wanted = new Set(files);
  return results
    .filter((r) => r.source && wanted.has(r.source.file) && (r.verdict === 'diverged' || r.verdict === 'missing'))
    .map((r) => ({ ref: r.ref, file: r.source!.file, diff: r.diff, direction }));
}

export interface FileItem {
  file: string;
  label: string;
  description: string;
  /** One line per resource: the drift this file's change addresses (Secret values hidden). */
  detail: string;
}

/** QuickPick rows: one per file, with what it changes. */
export function fileItems(files: readonly string[], changes: readonly PrChange[], repoRoot: string): FileItem[] {
  return files.map((file) => {
    const mine = changes.filter((c) => c.file === file);
    const lines = mine.map((c) => {
      const fields = fieldChanges(c).map((f) => (f.hidden ? `${f.field} (value hidden)` : 'from' in f && 'to' in f ? `${f.field} ${formatValue(f.from)} → ${formatValue(f.to)}` : 'to' in f ? `${f.field} added` : `${f.field} removed`));
      const what = c.diff.length === 0 ? 'created in the cluster' : fields.join(', ');
      return `${displayRef(c.ref)}: ${what}`;
    });
    return {
      file,
      label: relative(repoRoot, file).split('\\').join('/'),
      description: mine.length ? `${mine.length} resource${mine.length === 1 ? '' : 's'} with drift` : 'no drift recorded',
      detail: lines.join(' · ') || 'the file as it is in your working tree',
    };
  });
}

/** Branch names git accepts, roughly (`git check-ref-format` has the last word). */
export function branchNameProblem(name: string): string | undefined {
  if (!name.trim()) return 'A branch name is needed.';
  if (/\s|\.\.|[~^:?*[\\]|@\{|\/\/|^\/|\/$|\.lock$|^-|\.$/.test(name)) return 'Not a valid git branch name.';
  return undefined;
}
