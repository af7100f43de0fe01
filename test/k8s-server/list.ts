// LIST: selectors, limit/continue paging (tokens like kube-apiserver's), list envelope.
import { errors } from './errors';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors';
import type { StoredObject } from './store';

export interface ListQuery {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: string;
  continue?: string;
  resourceVersion?: string;
}

export interface ListPage {
  items: StoredObject[];
  resourceVersion: number;
  continueToken?: string;
  remainingItemCount?: number;
}

const B64URL = /^[A-Za-z0-9_-]*$/;

export function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64url');
}

export function decodeContinue(token: string): { rv: number; start: string } {
  const bad = (why: string) => errors.badRequest(`invalid continue token: ${why}`);
  for (let i = 0; i < token.length; i++) {
    if (!B64URL.test(token[i])) throw bad(`continue key is not valid: illegal base64 data at input byte ${i}`);
  }
  if (token.length % 4 === 1) throw bad(`continue key is not valid: illegal base64 data at input byte ${token.length - 1}`);
  let parsed: any;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch (e) {
    throw bad(`continue key is not valid: ${(e as Error).message}`);
  }
  if (!parsed || parsed.v !== 'meta.k8s.io/v1') throw bad('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (typeof parsed.start !== 'string' || typeof parsed.rv !== 'number') throw bad('continue key is not valid: no start key');
  return { rv: parsed.rv, start: parsed.start };
}

/**
 * Selects one page. `all` must be sorted by key. `namespaced` tells whether the request was for one namespace
 * (continue keys are then relative to it, i.e. just the name).
 */
export function selectPage(all: StoredObject[], q: ListQuery, currentRv: number, namespaced: boolean): ListPage {
  const labels = parseLabelSelector(q.labelSelector);
  const fields = parseFieldSelector(q.fieldSelector);
  const keyOf = (s: StoredObject) => (namespaced ? s.name : s.key);
  let rv = currentRv;
  let start = '';
  if (q.continue) {
    const tok = decodeContinue(q.continue);
    rv = tok.rv;
    start = tok.start;
  }
  let limit = q.limit ? parseInt(q.limit, 10) : 0;
  if (!Number.isFinite(limit) || limit < 0) limit = 0;
  if (q.resourceVersion === '0' && !q.continue) limit = 0;
  const filtered = labels.length || fields.length;
  const items: StoredObject[] = [];
  let i = 0;
  if (start) {
    // binary search on the sorted keys
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keyOf(all[mid]) < start) lo = mid + 1;
      else hi = mid;
    }
    i = lo;
  }
  for (; i < all.length; i++) {
    const s = all[i];
    if (filtered && !(matchesLabels(labels, s.obj.metadata?.labels) && matchesFields(fields, s.obj))) continue;
    if (limit && items.length === limit) break;
    items.push(s);
  }
  const page: ListPage = { items, resourceVersion: rv };
  if (limit && i < all.length) {
    // more candidates remain; with selectors we cannot tell whether any match, like the real server
    let more = true;
    if (filtered) {
      more = false;
      for (let j = i; j < all.length; j++) {
        const s = all[j];
        if (matchesLabels(labels, s.obj.metadata?.labels) && matchesFields(fields, s.obj)) {
          more = true;
          break;
        }
      }
    }
    if (more) {
      page.continueToken = encodeContinue(rv, keyOf(items[items.length - 1]) + '\u0000');
      if (!filtered) page.remainingItemCount = all.length - i;
    }
  }
  return page;
}

/** Serialises a list; built-in list items carry no kind/apiVersion, custom resource items do. */
export function listJson(kind: string, apiVersion: string, page: ListPage, itemsKeepTypeMeta: boolean): string {
  const md: Record<string, unknown> = { resourceVersion: String(page.resourceVersion) };
  if (page.continueToken) md.continue = page.continueToken;
  if (page.remainingItemCount !== undefined) md.remainingItemCount = page.remainingItemCount;
  const parts: string[] = [];
  for (const s of page.items) parts.push(itemsKeepTypeMeta ? s.json : stripTypeMeta(s));
  if (itemsKeepTypeMeta) {
    // custom resources: unstructured list, keys sorted, continue always present
    const cmd: Record<string, unknown> = { continue: page.continueToken ?? '' };
    if (page.remainingItemCount !== undefined) cmd.remainingItemCount = page.remainingItemCount;
    cmd.resourceVersion = String(page.resourceVersion);
    return `{"apiVersion":${JSON.stringify(apiVersion)},"items":[${parts.join(',')}],"kind":${JSON.stringify(kind + 'List')},"metadata":${JSON.stringify(cmd)}}`;
  }
  return `{"kind":${JSON.stringify(kind + 'List')},"apiVersion":${JSON.stringify(apiVersion)},"metadata":${JSON.stringify(md)},"items":[${parts.join(',')}]}`;
}

function stripTypeMeta(s: StoredObject): string {
  const prefix = `{"kind":${JSON.stringify(s.obj.kind)},"apiVersion":${JSON.stringify(s.obj.apiVersion)},`;
  if (s.json.startsWith(prefix)) return '{' + s.json.slice(prefix.length);
  const { kind: _k, apiVersion: _a, ...rest } = s.obj;
  return JSON.stringify(rest);
}
