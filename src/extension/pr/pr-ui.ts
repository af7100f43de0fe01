// What every PR command shares: the dependencies, the result notification and error reporting.
import * as vscode from 'vscode';
import type { ParsedRemote } from '../../core/git/remote-url';
import type { PrRef } from '../../core/pr/provider';
import type { ObjectRef, VerdictResult } from '../../core/types';
import type { OpenedPr, OpenedPrs } from './opened-prs-model';
import { forgetToken } from './forge-access';
import { prErrorReport } from './pr-errors-model';

export interface PrLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  show?(): void;
}

export interface PrCommandDeps {
  /** Every verdict of the latest check (all contexts). */
  getResults(): VerdictResult[];
  /**
   * The Drift view's selected nodes: what a command acts on when VS Code passes no argument (the palette, or a
   * context menu whose row was redrawn by a re-check before the click).
   */
  getSelection?(): readonly unknown[];
  /** Settles once no check runs (at once when none does): a verdict being redrawn is known again then. */
  whenChecked?(): Promise<void>;
  log: PrLog;
}

/** What the commands share at run time: the deps plus the record of opened PRs. */
export interface PrRuntime extends PrCommandDeps {
  opened: OpenedPrs;
  didOpen(pr: OpenedPr): void;
}

/** Records a PR (for "PR #12" in the Drift view) and tells listeners. */
export async function recordPr(rt: PrRuntime, pr: PrRef, branch: string, refs: ObjectRef[], files: string[]): Promise<void> {
  const entry: OpenedPr = { number: pr.number, url: pr.url, branch, refs, files, at: new Date().toISOString() };
  await rt.opened.add(entry);
  rt.didOpen(entry);
}

/** Tells the user what was opened; "Open PR" opens it in the browser. */
export async function announce(pr: PrRef, branch: string, log: PrLog): Promise<void> {
  log.info(`PR ${pr.manual ? 'page' : `#${pr.number}`} for ${branch}: ${pr.url}${pr.reused ? ' (already open)' : ''}`);
  if (pr.manual) {
    await vscode.env.openExternal(vscode.Uri.parse(pr.url));
    void vscode.window.showInformationMessage(`GitOps Converge: branch ${branch} was pushed. Finish the pull request in the browser.`);
    return;
  }
  const text = pr.reused
    ? `GitOps Converge: pull request #${pr.number} for ${branch} was already open; it now has your change.`
    : `GitOps Converge: opened pull request #${pr.number} from ${branch}.`;
  const choice = await vscode.window.showInformationMessage(text, 'Open PR');
  if (choice === 'Open PR') await vscode.env.openExternal(vscode.Uri.parse(pr.url));
}

/** Shows a failure with its actions; returns true when the user asked to retry. */
export async function reportError(e: unknown, what: string, context: vscode.ExtensionContext, log: PrLog, remote?: ParsedRemote): Promise<boolean> {
  const report = prErrorReport(e);
  log.error(`${what}: ${report.message}`);
  if (report.details) log.error(report.details);
  if (report.forgetToken && remote) await forgetToken(context, remote);
  const choice = await vscode.window.showErrorMessage(`GitOps Converge: ${what} failed. ${report.message}`, ...report.actions);
  if (choice === 'Show Log') log.show?.();
  if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'gitopsConverge.pr');
  return choice === 'Retry' || choice === 'Sign In Again';
}
