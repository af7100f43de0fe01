// The inspector's HTML page: CSP-locked (scripts only with the nonce, no remote content), loading the bundle
// built by scripts/build-media.mjs. Pure, no vscode import.

export interface InspectorPageUris {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random nonce for this page. */
  nonce: string;
  /** Webview URIs of `dist/media/inspector/main.js`, `main.css`, and the folder of the worker scripts. */
  script: string;
  style: string;
  workers: string;
}

/** The Content-Security-Policy of the page. Monaco sets inline styles, hence `'unsafe-inline'` for styles only. */
export function inspectorCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `script-src 'nonce-${nonce}'`,
    // Worker scripts are fetched from the extension and started from blob: URLs (a webview cannot start
    // workers from its resource origin).
    `connect-src ${cspSource}`,
    'worker-src blob:',
  ].join('; ');
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function inspectorHtml(uris: InspectorPageUris): string {
  const a = (s: string) => escapeAttr(s);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${a(inspectorCsp(uris.cspSource, uris.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${a(uris.style)}">
<title>Inspector</title>
</head>
<body data-workers="${a(uris.workers)}">
<header>
  <div><h1 id="title">Loading…</h1><span id="verdict" class="verdict"></span></div>
  <div id="reason"></div>
  <div class="actions">
    <button id="apply" disabled title="Write the edited object into its manifest file (Ctrl/Cmd+S)">Apply to manifest</button>
    <button id="revert" class="secondary" disabled>Revert</button>
    <button id="refresh" class="secondary" title="Read the manifest and the live object again">Refresh</button>
    <span id="problems" role="status"></span>
    <span id="status" role="status" aria-live="polite"></span>
  </div>
  <div id="masked" class="meta" hidden>Secret values are masked (***): they never leave the extension; Apply keeps the real values of the masked keys.</div>
</header>
<div class="sides"><span>Live (cluster) <span id="live-note"></span></span><span>Desired (manifest) <span id="source"></span></span></div>
<div id="diff"></div>
<script nonce="${a(uris.nonce)}" src="${a(uris.script)}"></script>
</body>
</html>
`;
}
