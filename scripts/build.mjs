// Bundles the CLI, the extension and the standalone test API server with esbuild.
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { lazyClientNodeImports } from './esbuild-plugins.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // No comments in the bundles: smaller to load and keep, and ASCII-only (a comment's non-ASCII character made V8
  // hold the whole source as two-byte text, twice the memory). Names stay as written (stack traces, profiles), and
  // lines stay short (an uncaught error prints its source line).
  minifyWhitespace: true,
  lineLimit: 160,
  logLevel: 'warning',
  // client-node (ESM) reads import.meta.url in a few places; give it a CJS-safe value.
  define: { 'import.meta.url': 'importMetaUrl', __VERSION__: JSON.stringify(pkg.version) },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

const entries = [
  { in: 'src/cli/main.ts', out: 'dist/cli.js', banner: '#!/usr/bin/env node' },
  { in: 'src/extension/extension.ts', out: 'dist/extension.js', external: ['vscode'] },
  { in: 'test/k8s-server/main.ts', out: 'dist/test-apiserver.js' },
];

await Promise.all(
  entries
    .filter((e) => existsSync(e.in))
    .map((e) =>
      build({
        ...common,
        entryPoints: [e.in],
        outfile: e.out,
        external: e.external ?? [],
        plugins: [lazyClientNodeImports],
        banner: { js: `${e.banner ? e.banner + '\n' : ''}${common.banner.js}` },
      }),
    ),
);

// The webview assets (Monaco + monaco-yaml inspector) into dist/media/.
await (await import('./build-media.mjs')).buildMedia();
