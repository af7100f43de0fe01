// "Commit & Open PR" end to end in the real workbench: a clone of a local bare remote, a fake GitLab on 127.0.0.1
// (merge requests API), the prompts answered like a person, the notification, the branch on the remote, the
// working tree untouched, and "PR #1" in the Drift view.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { FakeGitHub, FakeGitLab } from '../../support/fake-forges';
import { waitFor } from '../harness/code-server';
import { commitOnMain, git, type PrRepo } from '../harness/pr-repo';
import { assert, type Results } from '../harness/results';
import { openByPath, openContainer, readTree, runCommand, runContextMenu, treeRows, waitForWorkbench, widenSidebar, type Screenshots } from '../harness/workbench';
import { decoratedLines } from './editor.ui';

export const GITLAB_TOKEN = 'glpat-e2e-token';
export const GITHUB_TOKEN = 'ghp-e2e-token';

/** Waits for the quick input titled `title`, optionally types, then accepts. */
async function answer(page: Page, title: string | RegExp, type?: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ timeout: 15_000 });
  if (type !== undefined) await page.locator('.quick-input-widget input').fill(type);
  await page.keyboard.press('Enter');
}

/** Opens the repository, waits for the "live: 5" decoration, types replicas 2 → 5 in the manifest and saves it. */
async function openRepoAndSaveReplicas5(page: Page, origin: string, work: string, file: string): Promise<void> {
  await page.goto(`${origin}/?folder=${encodeURIComponent(work)}`);
  await waitForWorkbench(page);
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 30_000 });
  await openByPath(page, file, 'deployment.yaml');
  // The check has verdicts once the replicas line is decorated.
  await waitFor(async () => (await decoratedLines(page)).some((l) => /replicas: 2/.test(l.text) && l.after.includes('live: 5')), 30_000, 'the live: 5 decoration');
  const line = page.locator('.part.editor .view-lines .view-line', { hasText: /^\s*replicas:\s2\b/ }).first();
  // The key token, not the line's far right (under the minimap): then End.
  await line.locator('span[class*="mtk"]', { hasText: 'replicas' }).last().click();
  await page.keyboard.press('End');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('5');
  await page.keyboard.press('Control+S');
  await waitFor(() => /^\s+replicas: 5$/m.test(readFileSync(file, 'utf8')), 10_000, 'replicas: 5 saved to disk');
}

