// Bundles the CLI, the extension and the standalone test API server with esbuild.
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { NODE_BUNDLE } from './esbuild-plugins.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  ...NODE_BUNDLE,
  sourcemap: true,
  define: { ...NODE_BUNDLE.define, __VERSION__: JSON.stringify(pkg.version) },
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
        banner: { js: `${e.banner ? e.banner + '\n' : ''}${common.banner.js}` },
      }),
    ),
);

// The webview assets (Monaco + monaco-yaml inspector) into dist/media/.
await (await import('./build-media.mjs')).buildMedia();
