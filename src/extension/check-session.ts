// Runs drift checks for the workspace and keeps the latest report: the one place that calls the engine.
import * as vscode from 'vscode';
import { loadKubeconfig, runCheck, type CheckReport } from '../core';
import { engineLogger } from './engine-logger';
import { LatestRun, untilAborted } from './latest-run';
import { VIEW_ID } from './ids';
import { readSettings, SECTION, type ConvergeSettings } from './settings';
import { viewState, type ViewState } from './views/view-state-model';

export interface RefreshOptions {
  /** What asked for it, for the log ("command", "save of deploy.yaml"). */
  trigger: string;
  /** Show a cancellable notification instead of the view's progress bar. */
  notify?: boolean;
}

export class CheckSession implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a check starts or ends, and when its result changes. */
  readonly onDidChange = this.changed.event;
  report?: CheckReport;
  /** Context in use: the selected one, or the kubeconfig's current-context. */
  context?: string;
  kubeconfigError?: string;
  checking = false;
  private readonly runs = new LatestRun();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  roots(): string[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  }

  settings(): ConvergeSettings {
    const config = vscode.workspace.getConfiguration(SECTION);
    return readSettings((key) => config.get(key), this.roots()[0]);
  }

  state(): ViewState {
    return viewState({ hasWorkspace: this.roots().length > 0, checking: this.checking, report: this.report, kubeconfigError: this.kubeconfigError });
  }

  /** Runs a check, cancelling any still running. Resolves to undefined when cancelled or superseded. */
  async refresh(opts: RefreshOptions): Promise<CheckReport | undefined> {
    const run = this.runs.start();
    const roots = this.roots();
    if (roots.length === 0) {
      this.log.info(`check #${run.id} (${opts.trigger}) skipped: no folder open`);
      this.changed.fire();
      return undefined;
    }
    const s = this.settings();
    this.resolveContext(s);
    const target = `${this.context ?? 'no context'}${s.offline ? ' (offline)' : ''}`;
    this.log.info(`check #${run.id} requested (${opts.trigger}): ${roots.join(', ')} against ${target}${s.kubeconfig ? `, kubeconfig ${s.kubeconfig}` : ''}`);
    this.checking = true;
    this.changed.fire();
    const started = Date.now();
    try {
      const report = await vscode.window.withProgress(
        {
          location: opts.notify ? vscode.ProgressLocation.Notification : { viewId: VIEW_ID },
          title: 'GitOps Converge: checking manifests',
          cancellable: opts.notify === true,
        },
        (progress, token) => {
          token.onCancellationRequested(() => run.cancel());
          let reported = 0;
          // Cancel returns at once, even while the engine still waits on a slow request.
          return untilAborted(runCheck({
            paths: roots,
            cwd: roots[0],
            kubeconfig: s.kubeconfig,
            context: s.context,
            offline: s.offline,
            fieldManager: s.fieldManager,
            signal: run.signal,
            log: engineLogger(this.log),
            onProgress: (done, total) => {
              const pct = Math.round((done / total) * 100);
              progress.report({ message: `${done}/${total}`, increment: pct - reported });
              reported = pct;
            },
          }), run.signal);
        },
      );
      if (!run.isCurrent()) return undefined;
      if (run.signal.aborted) {
        this.log.info(`check #${run.id} cancelled after ${Date.now() - started} ms`);
        return undefined;
      }
      this.report = report;
      const c = report.summary;
      const state = this.state();
      if (state.detail) this.log.warn(`check #${run.id}: ${state.name === 'noCluster' ? 'no cluster' : 'cluster not usable'}: ${state.detail}`);
      this.log.info(
        `check #${run.id} done in ${Date.now() - started} ms: ${c.total} resources — ${c.converged} converged, ${c.diverged} diverged, ` +
          `${c.missing} missing, ${c.orphaned} orphaned, ${c.unknown} unknown, ${c.invalid} invalid`,
      );
      return report;
    } catch (err) {
      if (!run.isCurrent()) this.log.info(`check #${run.id} superseded by a newer check after ${Date.now() - started} ms`);
      else if (run.signal.aborted) this.log.info(`check #${run.id} cancelled after ${Date.now() - started} ms`);
      else {
        this.log.error(`check #${run.id} failed after ${Date.now() - started} ms: ${(err as Error).message}`);
        void vscode.window.showErrorMessage(`GitOps Converge: the check failed: ${(err as Error).message}`);
      }
      return undefined;
    } finally {
      if (run.isCurrent()) {
        this.checking = false;
        this.changed.fire();
      }
    }
  }

  private resolveContext(s: ConvergeSettings): void {
    try {
      this.context = loadKubeconfig({ kubeconfig: s.kubeconfig, context: s.context }).context;
      this.kubeconfigError = undefined;
    } catch (err) {
      this.context = s.context;
      this.kubeconfigError = (err as Error).message;
    }
  }

  dispose(): void {
    this.runs.cancelAll();
    this.changed.dispose();
  }
}
