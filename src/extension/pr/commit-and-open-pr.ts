// "Commit & Open PR": shows what goes in, asks only branch, commit message, title/description, draft and base, then
// builds the branch in a temporary worktree, pushes it (never forced) and opens or reuses the PR.
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { inspectRepo } from '../../core/git/repo';
import { commitMessage, prBody, prTitle, type PrChange } from '../../core/pr/describe';
import { changesFromGit } from '../../core/pr/git-changes';
import { openPullRequest, preparePr, type PrDraft } from '../../core/pr/open-pr';
import { forgeRemote, providerForRemote, readPrSettings } from './forge-access';
import { announce, recordPr, reportError, type PrRuntime } from './pr-ui';
import { branchNameProblem, changesFor, fileItems, filesOfArgs, isSourceControlArg } from './pr-targets-model';

export interface CommitAndOpenPrOptions {
  /** The changes, when the caller knows them (Adopt live into Git); default: the verdicts of the files. */
  changes?: PrChange[];
  files?: string[];
}

export async function commitAndOpenPr(context: vscode.ExtensionContext, deps: PrRuntime, args: unknown[], opts: CommitAndOpenPrOptions = {}): Promise<boolean> {
  let files = opts.files ?? filesOfArgs(...args);
  if (files.length === 0 && !isSourceControlArg(args[0])) {
    const doc = vscode.window.activeTextEditor?.document;
    if (doc?.uri.scheme === 'file') files = [doc.uri.fsPath];
  }
  const scmRoot = isSourceControlArg(args[0]) ? (args[0] as { rootUri: vscode.Uri }).rootUri.fsPath : undefined;
  if (files.length === 0 && !scmRoot) {
    void vscode.window.showInformationMessage('GitOps Converge: pick manifests (in the Drift view, the explorer or an editor) to commit.');
    return false;
  }
  const settings = readPrSettings();
  const repoDir = scmRoot ?? dirname(files[0]);
  let draft: PrDraft;
  let allChanges: PrChange[];
  try {
    if (files.length === 0 && scmRoot) {
      // The SCM view's title: every changed YAML file of the repository (unsaved ones saved first, so git sees them).
      await saveDirty((path) => path.startsWith(`${scmRoot}/`) && /\.ya?ml$/i.test(path));
      const repo = await inspectRepo(scmRoot, { forgeOverrides: settings.forgeOverrides });
      files = repo.dirty.filter((d) => /\.ya?ml$/i.test(d.path) && d.worktree !== 'D').map((d) => join(repo.root, d.path));
      if (files.length === 0) {
        void vscode.window.showInformationMessage('GitOps Converge: no changed manifests in this repository.');
        return false;
      }
    }
    // Unsaved edits would be left out: save the chosen files first.
    await saveDirty((path) => files.includes(path));
    allChanges = opts.changes ?? (await withGitChanges(repoDir, files, changesFor(files, deps.getResults())));
    draft = await preparePr({ repoDir, changes: allChanges, files, ...(settings.remote ? { remote: settings.remote } : {}), forgeOverrides: settings.forgeOverrides });
  } catch (e) {
    if (await reportError(e, 'Commit & Open PR', context, deps.log)) return commitAndOpenPr(context, deps, args, opts);
    return false;
  }

  // What goes in: every file picked by default; unpicking one leaves it out.
  const items = fileItems(draft.files, allChanges, draft.repo.root).map((i) => ({ ...i, picked: true }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Commit & Open PR: what goes in',
    placeHolder: 'These files (with the drift they address) go on a new branch; your working tree is not changed',
    canPickMany: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (!picked || picked.length === 0) return false;
  const chosen = picked.map((p) => p.file);
  const changes = allChanges.filter((c) => chosen.includes(c.file));
  const generated = chosen.length === draft.files.length ? draft : { ...draft, message: commitMessage(changes), title: prTitle(changes), body: prBody(changes, { repoRoot: draft.repo.root }) };

  const branch = await vscode.window.showInputBox({ title: 'Branch', value: generated.branch, validateInput: branchNameProblem, ignoreFocusOut: true });
  if (!branch) return false;
  const [subject, ...rest] = generated.message.split('\n');
  const editedSubject = await vscode.window.showInputBox({ title: 'Commit message', value: subject, validateInput: (v) => (v.trim() ? undefined : 'A commit message is needed.'), ignoreFocusOut: true });
  if (!editedSubject) return false;
  const message = [editedSubject, ...rest].join('\n');
  const title = await vscode.window.showInputBox({ title: 'Pull request title', value: editedSubject === subject ? generated.title : editedSubject, ignoreFocusOut: true });
  if (!title) return false;
  const body = await askBody(generated.body);
  if (body === undefined) return false;
  const kind = await vscode.window.showQuickPick(
    [
      { label: 'Ready for review', draft: false },
      { label: 'Draft', draft: true },
    ],
    { title: 'Open the pull request as', ignoreFocusOut: true },
  );
  if (!kind) return false;
  const base = await vscode.window.showInputBox({ title: 'Base branch', value: draft.base, validateInput: branchNameProblem, ignoreFocusOut: true });
  if (!base) return false;

  const remote = forgeRemote(draft.remoteUrl, settings);
  const run = async (): Promise<boolean> => {
    const provider = remote ? await providerForRemote(context, remote, settings) : undefined;
    if (remote && !provider) {
      void vscode.window.showWarningMessage('GitOps Converge: no pull request was opened: sign-in was declined. Nothing was pushed.');
      return false;
    }
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Opening a pull request from ${branch}`, cancellable: false },
        async (progress) => {
          progress.report({ message: 'committing in a temporary worktree and pushing…' });
          return openPullRequest({ repoDir: draft.repo.root, files: chosen, remote: draft.remote, base, branch, message, title, body, draft: kind.draft, ...(provider ? { provider } : {}), ...(remote ? { remoteUrl: remote } : {}) });
        },
      );
      deps.log.info(`Commit & Open PR: ${result.branch.branch} ${result.branch.commit.slice(0, 7)} on ${result.branch.remote}/${base}${result.branch.merged.length ? ` (merged onto a newer base: ${result.branch.merged.join(', ')})` : ''}`);
      await recordPr(deps, result.pr, result.branch.branch, changes.map((c) => c.ref), chosen);
      await announce(result.pr, result.branch.branch, deps.log);
      return true;
    } catch (e) {
      if (await reportError(e, 'Commit & Open PR', context, deps.log, remote)) return run();
      return false;
    }
  };
  return run();
}

async function saveDirty(wanted: (path: string) => boolean): Promise<void> {
  for (const doc of vscode.workspace.textDocuments ?? []) if (doc.isDirty && doc.uri.scheme === 'file' && wanted(doc.uri.fsPath)) await doc.save();
}

/** The generated description, used as is or edited in an untitled Markdown document first. */
async function askBody(generated: string): Promise<string | undefined> {
  const choice = await vscode.window.showQuickPick(
    [
      { label: 'Use the generated description', detail: generated.split('\n')[0], edit: false },
      { label: 'Edit the description first', detail: 'Opens it in an editor; come back and press Continue', edit: true },
    ],
    { title: 'Pull request description', ignoreFocusOut: true },
  );
  if (!choice) return undefined;
  if (!choice.edit) return generated;
  const doc = await vscode.workspace.openTextDocument({ content: generated, language: 'markdown' });
  await vscode.window.showTextDocument(doc, { preview: false });
  const go = await vscode.window.showInformationMessage('Edit the pull request description, then press Continue.', { modal: true }, 'Continue');
  return go === 'Continue' ? doc.getText() : undefined;
}

/**
 * The drift each file's change addresses; for files whose drift is already gone (the edit was saved and
 * re-checked before the PR), what Git says the file changes, so names and texts stay specific.
 */
async function withGitChanges(repoDir: string, files: readonly string[], drift: PrChange[]): Promise<PrChange[]> {
  const described = new Set(drift.map((c) => c.file));
  const rest = files.filter((f) => !described.has(f));
  return rest.length ? [...drift, ...(await changesFromGit(repoDir, rest))] : drift;
}
