// Workspace trust for commands that run git or tools from the repository: in Restricted Mode they explain why they
// do nothing and offer to manage trust. The policy itself is in `trust-model.ts`.
import * as vscode from 'vscode';
import { MANAGE_TRUST_COMMAND } from './trust-model';

/** True (and a message with "Manage Workspace Trust") when the workspace is not trusted. */
export function refusedUntrusted(what: string): boolean {
  if (vscode.workspace.isTrusted) return false;
  const manage = 'Manage Workspace Trust';
  void vscode.window
    .showWarningMessage(`GitOps Converge: ${what} runs git in this repository, so it needs a trusted workspace (Restricted Mode is on).`, manage)
    .then((picked) => picked === manage && vscode.commands.executeCommand(MANAGE_TRUST_COMMAND));
  return true;
}
