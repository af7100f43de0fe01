// "Open Live Object": the object as the cluster has it now, in a read-only YAML editor.
import * as vscode from 'vscode';
import type { KubeObject, VerdictResult } from '../../core';
import type { DriftChecker } from '../drift-checker';
import { readClusterSide } from '../inspector/cluster-side';
import type { DriftNode } from '../views/drift-model';
import { liveDocumentName, liveDocumentText } from '../views/live-document';
import { pickResource } from './pick-resource';

export const LIVE_SCHEME = 'gitops-converge-live';

/** Serves the live texts fetched last, by URI. */
export class LiveDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '# This live object is no longer loaded: run GitOps Converge: Open Live Object again.\n';
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export async function openLiveObject(checker: DriftChecker, docs: LiveDocuments, node?: DriftNode): Promise<vscode.TextEditor | undefined> {
  const result = node?.result ?? (await pickResource((checker.report?.resources ?? []).filter((r) => r.ref.kind), 'Open the live object of…'));
  if (!result) return undefined;
  if (!result.ref.kind || !result.ref.name) {
    void vscode.window.showWarningMessage('GitOps Converge: this manifest is invalid; it has no live object.');
    return undefined;
  }
  const context = contextOf(checker, result);
  const s = checker.settings();
  const side = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Reading ${result.ref.kind} ${result.ref.name} from ${context ?? 'the cluster'}` },
    () => readClusterSide({ kubeconfig: s.kubeconfig, context }, objectOf(result)),
  );
  const uri = vscode.Uri.from({ scheme: LIVE_SCHEME, path: `/${liveDocumentName(result.ref)}`, query: `${context ?? ''}` });
  docs.set(uri, liveDocumentText(result.ref, context, side));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
  return vscode.window.showTextDocument(doc, { preview: true });
}

/** The context whose report holds this result. */
function contextOf(checker: DriftChecker, r: VerdictResult): string | undefined {
  return checker.reports.find((rep) => rep.resources.includes(r))?.context ?? checker.context;
}

function objectOf(r: VerdictResult): KubeObject {
  return { apiVersion: r.ref.apiVersion, kind: r.ref.kind, metadata: { name: r.ref.name, ...(r.ref.namespace ? { namespace: r.ref.namespace } : {}) } };
}
