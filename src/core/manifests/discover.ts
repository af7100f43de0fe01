// Finds manifest files (.yaml, .yml, .json) under files/folders, honouring gitignore-style excludes.
import { lstatSync, readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { lstat, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import ignore from 'ignore';
import type { Ignore } from 'ignore';

export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];
/** Folders never searched. */
export const ALWAYS_SKIPPED_DIRS = ['.git', 'node_modules'];
/** Ignore files read in every folder, in order (later ones can re-include with `!`). */
export const IGNORE_FILES = ['.gitignore', '.convergeignore'];
/**
 * Flux's source-controller leaves out of what it fetches the files its `.sourceignore` files (gitignore syntax, at
 * the repository root and in sub-folders) match: Flux never applies them, so they are never checked. A separate
 * chain: a file either chain ignores is skipped (a `!` in one cannot re-include what the other ignores). The ones
 * in the folders above a searched folder, up to the repository root (the folder holding `.git`), count too.
 */
export const SOURCE_IGNORE_FILES = ['.sourceignore'];
/** Independent chains of ignore files: a file is skipped when any chain ignores it. */
const IGNORE_CHAINS = [IGNORE_FILES, SOURCE_IGNORE_FILES];

export interface DiscoverOptions {
  /** gitignore-style patterns, relative to each root folder. */
  exclude?: string[];
  /** Larger files are reported in `skipped` instead of returned. Default 10 MiB. */
  maxFileBytes?: number;
}

export interface DiscoverResult {
  /** Absolute, sorted, unique paths. */
  files: string[];
  skipped: Array<{ file: string; reason: string }>;
}

interface IgnoreLayer {
  base: string;
  matcher: Ignore;
}

export function isManifestFileName(file: string): boolean {
  return MANIFEST_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

/**
 * Absolute sorted paths of manifest files under `roots` (files or folders). Files given directly are
 * returned whatever their name and ignore rules. Symbolic links to folders are not followed (their
 * targets inside a root are found through their real path; outside targets and loops are never entered);
 * symbolic links to files are followed.
 */
export async function discoverManifestFiles(roots: string[], opts: DiscoverOptions = {}): Promise<DiscoverResult> {
  const maxFileBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const files = new Set<string>();
  const skipped = new Map<string, string>();

  const addFile = (file: string, size: number) => {
    if (size > maxFileBytes) skipped.set(file, tooLargeReason(size, maxFileBytes));
    else files.add(file);
  };

  for (const rawRoot of roots) {
    const root = path.resolve(rawRoot);
    let info;
    try {
      info = await stat(root);
    } catch (error) {
      skipped.set(root, `cannot read: ${errorCode(error)}`);
      continue;
    }
    if (info.isFile()) {
      addFile(root, info.size);
      continue;
    }
    if (!info.isDirectory()) {
      skipped.set(root, 'not a regular file or folder');
      continue;
    }
    const excludeLayer: IgnoreLayer = { base: root, matcher: ignore().add(opts.exclude ?? []) };
    const inherited = [[], await repositoryLayers(root, SOURCE_IGNORE_FILES)];
    await walk(root, inherited, { excludeLayer, visited: new Set([await realpath(root)]), addFile, skipped, lastYield: performance.now() });
  }

  for (const file of files) skipped.delete(file);
  return {
    files: [...files].sort(),
    skipped: [...skipped].map(([file, reason]) => ({ file, reason })).sort((a, b) => (a.file < b.file ? -1 : 1)),
  };
}

interface WalkState {
  excludeLayer: IgnoreLayer;
  /** When the walk last returned to the event loop (`performance.now()`). */
  lastYield: number;
  visited: Set<string>;
  addFile(file: string, size: number): void;
  skipped: Map<string, string>;
}

/** Ignore layers per chain (`IGNORE_CHAINS`), outermost folder first. */
type IgnoreChains = IgnoreLayer[][];

/**
 * Folders are listed and files stat'ed synchronously (microseconds each, where a promise through the thread pool
 * costs a round trip per file); the walk returns to the event loop every few milliseconds.
 */
const YIELD_EVERY_MS = 10;

async function walk(dir: string, parentChains: IgnoreChains, state: WalkState): Promise<void> {
  if (performance.now() - state.lastYield >= YIELD_EVERY_MS) {
    await new Promise((resolve) => setImmediate(resolve));
    state.lastYield = performance.now();
  }
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    state.skipped.set(dir, `cannot read folder: ${errorCode(error)}`);
    return;
  }
  const names = entries.map((e) => e.name);
  const layers: IgnoreChains = [];
  for (const [i, files] of IGNORE_CHAINS.entries()) {
    const own = await readIgnoreLayer(dir, names, files);
    layers.push(own ? [...parentChains[i], own] : parentChains[i]);
  }

  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (ALWAYS_SKIPPED_DIRS.includes(entry.name) || isIgnored(full, true, layers, state.excludeLayer)) continue;
      const real = orUndefined(() => realpathSync(full)) ?? full;
      if (state.visited.has(real)) continue;
      state.visited.add(real);
      await walk(full, layers, state);
    } else if (entry.isFile()) {
      if (!isManifestFileName(entry.name) || isIgnored(full, false, layers, state.excludeLayer)) continue;
      const info = orUndefined<Stats>(() => lstatSync(full));
      if (info) state.addFile(full, info.size);
    } else if (entry.isSymbolicLink()) {
      if (!isManifestFileName(entry.name) || isIgnored(full, false, layers, state.excludeLayer)) continue;
      // Followed only when it points at a regular file; links to folders are never entered.
      const target = orUndefined<Stats>(() => statSync(full));
      if (target?.isFile()) state.addFile(full, target.size);
    }
  }
}

