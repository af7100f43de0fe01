// "Adopt live into Git": writes every live value of a diverged resource into its manifest (only fields the manifest
// has, comments kept), saves, and goes straight to Commit & Open PR — a `kubectl edit` hotfix becomes a GitOps change.
import * as vscode from 'vscode';
import { adoptLiveEdits, objectMatchesRef } from '../../core/editor';
import type { ObjectRef, VerdictResult } from '../../core/types';
import { applyEditPlan } from '../editor/apply-plan';
import { objectOfRef } from '../editor/diff-sides-model';
import { commitAndOpenPr } from './commit-and-open-pr';
import type { PrRuntime } from './pr-ui';

/** What an argument names: a Drift view node, a VerdictResult, or `{ file, ref }` (undefined: no resource in a file). */
function targetOf(arg: unknown): { direct?: VerdictResult; file: string; ref: ObjectRef } | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as { result?: VerdictResult; file?: string; ref?: ObjectRef; verdict?: string; source?: { file: string } };
  const direct = a.result ?? (a.verdict && a.ref ? (a as VerdictResult) : undefined);
  const file = direct?.source?.file ?? a.file;
  const ref = direct?.ref ?? a.ref;
  return file && ref ? { direct, file, ref } : undefined;
}

/** The diverged verdict an argument names: a Drift view node, a VerdictResult, or `{ file, ref }`. */
export function divergedResultOf(arg: unknown, results: readonly VerdictResult[]): VerdictResult | undefined {
  const target = targetOf(arg);
  if (!target) return undefined;
  const { direct, file, ref } = target;
  return results.find((r) => r.verdict === 'diverged' && r.source?.file === file && objectMatchesRef(objectOfRef(r.ref), ref)) ?? (direct?.verdict === 'diverged' ? direct : undefined);
}

export async function adoptLiveIntoGit(context: vscode.ExtensionContext, deps: PrRuntime, arg: unknown): Promise<boolean> {
  let result = divergedResultOf(arg, deps.getResults());
  if (!result?.source && deps.whenChecked && targetOf(arg)) {
    // A re-check (e.g. of a file git just changed) may be redrawing this row, its verdict pending: decide once it is in.
    await deps.whenChecked();
    result = divergedResultOf(arg, deps.getResults());
  }
  if (!result?.source) {
    const a = (arg ?? {}) as { id?: unknown; kind?: unknown; result?: VerdictResult };
    deps.log.info(
      `Adopt Live into Git: no diverged resource for ${arg === undefined ? 'no argument' : `${String(a.kind ?? typeof arg)} ${String(a.id ?? '')} (${a.result?.verdict ?? 'no verdict'})`}; ${deps.getResults().filter((r) => r.verdict === 'diverged').length} diverged verdicts`,
    );
    void vscode.window.showInformationMessage('GitOps Converge: pick a diverged resource (in the Drift view or a manifest\'s CodeLens) to adopt its live values.');
    return false;
  }
  const file = result.source.file;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const plan = adoptLiveEdits(doc.getText(), file, result, ['*']);
  if (!(await applyEditPlan(doc, plan, 'Adopt live into Git'))) return false;
  await doc.save();
  const refused = new Set(plan.refused.map((r) => r.path));
  const adopted = result.diff.filter((e) => e.change === 'changed' && !e.masked && !refused.has(e.path));
  deps.log.info(`adopted ${adopted.length} live values of ${result.ref.kind} ${result.ref.name} into ${file}`);
  return commitAndOpenPr(context, deps, [], { files: [file], changes: [{ ref: result.ref, file, diff: adopted, direction: 'adopt' }] });
}
