// The "<context> · N diverged" status-bar item; clicking it picks a kubeconfig context.
import * as vscode from 'vscode';
import type { DriftChecker } from './drift-checker';
import { COMMANDS } from './ids';
import { statusView } from './views/status-model';

export class DriftStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('gitopsConverge.status', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'GitOps Converge';
    this.item.command = COMMANDS.selectCluster;
  }

  /** `summary`: what the view shows (schema errors counted as invalid). */
  update(session: DriftChecker, summary = session.report?.summary, restricted?: string): void {
    const state = session.checking ? { name: 'checking' as const } : session.state();
    if (session.roots().length === 0) {
      this.item.hide();
      return;
    }
    const otherContexts = session.reports.map((r) => r.context ?? '').filter((c) => c && c !== session.context);
    const view = statusView({ state, context: session.context, summary, offline: session.settings().offline, otherContexts, restricted });
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.background ? new vscode.ThemeColor(view.background) : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
