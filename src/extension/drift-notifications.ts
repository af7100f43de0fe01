// Notifications when resources become diverged (throttled, with "Show" and "Mute") and when they converge again.
import * as vscode from 'vscode';
import type { DriftChecker, UpdateCause } from './drift-checker';
import { SECTION } from './settings';
import { DriftAlerts, type Alert, type Transitions } from './views/drift-alerts';

const SHOW = 'Show';
const MUTE = 'Mute';

export interface ShownAlert {
  kind: Alert['kind'];
  message: string;
}

export class DriftNotifications implements vscode.Disposable {
  private readonly alerts = new DriftAlerts();
  private readonly subscription: vscode.Disposable;
  private flushTimer?: NodeJS.Timeout;
  /** Alerts shown so far (for the extension-host tests). */
  readonly shown: ShownAlert[] = [];

  constructor(
    private readonly checker: DriftChecker,
    private readonly reveal: (alert: Alert) => Promise<void>,
  ) {
    this.subscription = checker.onDidUpdate((e) => this.onUpdate(e.cause, e.transitions));
  }

  private onUpdate(cause: UpdateCause, t: Transitions): void {
    // A saved manifest changed the verdict: the user is looking at it already.
    if (cause === 'save') return;
    const muted = !this.checker.settings().notifications;
    for (const alert of this.alerts.next(t, Date.now(), muted)) void this.show(alert);
    this.scheduleFlush();
  }

  /** Drift held back by the throttle is told when the interval ends, even if nothing else changes. */
  private scheduleFlush(): void {
    clearTimeout(this.flushTimer);
    const at = this.alerts.heldUntil();
    if (at === undefined) return;
    this.flushTimer = setTimeout(() => {
      for (const alert of this.alerts.flush(Date.now(), !this.checker.settings().notifications)) void this.show(alert);
      this.scheduleFlush();
    }, Math.max(0, at - Date.now()));
  }

  private async show(alert: Alert): Promise<void> {
    const text = `GitOps Converge: ${alert.message}`;
    this.shown.push({ kind: alert.kind, message: alert.message });
    const answer =
      alert.kind === 'diverged'
        ? await vscode.window.showWarningMessage(text, SHOW, MUTE)
        : await vscode.window.showInformationMessage(text, SHOW);
    if (answer === SHOW) await this.reveal(alert);
    if (answer === MUTE) {
      await vscode.workspace.getConfiguration(SECTION).update('notifications', false, vscode.ConfigurationTarget.Workspace);
      void vscode.window.showInformationMessage('GitOps Converge: drift notifications are off for this workspace (setting "gitopsConverge.notifications").');
    }
  }

  dispose(): void {
    clearTimeout(this.flushTimer);
    this.subscription.dispose();
  }
}
