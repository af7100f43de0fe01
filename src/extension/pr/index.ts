// The PR commands for the extension: `registerPrCommands(context, deps)` registers Commit & Open PR, Adopt Live into
// Git and Show History / Restore This Version. They only translate the engine's git/PR flows (src/core/git,
// src/core/pr) into VS Code prompts and notifications. See README.md.
import * as vscode from 'vscode';
import { adoptLiveIntoGit } from './adopt-live-into-git';
import { commitAndOpenPr } from './commit-and-open-pr';
import { showHistory } from './history';
import { PR_COMMANDS } from './ids';
import { OpenedPrs, type OpenedPr } from './opened-prs-model';
import type { PrCommandDeps, PrRuntime } from './pr-ui';
import { refusedUntrusted } from '../workspace-trust';

export { PR_COMMANDS, PR_SETTINGS } from './ids';
export type { PrCommandDeps, PrLog } from './pr-ui';
export type { OpenedPr } from './opened-prs-model';

export interface PrCommands {
  /** PRs opened from this workspace (kept in workspaceState): `labelFor(ref, file)` gives "PR #12" for the Drift view. */
  opened: OpenedPrs;
  /** Fires when a PR was opened or found open; redraw the Drift view. */
  onDidOpenPr: vscode.Event<OpenedPr>;
}

export function registerPrCommands(context: vscode.ExtensionContext, deps: PrCommandDeps): PrCommands {
  const emitter = new vscode.EventEmitter<OpenedPr>();
  const opened = new OpenedPrs(context.workspaceState);
  const rt: PrRuntime = { ...deps, opened, didOpen: (pr) => emitter.fire(pr) };
  context.subscriptions.push(
    emitter,
    // Git runs the repository's hooks and `.git/config` commands: trusted workspaces only.
    vscode.commands.registerCommand(PR_COMMANDS.commitAndOpenPr, (...args: unknown[]) => refusedUntrusted('Commit & Open PR') || commitAndOpenPr(context, rt, args)),
    vscode.commands.registerCommand(PR_COMMANDS.adoptLiveIntoGit, (arg?: unknown) => refusedUntrusted('Adopt Live into Git') || adoptLiveIntoGit(context, rt, arg ?? rt.getSelection?.()[0])),
    vscode.commands.registerCommand(PR_COMMANDS.showHistory, (...args: unknown[]) => refusedUntrusted('Show History') || showHistory(context, rt, args)),
  );
  return { opened, onDidOpenPr: emitter.event };
}
