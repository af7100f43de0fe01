// Hover and CodeLens providers over the document views.
import * as vscode from 'vscode';
import type { DocumentViews } from './document-views';
import { editorSetting, isManifestDocument } from './document-views';
import { EDITOR_SETTINGS } from './ids';
import { decorationsAt, HOVER_COMMANDS, hoverMarkdown } from './hover-model';
import { lensSpecs } from './lens-model';

export class FieldHoverProvider implements vscode.HoverProvider {
  constructor(private readonly views: DocumentViews) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!isManifestDocument(doc)) return undefined;
    const view = this.views.viewOf(doc);
    const hits = decorationsAt(view.decorations, position);
    if (hits.length === 0) return undefined;
    // Objects of a base rendered by an overlay: say which render the verdict is about.
    const note = (ref: (typeof hits)[number]['hover']['ref']) => view.results.find((r) => r.rendered && r.ref.kind === ref.kind && r.ref.name === ref.name && r.ref.namespace === ref.namespace)?.rendered?.note;
    const md = new vscode.MarkdownString(hoverMarkdown(hits.map((h) => h.hover), doc.uri.fsPath, Date.now(), note));
    md.isTrusted = { enabledCommands: [...HOVER_COMMANDS] };
    const r = hits[0].range;
    const end = hits[0].kind === 'missing' ? hits[0].afterTextAt : r.end;
    return new vscode.Hover(md, new vscode.Range(r.start.line, r.start.character, end.line, end.character));
  }
}

export class ObjectLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly views: DocumentViews) {
    this.subscription = views.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!isManifestDocument(doc) || !editorSetting(EDITOR_SETTINGS.codeLens)) return [];
    const view = this.views.viewOf(doc);
    return lensSpecs(doc.getText(), doc.uri.fsPath, view.results).map((s) => {
      const range = new vscode.Range(s.line, 0, s.line, 0);
      const command: vscode.Command = s.command
        ? { title: s.title, command: s.command.command, arguments: s.command.args, ...(s.tooltip ? { tooltip: s.tooltip } : {}) }
        : { title: s.title, command: '', ...(s.tooltip ? { tooltip: s.tooltip } : {}) };
      return new vscode.CodeLens(range, command);
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
