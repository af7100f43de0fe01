// Runs the inspector webview bundle in headless Chromium, the way a VS Code webview loads it: the real HTML and
// CSP (cspSource = this local server), `acquireVsCodeApi` stubbed to record posted messages. For tests only.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { inspectorHtml } from '../../../src/extension/inspector/html';

export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => {
  try {
    return readFileSync(p).length > 0;
  } catch {
    return false;
  }
});

/** What the tests touch in the page (the test tsconfig has no DOM types). */
interface PageGlobals {
  __posted: unknown[];
  postMessage(message: unknown, target: string): void;
  document: { body: { dataset: Record<string, string | undefined> } };
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.html': 'text/html' };

export interface Harness {
  page: Page;
  /** Messages the webview posted (`acquireVsCodeApi().postMessage`). */
  posted(): Promise<unknown[]>;
  /** Sends a message to the page as the extension host would (`webview.postMessage`). */
  send(message: unknown): Promise<void>;
  /** `document.body.dataset[name]` of the page. */
  bodyData(name: string): Promise<string | undefined>;
  /** Waits until `document.body.dataset[name]` equals `value` (undefined: is not empty). */
  waitForBodyData(name: string, value?: string, timeout?: number): Promise<void>;
  /** Console messages and page errors (CSP violations show up here). */
  console: string[];
  close(): Promise<void>;
}

/** Serves `mediaDir` and an inspector page on 127.0.0.1 and opens it in Chromium. */
export async function openInspectorPage(mediaDir: string, opts: { bodyClass?: string; bodyStyle?: string } = {}): Promise<Harness> {
  const { chromium } = await import('playwright-core');
  const nonce = 'dGVzdC1ub25jZS0xMjM0NTY3';
  let server: Server | undefined;
  let browser: Browser | undefined;
  const base = await new Promise<string>((resolve) => {
    server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/favicon.ico') {
        res.writeHead(204).end(); // Chromium asks for it; a webview does not
        return;
      }
      if (path === '/') {
        const origin = `http://127.0.0.1:${(server!.address() as { port: number }).port}`;
        let html = inspectorHtml({ cspSource: origin, nonce, script: `${origin}/media/main.js`, style: `${origin}/media/main.css`, workers: `${origin}/media` });
        // What VS Code does for a webview: a theme class on <body> and acquireVsCodeApi.
        html = html.replace('<body ', `<body class="${opts.bodyClass ?? 'vscode-dark'}" style="${opts.bodyStyle ?? ''}" `);
        html = html.replace('<header>', `<script nonce="${nonce}">window.__posted=[];window.acquireVsCodeApi=()=>({postMessage:(m)=>window.__posted.push(m)});</script>\n<header>`);
        res.writeHead(200, { 'Content-Type': 'text/html' }).end(html);
        return;
      }
      try {
        const body = readFileSync(join(mediaDir, path.replace(/^\/media\//, '').replace(/\.\./g, '')));
        res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server!.address() as { port: number }).port}/`));
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => consoleLines.push(`requestfailed: ${r.url()}`));
  page.on('response', (r) => void (r.status() >= 400 && consoleLines.push(`http ${r.status()}: ${r.url()}`)));
  await page.goto(base);
  return {
    page,
    console: consoleLines,
    posted: () => page.evaluate(() => (globalThis as unknown as PageGlobals).__posted),
    send: (message) => page.evaluate((m) => (globalThis as unknown as PageGlobals).postMessage(m, '*'), message),
    bodyData: (name) => page.evaluate((n) => (globalThis as unknown as PageGlobals).document.body.dataset[n], name),
    waitForBodyData: async (name, value, timeout = 20_000) => {
      // Functions, not strings: the page's CSP forbids evaluating strings.
      await page.waitForFunction(
        ([n, v]) => {
          const actual = (globalThis as unknown as PageGlobals).document.body.dataset[n];
          return v === undefined ? !!actual : actual === v;
        },
        [name, value] as const,
        { timeout },
      );
    },
    close: async () => {
      await browser?.close();
      await new Promise((r) => server?.close(r));
    },
  };
}
