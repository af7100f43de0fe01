// Runs the drift checks of the workspace and keeps their latest reports: the one place that calls the engine.
// Full checks on demand, only the saved file on save, and a WATCH that keeps verdicts current in between.
import * as vscode from 'vscode';
import { loadKubeconfig, type CheckReport, type ConvergeConfig, type KubeObject, type ObjectRef, type VerdictResult } from '../core';
import { existsSync } from 'node:fs';
import { isRenderInput } from './checks/render-inputs';
import { combineReports, dropOrphansDefinedElsewhere, mergeByContext, uncertainOrphansWhereNotRendered } from './checks/check-plan';
import { WorkspaceChecks, type CheckSettings } from './checks/workspace-checks';
import { engineLogger } from './engine-logger';
import { LatestRun, untilAborted } from './latest-run';
import { VIEW_ID } from './ids';
import { readSettings, SECTION, type ConvergeSettings } from './settings';
import { effectiveSetting, trustPolicy } from './trust-model';
import { transitions, verdictIndex, type Transitions } from './views/drift-alerts';
import { viewState, type ViewState } from './views/view-state-model';

export interface RefreshOptions {
  /** What asked for it, for the log ("command", "save of deploy.yaml"). */
  trigger: string;
  /** Show a cancellable notification instead of the view's progress bar. */
  notify?: boolean;
}

/** Why results changed: a full check, a saved file, or the cluster (watch). */
export type UpdateCause = 'check' | 'save' | 'watch';

