// Issue #7: the activation time VS Code itself measures (loading the bundle + the activate() call), read from
// "Developer: Show Running Extensions", with the sizes of the .vsix and the bundle and the extension's own
// "activated in N ms" log lines; written to artifacts/activation.json and printed on one line. The step fails when
// the figure cannot be found or parsed, never on the time itself (timed assertions flake under load: the number
// is reported, and the benchmark tracks it against the 150 ms target).
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { waitFor } from '../harness/code-server';
import { assert, type Results } from '../harness/results';
import { dismissHovers, runCommand, type Screenshots } from '../harness/workbench';

const DISPLAY_NAME = 'GitOps Converge';
const TARGET_MS = 150;
/** The row's text in VS Code 1.100 (abstractRuntimeExtensionsEditor): `Startup Activation: 61ms` or `Activation: 61ms`. */
const ACTIVATION_TEXT = /^(Startup )?Activation: (\d+)ms$/;

export interface ActivationInputs {
  /** dist/gitops-converge.vsix */
  vsix: string;
  /** The bundle VS Code loaded: dist/extension.js inside the installed extension's folder. */
  extensionJs: string;
  /** code-server's user data dir (its logs/ holds the output channel files). */
  userDataDir: string;
  /** Where the figures go: artifacts/activation.json. */
  out: string;
}

export interface ActivationFigures {
  vscode: { ms: number; startup: boolean; text: string; tooltip: string | null };
  /** "activated in N ms" of this window's extension host (time inside activate()), and of every window so far. */
  activateMs: number | null;
  activateMsAllWindows: number[];
  vsixBytes: number;
  extensionJsBytes: number;
}

/** `2096173` → `2.0 MB` (MiB, one decimal). */
export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function parseActivation(text: string): { ms: number; startup: boolean } | undefined {
  const m = ACTIVATION_TEXT.exec(text.trim());
  return m ? { ms: Number(m[2]), startup: Boolean(m[1]) } : undefined;
}

export async function activationUi(page: Page, inputs: ActivationInputs, shots: Screenshots, results: Results): Promise<void> {
  const step = results.suite('activation', (name) => shots.take(page, `failed-activation-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`).then(() => undefined));

  await step('Developer: Show Running Extensions gives the activation time of GitOps Converge (written to artifacts/activation.json)', async () => {
    await dismissHovers(page);
    await runCommand(page, 'Developer: Show Running Extensions');
    const list = page.locator('.runtime-extensions-editor .monaco-list');
    await list.first().waitFor({ timeout: 20_000 });
    // One row per activated extension, sorted by activation time; the list renders only the rows in view: scroll
    // down until ours is drawn.
    const row = page.locator('.runtime-extensions-editor .monaco-list-row').filter({ has: page.locator('.name', { hasText: new RegExp(`^${DISPLAY_NAME}$`) }) });
    let names: string[] = [];
    await waitFor(async () => {
      if ((await row.count()) > 0) return true;
      names = await page.locator('.runtime-extensions-editor .monaco-list-row .name').allInnerTexts();
      await list.first().hover();
      await page.mouse.wheel(0, 200);
      return false;
    }, 20_000, `a Running Extensions row named ${DISPLAY_NAME}`).catch((err: Error) => {
      throw new Error(`${err.message}; rows seen: ${names.join(', ')}`);
    });
    const time = row.first().locator('.activation-time');
    // "Activating..." until activate() has returned.
    let text = '';
    await waitFor(async () => {
      text = (await time.innerText()).trim();
      return parseActivation(text) !== undefined;
    }, 20_000, 'a parsable activation time').catch((err: Error) => {
      throw new Error(`${err.message}; the row says "${text}"`);
    });
    const parsed = parseActivation(text)!;
    assert(Number.isFinite(parsed.ms) && parsed.ms >= 0, `activation time "${text}"`);
    await row.first().scrollIntoViewIfNeeded();
    await page.mouse.move(1300, 880);
    const shot = await shots.take(page, 'running-extensions');

    // Its hover says what activated it (the event); VS Code shows no split of code loading vs the activate() call.
    const hover = page.locator('.workbench-hover, .monaco-hover:not(.hidden)').filter({ hasText: /Activated/ }).first();
    const tooltip = await waitFor(async () => {
      await page.mouse.move(1300, 880);
      await time.hover();
      return hover.waitFor({ timeout: 2_500 }).then(() => true, () => false);
    }, 12_000, 'the activation time hover').then(
      () => hover.innerText().then((t) => t.trim()),
      () => null,
    );
    await dismissHovers(page);

    const logs = channelLogs(join(inputs.userDataDir, 'logs'));
    const activations = (text: string) => [...text.matchAll(/activated in (\d+) ms/g)].map((m) => Number(m[1]));
    // This window's extension host writes the newest channel file (its check is still logging).
    const current = logs.length ? activations(logs[logs.length - 1].text) : [];
    const figures: ActivationFigures = {
      vscode: { ms: parsed.ms, startup: parsed.startup, text, tooltip },
      activateMs: current.length ? current[current.length - 1] : null,
      activateMsAllWindows: logs.flatMap((l) => activations(l.text)),
      vsixBytes: statSync(inputs.vsix).size,
      extensionJsBytes: statSync(inputs.extensionJs).size,
    };
    writeFileSync(
      inputs.out,
      `${JSON.stringify(
        {
          measuredAt: new Date().toISOString(),
          targetMs: TARGET_MS,
          withinTarget: parsed.ms < TARGET_MS,
          vscodeActivationMs: parsed.ms,
          vscodeActivationText: text,
          vscodeActivationStartup: parsed.startup,
          vscodeActivationTooltip: tooltip,
          activateCallMs: figures.activateMs,
          activateCallMsAllWindows: figures.activateMsAllWindows,
          vsixBytes: figures.vsixBytes,
          extensionJsBytes: figures.extensionJsBytes,
          vsix: inputs.vsix,
          extensionJs: inputs.extensionJs,
          screenshot: shot,
        },
        null,
        2,
      )}\n`,
    );
    console.log(
      `activation: ${parsed.ms} ms (VS Code: code loading + activate${parsed.startup ? ', at startup' : ''}), activate() ${figures.activateMs ?? '?'} ms; vsix ${mb(figures.vsixBytes)}, extension.js ${mb(figures.extensionJsBytes)}`,
    );
  });
}

/** The GitOps Converge output channel files, oldest first (by modification time). */
function channelLogs(dir: string): Array<{ file: string; text: string }> {
  return listFiles(dir)
    .filter((f) => f.endsWith('GitOps Converge.log'))
    .map((file) => ({ file, mtime: statSync(file).mtimeMs, text: readFileSync(file, 'utf8') }))
    .sort((a, b) => a.mtime - b.mtime);
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}
