// Bundles the webview assets into dist/media/ with esbuild, offline: the inspector (Monaco + monaco-yaml) as a
// classic script with its CSS and the codicon font, and its two workers as separate classic scripts.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const monacoRoot = dirname(createRequire(import.meta.url).resolve('monaco-editor/package.json'));

/** `monaco-editor/esm/…` (CSS files, not in the package's exports) → the file in the package. */
const monacoFiles = {
  name: 'monaco-files',
  setup(b) {
    b.onResolve({ filter: /^monaco-editor\/esm\// }, (args) => ({ path: join(monacoRoot, args.path.slice('monaco-editor/'.length)) }));
  },
};

const common = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'iife',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: root,
  plugins: [monacoFiles],
  define: { 'process.env.NODE_ENV': '"production"' },
};

/** Builds the inspector into `outdir` (default dist/media/inspector); returns the size of each output file. */
export async function buildMedia(outdir = join(root, 'dist/media/inspector')) {
  const [main, ...workers] = await Promise.all([
    build({
      ...common,
      entryPoints: { main: 'media/inspector/main.ts' },
      outdir,
      loader: { '.ttf': 'file' },
      assetNames: '[name]',
      metafile: true,
    }),
    build({ ...common, entryPoints: { 'editor.worker': 'media/inspector/editor.worker.ts' }, outdir, metafile: true }),
    build({ ...common, entryPoints: { 'yaml.worker': 'media/inspector/yaml.worker.ts' }, outdir, metafile: true }),
  ]);
  const outputs = {};
  for (const r of [main, ...workers]) for (const [file, o] of Object.entries(r.metafile.outputs)) outputs[file] = o.bytes;
  return outputs;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outputs = await buildMedia();
  for (const [file, bytes] of Object.entries(outputs)) console.log(`${file}  ${(bytes / 1024).toFixed(0)} KiB`);
}
