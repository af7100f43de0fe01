// Where the bundled schemas come from. The default loader reads `schemas/v<version>/` from disk, found upward from
// this module (works from `src/core/schema/` under tsx/vitest and from `dist/` in the esbuild bundle).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GroupVersionSchemaFile, SchemaIndex } from './schema-files';

export const BUNDLED_SCHEMA_VERSION = '1.28';

export interface SchemaLoader {
  index(): SchemaIndex;
  /** A file named in the index, e.g. `apps-v1.json`. */
  groupVersion(file: string): GroupVersionSchemaFile;
}

function moduleDir(): string | undefined {
  try {
    return dirname(fileURLToPath(import.meta.url));
  } catch {
    return typeof __dirname === 'string' ? __dirname : undefined;
  }
}

/** Finds `schemas/v<version>` upward from this module (or from `process.cwd()`). */
export function findBundledSchemaDir(version = BUNDLED_SCHEMA_VERSION): string | undefined {
  for (const start of [moduleDir(), process.cwd()]) {
    let dir = start;
    for (let i = 0; dir && i < 6; i++) {
      const candidate = join(dir, 'schemas', `v${version}`);
      if (existsSync(join(candidate, 'index.json'))) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return undefined;
}

export function fileSchemaLoader(dir?: string): SchemaLoader {
  const base = dir ?? findBundledSchemaDir();
  if (!base) throw new Error(`bundled schemas not found (schemas/v${BUNDLED_SCHEMA_VERSION}/index.json); run npm run schemas`);
  const read = <T>(name: string): T => JSON.parse(readFileSync(join(base, name), 'utf8')) as T;
  return {
    index: () => read<SchemaIndex>('index.json'),
    groupVersion: (file) => read<GroupVersionSchemaFile>(file),
  };
}
