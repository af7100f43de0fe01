// The API other extensions (and the extension-host tests) get from `activate`.
import type * as vscode from 'vscode';
import type { CheckReport } from '../core';
import type { ShownAlert } from './drift-notifications';
import type { DriftNode } from './views/drift-model';
import type { ViewState } from './views/view-state-model';

export interface GitOpsConvergeApi {
  /** The latest finished check, or undefined before the first one. */
  getReport(): CheckReport | undefined;
  /** Runs a check now; undefined when it was cancelled or superseded by a newer one. */
  refresh(): Promise<CheckReport | undefined>;
  /** The Drift view's nodes as plain data (what the tree shows, after the "only drift" filter). */
  getTree(): readonly DriftNode[];
  /** What the Drift view shows: the tree or which welcome. */
  getState(): ViewState;
  /** The latest reports, one per kubeconfig context checked (folders mapped by `.converge.yaml` `clusters:`). */
  getReports(): readonly CheckReport[];
  /** Drift and converged-again notifications shown so far in this window. */
  getAlerts(): readonly ShownAlert[];
  /** Fires after each check, and when the view changes. */
  readonly onDidChange: vscode.Event<void>;
}
