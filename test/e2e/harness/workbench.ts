// Playwright helpers for the VS Code 1.100 workbench served by code-server (selectors from shared e2e.md).
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const CONTAINER_ID = 'gitopsConverge';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export async function newWorkbenchPage(browser: Browser, origin: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  return context.newPage();
}

export async function waitForWorkbench(page: Page): Promise<void> {
  await page.waitForSelector('.monaco-workbench .part.activitybar', { timeout: 60_000 });
}

export class Screenshots {
  private n = 0;
  readonly taken: string[] = [];
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }
  async take(page: Page, name: string): Promise<string> {
    const file = join(this.dir, `${String(++this.n).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file });
    this.taken.push(file);
    return file;
  }
  async takeElement(element: Locator, name: string): Promise<string> {
    const file = join(this.dir, `${String(++this.n).padStart(2, '0')}-${name}.png`);
    await element.screenshot({ path: file });
    this.taken.push(file);
    return file;
  }
}

export async function openContainer(page: Page, title: string): Promise<void> {
  const item = page.locator(`.part.activitybar li.action-item:has(a[aria-label^="${title}"])`).first();
  await item.waitFor({ timeout: 30_000 });
  if (!((await item.getAttribute('class')) ?? '').includes('checked')) await item.click();
  await page.waitForSelector(`[id="workbench.view.extension.${CONTAINER_ID}"]`, { timeout: 30_000 });
}

export interface TreeRow {
  label: string;
  description: string;
  ariaLabel: string;
  icons: string[];
  level: number;
  expanded?: boolean;
}

export function treeRows(page: Page, extra = '') {
  return page.locator(`[id="workbench.view.extension.${CONTAINER_ID}"] .monaco-list-row[role="treeitem"]${extra}`);
}

export async function readTree(page: Page): Promise<TreeRow[]> {
  // Runs in the page: no named inner functions, or tsx wraps them in a `__name` helper the page lacks.
  return treeRows(page).evaluateAll((rows) =>
    rows.map((row) => ({
      label: (row.querySelector('.label-name')?.textContent ?? '').trim(),
      description: (row.querySelector('.label-description')?.textContent ?? '').trim(),
      ariaLabel: row.getAttribute('aria-label') ?? '',
      icons: [...row.querySelectorAll('[class*="codicon-"]')].flatMap((el) => [...el.classList].filter((c) => c.startsWith('codicon-'))),
      level: Number(row.getAttribute('aria-level') ?? 0),
      expanded: row.getAttribute('aria-expanded') === null ? undefined : row.getAttribute('aria-expanded') === 'true',
    })),
  );
}

export async function statusBarTexts(page: Page): Promise<string[]> {
  return page.locator('.part.statusbar .statusbar-item').allInnerTexts().then((t) => t.map((x) => x.trim()).filter(Boolean));
}

/** F1, type the command's title, pick the row with exactly that title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  // A webview with focus (walkthrough, inspector) may keep the key: open it from the title bar instead.
  const opened = await input.waitFor({ timeout: 3_000 }).then(() => true, () => false);
  if (!opened) {
    await page.locator('.command-center .command-center-center').first().click();
    await input.waitFor({ timeout: 10_000 });
  }
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

export async function quickPickRows(page: Page): Promise<string[]> {
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 10_000 });
  return page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
}

export async function editorText(page: Page): Promise<string> {
  return (await page.locator('.part.editor .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
}

/** Drags the sash right of the side bar so that tree descriptions are readable in screenshots. */
export async function widenSidebar(page: Page, width: number): Promise<void> {
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (!sidebar) return;
  const edge = sidebar.x + sidebar.width;
  for (const sash of await page.locator('.monaco-sash.vertical').all()) {
    const box = await sash.boundingBox();
    if (!box || Math.abs(box.x + box.width / 2 - edge) > 6) continue;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width / 2, y);
    await page.mouse.down();
    await page.mouse.move(sidebar.x + width, y, { steps: 8 });
    await page.mouse.up();
    return;
  }
}

/** Explorer rows with the file-decoration badge that VS Code draws in a `::after` pseudo-element. */
export async function explorerBadges(page: Page): Promise<Array<{ name: string; badge: string }>> {
  return page.locator('.explorer-folders-view .monaco-list-row').evaluateAll((rows) =>
    rows.map((row) => ({
      name: (row.querySelector('.label-name')?.textContent ?? '').trim(),
      badge: [row, ...row.querySelectorAll('*')]
        .map((el) => row.ownerDocument.defaultView?.getComputedStyle(el, '::after').content ?? '')
        .filter((c) => c && c !== 'none' && c !== 'normal' && c !== '""')
        .join(' '),
    })),
  );
}

/** Moves the mouse away and closes any hover, so that it does not cover the next screenshot. */
export async function dismissHovers(page: Page): Promise<void> {
  await page.mouse.move(1300, 880);
  await page.keyboard.press('Escape');
  await page
    .locator('.workbench-hover, .monaco-hover:not(.hidden)')
    .filter({ visible: true })
    .first()
    .waitFor({ state: 'detached', timeout: 5_000 })
    .catch(() => undefined);
}

/**
 * Quick Open with an absolute path (no wait for the file index). The palette resets its text while it is still
 * opening, so the path is typed only once the palette shows its list, and checked before Enter; tried four times.
 */
export async function openByPath(page: Page, file: string, tab: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    // Something else can take the focus and close the palette mid-way: each try is bounded and retried.
    const opened = await tryOpenByPath(page, file, tab).catch(() => false);
    if (opened) return;
    if (attempt === 5) throw new Error(`Quick Open did not open ${file}`);
    await page.keyboard.press('Escape');
  }
}

async function tryOpenByPath(page: Page, file: string, tab: string): Promise<boolean> {
  const folder = basename(dirname(file));
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  await page.locator('.command-center .command-center-center').first().click({ timeout: 10_000 });
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  // Opened: it lists recently opened files (or says there are none) before taking input reliably.
  await page
    .locator('.quick-input-list .monaco-list-row, .quick-input-message')
    .first()
    .waitFor({ timeout: 5_000 })
    .catch(() => undefined);
  // `:1` puts the cursor on line 1: restored editors keep their scroll position and selection otherwise.
  await input.fill(`${file}:1`, { timeout: 5_000 });
  await page.locator('.quick-input-list .monaco-list-row', { hasText: tab }).filter({ hasText: folder }).first().waitFor({ timeout: 15_000 });
  if ((await input.inputValue()) !== `${file}:1`) return false;
  await page.keyboard.press('Enter');
  const active = await page
    .locator('.tabs-container .tab.active', { hasText: tab })
    .waitFor({ timeout: 5_000 })
    .then(() => true, () => false);
  if (!active) return false;
  // Several files share a name (apps/api and apps/web both have deployment.yaml): the breadcrumbs name the folder.
  return page
    .locator('.part.editor .breadcrumbs-control', { hasText: folder })
    .first()
    .waitFor({ timeout: 5_000 })
    .then(() => true, () => false);
}

/** Right-clicks `target` and runs the context-menu entry `label` (hovered, then Enter: clicks can land mid-animation). */
export async function runContextMenu(page: Page, target: Locator, label: string): Promise<void> {
  const menu = page.locator('.monaco-menu').filter({ visible: true });
  for (let attempt = 1; ; attempt++) {
    await target.click({ button: 'right' });
    const item = page.locator('.monaco-menu .action-item', { hasText: label }).first();
    await item.waitFor({ timeout: 10_000 });
    await item.hover();
    await page.keyboard.press('Enter');
    const closed = await menu.first().waitFor({ state: 'hidden', timeout: 3_000 }).then(() => true, () => false);
    if (closed) return;
    await page.keyboard.press('Escape');
    if (attempt === 3) throw new Error(`the context menu entry "${label}" did not run`);
  }
}

