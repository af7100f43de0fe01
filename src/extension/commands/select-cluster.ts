// Quick pick of kubeconfig contexts; the choice is stored in the `gitopsConverge.context` setting.
import * as vscode from 'vscode';
import { listContexts } from '../../core';
import type { DriftChecker } from '../drift-checker';
import { COMMANDS } from '../ids';
import { SECTION } from '../settings';

interface ContextItem extends vscode.QuickPickItem {
  context: string | undefined;
}

export async function selectCluster(session: DriftChecker): Promise<void> {
  const s = session.settings();
  let contexts: string[];
  try {
    contexts = listContexts({ kubeconfig: s.kubeconfig });
  } catch (err) {
    const open = 'Open Settings';
    const answer = await vscode.window.showErrorMessage(`GitOps Converge: ${(err as Error).message}`, open);
    if (answer === open) await vscode.commands.executeCommand(COMMANDS.openSettings);
    return;
  }
  const items: ContextItem[] = contexts.map((name) => ({
    label: name === session.context ? `$(check) ${name}` : name,
    description: name === session.context ? 'in use' : undefined,
    context: name,
  }));
  if (s.context) items.push({ label: '$(discard) Use the kubeconfig\'s current-context', context: undefined });
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Check manifests against which kubeconfig context?' });
  if (!picked) return;
  const hasFolder = (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
  const target = hasFolder ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  // Changing the setting triggers the re-check (see extension.ts).
  await vscode.workspace.getConfiguration(SECTION).update('context', picked.context, target);
}
