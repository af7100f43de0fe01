// The manifest editor features in the real workbench: field decorations (gutter + "live: …" after-texts), the drift
// hover, the CodeLens and the live ↔ manifest diff editor, read from the DOM like a person sees them.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { waitFor } from '../harness/code-server';
import { assert, type Results } from '../harness/results';
import { dismissHovers, editorText, openByPath, openContainer, readTree, runCommand, runContextMenu, treeRows, waitForWorkbench, type Screenshots } from '../harness/workbench';
import { SECRET_VALUES } from '../expected';

export interface DecoratedLine {
  text: string;
  /** `::after` contents on the line ("live: 5"). */
  after: string[];
  /** Whether a gutter marker (`.cgmr`) sits on the line. */
  gutter: boolean;
}

/** The visible lines of the active editor with their after-texts and gutter markers. */
export async function decoratedLines(page: Page): Promise<DecoratedLine[]> {
  // Runs in the page: no named inner functions (tsx would wrap them in a helper the page lacks). The text editor is
  // the widest visible one in the editor part (others: hidden, or widgets).
  return page.locator('.part.editor .monaco-editor').evaluateAll((editors) => {
    const visible = editors.filter((e) => e.getBoundingClientRect().width > 300 && e.querySelector('.view-lines .view-line') && !e.closest('.monaco-diff-editor'));
    const root = visible.sort((a, b) => b.getBoundingClientRect().width - a.getBoundingClientRect().width)[0];
    if (!root) return [];
    const gutters = [...root.querySelectorAll('.cgmr')].map((g) => g.getBoundingClientRect()).filter((r) => r.height > 0);
    return [...root.querySelectorAll('.view-lines .view-line')]
      .map((line) => {
        const box = line.getBoundingClientRect();
        const after = [line, ...line.querySelectorAll('*')]
          .map((el) => root.ownerDocument.defaultView?.getComputedStyle(el, '::after').content ?? '')
          .filter((c) => c && c !== 'none' && c !== 'normal' && c !== '""')
          .map((c) => c.replace(/^"|"$/g, ''));
        return { top: box.top, text: (line.textContent ?? '').replace(/\u00a0/g, ' '), after, gutter: gutters.some((g) => Math.abs(g.top - box.top) < 4) };
      })
      .sort((a, b) => a.top - b.top)
      .map(({ text, after, gutter }) => ({ text, after, gutter }));
  });
}

/** Waits until a visible line matching `line` carries an after-text matching `after`. */
async function lineWith(page: Page, line: RegExp, after: RegExp, what: string): Promise<DecoratedLine> {
  let found: DecoratedLine | undefined;
  let seen: DecoratedLine[] = [];
  await waitFor(async () => {
    seen = await decoratedLines(page);
    found = seen.find((l) => line.test(l.text) && l.after.some((a) => after.test(a)));
    return Boolean(found);
  }, 20_000, `${what}; lines: ${JSON.stringify(seen.filter((l) => l.after.length || l.gutter))}`);
  return found!;
}

/** The diff editor's two sides as text, once `ready` holds (bounded). */
async function diffSides(page: Page, ready: (left: string, right: string) => boolean, what: string): Promise<{ left: string; right: string }> {
  const diff = page.locator('.part.editor .monaco-diff-editor').filter({ visible: true }).first();
  await diff.waitFor({ timeout: 15_000 });
  // Visible lines of each side (a second, hidden diff widget may sit in the DOM as well).
  const side = (cls: string) =>
    page
      .locator(`.part.editor .monaco-diff-editor .editor.${cls} .view-line`)
      .filter({ visible: true })
      .allInnerTexts()
      .then((lines) => lines.join('\n').replace(/\u00a0/g, ' '));
  let left = '';
  let right = '';
  await waitFor(async () => {
    [left, right] = await Promise.all([side('original'), side('modified')]);
    return ready(left, right);
  }, 15_000, what).catch((err: Error) => {
    throw new Error(`${err.message}; left: ${left.slice(0, 300)}; right: ${right.slice(0, 300)}`);
  });
  return { left, right };
}

