// Drives the real workbench like a person: the Drift view, its icons, the status bar, the palette.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { waitFor } from '../harness/code-server';
import { assert, type Results } from '../harness/results';
import { dismissHovers, editorText, openByPath, explorerBadges, openContainer, waitForWorkbench, widenSidebar, quickPickRows, readTree, runCommand, statusBarTexts, treeRows, type Screenshots, type TreeRow } from '../harness/workbench';
import { CONTEXT, DIVERGED, divergedIn, EXPECTED, EXPECTED_FOLDERS, WEB_CONFIG } from '../expected';

const VERDICT_CODICON: Record<string, string> = {
  converged: 'codicon-pass',
  diverged: 'codicon-diff',
  missing: 'codicon-diff-added',
  orphaned: 'codicon-diff-removed',
  invalid: 'codicon-error',
};

export interface UiUrls {
  /** The workbench on the fixture workspace. */
  workspace: string;
  /** The workbench on a folder without manifests. */
  empty: string;
  /** The fixture workspace on disk (the Problems and inspector steps add a broken manifest to it). */
  workspaceDir: string;
}

export interface ClusterControls {
  /** Delays every answer of the test API server. */
  setLatency(ms: number): void;
  /** Changes an object in the cluster, like `kubectl edit` in a terminal. */
  patch(ref: typeof WEB_CONFIG, patch: unknown, manager: string): void;
}

