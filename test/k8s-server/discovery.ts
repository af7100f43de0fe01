// Discovery: plain (/api, /apis, /apis/<g>, /apis/<g>/<v>) and aggregated (apidiscovery.k8s.io/v2beta1) documents.
// Built-in parts are the recorded bodies; CRD groups are added once their CRD is Established.
import { createHash } from 'node:crypto';
import { errors } from './errors';
import { findRecordedDiscovery } from './recorded-data';
import { apiVersionOf, type Registry, type ResourceType } from './registry';

export const AGGREGATED_V2BETA1 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

export interface DiscoveryResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const PLAIN_HEADERS = { 'Cache-Control': 'no-cache, private', 'Content-Type': 'application/json' };

/** Which representation the Accept header asks for: 'aggregated', 'plain', or undefined (406). */
export function negotiateDiscovery(accept: string | undefined): 'aggregated' | 'plain' | undefined {
  if (!accept) return 'plain';
  for (const raw of accept.split(',')) {
    const parts = raw.split(';').map((p) => p.trim());
    const type = parts[0];
    const params = Object.fromEntries(parts.slice(1).map((p) => p.split('=').map((x) => x.trim()) as [string, string]));
    if (params.g === 'apidiscovery.k8s.io') {
      if (params.v === 'v2beta1' && params.as === 'APIGroupDiscoveryList' && (type === 'application/json' || type === '*/*')) return 'aggregated';
      continue;
    }
    if (type === 'application/json' || type === '*/*' || type === 'application/*' || type === 'application/yaml') return 'plain';
  }
  return undefined;
}

function storageVersionHash(t: ResourceType): string {
  return createHash('sha256').update(`${t.group}/${t.version}/${t.kind}`).digest().subarray(0, 8).toString('base64');
}

function aggregatedResource(t: ResourceType): Record<string, unknown> {
  const r: Record<string, unknown> = {
    resource: t.resource,
    responseKind: { group: t.group, version: t.version, kind: t.kind },
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs: t.verbs,
  };
  if (t.shortNames?.length) r.shortNames = t.shortNames;
  if (t.categories?.length) r.categories = t.categories;
  if (t.subresources.length) {
    r.subresources = t.subresources.map((s) => ({ subresource: s.subresource, responseKind: s.responseKind, verbs: s.verbs }));
  }
  return r;
}

function crdGroupItems(reg: Registry): unknown[] {
  const items: unknown[] = [];
  for (const [group, versions] of reg.crdGroups) {
    items.push({
      metadata: { name: group, creationTimestamp: null },
      versions: versions.map((v) => ({ version: v, resources: reg.resourcesOf(group, v).map(aggregatedResource), freshness: 'Current' })),
    });
  }
  return items;
}

function etagOf(body: unknown): string {
  return `"${createHash('sha512').update(JSON.stringify(body)).digest('hex').toUpperCase()}"`;
}

function aggregated(path: '/api' | '/apis', reg: Registry): DiscoveryResponse {
  const rec = findRecordedDiscovery(path, true)!;
  let body = rec.body;
  let etag = rec.headers.Etag;
  if (path === '/apis' && reg.crdGroups.size) {
    body = { ...body, items: [...body.items, ...crdGroupItems(reg)] };
    etag = etagOf(body);
  }
  return {
    status: 200,
    headers: { 'Cache-Control': 'public', 'Content-Type': AGGREGATED_V2BETA1, Etag: etag, Vary: 'Accept' },
    body,
  };
}

function groupEntry(group: string, versions: string[]) {
  const vs = versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
  return { name: group, versions: vs, preferredVersion: vs[0] };
}

function resourceList(reg: Registry, group: string, version: string): unknown {
  const resources: unknown[] = [];
  for (const t of reg.resourcesOf(group, version)) {
    const r: Record<string, unknown> = { name: t.resource, singularName: t.singular, namespaced: t.namespaced, kind: t.kind, verbs: t.verbs };
    if (t.shortNames?.length) r.shortNames = t.shortNames;
    if (t.categories?.length) r.categories = t.categories;
    r.storageVersionHash = storageVersionHash(t);
    resources.push(r);
    for (const s of t.subresources) {
      const sr: Record<string, unknown> = { name: `${t.resource}/${s.subresource}`, singularName: '', namespaced: t.namespaced, kind: s.responseKind.kind, verbs: s.verbs };
      if (s.responseKind.group !== t.group) sr.group = s.responseKind.group;
      if (s.responseKind.version !== t.version) sr.version = s.responseKind.version;
      resources.push(sr);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf({ group, version }), resources };
}

/** Serves a discovery path, or returns undefined when the path is not a discovery path. Throws ApiError 406. */
export function serveDiscovery(path: string, accept: string | undefined, reg: Registry): DiscoveryResponse | undefined {
  const p = path.replace(/\/+$/, '') || '/';
  const isRoot = p === '/api' || p === '/apis';
  const parts = p.split('/').filter(Boolean);
  const isDiscovery = isRoot || (parts[0] === 'api' && parts.length === 2) || (parts[0] === 'apis' && (parts.length === 2 || parts.length === 3));
  if (!isDiscovery) return undefined;
  const mode = negotiateDiscovery(accept);
  if (!mode) throw errors.notAcceptable();
  if (isRoot && mode === 'aggregated') return aggregated(p as '/api' | '/apis', reg);

  if (p === '/api' || p === '/apis') {
    const rec = findRecordedDiscovery(p, false)!;
    let body = rec.body;
    if (p === '/apis' && reg.crdGroups.size) {
      body = { ...body, groups: [...body.groups, ...[...reg.crdGroups].map(([g, vs]) => groupEntry(g, vs))] };
    }
    return { status: 200, headers: PLAIN_HEADERS, body };
  }
  if (parts[0] === 'api') {
    if (parts[1] !== 'v1') return undefined;
    return { status: 200, headers: PLAIN_HEADERS, body: findRecordedDiscovery(p, false)?.body ?? resourceList(reg, '', 'v1') };
  }
  const group = parts[1];
  const versions = reg.groups.get(group) ?? reg.crdGroups.get(group);
  if (!versions) return undefined;
  if (parts.length === 2) {
    const rec = findRecordedDiscovery(p, false);
    return { status: 200, headers: PLAIN_HEADERS, body: rec?.body ?? { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(group, versions) } };
  }
  if (!versions.includes(parts[2])) return undefined;
  const rec = reg.crdGroups.has(group) ? undefined : findRecordedDiscovery(p, false);
  return { status: 200, headers: PLAIN_HEADERS, body: rec?.body ?? resourceList(reg, group, parts[2]) };
}
