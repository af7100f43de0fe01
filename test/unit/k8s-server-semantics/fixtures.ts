// Helpers that turn recorded kube-apiserver exchanges into test cases for the semantics module.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { TypeContext } from '../../k8s-server/semantics';

export const RECORDINGS = process.env.K8S_RECORDINGS ?? '/work/shared/k8s';
export const haveRecordings = existsSync(join(RECORDINGS, 'exchanges'));

export interface Exchange {
  file: string;
  description: string;
  request: { method: string; path: string; query: Record<string, string>; headers: Record<string, string>; body: any };
  response: { status: number; headers: Record<string, any>; body: any };
}

export function exchanges(folder: string): Exchange[] {
  const dir = join(RECORDINGS, 'exchanges', folder);
  return readdirSync(dir)
    .filter((f) => /^\d\d-.*\.json$/.test(f) && !f.includes('.cmd.'))
    .sort()
    .map((f) => ({ file: f, ...JSON.parse(readFileSync(join(dir, f), 'utf8')) }));
}

export function exchange(folder: string, name: string): Exchange {
  const ex = exchanges(folder).find((e) => e.file.startsWith(name));
  if (!ex) throw new Error(`no exchange ${folder}/${name}`);
  return ex;
}

/** Request body as the server sees it (apply bodies are YAML text). */
export function requestBody(ex: Exchange): any {
  const b = ex.request.body;
  return typeof b === 'string' ? parse(b) : b;
}

const PLURAL_KIND: Record<string, [string, string]> = {
  deployments: ['Deployment', 'apps'],
  statefulsets: ['StatefulSet', 'apps'],
  daemonsets: ['DaemonSet', 'apps'],
  services: ['Service', ''],
  pods: ['Pod', ''],
  configmaps: ['ConfigMap', ''],
  secrets: ['Secret', ''],
  namespaces: ['Namespace', ''],
  serviceaccounts: ['ServiceAccount', ''],
  jobs: ['Job', 'batch'],
  cronjobs: ['CronJob', 'batch'],
  networkpolicies: ['NetworkPolicy', 'networking.k8s.io'],
  ingresses: ['Ingress', 'networking.k8s.io'],
  poddisruptionbudgets: ['PodDisruptionBudget', 'policy'],
  horizontalpodautoscalers: ['HorizontalPodAutoscaler', 'autoscaling'],
  customresourcedefinitions: ['CustomResourceDefinition', 'apiextensions.k8s.io'],
};

/** Type context + subresource from a request path. */
export function typeOf(path: string, crd?: any): { type: TypeContext; subresource?: string; name?: string } {
  const parts = path.split('/').filter(Boolean);
  let group = '';
  let version: string;
  let rest: string[];
  if (parts[0] === 'api') {
    version = parts[1];
    rest = parts.slice(2);
  } else {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  }
  let namespaced = false;
  if (rest[0] === 'namespaces' && rest.length > 2) {
    namespaced = true;
    rest = rest.slice(2);
  }
  const [resource, name, subresource] = rest;
  if (crd) return { type: { group, version, kind: crd.spec.names.kind, resource, namespaced, crd }, name, subresource };
  const [kind] = PLURAL_KIND[resource] ?? ['Unknown'];
  return { type: { group, version, kind, resource, namespaced }, name, subresource };
}

const IDENTITY = ['uid', 'resourceVersion', 'creationTimestamp', 'generation'];

/** Comparable form: identity metadata and times dropped, allocated values masked. Keeps key order. */
export function comparable(o: any): any {
  const s = JSON.stringify(o, (k, v) => {
    if (k === 'time' || k === 'lastUpdateTime' || k === 'lastTransitionTime' || k === 'lastProbeTime') return 'T';
    if (k === 'clusterIP' && v !== 'None') return 'IP';
    if (k === 'clusterIPs' && Array.isArray(v) && v[0] !== 'None') return ['IP'];
    if (k === 'nodePort') return 'PORT';
    return v;
  });
  const out = JSON.parse(s.replace(/kube-api-access-[a-z0-9]{5}/g, 'kube-api-access-X'));
  if (out?.metadata) for (const k of IDENTITY) delete out.metadata[k];
  return out;
}