export async function driftViewUi(page: Page, urls: UiUrls, cluster: ClusterControls, shots: Screenshots, results: Results): Promise<void> {
  const url = urls.workspace;
  const step = results.suite('ui', (name) => shots.take(page, `failed-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`).then(() => undefined));
  let rows: TreeRow[] = [];
  const row = (label: string) => rows.find((r) => r.label === label);

  await step(
    'workbench loads the folder',
    async () => {
      await page.goto(url);
      await page.waitForSelector('.monaco-workbench .part.activitybar', { timeout: 60_000 });
      await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 30_000 });
      await shots.take(page, 'workbench');
    },
    { required: true },
  );

  await step(
    'Drift view shows every resource with its verdict icon',
    async () => {
      await openContainer(page, 'GitOps Converge');
      await widenSidebar(page, 600);
      await waitFor(async () => (await treeRows(page).count()) > 0, 60_000, 'Drift tree rows');
      await waitFor(async () => {
        rows = await readTree(page);
        // Files whose objects are all converged start collapsed: open them by their twistie.
        const collapsed = treeRows(page, '[aria-expanded="false"]').filter({ hasText: /\.ya?ml/ });
        if ((await collapsed.count()) > 0) {
          await collapsed.first().locator('.monaco-tl-twistie').click();
          return false;
        }
        return EXPECTED.every((e) => row(e.label));
      }, 30_000, `rows ${EXPECTED.map((e) => e.label).join(', ')}`);
      await page.mouse.move(1300, 850);
      await shots.take(page, 'drift-view');
      assert(rows[0].label === CONTEXT, `first row is ${rows[0].label}, expected the context ${CONTEXT}`);
      for (const f of EXPECTED_FOLDERS) assert(row(f), `no folder row ${f}`);
      for (const e of EXPECTED) {
        const r = row(e.label)!;
        assert(r.icons.includes(VERDICT_CODICON[e.verdict]), `${e.label}: icons ${r.icons.join(' ')}, want ${VERDICT_CODICON[e.verdict]}`);
        if (e.reason) assert(r.description.includes(e.reason), `${e.label}: description "${r.description}" lacks "${e.reason}"`);
        assert(r.ariaLabel.includes(e.verdict), `${e.label}: aria-label "${r.ariaLabel}" does not say ${e.verdict}`);
      }
      assert(row('apps/web')!.description.includes(`${divergedIn('apps/web')} diverged`), `apps/web counts: "${row('apps/web')!.description}"`);
      assert(row('Only in cluster'), 'no orphans node');
    },
    { required: true },
  );

  await step('explorer badges the folder that holds drifted manifests', async () => {
    await page.locator('.part.activitybar li.action-item:has(a[aria-label^="Explorer"])').first().click();
    try {
      // apps/ also holds broken.yaml, whose Problems decoration (a dot) wins over the drift count there: look at apps/web.
      const apps = page.locator('.explorer-folders-view .monaco-list-row', { hasText: /^apps$/ }).first();
      await apps.waitFor({ timeout: 10_000 });
      if ((await apps.getAttribute('aria-expanded')) !== 'true') await apps.click();
      const drifted = divergedIn('apps/web');
      let badges: Array<{ name: string; badge: string }> = [];
      await waitFor(async () => {
        badges = await explorerBadges(page);
        return badges.some((b) => b.name === 'web' && b.badge.includes(`"${drifted}"`));
      }, 15_000, `badge "${drifted}" on apps/web`).catch((err: Error) => {
        throw new Error(`${err.message}: ${JSON.stringify(badges)}`);
      });
      assert(!badges.find((b) => b.name === 'infra')?.badge.match(/"\d/), `infra has a badge: ${JSON.stringify(badges)}`);
      await shots.take(page, 'explorer-badges');
    } finally {
      await openContainer(page, 'GitOps Converge');
    }
  });

  await step('status bar shows "<context> · N diverged"', async () => {
    await waitFor(async () => (await statusBarTexts(page)).some((t) => t.includes(`${CONTEXT} · ${DIVERGED} diverged`)), 20_000, 'status bar text');
    const item = page.locator('.part.statusbar .statusbar-item', { hasText: `${CONTEXT} · ${DIVERGED} diverged` }).first();
    await shots.takeElement(item, 'status-bar-item');
  });

  await step('a kubectl edit in the cluster: the watch turns the row diverged with a notification; "Show" selects it', async () => {
    const webConfig = () => treeRows(page).filter({ hasText: 'ConfigMap shop/web-config' }).first();
    const started = Date.now();
    cluster.patch(WEB_CONFIG, { data: { GREETING: 'changed-in-cluster' } }, 'kubectl-edit');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'ConfigMap shop/web-config diverged in test' }).first();
    await toast.waitFor({ timeout: 10_000 });
    await waitFor(async () => /kubectl-edit/.test(await webConfig().innerText()), 10_000, 'the web-config row to say kubectl-edit');
    const ms = Date.now() - started;
    assert(ms < 8_000, `the tree changed ${ms} ms after the cluster`);
    assert((await webConfig().locator('.codicon-diff').count()) > 0, 'web-config has no diverged icon');
    for (const button of ['Show', 'Mute']) assert((await toast.locator('.monaco-button', { hasText: button }).count()) > 0, `no ${button} button on the notification`);
    await page.locator('.notifications-toasts .notification-toast.notification-fade-in-done').first().waitFor({ timeout: 5_000 }).catch(() => undefined);
    await shots.take(page, 'watch-diverged-notification');
    await toast.hover();
    await toast.locator('.monaco-button', { hasText: 'Show' }).click();
    await waitFor(async () => ((await webConfig().getAttribute('aria-selected')) === 'true'), 5_000, 'the web-config row to be selected');
    cluster.patch(WEB_CONFIG, { data: { GREETING: 'hello' } }, 'kubectl-edit');
    await page.locator('.notifications-toasts .notification-toast', { hasText: 'ConfigMap shop/web-config converged again' }).first().waitFor({ timeout: 10_000 });
    await waitFor(async () => (await webConfig().locator('.codicon-pass').count()) > 0, 10_000, 'web-config converged again');
    await shots.take(page, 'watch-converged-again');
    await page.keyboard.press('Escape');
    await runCommand(page, 'Notifications: Clear All Notifications');
  });

  await step('palette: "Group By…" regroups the tree by kind, and back', async () => {
    await runCommand(page, 'GitOps Converge: Group By…');
    await quickPickRows(page);
    await page.locator('.quick-input-widget input').fill('Kind');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Kind' }).first().waitFor();
    await page.keyboard.press('Enter');
    await waitFor(async () => ((rows = await readTree(page)), !!row('Deployment') && !!row('ConfigMap')), 15_000, 'kind groups');
    assert(row('Deployment')!.icons.includes('codicon-symbol-class'), `Deployment group icons: ${row('Deployment')!.icons}`);
    await page.mouse.move(1300, 850);
    await shots.take(page, 'group-by-kind');
    await runCommand(page, 'GitOps Converge: Group By…');
    await quickPickRows(page);
    await page.locator('.quick-input-widget input').fill('Folder');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Folder' }).first().waitFor();
    await page.keyboard.press('Enter');
    await waitFor(async () => ((rows = await readTree(page)), !!row(EXPECTED_FOLDERS[0])), 15_000, 'folder groups again');
  });

  await step('context menu: "Open Live Object" shows the cluster object read-only', async () => {
    await treeRows(page).filter({ hasText: 'Deployment shop/web' }).first().click({ button: 'right' });
    // Menu items act on Enter once hovered (a synthetic click does not always reach them).
    const item = page.locator('.context-view .action-label', { hasText: 'Open Live Object' }).first();
    await item.hover();
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: 'Deployment shop-web (live).yaml' }).waitFor({ timeout: 15_000 });
    await waitFor(async () => /replicas: 5/.test(await editorText(page)), 10_000, 'the live object text');
    const text = await editorText(page);
    assert(!/managedFields/.test(text.split('\n').slice(2).join('\n')), 'managedFields in the live object');
    await dismissHovers(page);
    await shots.take(page, 'open-live-object');
  });

  await step('hovering a resource shows its diff', async () => {
    await treeRows(page).filter({ hasText: 'Deployment shop/web' }).first().hover();
    const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'kubectl-scale' }).first();
    await hover.waitFor({ timeout: 15_000 });
    const text = await hover.innerText();
    assert(text.includes('spec.replicas') || text.includes('replicas'), `hover: ${text}`);
    await shots.take(page, 'tooltip');
    await dismissHovers(page);
  });

  await step("the row's inline Show Diff action opens the unified diff", async () => {
    const web = treeRows(page).filter({ hasText: 'Deployment shop/web' }).first();
    await web.hover();
    await web.locator('.action-label[aria-label="Show Diff"]').click();
    await page.locator('.tabs-container .tab.active', { hasText: 'Deployment shop-web.diff' }).waitFor({ timeout: 15_000 });
    await waitFor(async () => /replicas/.test(await editorText(page)), 10_000, 'the diff text');
    await dismissHovers(page);
    await shots.take(page, 'show-diff');
  });

  await step('clicking a resource opens its manifest at the object', async () => {
    await treeRows(page).filter({ hasText: 'Service shop/web' }).first().click();
    await page.locator('.tabs-container .tab.active', { hasText: 'deployment.yaml' }).waitFor({ timeout: 15_000 });
    await waitFor(async () => (await editorText(page)).includes('kind: Service'), 10_000, 'editor showing the Service');
    const selected = await page.locator('.part.editor .monaco-editor .selected-text').count();
    assert(selected > 0, 'no selection in the editor');
    await shots.take(page, 'open-manifest');
  });

  await step('palette: "Show Only Drift (Toggle)" hides converged resources', async () => {
    await runCommand(page, 'GitOps Converge: Show Only Drift (Toggle)');
    await waitFor(async () => {
      rows = await readTree(page);
      return !row('Service shop/web') && !!row('Deployment shop/web');
    }, 15_000, 'converged rows to disappear');
    await shots.take(page, 'only-drift');
    await runCommand(page, 'GitOps Converge: Show Only Drift (Toggle)');
    await waitFor(async () => ((rows = await readTree(page)), !!row('Service shop/web')), 15_000, 'all rows back');
  });

  await step('palette: "Refresh" shows a cancellable progress notification; Cancel ends the check at once', async () => {
    cluster.setLatency(2_000);
    try {
      await runCommand(page, 'GitOps Converge: Refresh');
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'checking manifests' }).first();
      await toast.waitFor({ timeout: 15_000 });
      await page.locator('.notifications-toasts .notification-toast.notification-fade-in-done').first().waitFor({ timeout: 5_000 }).catch(() => undefined);
      await waitFor(async () => (await statusBarTexts(page)).some((t) => t.includes('checking…')), 10_000, 'the status bar to say checking…');
      await shots.take(page, 'refresh-progress');
      const cancelled = Date.now();
      await toast.hover();
      await toast.locator('.monaco-button', { hasText: 'Cancel' }).click();
      await waitFor(async () => (await statusBarTexts(page)).some((t) => t.includes(`${CONTEXT} · ${DIVERGED} diverged`)), 5_000, 'the status bar to show the last result again');
      assert(Date.now() - cancelled < 5_000, 'cancel took too long');
      rows = await readTree(page);
      const drifted = EXPECTED.filter((e) => e.verdict !== 'converged');
      assert(drifted.every((e) => row(e.label)), `the tree lost rows after a cancelled check: ${rows.map((r) => r.label).join(', ')}`);
    } finally {
      cluster.setLatency(0);
    }
  });

  await step('status bar opens the context picker; an expired token shows the unreachable welcome', async () => {
    await page.locator('.part.statusbar .statusbar-item', { hasText: `${CONTEXT} · ${DIVERGED} diverged` }).first().click();
    const picks = await quickPickRows(page);
    for (const c of ['test', 'expired', 'restricted']) assert(picks.some((p) => p.includes(c)), `contexts offered: ${picks.join(' | ')}`);
    await shots.take(page, 'select-cluster');
    await page.locator('.quick-input-widget input').fill('expired');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'expired' }).first().waitFor();
    await page.keyboard.press('Enter');
    const welcome = page.locator(`[id="workbench.view.extension.gitopsConverge"] .welcome-view-content`);
    await welcome.filter({ hasText: 'Cluster unreachable' }).waitFor({ timeout: 30_000 });
    await waitFor(async () => (await statusBarTexts(page)).some((t) => t.includes('expired · unreachable')), 15_000, 'status bar "expired · unreachable"');
    const text = await welcome.first().innerText();
    assert(/credentials/.test(text) && /Retry/.test(text) && /Select Cluster/.test(text), `welcome: ${text}`);
    // The exact reason is in the status bar item's tooltip.
    await page.locator('.part.statusbar .statusbar-item', { hasText: 'expired · unreachable' }).first().hover();
    await page.locator('.monaco-hover, .workbench-hover', { hasText: /unauthorized/ }).first().waitFor({ timeout: 10_000 });
    await shots.take(page, 'unreachable-welcome');
    await page.mouse.move(700, 400);
    // "Show Why" gives the exact reason in a dialog.
    await welcome.locator('a, .monaco-button', { hasText: 'Show Why' }).first().click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    const reason = await dialog.innerText();
    assert(/unauthorized/.test(reason) && /credentials/.test(reason), `dialog: ${reason}`);
    await shots.take(page, 'unreachable-show-why');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: 5_000 });
  });

  await step('explorer badges go away when the cluster cannot be used', async () => {
    await page.locator('.part.activitybar li.action-item:has(a[aria-label^="Explorer"])').first().click();
    let badges: Array<{ name: string; badge: string }> = [];
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'apps' }).first().waitFor({ timeout: 10_000 });
    await waitFor(async () => {
      badges = await explorerBadges(page);
      return !badges.some((b) => /"\d/.test(b.badge));
    }, 10_000, `no badges (${JSON.stringify(badges)})`);
    await openContainer(page, 'GitOps Converge');
  });

  await step('palette: "Show Output Log" opens the GitOps Converge channel', async () => {
    await runCommand(page, 'GitOps Converge: Show Output Log');
    const out = page.locator('.part.panel .monaco-editor .view-lines').first();
    // The panel shows the end of the log; the run's log file is checked line by line in the "logs" suite.
    await waitFor(async () => /\[(info|warning)\]/.test(await out.innerText().catch(() => '')), 20_000, 'log lines in the Output panel');
    const channel = await page.locator('.part.panel .monaco-select-box').first().inputValue().catch(() => '');
    const title = await page.locator('.part.panel select.monaco-select-box option:checked').first().textContent().catch(() => '');
    assert(/GitOps Converge/.test(`${channel} ${title}`), `the Output panel shows channel "${title || channel}"`);
    await shots.take(page, 'output-log');
  });

  await step('palette: the walkthrough for first use opens', async () => {
    await runCommand(page, 'Welcome: Open Walkthrough...');
    await quickPickRows(page);
    await page.locator('.quick-input-widget input').fill('GitOps Converge');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with GitOps Converge' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    const walkthrough = page.locator('.gettingStartedContainer', { hasText: 'Open the Drift view' });
    await walkthrough.waitFor({ timeout: 15_000 });
    for (const t of ['Pick a cluster', 'Look at drift']) assert((await walkthrough.innerText()).includes(t), `walkthrough lacks "${t}"`);
    await shots.take(page, 'walkthrough');
  });

  const typo = join(urls.workspaceDir, 'apps/api/typo.yaml');
  await step('an invalid manifest: the Problems panel shows the schema error on its field', async () => {
    writeFileSync(typo, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: typo\n  namespace: shop\nspec:\n  replica: 2\n  selector:\n    matchLabels: {app: typo}\n  template:\n    metadata:\n      labels: {app: typo}\n    spec:\n      containers:\n        - name: app\n          image: nginx\n');
    // Quick Open from the title bar's command center (a key press could land in the walkthrough's webview); an
    // absolute path opens the file without waiting for the file search to index it.
    await openByPath(page, typo, 'typo.yaml');
    await runCommand(page, 'View: Focus Problems');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'did you mean "replicas"' }).first();
    await problem.waitFor({ timeout: 15_000 });
    const text = await problem.innerText();
    assert(/spec\.replica: unknown field "replica"/.test(text) && /GitOps Converge/.test(text) && /\[Ln 7, Col 3\]/.test(text), `problem row: ${text}`);
    await waitFor(async () => (await page.locator('.part.editor .squiggly-error').count()) > 0, 10_000, 'the error squiggle in the editor');
    await shots.take(page, 'problems-panel');
  });

  await step('palette: "Inspect Resource" opens the inspector; monaco-yaml marks the invalid field', async () => {
    await page.locator('.part.editor .monaco-editor .view-lines').first().click();
    await runCommand(page, 'GitOps Converge: Inspect Resource');
    await page.locator('.tabs-container .tab.active', { hasText: /Inspect|typo/ }).waitFor({ timeout: 15_000 });
    const frame = page.frameLocator('iframe.webview').frameLocator('#active-frame');
    let markers = '';
    await waitFor(async () => {
      markers = (await frame.locator('body').getAttribute('data-markers', { timeout: 1_000 }).catch(() => null)) ?? '';
      return /replica/.test(markers);
    }, 30_000, 'a monaco-yaml marker on "replica"');
    assert(/^7:3 /m.test(markers), `markers: ${markers}`);
    await shots.take(page, 'inspector-marker');
  });
  rmSync(typo, { force: true });

  await step('a folder without manifests: the view activates the extension and shows the no-manifests welcome', async () => {
    await page.goto(urls.empty);
    await waitForWorkbench(page);
    await openContainer(page, 'GitOps Converge');
    const welcome = page.locator(`[id="workbench.view.extension.gitopsConverge"] .welcome-view-content`, { hasText: 'No manifests found' });
    await welcome.waitFor({ timeout: 30_000 });
    const text = await welcome.innerText();
    assert(/Refresh/.test(text) && /Show Output Log/.test(text), `welcome: ${text}`);
    await shots.take(page, 'no-manifests-welcome');
  });
}
