// The inspector's entry point for the extension: `registerInspector(context, deps)` registers the command
// `gitopsConverge.inspect` and returns the panel (for tests).
import * as vscode from 'vscode';
import type { VerdictResult } from '../../core/types';
import { InspectorPanel, type InspectorDeps } from './inspector-panel';

export { INSPECTOR_VIEW_TYPE, type InspectorDeps } from './inspector-panel';
export const INSPECT_COMMAND = 'gitopsConverge.inspect';

/**
 * Where to inspect, from a command argument: a drift tree node (`{ result }`), a `VerdictResult`, a file `Uri`
 * (with an optional 0-based line), or nothing (the active editor's cursor).
 */
async function targetOf(arg: unknown, line: unknown): Promise<{ uri: vscode.Uri; offset: number } | undefined> {
  const result = (arg && typeof arg === 'object' && 'result' in arg ? (arg as { result?: VerdictResult }).result : arg) as VerdictResult | undefined;
  if (result && typeof result === 'object' && 'source' in result && result.source) {
    return { uri: vscode.Uri.file(result.source.file), offset: result.source.range.start.offset };
  }
  if (arg instanceof vscode.Uri) {
    const doc = await vscode.workspace.openTextDocument(arg);
    return { uri: arg, offset: doc.offsetAt(new vscode.Position(typeof line === 'number' ? line : 0, 0)) };
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  return { uri: editor.document.uri, offset: editor.document.offsetAt(editor.selection.active) };
}

export function registerInspector(context: vscode.ExtensionContext, deps: InspectorDeps): InspectorPanel {
  const panel = new InspectorPanel(context, deps);
  context.subscriptions.push(
    panel,
    vscode.commands.registerCommand(INSPECT_COMMAND, async (arg?: unknown, line?: unknown) => {
      const target = await targetOf(arg, line);
      if (!target) {
        void vscode.window.showInformationMessage('Open a Kubernetes manifest (or pick a resource in the Drift view) to inspect it.');
        return;
      }
      await panel.open(target.uri, target.offset);
    }),
  );
  return panel;
}
