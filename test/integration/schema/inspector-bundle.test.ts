// The inspector webview bundle: builds offline into a folder of its own, references nothing remote, and works in
// Chromium under the real CSP (Monaco diff editor, monaco-yaml markers from the engine's schema, Apply message).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SchemaValidator } from '../../../src/core/schema';
import type { InspectorDocument } from '../../../src/extension/inspector/protocol';
import { CHROMIUM, openInspectorPage, type Harness } from './inspector-harness';

/**
 * URLs the bundle may contain: XML namespaces, JSON Schema meta-schema ids, documentation links in messages,
 * and yaml-language-server's default Kubernetes/CRD catalogues, which it only reads for a schema association
 * naming them (the inspector makes none, disables schema requests, and the CSP allows no remote connection).
 */
const ALLOWED_URL = [
  /^http:\/\/www\.w3\.org\/(2000\/svg|1999\/xhtml|1998\/Math\/MathML)$/,
  /^https?:\/\/json-schema\.org\/(draft[-/][0-9-]+\/schema)?$/,
  /^https:\/\/(github\.com\/microsoft\/(vscode|monaco-editor)|code\.visualstudio\.com\/docs|prettier\.io\/docs|github\.com\/markedjs\/marked)[^ ]*$/,
  /^https:\/\/microsoft\.com$/,
  /^https:\/\/raw\.githubusercontent\.com\/(yannh\/kubernetes-json-schema|datreeio\/CRDs-catalog)\//,
  /^https?:\/\/$/,
];

let dir: string;
let sizes: Record<string, number>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'converge-media-'));
  // @ts-expect-error -- plain ESM build script without types
  const { buildMedia } = (await import('../../../scripts/build-media.mjs')) as { buildMedia(outdir: string): Promise<Record<string, number>> };
  await buildMedia(dir);
  sizes = Object.fromEntries(readdirSync(dir).map((f) => [f, statSync(join(dir, f)).size]));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('inspector bundle', () => {
  it('has the page script, its CSS and font, and the two workers', () => {
    expect(Object.keys(sizes).sort()).toEqual(['codicon.ttf', 'editor.worker.js', 'main.css', 'main.js', 'yaml.worker.js']);
    const kib = Object.entries(sizes).map(([f, b]) => `${f} ${(b / 1024).toFixed(0)} KiB`);
    console.log(`inspector bundle: ${kib.join(', ')}; total ${(Object.values(sizes).reduce((a, b) => a + b, 0) / 1024 / 1024).toFixed(1)} MiB`);
    expect(sizes['main.js']).toBeLessThan(6 * 1024 * 1024);
  });

  it('is self-contained: no remote URL except inert identifiers and documentation links', () => {
    const found = new Set<string>();
    for (const f of readdirSync(dir)) {
      if (!/\.(js|css)$/.test(f)) continue;
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/https?:\/\/[^"'`\s)\\]*/g)) found.add(m[0].replace(/[.,;]$/, ''));
    }
    expect([...found].filter((u) => !ALLOWED_URL.some((re) => re.test(u)))).toEqual([]);
    const css = readFileSync(join(dir, 'main.css'), 'utf8');
    expect(css).not.toMatch(/@import|url\(\s*['"]?(https?:)?\/\//);
    expect(css).toMatch(/url\(["']?\.\/codicon\.ttf/);
  });
});

const DESIRED = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replica: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx, resources: {limits: {cpu: 1 core}}}]
`;

describe.skipIf(!CHROMIUM)('inspector page in Chromium (CSP as in VS Code)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openInspectorPage(dir, { bodyClass: 'vscode-light' });
  }, 30_000);
  afterAll(async () => h?.close());

  it('says ready, shows live against desired, and monaco-yaml marks the invalid fields with the engine schema', async () => {
    await h.page.waitForFunction(() => (globalThis as unknown as { __posted: unknown[] }).__posted.length > 0);
    expect(await h.posted()).toEqual([{ type: 'ready' }]);
    const document: InspectorDocument = {
      title: 'Deployment shop/web',
      source: 'deploy/web.yaml:1',
      desiredText: DESIRED,
      liveText: DESIRED.replace('replica: 2', 'replicas: 3'),
      schema: new SchemaValidator().kindJsonSchema('apps/v1', 'Deployment'),
      schemaUri: 'kubernetes://schemas/apps/v1/Deployment.json',
      verdict: 'diverged',
      reason: 'replicas 2 → 3 by kubectl-scale',
      masked: false,
      revision: 1,
    };
    await h.send({ type: 'show', document });
    await h.waitForBodyData('markers');
    // Markers may arrive in more than one batch, in any order.
    await vi.waitFor(
      async () =>
        expect(((await h.bodyData('markers')) ?? '').split('\n').sort()).toEqual(['12:72 not a Kubernetes quantity (like 500m, 0.5, 2Gi or 1e3)', '6:3 Property replica is not allowed.']),
      { timeout: 20_000, interval: 100 },
    );
    expect(await h.page.textContent('#title')).toBe('Deployment shop/web');
    expect(await h.page.locator('.monaco-diff-editor').count()).toBe(1);
    expect(await h.page.locator('.monaco-editor.vs').count()).toBeGreaterThan(0); // light theme from the body class
    expect(await h.page.isDisabled('#apply')).toBe(true);
  }, 30_000);

  it('hovering a field shows its description from the schema', async () => {
    await h.page.locator('.editor.modified .view-line span', { hasText: 'selector' }).first().hover();
    await vi.waitFor(async () => expect((await h.page.locator('.monaco-hover-content').allTextContents()).join(' ')).toContain('Label selector for pods.'), { timeout: 10_000, interval: 100 });
    await h.page.mouse.move(0, 0);
  }, 30_000);

  it('edits on the desired side enable Apply, which posts the edited text with the revision', async () => {
    await h.page.locator('.editor.modified .view-lines').click();
    await h.page.keyboard.press('Control+End');
    await h.page.keyboard.type('# reviewed');
    await h.waitForBodyData('dirty', 'true');
    await h.page.click('#apply');
    const posted = (await h.posted()) as Array<{ type: string; text?: string; revision?: number }>;
    const apply = posted.find((m) => m.type === 'apply');
    expect(apply).toEqual({ type: 'apply', revision: 1, text: `${DESIRED}# reviewed` });
    await h.send({ type: 'applied', revision: 1, ok: true });
    await h.waitForBodyData('dirty', 'false');
    expect(await h.page.textContent('#status')).toBe('Applied to the manifest.');
  }, 30_000);

  it('ran without CSP violations, page errors or failed requests', () => {
    const problems = h.console.filter((l) => /Content Security Policy|pageerror|requestfailed|http [45]\d\d|error:/i.test(l) && !/favicon/.test(l));
    expect(problems).toEqual([]);
  });
});
