// "Open diff": read-only virtual documents (scheme `converge-live:`) of the live object and of the manifest as the
// diff sees it, opened in VS Code's diff editor; regenerated when verdicts or the manifest change.
import * as vscode from 'vscode';
import { openDiffTarget, type OpenDiffArgs } from './command-args-model';
import { diffSides, type DiffSides } from './diff-sides-model';
import type { DocumentViews, EditorFeatureDeps } from './document-views';
import { LIVE_SCHEME } from './ids';

type Side = 'live' | 'desired';

export class LiveDiffDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly targets = new Map<string, { target: OpenDiffArgs; side: Side }>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly views: DocumentViews,
    private readonly deps: EditorFeatureDeps,
  ) {
    // Open diff documents follow the verdicts and the manifest's edits.
    this.subscription = views.onDidChange((uri) => {
      for (const [key, { target }] of this.targets) {
        if (!uri || target.file === undefined || target.file === uri.fsPath) this.changed.fire(vscode.Uri.parse(key));
      }
    });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const entry = this.targets.get(uri.toString());
    if (!entry) return '# This document is no longer available: use Open diff again.\n';
    const sides = await this.sidesOf(entry.target);
    if (!sides) return '# The object is no longer in the manifest.\n';
    return entry.side === 'live' ? sides.live.text : sides.desired?.text ?? '';
  }

  /** The two sides of a target, from the manifest's current text (open buffer or file). */
  async sidesOf(target: OpenDiffArgs): Promise<DiffSides | undefined> {
    let text: string | undefined;
    let results;
    let uri: vscode.Uri | undefined;
    if (target.file !== undefined) {
      uri = vscode.Uri.file(target.file);
      const doc = await vscode.workspace.openTextDocument(uri);
      text = doc.getText();
      results = this.views.viewOf(doc).results;
    }
    const c = this.deps.config(uri);
    return diffSides({ target, text, results, live: this.views.liveLookup(uri), compareStatus: c.compareStatus, defaultNamespace: c.defaultNamespace });
  }

  /** Opens the diff editor for a command argument (hover/CodeLens args, a Drift view node, a Uri, or the active editor's file). */
  async open(arg?: unknown): Promise<void> {
    const target = openDiffTarget(arg) ?? activeFileTarget();
    if (!target) {
      void vscode.window.showInformationMessage('GitOps Converge: open a manifest (or pick a resource in the Drift view) to see its diff.');
      return;
    }
    const sides = await this.sidesOf(target);
    if (!sides) {
      void vscode.window.showInformationMessage('GitOps Converge: the object is no longer in the manifest.');
      return;
    }
    const live = this.uriFor(target, 'live', sides.live.path);
    if (!sides.desired) {
      const doc = await vscode.workspace.openTextDocument(live);
      await vscode.window.showTextDocument(doc, { preview: true });
      return;
    }
    const desired = this.uriFor(target, 'desired', sides.desired.path);
    await vscode.commands.executeCommand('vscode.diff', live, desired, sides.title, { preview: true });
  }

  private uriFor(target: OpenDiffArgs, side: Side, path: string): vscode.Uri {
    const query = new URLSearchParams({ side, target: JSON.stringify(target) }).toString();
    const uri = vscode.Uri.from({ scheme: LIVE_SCHEME, path, query });
    this.targets.set(uri.toString(), { target, side });
    return uri;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function activeFileTarget(): OpenDiffArgs | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc && doc.uri.scheme === 'file' ? { file: doc.uri.fsPath } : undefined;
}
