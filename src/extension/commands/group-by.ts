// Quick pick for how the Drift view groups resources; the choice is the `gitopsConverge.groupBy` setting.
import * as vscode from 'vscode';
import { SECTION } from '../settings';
import type { GroupBy } from '../views/drift-model';

const CHOICES: Array<{ value: GroupBy; label: string; description: string }> = [
  { value: 'folder', label: '$(folder) Folder', description: 'context → folder → file → resource' },
  { value: 'kind', label: '$(symbol-class) Kind', description: 'context → kind → resource' },
  { value: 'namespace', label: '$(symbol-namespace) Namespace', description: 'context → namespace → resource' },
];

export async function pickGroupBy(current: GroupBy, value?: GroupBy): Promise<void> {
  const picked = value ? CHOICES.find((c) => c.value === value) : await vscode.window.showQuickPick(
    CHOICES.map((c) => ({ ...c, label: c.value === current ? `${c.label} $(check)` : c.label })),
    { placeHolder: 'Group the Drift view by…' },
  );
  if (!picked) return;
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration(SECTION).update('groupBy', picked.value, target);
}