export class DriftChecker implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a check starts or ends, and when results change. */
  readonly onDidChange = this.changed.event;
  private readonly updated = new vscode.EventEmitter<{ cause: UpdateCause; transitions: Transitions }>();
  /** Fires when verdicts were updated, with what became diverged or converged since the last results. */
  readonly onDidUpdate = this.updated.event;
  /** One report per context (folders mapped to several contexts give several). */
  reports: CheckReport[] = [];
  /** All reports as one. */
  report?: CheckReport;
  /** Context in use for folders `.converge.yaml` does not map: the selected one, or the kubeconfig's current-context. */
  context?: string;
  kubeconfigError?: string;
  checking = false;
  private readonly runs = new LatestRun();
  private readonly checks: WorkspaceChecks;
  private baselineKey = '';

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.checks = new WorkspaceChecks({
      log: engineLogger(log),
      onWatchChange: (changed) => {
        this.log.info(`watch: ${changed.length} verdict(s) changed: ${changed.map((r) => `${r.ref.kind} ${r.ref.name} → ${r.verdict}`).join(', ')}`);
        this.publish('watch');
      },
    });
  }

  roots(): string[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  }

  /** The extension's settings; in Restricted Mode without the workspace values of restricted ones (`trust-model.ts`). */
  settings(): ConvergeSettings {
    const config = vscode.workspace.getConfiguration(SECTION);
    const trusted = vscode.workspace.isTrusted;
    const s = readSettings((key) => effectiveSetting(key, config.inspect(key), trusted) as never, this.roots()[0]);
    return trusted ? s : { ...s, untrustedRoots: this.roots() };
  }

  state(): ViewState {
    return viewState({ hasWorkspace: this.roots().length > 0, checking: this.checking, report: this.report, kubeconfigError: this.kubeconfigError });
  }

  /** Checks everything, cancelling any check still running. Resolves to undefined when cancelled or superseded. */
  async refresh(opts: RefreshOptions): Promise<CheckReport | undefined> {
    const run = this.runs.start();
    const roots = this.roots();
    if (roots.length === 0) {
      const others = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
      this.log.info(`check #${run.id} (${opts.trigger}) skipped: no folder open${others.length ? ` on disk (${others.join(', ')})` : ''}`);
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
      await vscode.window.withProgress(
        {
          location: opts.notify ? vscode.ProgressLocation.Notification : { viewId: VIEW_ID },
          title: 'GitOps Converge: checking manifests',
          cancellable: opts.notify === true,
        },
        (progress, token) => {
          token.onCancellationRequested(() => run.cancel());
          let reported = 0;
          // Cancel returns at once, even while the engine still waits on a slow request.
          return untilAborted(
            this.checks.checkAll(roots, checkSettings(s), {
              signal: run.signal,
              onProgress: (done, total) => {
                const pct = Math.round((done / total) * 100);
                progress.report({ message: `${done}/${total}`, increment: pct - reported });
                reported = pct;
              },
            }),
            run.signal,
          );
        },
      );
      if (!run.isCurrent()) return undefined;
      if (run.signal.aborted) {
        this.log.info(`check #${run.id} cancelled after ${Date.now() - started} ms`);
        return undefined;
      }
      this.publish('check');
      const c = this.report!.summary;
      const state = this.state();
      if (state.detail) this.log.warn(`check #${run.id}: ${state.name === 'noCluster' ? 'no cluster' : 'cluster not usable'}: ${state.detail}`);
      this.log.info(
        `check #${run.id} done in ${Date.now() - started} ms: ${c.total} resources in ${this.reports.length} context(s) — ${c.converged} converged, ${c.diverged} diverged, ` +
          `${c.missing} missing, ${c.orphaned} orphaned, ${c.unknown} unknown, ${c.invalid} invalid`,
      );
      return this.report;
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

  /** Re-verdicts only these saved files; falls back to a full check when they belong to no check yet. */
  async recheckFiles(files: string[], trigger: string): Promise<CheckReport | undefined> {
    if (this.checking || !this.report) return this.refresh({ trigger });
    // A kustomization or chart input changes what a render produces: render again (cached renders stay cached).
    if (files.some((f) => this.isRenderInput(f))) return this.refresh({ trigger: `${trigger} (render input)` });
    const started = Date.now();
    try {
      const done = await this.checks.recheckFiles(files);
      if (!done) return this.refresh({ trigger: `${trigger} (new file or mapping)` });
      this.publish('save');
      this.log.info(`re-check (${trigger}) done in ${Date.now() - started} ms: ${files.length} file(s)`);
      return this.report;
    } catch (err) {
      this.log.error(`re-check (${trigger}) failed after ${Date.now() - started} ms: ${(err as Error).message}`);
      return this.refresh({ trigger });
    }
  }

  /**
   * Dry-run verdicts of an unsaved buffer's text (not shown in the tree, which keeps the saved file's verdicts).
   * Undefined while a full check runs or when the file is in no check.
   */
  async verdictsOfText(file: string, text: string): Promise<VerdictResult[] | undefined> {
    if (this.checking || !this.report || this.isRenderInput(file)) return undefined;
    const started = Date.now();
    try {
      const results = await this.checks.verdictsOfText(file, text);
      if (results) this.log.info(`dry-run of unsaved ${vscode.workspace.asRelativePath(file)} done in ${Date.now() - started} ms: ${results.length} object(s)`);
      return results;
    } catch (err) {
      this.log.warn(`dry-run of unsaved ${vscode.workspace.asRelativePath(file)} failed: ${(err as Error).message}`);
      return undefined;
    }
  }

  /**
   * The cached live object of a checked manifest object, no request: null = not in the cluster, undefined = unknown.
   * Given the manifest's file, the check (cluster) holding that file answers first.
   */
  cachedLive(ref: ObjectRef, file?: string): KubeObject | null | undefined {
    return this.checks.cachedLive(ref, file);
  }

  /** The context the live objects of this file are read from: its mapped cluster, else the selected context. */
  contextOf(file?: string): string | undefined {
    return (file === undefined ? undefined : this.checks.contextOf(file)) ?? this.context;
  }

  /** The `.converge.yaml` and default namespace the check of this file uses. */
  diffSettingsOf(file: string): { config: ConvergeConfig; defaultNamespace: string } | undefined {
    return this.checks.diffSettingsOf(file);
  }

  /** Whether the file is read by a render (so it is re-checked by rendering again, not alone). */
  private isRenderInput(file: string): boolean {
    return this.settings().render && isRenderInput(file, this.roots(), this.report?.resources ?? [], existsSync);
  }

  private publish(cause: UpdateCause): void {
    const before = verdictIndex(this.reports);
    const key = JSON.stringify(checkSettings(this.settings()));
    const sameBaseline = key === this.baselineKey;
    this.baselineKey = key;
    const reports = uncertainOrphansWhereNotRendered(dropOrphansDefinedElsewhere(this.checks.reports().map((r) => r.report)));
    this.reports = mergeByContext(this.checks.reports().map(({ target }, i) => ({ report: reports[i], context: target.context ?? this.context })));
    this.report = combineReports(this.reports);
    const t = sameBaseline ? transitions(before, this.reports) : { diverged: [], converged: [] };
    this.changed.fire();
    this.updated.fire({ cause, transitions: t });
  }

  private resolveContext(s: ConvergeSettings): void {
    try {
      this.context = loadKubeconfig({ kubeconfig: s.kubeconfig, context: s.context, untrustedRoots: s.untrustedRoots }).context;
      this.kubeconfigError = undefined;
    } catch (err) {
      this.context = s.context;
      this.kubeconfigError = (err as Error).message;
    }
  }

  dispose(): void {
    this.runs.cancelAll();
    this.checks.dispose();
    this.changed.dispose();
    this.updated.dispose();
  }
}

/** What a check needs; a change of trust changes it, so that the next check starts new sessions. */
function checkSettings(s: ConvergeSettings): CheckSettings {
  const policy = trustPolicy(vscode.workspace.isTrusted);
  // Untrusted: kustomizations and charts are still recognised (their inputs are not plain objects) but not rendered.
  const render = !s.render ? undefined : policy.runRenderTools ? { kubectl: s.kubectlPath, helm: s.helmPath, allowExec: true } : { allowExec: false };
  return { kubeconfig: s.kubeconfig, untrustedRoots: s.untrustedRoots, context: s.context, offline: s.offline, fieldManager: s.fieldManager, watch: s.watch, render, operatorState: policy.runGit };
}
