// "Adopt live value" and "Ignore this field": engine edit plans applied to the manifest / `.converge.yaml`.
import * as vscode from 'vscode';
import { adoptLiveEdits, ignoreFieldEdit, objectMatchesRef } from '../../core/editor';
import { CONFIG_FILE_NAMES } from '../../core/config';
import type { VerdictResult } from '../../core/types';
import { applyEditPlan } from './apply-plan';
import type { AdoptLiveArgs, IgnoreFieldArgs } from './command-args-model';
import { objectOfRef } from './diff-sides-model';
import type { DocumentViews, EditorLog } from './document-views';

/** The verdict a document shows now for `args.ref` (offline while typing, else the check's). */
function resultOf(views: DocumentViews, doc: vscode.TextDocument, args: Pick<AdoptLiveArgs, 'ref'>): VerdictResult | undefined {
  return views.viewOf(doc).results.find((r) => r.verdict === 'diverged' && objectMatchesRef(objectOfRef(r.ref), args.ref));
}

/** Writes live values into the manifest (one field, or `*` = every changed field); true when the text changed. */
export async function adoptLive(views: DocumentViews, args: AdoptLiveArgs | undefined, log: EditorLog): Promise<boolean> {
  if (!args?.file || !args.ref) return false;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(args.file));
  const result = resultOf(views, doc, args);
  if (!result) {
    void vscode.window.showInformationMessage(`GitOps Converge: ${args.ref.kind} ${args.ref.name} has no live value to adopt any more.`);
    return false;
  }
  const plan = adoptLiveEdits(doc.getText(), doc.uri.fsPath, result, [args.path || '*']);
  const changed = await applyEditPlan(doc, plan, 'Adopt live value');
  log.info(`adopt live ${args.ref.kind} ${args.ref.name} ${args.path}: ${plan.edits.length} edits, ${plan.refused.length} refused`);
  return changed;
}

/** Adds an ignoreDifferences rule to the `.converge.yaml` of the manifest's workspace folder (created if needed). */
export async function ignoreField(args: IgnoreFieldArgs | undefined, log: EditorLog): Promise<boolean> {
  if (!args?.file || !args.rule) return false;
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(args.file));
  if (!folder) {
    void vscode.window.showWarningMessage('GitOps Converge: the manifest is not in a workspace folder, so there is no .converge.yaml to add the rule to.');
    return false;
  }
  let configUri = vscode.Uri.joinPath(folder.uri, CONFIG_FILE_NAMES[0]);
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = vscode.Uri.joinPath(folder.uri, name);
    if (await exists(candidate)) {
      configUri = candidate;
      break;
    }
  }
  if (!(await exists(configUri))) await vscode.workspace.fs.writeFile(configUri, new Uint8Array());
  const doc = await vscode.workspace.openTextDocument(configUri);
  const plan = ignoreFieldEdit(doc.getText(), args.rule);
  const changed = await applyEditPlan(doc, plan, 'Ignore this field');
  if (changed) {
    await doc.save();
    log.info(`ignore ${args.rule.kind} ${args.rule.name} ${args.rule.jsonPointers?.join(', ')} in ${configUri.fsPath}`);
    void vscode.window.showInformationMessage(`GitOps Converge: ${args.rule.jsonPointers?.join(', ')} of ${args.rule.kind} ${args.rule.name} is ignored (${CONFIG_FILE_NAMES[0]}).`);
  }
  return changed;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