export async function prUi(page: Page, origin: string, repo: PrRepo, forge: FakeGitLab, shots: Screenshots, results: Results): Promise<void> {
  const step = results.suite('ui-pr', (name) => shots.take(page, `failed-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`).then(() => undefined));
  const file = join(repo.work, 'apps/web/deployment.yaml');
  let branch = '';

  await step(
    'Commit & Open PR (GitLab): prompts, merge request sent, branch pushed, working tree unchanged, "opened pull request #1" notification',
    async () => {
      await openRepoAndSaveReplicas5(page, origin, repo.work, file);
      const statusBefore = git(repo.work, 'status', '--porcelain');
      const headBefore = git(repo.work, 'rev-parse', 'HEAD');
      assert(/ M apps\/web\/deployment.yaml/.test(statusBefore), `git status before: ${statusBefore}`);

      await runCommand(page, 'GitOps Converge: Commit & Open PR');
      await answer(page, 'what goes in');
      const branchInput = page.locator('.quick-input-widget input');
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Branch' }).waitFor({ timeout: 15_000 });
      branch = await branchInput.inputValue();
      assert(/^converge\//.test(branch), `suggested branch: ${branch}`);
      await page.keyboard.press('Enter');
      await answer(page, 'Commit message');
      await answer(page, 'Pull request title');
      await answer(page, 'Pull request description');
      await answer(page, 'Open the pull request as');
      await answer(page, 'Base branch');
      await answer(page, /GitLab token/, GITLAB_TOKEN);

      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'opened pull request #1' }).first();
      await toast.waitFor({ timeout: 30_000 });
      await page.locator('.notifications-toasts .notification-toast.notification-fade-in-done').first().waitFor({ timeout: 5_000 }).catch(() => undefined);
      assert(await toast.locator('a.monaco-button, .monaco-button', { hasText: 'Open PR' }).count(), 'the notification has no "Open PR" button');
      await shots.take(page, 'pr-opened-notification');

      const post = forge.requests.find((r) => r.method === 'POST');
      const body = post?.body as Record<string, unknown> | undefined;
      assert(body, `no merge request POST: ${forge.requests.map((r) => `${r.method} ${r.url}`).join(', ')}`);
      assert(body.source_branch === branch && body.target_branch === 'main', `MR branches: ${JSON.stringify(body)}`);
      // The saved edit made the Deployment converge, so there is no drift left to name: the generated title is generic.
      assert(typeof body.title === 'string' && body.title.length > 0 && !/^draft:/i.test(body.title), `MR title: ${body.title}`);
      assert(typeof body.description === 'string' && body.description.length > 0, `MR description: ${String(body.description).slice(0, 300)}`);
      console.log(`merge request sent: ${JSON.stringify({ title: body.title, source_branch: body.source_branch, target_branch: body.target_branch })}`);
      const pushed = git(repo.remote, 'show', `${branch}:apps/web/deployment.yaml`);
      assert(/^\s+replicas: 5$/m.test(pushed) && /^# The e2e seed/.test(pushed), `pushed file:\n${pushed}`);
      assert(git(repo.remote, 'rev-parse', 'main') === headBefore, 'main on the remote moved');
      assert(git(repo.work, 'status', '--porcelain') === statusBefore, `git status after: ${git(repo.work, 'status', '--porcelain')}`);
      assert(git(repo.work, 'rev-parse', 'HEAD') === headBefore, 'the checkout moved');
    },
    { required: true },
  );

  await step('the Drift view marks the resource with its PR ("PR #1")', async () => {
    await openContainer(page, 'GitOps Converge');
    await widenSidebar(page, 600);
    let rows: Awaited<ReturnType<typeof readTree>> = [];
    await waitFor(async () => {
      rows = await readTree(page);
      const collapsed = treeRows(page, '[aria-expanded="false"]').filter({ hasText: /\.ya?ml/ });
      if ((await collapsed.count()) > 0) {
        await collapsed.first().locator('.monaco-tl-twistie').click();
        return false;
      }
      return rows.some((r) => r.label === 'Deployment shop/web' && r.description.includes('PR #1'));
    }, 20_000, `"PR #1" on Deployment shop/web; rows: ${JSON.stringify(rows.map((r) => [r.label, r.description]))}`);
    await page.mouse.move(1300, 850);
    await shots.take(page, 'pr-drift-view-mark');
  });
}

