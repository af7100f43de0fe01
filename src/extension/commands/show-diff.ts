// Shows the kubectl-style unified diff of a diverged object in a read-only editor.
import * as vscode from 'vscode';
import type { VerdictResult } from '../../core';
import type { DriftChecker } from '../drift-checker';
import type { DriftNode } from '../views/drift-model';
import { diffDocumentName, diffDocumentText } from '../views/diff-document';
import { pickResource } from './pick-resource';

export const DIFF_SCHEME = 'gitops-converge-diff';

/** Serves the diff text of the results shown last, by URI. */
export class DiffDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  uriFor(r: VerdictResult): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: DIFF_SCHEME, path: `/${diffDocumentName(r)}` });
    this.texts.set(uri.toString(), diffDocumentText(r));
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '# This diff is no longer available: run GitOps Converge: Refresh.\n';
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export async function showDiff(session: DriftChecker, docs: DiffDocuments, node?: DriftNode): Promise<vscode.TextEditor | undefined> {
  const result = node?.result ?? (await pickResource((session.report?.resources ?? []).filter((r) => r.verdict === 'diverged'), 'Show the diff of…'));
  if (!result) return undefined;
  const doc = await vscode.workspace.openTextDocument(docs.uriFor(result));
  await vscode.languages.setTextDocumentLanguage(doc, 'diff');
  return vscode.window.showTextDocument(doc, { preview: true });
}
