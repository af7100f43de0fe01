// Replays recorded write sequences against the semantics module: the live object of each write is the last
// recorded GET/write response of that object, and the result must equal the recorded response body.
import { serverSideApply, applyUpdate, mergePatch, strategicMergePatch, jsonPatch, prepareForCreate } from '../../k8s-server/semantics';
import type { TypeContext } from '../../k8s-server/semantics';
import { Exchange, exchanges, requestBody, typeOf } from './fixtures';

export const SENTINEL_NOW = '2099-01-01T00:00:00Z';

export interface Step {
  ex: Exchange;
  live?: any;
  run: () => any;
}

/** Statuses and cases produced by the HTTP side only (routing, auth, request parsing, store conflicts). */
function httpSideOnly(ex: Exchange): boolean {
  const st = ex.response.status;
  if ([401, 403, 404, 406, 415].includes(st)) return true;
  if (ex.request.method === 'DELETE' || ex.request.method === 'GET') return true;
  if (/tokenrequest|selfsubject|serviceaccounts\/.*\/token|whoami/i.test(ex.file)) return true;
  if (/without-fieldmanager|name-mismatch|kind-mismatch|force-without-apply|duplicate-field|alreadyexists|stale-resourceversion|last-applied/.test(ex.file)) return true;
  if (ex.request.path.endsWith('/token')) return true;
  return false;
}

function entryKey(e: any): string {
  return `${e.manager}|${e.operation}|${e.subresource ?? ''}`;
}

function withoutMeta(o: any): string {
  if (!o?.metadata) return JSON.stringify(o);
  const { managedFields: _m, resourceVersion: _r, generation: _g, ...md } = o.metadata;
  return JSON.stringify({ ...o, metadata: md });
}

/**
 * The request time: the applier's time in the recorded response when it differs from the live one or the object
 * changed (same-second requests); otherwise a sentinel, so that a wrongly refreshed time shows up.
 */
function nowFor(live: any, want: any, manager: string | undefined): string {
  const before = (live?.metadata?.managedFields ?? []).find((e: any) => e.manager === manager)?.time;
  for (const e of want?.metadata?.managedFields ?? []) {
    if (e.manager !== manager || !e.time) continue;
    if (e.time !== before || withoutMeta(live) !== withoutMeta(want)) return e.time;
  }
  return SENTINEL_NOW;
}

export function steps(folder: string, crdFrom?: () => any, list: Exchange[] = exchanges(folder)): Step[] {
  const out: Step[] = [];
  const state = new Map<string, any>();
  for (const ex of list) {
    const path = ex.request.path;
    const isCr = crdFrom && /\/widgets(\/|$)/.test(path);
    const crd = isCr ? crdFrom!() : undefined;
    if (ex.request.method === 'GET' && ex.response.status === 200 && ex.response.body?.metadata?.name && !ex.response.body?.items && !path.endsWith('/scale')) {
      state.set(path.replace(/\/(status|scale)$/, ''), ex.response.body);
      continue;
    }
    if (httpSideOnly(ex)) continue;
    const parsed = typeOf(ex.request.method === 'POST' ? `${path}/${requestBody(ex)?.metadata?.name}` : path, crd);
    const objPath = ex.request.method === 'POST' ? `${path}/${requestBody(ex)?.metadata?.name}` : path.replace(/\/(status|scale)$/, '');
    const live = state.get(objPath);
    const want = ex.response.body;
    const step: Step = { ex, live, run: () => runOne(ex, live, parsed.type, parsed.subresource, nowFor(live, want, ex.request.query.fieldManager ?? 'rec-recorder')) };
    out.push(step);
    if (ex.request.query.dryRun !== 'All' && ex.response.status < 300 && want?.metadata) state.set(objPath, want);
  }
  return out;
}

function runOne(ex: Exchange, live: any, type: TypeContext, subresource: string | undefined, now: string): any {
  const q = ex.request.query;
  const body = requestBody(ex);
  const ct = ex.request.headers['Content-Type'] ?? '';
  const manager = q.fieldManager ?? 'rec-recorder';
  let r: any;
  if (ct.startsWith('application/apply-patch')) {
    r = serverSideApply({ live, patch: body, manager, force: q.force === 'true', now, type, subresource });
  } else {
    let next: any;
    const patchType = ct.startsWith('application/merge-patch') && subresource !== 'scale' ? ('merge' as const) : undefined;
    if (ex.request.method === 'POST') next = { ...body, metadata: { namespace: /namespaces\/([^/]+)/.exec(ex.request.path)?.[1], ...body.metadata } };
    else if (ex.request.method === 'PUT') next = body;
    else if (subresource === 'scale') next = { ...live, spec: { ...live.spec, replicas: mergePatch({ spec: { replicas: live.spec.replicas } }, body).spec.replicas } };
    else if (ct.startsWith('application/merge-patch')) next = mergePatch(live, body);
    else if (ct.startsWith('application/strategic-merge-patch')) next = strategicMergePatch(live, body, type);
    else if (ct.startsWith('application/json-patch')) next = jsonPatch(live, body);
    else next = body;
    r = applyUpdate({ live, next, manager, operation: 'Update', now, type, subresource, fieldValidation: q.fieldValidation as any, patchType, patch: body });
  }
  if ('object' in r && !live && r.object?.kind === 'Job') {
    r.object.metadata.uid = ex.response.body?.metadata?.uid;
    r.object = prepareForCreate(r.object, type);
  }
  return r;
}

/** Comparable JSON of a result: HTTP-side fields (resourceVersion, generation; identity on creates) masked. */
export function masked(o: any, create: boolean): string {
  const c = JSON.parse(
    JSON.stringify(o, (k, v) => {
      if (k === 'clusterIP' && v !== 'None') return 'IP';
      if (k === 'clusterIPs' && Array.isArray(v) && v[0] !== 'None') return ['IP'];
      if (k === 'nodePort') return 'PORT';
      return v;
    }),
  );
  if (c?.metadata) {
    delete c.metadata.resourceVersion;
    delete c.metadata.generation;
    if (create) {
      delete c.metadata.uid;
      delete c.metadata.creationTimestamp;
      for (const e of c.metadata.managedFields ?? []) if (e.time) e.time = 'T';
    }
  }
  return JSON.stringify(c);
}
