// Badges on manifest files and folders that hold drifted or invalid objects.
import * as vscode from 'vscode';
import type { CheckReport } from '../../core';
import { buildDecorations, type DecorationSpec } from '../views/decoration-model';

export class DriftDecorationProvider implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private decorations = new Map<string, DecorationSpec>();

  update(report: CheckReport | undefined, roots: readonly string[]): void {
    const before = [...this.decorations.keys()];
    this.decorations = buildDecorations(report, roots);
    const touched = new Set([...before, ...this.decorations.keys()]);
    if (touched.size > 0) this.changed.fire([...touched].map((p) => vscode.Uri.file(p)));
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== 'file') return undefined;
    const spec = this.decorations.get(uri.fsPath);
    if (!spec) return undefined;
    return new vscode.FileDecoration(spec.badge, spec.tooltip, new vscode.ThemeColor(spec.color));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
