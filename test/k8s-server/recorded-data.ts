// Loads the recorded discovery/OpenAPI bodies copied into ./data (see data/import-recordings.mjs).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RecordedDiscovery {
  file: string;
  path: string;
  accept: string;
  status: number;
  headers: Record<string, string>;
  body: any;
}

let dataDir: string | undefined;

/** The data folder, from the source tree (tests) or next to the bundle (dist/../test/k8s-server/data). */
export function recordedDataDir(): string {
  if (dataDir) return dataDir;
  const candidates: string[] = [];
  if (process.env.K8S_TEST_SERVER_DATA) candidates.push(process.env.K8S_TEST_SERVER_DATA);
  try {
    const here = dirname(fileURLToPath(import.meta.url));
    candidates.push(join(here, 'data'), resolve(here, '..', 'test', 'k8s-server', 'data'));
  } catch {
    /* not a file URL */
  }
  candidates.push(resolve(process.cwd(), 'test', 'k8s-server', 'data'));
  const found = candidates.find((c) => existsSync(join(c, 'discovery.json')));
  if (!found) throw new Error(`test API server data folder not found (tried ${candidates.join(', ')})`);
  dataDir = found;
  return found;
}

const cache = new Map<string, unknown>();
export function readDataJson<T = any>(rel: string): T {
  const hit = cache.get(rel);
  if (hit !== undefined) return hit as T;
  const v = JSON.parse(readFileSync(join(recordedDataDir(), rel), 'utf8'));
  cache.set(rel, v);
  return v as T;
}

/** Raw text of a data file (OpenAPI documents are served verbatim). */
export function readDataText(rel: string): string {
  const key = 'text:' + rel;
  const hit = cache.get(key);
  if (hit !== undefined) return hit as string;
  const v = readFileSync(join(recordedDataDir(), rel), 'utf8');
  cache.set(key, v);
  return v;
}

export function recordedDiscovery(): RecordedDiscovery[] {
  return readDataJson<RecordedDiscovery[]>('discovery.json');
}

export function findRecordedDiscovery(path: string, aggregated: boolean): RecordedDiscovery | undefined {
  return recordedDiscovery().find(
    (d) => d.path === path && d.status === 200 && d.accept.includes('apidiscovery') === aggregated && (!aggregated || !d.accept.includes('v=v2;')),
  );
}
