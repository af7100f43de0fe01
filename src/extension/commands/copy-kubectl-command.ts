// Copies the kubectl command that shows a resource's drift (or an orphan's live state).
import * as vscode from 'vscode';
import type { DriftChecker } from '../drift-checker';
import type { DriftNode } from '../views/drift-model';
import { kubectlCommandFor } from '../views/kubectl-command';
import { pickResource } from './pick-resource';

export async function copyKubectlCommand(session: DriftChecker, node?: DriftNode): Promise<string | undefined> {
  const result = node?.result ?? (await pickResource(session.report?.resources ?? [], 'Copy the kubectl command for…'));
  if (!result) return undefined;
  if (!result.ref.kind) {
    void vscode.window.showWarningMessage('GitOps Converge: this manifest is invalid; fix it first.');
    return undefined;
  }
  const s = session.settings();
  const command = kubectlCommandFor(result, { context: session.contextOf(result.source?.file), kubeconfig: s.kubeconfig, fieldManager: s.fieldManager });
  await vscode.env.clipboard.writeText(command);
  void vscode.window.showInformationMessage(`Copied: ${command}`);
  return command;
}