/** The PR after the previous one: its notification, the merge request sent for `branch`. */
async function nextPr(page: Page, forge: FakeGitLab, branch: string): Promise<Record<string, unknown>> {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: new RegExp(`opened pull request #\\d+ from ${branch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).first();
  await toast.waitFor({ timeout: 30_000 });
  await page.locator('.notifications-toasts .notification-toast.notification-fade-in-done').first().waitFor({ timeout: 5_000 }).catch(() => undefined);
  const post = forge.requests.filter((r) => r.method === 'POST').map((r) => r.body as Record<string, unknown>).find((b) => b?.source_branch === branch);
  assert(post, `no merge request for ${branch}: ${forge.requests.map((r) => `${r.method} ${r.url}`).join(', ')}`);
  return post;
}

/** Clears the notification toasts, so the next step waits for its own. */
async function clearToasts(page: Page): Promise<void> {
  for (let i = 0; i < 5 && (await page.locator('.notifications-toasts .notification-toast').count()) > 0; i++) {
    await page.locator('.notifications-toasts .notification-toast .codicon-notifications-clear, .notifications-toasts .notification-toast .codicon-close').first().click().catch(() => undefined);
  }
}

/** "Adopt Live into Git" from the Drift view, then "Show History" → "Restore This Version", both ending in a merge request. */
export async function prAdoptAndRestoreUi(page: Page, repo: PrRepo, forge: FakeGitLab, shots: Screenshots, results: Results): Promise<void> {
  const step = results.suite('ui-pr', (name) => shots.take(page, `failed-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`).then(() => undefined));
  const rel = 'apps/web/deployment.yaml';
  const file = join(repo.work, rel);

  await step('Adopt Live into Git (Drift view): the live replicas: 5 written into the manifest, committed on a new branch, merge request', async () => {
    // Back to what main has (replicas: 2, live 5): diverged again after a check.
    git(repo.work, 'checkout', '--', rel);
    await clearToasts(page);
    await runCommand(page, 'GitOps Converge: Refresh');
    await openContainer(page, 'GitOps Converge');
    const row = treeRows(page).filter({ hasText: 'Deployment shop/web' }).filter({ has: page.locator('.codicon-diff') }).first();
    await row.waitFor({ timeout: 30_000 });
    // The checkout is also re-checked by the file watcher: act once its verdict change is announced, not on a row
    // that a re-check is about to redraw.
    await page.locator('.notification-toast', { hasText: 'Deployment shop/web diverged' }).first().waitFor({ timeout: 30_000 });
    await runContextMenu(page, row, 'Adopt Live into Git');
    await waitFor(() => /^\s+replicas: 5$/m.test(readFileSync(file, 'utf8')), 10_000, 'replicas: 5 written into the manifest');
    await answer(page, 'what goes in');
    await answer(page, 'Branch', 'converge/adopt-web');
    await answer(page, 'Commit message');
    await answer(page, 'Pull request title');
    await answer(page, 'Pull request description');
    await answer(page, 'Open the pull request as');
    await answer(page, 'Base branch');
    const mr = await nextPr(page, forge, 'converge/adopt-web');
    await shots.take(page, 'pr-adopt-live-into-git');
    assert(/web/.test(String(mr.title)) && /replicas/.test(String(mr.description)), `MR title: ${mr.title}; description: ${String(mr.description).slice(0, 200)}`);
    const pushed = git(repo.remote, 'show', `converge/adopt-web:${rel}`);
    assert(/^\s+replicas: 5$/m.test(pushed) && /^# The e2e seed/.test(pushed), `pushed file:\n${pushed}`);
  });

  await step('Show History → Restore This Version: a merge request whose branch has the old content', async () => {
    git(repo.work, 'checkout', '--', rel);
    commitOnMain(repo, rel, (t) => t.replace(/image: nginx:[\w.]+/, 'image: nginx:1.27.0'), 'web: nginx 1.27.0');
    // The checkout and pull changed the manifest on disk (replicas: 2 again): the Drift view follows without a Refresh.
    await openContainer(page, 'GitOps Converge');
    const diverged = treeRows(page).filter({ hasText: 'Deployment shop/web' }).filter({ has: page.locator('.codicon-diff') });
    await waitFor(async () => (await diverged.count()) > 0, 20_000, 'Deployment shop/web diverged again after the checkout (file watcher)');
    await clearToasts(page);
    await runCommand(page, 'View: Close All Editors');
    await openByPath(page, file, 'deployment.yaml');
    await runCommand(page, 'GitOps Converge: Show History / Restore This Version');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'History of' }).waitFor({ timeout: 15_000 });
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await waitFor(async () => (await rows.count()) >= 2, 10_000, 'two commits in the history');
    const texts = await rows.allInnerTexts();
    assert(/web: nginx 1\.27\.0/.test(texts[0]) && /current/.test(texts[0]) && /web: initial/.test(texts[1]), `history: ${texts.join(' | ')}`);
    await shots.take(page, 'pr-history');
    await rows.filter({ hasText: 'web: initial' }).first().click();
    const restore = page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Restore This Version' }).first();
    await restore.waitFor({ timeout: 15_000 });
    await restore.click();
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Branch' }).waitFor({ timeout: 15_000 });
    const branch = await page.locator('.quick-input-widget input').inputValue();
    await page.keyboard.press('Enter');
    await nextPr(page, forge, branch);
    await shots.take(page, 'pr-restore-version');
    const restored = git(repo.remote, 'show', `${branch}:${rel}`);
    const initial = git(repo.remote, 'show', `main~1:${rel}`);
    assert(restored === initial && !/nginx:1\.27\.0/.test(restored), `restored file:\n${restored}`);
    assert(/nginx:1\.27\.0/.test(readFileSync(file, 'utf8')), 'the working tree was changed');
    // The next test (a failing hook) needs an edit to commit, as after the first PR.
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^(\s+)replicas: 2$/m, '$1replicas: 5'));
  });
}

/** A failing pre-commit hook: an error notification, the hook's output in the log, nothing pushed, nothing lost. */
export async function prHookUi(page: Page, repo: PrRepo, shots: Screenshots, results: Results): Promise<void> {
  const step = results.suite('ui-pr', (name) => shots.take(page, `failed-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`).then(() => undefined));
  await step('a failing pre-commit hook: error notification, hook output in the log, nothing pushed, working tree unchanged', async () => {
    const hook = join(repo.work, '.git/hooks/pre-commit');
    writeFileSync(hook, '#!/bin/sh\necho "e2e-hook: manifests must be reviewed by the platform team" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    const statusBefore = git(repo.work, 'status', '--porcelain');
    await page.locator('.notifications-toasts .notification-toast .codicon-notifications-clear, .notifications-toasts .notification-toast .codicon-close').first().click().catch(() => undefined);
    await runCommand(page, 'GitOps Converge: Commit & Open PR');
    await answer(page, 'what goes in');
    await answer(page, 'Branch', 'converge/hook-test');
    await answer(page, 'Commit message');
    await answer(page, 'Pull request title');
    await answer(page, 'Pull request description');
    await answer(page, 'Open the pull request as');
    await answer(page, 'Base branch');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Commit & Open PR failed' }).first();
    await toast.waitFor({ timeout: 30_000 });
    const text = await toast.innerText();
    assert(/Commit & Open PR failed/.test(text) && /Show Log/.test(text), `notification: ${text}`);
    assert(/git hook \(pre-commit\)/.test(text) && /working tree was not changed/.test(text), `notification: ${text}`);
    await shots.take(page, 'pr-hook-failed-notification');
    await toast.locator('.monaco-button', { hasText: 'Show Log' }).first().click();
    await page.locator('.part.panel .view-lines', { hasText: 'e2e-hook: manifests must be reviewed' }).first().waitFor({ timeout: 10_000 });
    await shots.take(page, 'pr-hook-output-in-log');
    assert(!git(repo.remote, 'branch', '--list', 'converge/hook-test').trim(), 'the branch was pushed despite the hook');
    assert(git(repo.work, 'status', '--porcelain') === statusBefore, `git status after: ${git(repo.work, 'status', '--porcelain')}`);
  });
}

/**
 * Commit & Open PR against a GitHub host through VS Code's sign-in (`vscode.authentication.getSession`): the consent
 * dialog is allowed like a person would, the fake-github-auth extension hands out the token, the fake GitHub gets it.
 */
export async function prGitHubUi(page: Page, origin: string, repo: PrRepo, forge: FakeGitHub, shots: Screenshots, results: Results): Promise<void> {
  const step = results.suite('ui-pr', (name) => shots.take(page, `failed-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`).then(() => undefined));
  const file = join(repo.work, 'apps/web/deployment.yaml');
  await step('Commit & Open PR (GitHub): VS Code\'s sign-in dialog allowed, the pull request created with that token', async () => {
    await openRepoAndSaveReplicas5(page, origin, repo.work, file);
    await runCommand(page, 'GitOps Converge: Commit & Open PR');
    await answer(page, 'what goes in');
    await answer(page, 'Branch', 'converge/github-web');
    await answer(page, 'Commit message');
    await answer(page, 'Pull request title');
    await answer(page, 'Pull request description');
    await answer(page, 'Open the pull request as');
    await answer(page, 'Base branch');
    // VS Code asks whether GitOps Converge may sign in with the provider.
    const allow = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Allow$/ }).first();
    await allow.waitFor({ timeout: 20_000 });
    await shots.take(page, 'pr-github-sign-in');
    await allow.click();
    await waitFor(() => forge.pulls.length > 0, 20_000, 'a pull request on the fake GitHub');
    await page.locator('.notifications-toasts .notification-toast', { hasText: 'opened pull request #1 from converge/github-web' }).first().waitFor({ timeout: 20_000 });
    await page.locator('.notifications-toasts .notification-toast.notification-fade-in-done').first().waitFor({ timeout: 5_000 }).catch(() => undefined);
    await shots.take(page, 'pr-github-opened');
    const [pr] = forge.pulls;
    assert(pr.head === 'converge/github-web' && pr.base === 'main', `pull request: ${JSON.stringify(pr)}`);
    const post = forge.requests.find((r) => r.method === 'POST');
    assert(post?.headers.authorization?.split(' ')[1] === GITHUB_TOKEN, 'the pull request was not created with the signed-in session\'s token');
    assert(/^\s+replicas: 5$/m.test(git(repo.remote, 'show', `converge/github-web:apps/web/deployment.yaml`)), 'the branch lacks the edit');
  });
}