async function readIgnoreLayer(dir: string, names: string[], ignoreFiles: readonly string[]): Promise<IgnoreLayer | undefined> {
  const present = ignoreFiles.filter((name) => names.includes(name));
  if (present.length === 0) return undefined;
  const matcher = ignore();
  for (const name of present) {
    const content = await readFile(path.join(dir, name), 'utf8').catch(() => '');
    matcher.add(content);
  }
  return { base: dir, matcher };
}

/**
 * The layers of `ignoreFiles` in the folders above `root` up to its repository root (the nearest folder holding
 * `.git`), outermost first; none when `root` is in no repository.
 */
async function repositoryLayers(root: string, ignoreFiles: readonly string[]): Promise<IgnoreLayer[]> {
  const exists = (file: string) => lstat(file).then(() => true, () => false);
  const above: string[] = [];
  for (let dir = root; !(await exists(path.join(dir, '.git'))); ) {
    const parent = path.dirname(dir);
    if (parent === dir) return [];
    above.unshift(parent);
    dir = parent;
  }
  const layers: IgnoreLayer[] = [];
  for (const dir of above) {
    const present: string[] = [];
    for (const name of ignoreFiles) if (await exists(path.join(dir, name))) present.push(name);
    const layer = await readIgnoreLayer(dir, present, ignoreFiles);
    if (layer) layers.push(layer);
  }
  return layers;
}

/**
 * Git's rules in each chain: the deepest ignore file with a matching pattern decides (a `!` pattern re-includes).
 * The configured excludes are checked first and cannot be re-included by ignore files.
 */
function isIgnored(full: string, isDir: boolean, chains: IgnoreChains, excludeLayer: IgnoreLayer): boolean {
  if (testLayer(excludeLayer, full, isDir).ignored) return true;
  return chains.some((layers) => chainIgnores(full, isDir, layers));
}

function chainIgnores(full: string, isDir: boolean, layers: IgnoreLayer[]): boolean {
  for (let i = layers.length - 1; i >= 0; i--) {
    const result = testLayer(layers[i], full, isDir);
    if (result.ignored) return true;
    if (result.unignored) return false;
  }
  return false;
}

function testLayer(layer: IgnoreLayer, full: string, isDir: boolean): { ignored: boolean; unignored: boolean } {
  const relative = path.relative(layer.base, full).split(path.sep).join('/');
  if (relative === '' || relative.startsWith('..')) return { ignored: false, unignored: false };
  return layer.matcher.test(isDir ? `${relative}/` : relative);
}

function tooLargeReason(size: number, max: number): string {
  return `file is ${formatBytes(size)}, larger than the ${formatBytes(max)} limit; not read`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
  return `${bytes} bytes`;
}

function orUndefined<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}
