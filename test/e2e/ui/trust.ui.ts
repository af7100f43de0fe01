// Workspace trust in a real workbench (code-server started WITHOUT --disable-workspace-trust): the folder opens in
// Restricted Mode, the Drift view still shows plain manifests but lists the kustomize overlay as not rendered and
// says what trust would enable; a spy kubectl proves nothing was executed. Trusting the folder (the Restricted Mode
// row opens Manage Workspace Trust) renders the overlay.
import { existsSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { waitFor } from '../harness/code-server';
import { assert, type Results } from '../harness/results';
import { openContainer, readTree, statusBarTexts, treeRows, waitForWorkbench, widenSidebar, type Screenshots, type TreeRow } from '../harness/workbench';
import { CONTEXT, KUSTOMIZE_OVERLAY } from '../expected';

export interface TrustUiSetup {
  url: string;
  /** The spy kubectl (user setting `gitopsConverge.kubectlPath`) appends each call's arguments here. */
  kubectlCalls: string;
}

const RENDERED = 'ConfigMap shop/checkout-config';

export async function trustUi(page: Page, setup: TrustUiSetup, shots: Screenshots, results: Results): Promise<void> {
  const step = results.suite('trust', (name) => shots.take(page, `failed-trust-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`).then(() => undefined));
  let rows: TreeRow[] = [];
  const row = (label: string) => rows.find((r) => r.label === label);
  const calls = () => (existsSync(setup.kubectlCalls) ? readFileSync(setup.kubectlCalls, 'utf8') : '');

  await step(
    'untrusted: Drift view shows plain drift, the overlay "not rendered: workspace not trusted", and a Restricted Mode row; kubectl never ran',
    async () => {
      await page.goto(setup.url);
      await waitForWorkbench(page);
      await openContainer(page, 'GitOps Converge');
      await widenSidebar(page, 640);
      const overlay = `kustomization ${KUSTOMIZE_OVERLAY}`;
      await waitFor(async () => {
        rows = await readTree(page);
        const collapsed = treeRows(page, '[aria-expanded="false"]').filter({ hasText: /kustomization\.yaml/ });
        if ((await collapsed.count()) > 0) await collapsed.first().locator('.monaco-tl-twistie').click();
        return Boolean(row('Restricted Mode') && row(overlay) && row('Deployment shop/web'));
      }, 60_000, `rows Restricted Mode, ${overlay}, Deployment shop/web`).catch((err: Error) => {
        throw new Error(`${err.message}; rows: ${rows.map((r) => `${r.label} | ${r.description}`).join('; ')}`);
      });
      await page.mouse.move(1300, 850);
      await shots.take(page, 'trust-restricted-drift-view');
      assert(rows[0].label === 'Restricted Mode', `first row is ${rows[0].label}`);
      assert(rows[0].icons.includes('codicon-shield'), `Restricted Mode icons: ${rows[0].icons.join(' ')}`);
      assert(/not rendered · click to trust/.test(rows[0].description), `Restricted Mode description: ${rows[0].description}`);
      assert(row(overlay)!.description === 'not rendered: workspace not trusted', `overlay row: ${row(overlay)!.description}`);
      assert(row('kustomization.yaml')?.description === 'not rendered: workspace not trusted', `kustomization.yaml row: ${row('kustomization.yaml')?.description}`);
      assert(row('Deployment shop/web')!.icons.includes('codicon-diff'), 'plain drift (Deployment shop/web diverged) is not shown');
      assert(!rows.some((r) => r.label === 'log-level.yaml' || r.label === 'config.yaml' && r.description.includes('rendered')), 'the overlay was read as plain files');
      // What the overlay would define is in the cluster: not called an orphan on a guess.
      const live = row(RENDERED);
      assert(!live || (live.ariaLabel.includes('unknown') && live.description.includes('was not rendered')), `${RENDERED}: ${live?.ariaLabel}`);
      assert(calls() === '', `kubectl ran in Restricted Mode: ${calls()}`);
    },
    { required: true },
  );

  await step('untrusted: the status bar item carries a shield and its tooltip says what trust would enable', async () => {
    const item = page.locator('.part.statusbar .statusbar-item', { hasText: CONTEXT }).filter({ has: page.locator('.codicon-shield') }).first();
    await item.waitFor({ timeout: 15_000 });
    const hover = page.locator('.workbench-hover, .monaco-hover:not(.hidden)').filter({ hasText: 'Restricted Mode' }).first();
    // The hover needs the pointer to rest on the item: move onto it again until it shows (bounded).
    await waitFor(async () => {
      await page.mouse.move(700, 450);
      await item.hover();
      return hover.waitFor({ timeout: 2_500 }).then(() => true, () => false);
    }, 20_000, 'the status bar tooltip');
    const text = await hover.innerText();
    assert(/Trust the workspace/.test(text) && /kustomize\/Helm/.test(text), `tooltip: ${text}`);
    await shots.take(page, 'trust-status-tooltip');
    assert((await statusBarTexts(page)).some((t) => t.includes(CONTEXT)), 'no status bar item');
  });

  await step('trusting the folder (Restricted Mode row → Manage Workspace Trust → Trust) renders the overlay', async () => {
    await page.mouse.move(1300, 850);
    await treeRows(page).filter({ hasText: 'Restricted Mode' }).first().click();
    const trust = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first();
    await trust.waitFor({ timeout: 20_000 });
    await shots.take(page, 'trust-manage-editor');
    await trust.click();
    await openContainer(page, 'GitOps Converge');
    await waitFor(async () => {
      rows = await readTree(page);
      const collapsed = treeRows(page, '[aria-expanded="false"]').filter({ hasText: /config\.yaml/ });
      if ((await collapsed.count()) > 0) await collapsed.first().locator('.monaco-tl-twistie').click();
      return Boolean(row(RENDERED)?.description.includes('rendered from') && !row('Restricted Mode'));
    }, 60_000, `${RENDERED} rendered and no Restricted Mode row`).catch((err: Error) => {
      throw new Error(`${err.message}; rows: ${rows.map((r) => `${r.label} | ${r.description}`).join('; ')}`);
    });
    await page.mouse.move(1300, 850);
    await shots.take(page, 'trust-trusted-rendered');
    const rendered = row(RENDERED)!;
    assert(rendered.description.includes(`rendered from ${KUSTOMIZE_OVERLAY}`), `description: ${rendered.description}`);
    assert(rendered.icons.includes('codicon-pass'), `icons: ${rendered.icons.join(' ')}`);
    assert(!rows.some((r) => r.description.includes('not rendered')), 'still a not rendered row');
    assert(/^kustomize /m.test(calls()), `kubectl was not run to render: "${calls()}"`);
  });
}
