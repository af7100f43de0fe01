// Paints field decorations into editors: per kind, a line type (gutter marker, line highlight, overview ruler) and an
// after-text type ("live: 5"), coloured by contributed theme colours.
import * as vscode from 'vscode';
import type { FieldDecoration, FieldDecorationKind } from '../../core/editor';
import { DECORATION_KINDS, decorationsByKind, decorationStyle } from './decoration-style-model';

interface KindTypes {
  line: vscode.TextEditorDecorationType;
  text: vscode.TextEditorDecorationType;
}

export class FieldDecorationPainter implements vscode.Disposable {
  private readonly types = new Map<FieldDecorationKind, KindTypes>();

  constructor() {
    for (const kind of DECORATION_KINDS) {
      const style = decorationStyle(kind);
      const line = vscode.window.createTextEditorDecorationType({
        isWholeLine: true,
        backgroundColor: new vscode.ThemeColor(style.background),
        overviewRulerColor: new vscode.ThemeColor(style.foreground),
        overviewRulerLane: vscode.OverviewRulerLane.Right,
        light: { gutterIconPath: vscode.Uri.parse(style.gutterLight), gutterIconSize: 'contain' },
        dark: { gutterIconPath: vscode.Uri.parse(style.gutterDark), gutterIconSize: 'contain' },
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      });
      const text = vscode.window.createTextEditorDecorationType({
        after: { color: new vscode.ThemeColor(style.foreground), margin: '0 0 0 2em', fontStyle: 'italic' },
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      });
      this.types.set(kind, { line, text });
    }
  }

  paint(editor: vscode.TextEditor, decorations: readonly FieldDecoration[]): void {
    const byKind = decorationsByKind(decorations);
    for (const kind of DECORATION_KINDS) {
      const types = this.types.get(kind)!;
      const items = byKind[kind];
      editor.setDecorations(
        types.line,
        items.map((i) => new vscode.Range(i.startLine, 0, i.endLine, 0)),
      );
      editor.setDecorations(
        types.text,
        items.map((i) => {
          const at = new vscode.Position(i.afterLine, i.afterCharacter);
          return { range: new vscode.Range(at, at), renderOptions: { after: { contentText: i.afterText } } };
        }),
      );
    }
  }

  clear(editor: vscode.TextEditor): void {
    this.paint(editor, []);
  }

  dispose(): void {
    for (const t of this.types.values()) {
      t.line.dispose();
      t.text.dispose();
    }
  }
}
