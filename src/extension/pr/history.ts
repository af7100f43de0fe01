// "Show History / Restore This Version": the commits touching a manifest; picking one opens a PR that brings the file
// back to that commit's content (the branch is built in a temporary worktree, the checkout is not touched).
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { preparePr } from '../../core/pr/open-pr';
import { fileHistory, planRestore, restoreVersion } from '../../core/pr/rollback';
import { forgeRemote, providerForRemote, readPrSettings } from './forge-access';
import { announce, recordPr, reportError, type PrRuntime } from './pr-ui';
import { branchNameProblem, filesOfArgs } from './pr-targets-model';

export async function showHistory(context: vscode.ExtensionContext, deps: PrRuntime, args: unknown[]): Promise<boolean> {
  const file = filesOfArgs(...args)[0] ?? (vscode.window.activeTextEditor?.document.uri.scheme === 'file' ? vscode.window.activeTextEditor.document.uri.fsPath : undefined);
  if (!file) {
    void vscode.window.showInformationMessage('GitOps Converge: open a manifest (or pick one in the Drift view) to see its history.');
    return false;
  }
  const settings = readPrSettings();
  const repoDir = dirname(file);
  try {
    const history = await fileHistory(repoDir, file, { limit: 100 });
    if (history.length === 0) {
      void vscode.window.showInformationMessage(`GitOps Converge: ${vscode.workspace.asRelativePath(file)} has no commits yet.`);
      return false;
    }
    const pick = await vscode.window.showQuickPick(
      history.map((c, i) => ({
        label: c.subject || '(no subject)',
        description: `${c.shortCommit}${i === 0 ? ' · current' : ''}`,
        detail: `${c.author} · ${c.date.slice(0, 16).replace('T', ' ')}${c.path !== history[0].path ? ` · as ${c.path}` : ''}`,
        commit: c,
      })),
      { title: `History of ${vscode.workspace.asRelativePath(file)}: pick a version to restore`, matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true },
    );
    if (!pick) return false;
    const plan = await planRestore(repoDir, file, pick.commit.commit);
    const draft = await preparePr({ repoDir, changes: [], files: [file], ...(settings.remote ? { remote: settings.remote } : {}), forgeOverrides: settings.forgeOverrides });
    const ok = await vscode.window.showInformationMessage(
      `Restore ${plan.file} to ${pick.commit.shortCommit} ("${pick.commit.subject}")?`,
      { modal: true, detail: `A pull request against ${draft.base} will bring the file back to that version. Your working tree is not changed.` },
      'Restore This Version',
    );
    if (ok !== 'Restore This Version') return false;
    const branch = await vscode.window.showInputBox({ title: 'Branch', value: plan.branch, validateInput: branchNameProblem, ignoreFocusOut: true });
    if (!branch) return false;
    const remote = forgeRemote(draft.remoteUrl, settings);
    const provider = remote ? await providerForRemote(context, remote, settings) : undefined;
    if (remote && !provider) {
      void vscode.window.showWarningMessage('GitOps Converge: no pull request was opened: sign-in was declined. Nothing was pushed.');
      return false;
    }
    const pushed = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Restoring ${plan.file} to ${pick.commit.shortCommit}` }, () =>
      restoreVersion({ repoDir, plan, remote: draft.remote, base: draft.base, branch }),
    );
    if (!provider) {
      void vscode.window.showWarningMessage(`GitOps Converge: branch ${pushed.branch} was pushed, but ${draft.remote} is not a forge URL: open the pull request by hand.`);
      return true;
    }
    const pr = await provider.create({ title: plan.title, body: plan.body, head: pushed.branch, base: draft.base });
    await recordPr(deps, pr, pushed.branch, [], [file]);
    await announce(pr, pushed.branch, deps.log);
    return true;
  } catch (e) {
    if (await reportError(e, 'Restore this version', context, deps.log)) return showHistory(context, deps, args);
    return false;
  }
}
