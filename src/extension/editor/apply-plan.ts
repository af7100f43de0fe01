// Applies an engine EditPlan (offsets into a document's current text) to that document, and tells the user what
// was refused and why.
import * as vscode from 'vscode';
import type { EditPlan } from '../../core/editor';

/** Applies the plan's edits (the plan must have been computed on `doc.getText()`); true when something changed. */
export async function applyEditPlan(doc: vscode.TextDocument, plan: EditPlan, what: string): Promise<boolean> {
  if (plan.refused.length > 0) {
    const reasons = [...new Set(plan.refused.map((r) => (r.path ? `${r.path}: ${r.reason}` : r.reason)))];
    const message = `GitOps Converge: ${plan.edits.length ? 'some fields were not changed' : `${what} changed nothing`}: ${reasons.join('; ')}`;
    void (plan.edits.length ? vscode.window.showWarningMessage(message) : vscode.window.showInformationMessage(message));
  }
  if (plan.edits.length === 0) return false;
  const edit = new vscode.WorkspaceEdit();
  for (const e of plan.edits) {
    edit.replace(doc.uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
  }
  return vscode.workspace.applyEdit(edit);
}
