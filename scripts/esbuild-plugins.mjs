// esbuild options and plugins shared by the build (scripts/build.mjs) and the benchmarks that bundle like it
// (bench/memory.ts).

/**
 * Modules that client-node's KubeConfig (all we use of it) imports for what most kubeconfigs never need: the
 * generated API client (`makeApiClient`, which we never call), fetch headers (`applyToFetchOptions`, same), proxy
 * agents (a cluster with `proxy-url`) and JSONPath (the gcp/azure auth providers). Evaluating them cost ~40 ms of
 * every CLI start; here each is loaded on first use instead. Key: what is imported, as written in client-node;
 * value: the names it imports, all functions or classes (called or constructed through a stand-in).
 */
const LAZY_IMPORTS = {
  './gen/index.js': { names: ['createConfiguration', 'ServerConfiguration'], from: { createConfiguration: './gen/configuration.js', ServerConfiguration: './gen/servers.js' } },
  'node-fetch': { names: ['Headers'] },
  'socks-proxy-agent': { names: ['SocksProxyAgent'] },
  hpagent: { names: ['HttpProxyAgent', 'HttpsProxyAgent'] },
  'jsonpath-plus': { names: ['JSONPath'] },
};

const CLIENT_NODE_DIST = /@kubernetes[\\/]client-node[\\/]dist[\\/][^\\/]+\.js$/;

export const lazyClientNodeImports = {
  name: 'lazy-client-node-imports',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) =>
      args.namespace === 'file' && CLIENT_NODE_DIST.test(args.importer) && Object.hasOwn(LAZY_IMPORTS, args.path)
        ? { path: args.path, namespace: 'lazy-import', pluginData: { dir: args.resolveDir } }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-import' }, (args) => {
      const { names, from = {} } = LAZY_IMPORTS[args.path];
      const stand = (name) => {
        const target = JSON.stringify(from[name] ?? args.path);
        return `export function ${name}(...a) { const real = require(${target}).${name}; return new.target ? new real(...a) : real(...a); }`;
      };
      return { resolveDir: args.pluginData.dir, contents: names.map(stand).join('\n') };
    });
  },
};

/** How every Node bundle is built (the entry, output, banner line and externals are the caller's). */
export const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // No comments in the bundles: smaller to load and keep, and ASCII-only (a comment's non-ASCII character made V8
  // hold the whole source as two-byte text, twice the memory). Names stay as written (stack traces, profiles), and
  // lines stay short (an uncaught error prints its source line).
  minifyWhitespace: true,
  lineLimit: 160,
  logLevel: 'warning',
  // client-node (ESM) reads import.meta.url in a few places; give it a CJS-safe value.
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  plugins: [lazyClientNodeImports],
};