export async function editorUi(
  page: Page,
  urls: { workspace: string; workspaceDir: string },
  shots: Screenshots,
  results: Results,
  /** The GitOps Converge output channel's log so far. */
  extensionLog: () => string,
): Promise<void> {
  const step = results.suite('ui-editor', (name) => shots.take(page, `failed-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`).then(() => undefined));
  const deployment = join(urls.workspaceDir, 'apps/web/deployment.yaml');

  await step(
    'decorations: "live: 5" after replicas with a gutter marker; "live: ••• (changed)" on the Secret; "not in the cluster" on the missing object',
    async () => {
      // The Drift view steps left the "expired" context selected (a workspace setting): back to the test cluster.
      const settingsFile = join(urls.workspaceDir, '.vscode/settings.json');
      if (existsSync(settingsFile)) {
        const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
        delete settings['gitopsConverge.context'];
        writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
      }
      await page.goto(urls.workspace);
      await waitForWorkbench(page);
      await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 30_000 });
      await runCommand(page, 'View: Close All Editors');
      await openByPath(page, deployment, 'deployment.yaml');
      const replicas = await lineWith(page, /^\s+replicas: 2\s*$/, /^live: 5$/, 'the "live: 5" after-text on the replicas line');
      assert(replicas.gutter, 'no gutter marker on the replicas line');
      const others = (await decoratedLines(page)).filter((l) => l !== replicas && l.after.some((a) => /^live:/.test(a)));
      assert(others.every((l) => /replicas/.test(l.text)), `other lines with a live value: ${JSON.stringify(others)}`);
      await page.locator('.contentWidgets .codelens-decoration', { hasText: 'diverged' }).first().waitFor({ timeout: 10_000 });
      await shots.take(page, 'editor-decorations-codelens');

      await openByPath(page, join(urls.workspaceDir, 'apps/web/secret.yaml'), 'secret.yaml');
      const password = await lineWith(page, /^\s+password:/, /^live: ••• \(changed\)$/, 'the masked after-text on the Secret password');
      assert(password.gutter, 'no gutter marker on the password line');
      const html = await page.content();
      for (const v of [SECRET_VALUES[1], Buffer.from(SECRET_VALUES[1]).toString('base64')]) assert(!html.includes(v), 'the live Secret value is in the page');
      await shots.take(page, 'editor-secret-masked');

      await openByPath(page, join(urls.workspaceDir, 'apps/api/deployment.yaml'), 'deployment.yaml');
      await lineWith(page, /\S/, /not in the cluster/, 'the "not in the cluster" after-text on the missing Deployment');
      await shots.take(page, 'editor-missing-object');
    },
    { required: true },
  );

  await step('CodeLens above the Deployment: verdict, Open diff, Adopt all live, Commit & Open PR', async () => {
    await openByPath(page, deployment, 'deployment.yaml');
    const lens = page.locator('.contentWidgets .codelens-decoration', { hasText: 'diverged' }).first();
    await lens.waitFor({ timeout: 10_000 });
    const text = (await lens.innerText()).replace(/\u00a0/g, ' ');
    for (const t of ['⚠ diverged: 1 field', 'Open diff', 'Adopt all live', 'Commit & Open PR']) assert(text.includes(t), `CodeLens "${text}" lacks "${t}"`);
  });

  await step('hover on replicas: manifest 2, cluster 5, set by kubectl-scale, with Open diff / Adopt live value / Ignore this field', async () => {
    const word = page.locator('.part.editor .view-lines .view-line', { hasText: /^\s*replicas:\s2\b/ }).locator('span[class*="mtk"]', { hasText: 'replicas' }).last();
    await word.hover();
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Cluster' }).first();
    await hover.waitFor({ timeout: 10_000 });
    const text = (await hover.innerText()).replace(/\u00a0/g, ' ');
    for (const t of ['Manifest: 2', 'Cluster: 5', 'kubectl-scale', 'Open diff', 'Adopt live value', 'Ignore this field']) assert(text.includes(t), `hover lacks "${t}": ${text}`);
    await shots.take(page, 'editor-hover');
    await dismissHovers(page);
  });

  await step('typing the live value removes that marker at once (offline diff while typing), reverting brings it back', async () => {
    const line = page.locator('.part.editor .view-lines .view-line', { hasText: /^\s*replicas:\s2\b/ }).first();
    // The key token, not the line's far right (under the minimap): then End.
    await line.locator('span[class*="mtk"]', { hasText: 'replicas' }).last().click();
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('5');
    await waitFor(async () => !(await decoratedLines(page)).some((l) => l.after.includes('live: 5')), 5_000, 'the "live: 5" after-text to go while typing');
    await runCommand(page, 'File: Revert File');
    await lineWith(page, /^\s+replicas: 2\s*$/, /^live: 5$/, 'the marker back after reverting');
  });

  await step('Open diff (CodeLens): the diff editor shows live replicas: 5 left, the manifest replicas: 2 right', async () => {
    await page.locator('.contentWidgets .codelens-decoration a', { hasText: 'Open diff' }).first().click();
    const diff = page.locator('.part.editor .monaco-diff-editor').filter({ visible: true }).first();
    await diff.waitFor({ timeout: 15_000 });
    const side = (cls: string) => diff.locator(`.editor.${cls} .view-lines`).first().innerText().then((t) => t.replace(/\u00a0/g, ' '));
    let left = '';
    let right = '';
    await waitFor(async () => {
      [left, right] = await Promise.all([side('original'), side('modified')]);
      return /replicas: 5/.test(left) && /replicas: 2/.test(right);
    }, 15_000, 'replicas: 5 on the left and replicas: 2 on the right');
    assert(!/managedFields|resourceVersion/.test(left), `server noise on the live side: ${left.slice(0, 300)}`);
    const tab = await page.locator('.tabs-container .tab.active').innerText();
    assert(/web/.test(tab) && /live/i.test(tab), `diff tab title: ${tab}`);
    await shots.take(page, 'editor-open-diff');
    await runCommand(page, 'View: Close All Editors');
  });

  await step('unsaved text: after a pause a dry-run verdicts the buffer (its marker goes); the Drift view keeps the saved verdict', async () => {
    const dryRuns = () => (extensionLog().match(/dry-run of unsaved apps\/web\/deployment\.yaml done/g) ?? []).length;
    const before = dryRuns();
    await openByPath(page, deployment, 'deployment.yaml');
    await lineWith(page, /^\s+replicas: 2\s*$/, /^live: 5$/, 'the marker before the edit');
    const line = page.locator('.part.editor .view-lines .view-line', { hasText: /^\s*replicas:\s2\b/ }).first();
    await line.locator('span[class*="mtk"]', { hasText: 'replicas' }).last().click();
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('5');
    try {
      await waitFor(() => dryRuns() > before, 20_000, 'the dry-run of the unsaved text (output log)');
      await waitFor(async () => !(await decoratedLines(page)).some((l) => l.after.includes('live: 5')), 5_000, 'no "live: 5" on the unsaved text');
      assert((await page.locator('.tabs-container .tab.active.dirty').count()) > 0, 'the editor is not dirty');
      await openContainer(page, 'GitOps Converge');
      let web: { description: string } | undefined;
      await waitFor(async () => Boolean((web = (await readTree(page)).find((r) => r.label === 'Deployment shop/web'))), 10_000, 'the Deployment shop/web row');
      assert(web!.description.includes('replicas 2 → 5'), `Drift view row of the saved file: ${web!.description}`);
      await shots.take(page, 'editor-unsaved-dry-run');
    } finally {
      await runCommand(page, 'File: Revert File');
    }
    await lineWith(page, /^\s+replicas: 2\s*$/, /^live: 5$/, 'the marker back after reverting');
  });

  await step('Open diff of a whole file (palette): every object of deployment.yaml, live left, manifest right', async () => {
    await openByPath(page, deployment, 'deployment.yaml');
    await runCommand(page, 'GitOps Converge: Open Diff (Live ↔ Manifest)');
    const top = await diffSides(page, (l, r) => /replicas: 5/.test(l) && /replicas: 2/.test(r), 'replicas: 5 left and replicas: 2 right');
    assert(/kind: Deployment/.test(top.left) && /kind: Deployment/.test(top.right), 'the Deployment is not on both sides');
    const tab = await page.locator('.tabs-container .tab.active').innerText();
    assert(/deployment\.yaml/.test(tab) && /live/.test(tab), `diff tab title: ${tab}`);
    await shots.take(page, 'editor-open-diff-file');
    // The file's second object, further down (the editor draws only visible lines): both sides scroll together.
    await page.locator('.part.editor .monaco-diff-editor .editor.modified .view-line').filter({ visible: true }).first().click();
    await page.keyboard.press('Control+End');
    await diffSides(page, (l, r) => /kind: Service/.test(l) && /kind: Service/.test(r), 'the Service on both sides');
    await runCommand(page, 'View: Close All Editors');
  });

  await step('Open diff of an orphan (Drift view context menu): the live object alone, read-only', async () => {
    await openContainer(page, 'GitOps Converge');
    const orphan = treeRows(page).filter({ hasText: 'ConfigMap shop/legacy-flags' }).first();
    await orphan.waitFor({ timeout: 15_000 });
    await runContextMenu(page, orphan, 'Open Diff');
    await page.locator('.tabs-container .tab.active', { hasText: 'legacy-flags' }).waitFor({ timeout: 15_000 });
    let text = '';
    await waitFor(async () => /OLD: "true"/.test((text = await editorText(page))), 10_000, 'the live ConfigMap text');
    assert(/name: legacy-flags/.test(text) && !/managedFields/.test(text), `live text: ${text.slice(0, 300)}`);
    assert((await page.locator('.part.editor .monaco-diff-editor').count()) === 0, 'an orphan opened a diff editor');
    await shots.take(page, 'editor-open-diff-orphan');
    await runCommand(page, 'View: Close All Editors');
  });

  await step('hover → "Ignore this field": .converge.yaml gets the rule and the replicas marker goes', async () => {
    const config = join(urls.workspaceDir, '.converge.yaml');
    const original = readFileSync(config, 'utf8');
    await openByPath(page, deployment, 'deployment.yaml');
    await lineWith(page, /^\s+replicas: 2\s*$/, /^live: 5$/, 'the marker before ignoring');
    const word = page.locator('.part.editor .view-lines .view-line', { hasText: /^\s*replicas:\s2\b/ }).locator('span[class*="mtk"]', { hasText: 'replicas' }).last();
    const link = page.locator('.monaco-hover:not(.hidden) a', { hasText: 'Ignore this field' }).first();
    await waitFor(async () => {
      await page.mouse.move(1300, 880);
      await word.hover();
      return link.waitFor({ timeout: 3_000 }).then(() => true, () => false);
    }, 20_000, 'the hover with "Ignore this field"');
    await link.click();
    await waitFor(() => /\/spec\/replicas/.test(readFileSync(config, 'utf8')), 10_000, 'the rule in .converge.yaml');
    const text = readFileSync(config, 'utf8');
    assert(text.startsWith(original.trimEnd()) && /ignoreDifferences:/.test(text) && /kind: Deployment/.test(text) && /name: web/.test(text), `.converge.yaml:\n${text}`);
    await dismissHovers(page);
    await waitFor(async () => !(await decoratedLines(page)).some((l) => l.after.includes('live: 5')), 20_000, 'the replicas marker to go after the re-check');
    // The whole window agrees: the Deployment's CodeLens and its Drift view row say converged (replicas was its only drift).
    const lens = page.locator('.contentWidgets .codelens-decoration').first();
    await waitFor(async () => /converged/.test((await lens.innerText().catch(() => '')) ?? '') && !/diverged/.test(await lens.innerText().catch(() => 'diverged')), 20_000, 'the CodeLens to say converged');
    const row = treeRows(page).filter({ hasText: 'Deployment shop/web' }).first();
    await waitFor(async () => /converged/.test(await row.innerText().catch(() => '')), 20_000, 'the Drift view row to say converged');
    await shots.take(page, 'editor-ignore-field');
  });
}
