// Loads recorded exchanges from /work/shared/k8s (real kube-apiserver v1.28) as test fixtures.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../../src/core/types';

/** Recordings: $K8S_RECORDINGS, else shared/ beside the checkout (as in CI), else /work/shared/k8s. */
export const K8S =
  process.env.K8S_RECORDINGS ??
  [resolve(__dirname, '../../../../shared/k8s'), '/work/shared/k8s'].find((p) => existsSync(p)) ??
  '/work/shared/k8s';
export const EXCHANGES = join(K8S, 'exchanges');

export interface Exchange {
  description: string;
  request: { method: string; path: string; query: Record<string, string>; body: unknown };
  response: { status: number; body: unknown };
}

export function loadExchange(rel: string): Exchange {
  return JSON.parse(readFileSync(join(EXCHANGES, rel), 'utf8')) as Exchange;
}

/** The object the request sent (YAML text or JSON). */
export function requestObject(rel: string): KubeObject {
  const body = loadExchange(rel).request.body;
  return (typeof body === 'string' ? parse(body) : body) as KubeObject;
}

export function responseObject(rel: string): KubeObject {
  return loadExchange(rel).response.body as KubeObject;
}

export function yamlFile(path: string): KubeObject {
  return parse(readFileSync(path, 'utf8')) as KubeObject;
}

export function yamlDocs(path: string): KubeObject[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((d) => d.toJS() as KubeObject);
}

export function exists(path: string): boolean {
  return existsSync(path);
}
