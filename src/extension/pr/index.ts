// The PR commands for the extension: `registerPrCommands(context, deps)` registers Commit & Open PR, Adopt Live into
// Git and Show History / Restore This Version. They only translate the engine's git/PR flows (src/core/git,
// src/core/pr) into VS Code prompts and notifications. See README.md.
import * as vscode from 'vscode';
import { adoptLiveIntoGit } from './adopt-live-into-git';
import { commitAndOpenPr } from './commit-and-open-pr';
import { showHistory } from './history';
import { PR_COMMANDS } from './ids';
import type { PrCommandDeps } from './pr-ui';

export { PR_COMMANDS, PR_SETTINGS } from './ids';
export type { PrCommandDeps, PrLog } from './pr-ui';

export function registerPrCommands(context: vscode.ExtensionContext, deps: PrCommandDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(PR_COMMANDS.commitAndOpenPr, (...args: unknown[]) => commitAndOpenPr(context, deps, args)),
    vscode.commands.registerCommand(PR_COMMANDS.adoptLiveIntoGit, (arg?: unknown) => adoptLiveIntoGit(context, deps, arg)),
    vscode.commands.registerCommand(PR_COMMANDS.showHistory, (...args: unknown[]) => showHistory(context, deps, args)),
  );
}
