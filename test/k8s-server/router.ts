// HTTP routing: auth, faults, latency, discovery/OpenAPI, and the REST verbs on resources.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, errors } from './errors';
import { injectFault, pickFault, type Fault } from './faults';
import { authenticate, forbidden, forbiddenPath, isAllowed, isPathAllowed, type ResourceAttributes, type TokenSpec, type UserInfo } from './auth';
import { parseJsonBody, parseYaml, yamlDuplicateError, type ParsedBody } from './bodies';
import type { ApiCore, FieldValidation, PatchKind, WriteOptions } from './core';
import { serveDiscovery } from './discovery';
import { listJson, selectPage } from './list';
import { serveOpenApi, serveOpenApiV2 } from './openapi';
import { findRecordedDiscovery } from './recorded-data';
import { apiVersionOf, type ResourceType } from './registry';
import { serveSpecial, SPECIAL_RESOURCES } from './special';
import { serveWatch } from './watch';

export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Raw query string as sent. */
  search: string;
  status?: number;
  user?: string;
}

export type { Fault } from './faults';

export interface RouterState {
  core: ApiCore;
  tokens: Map<string, TokenSpec>;
  requests: RequestLogEntry[];
  faults: Fault[];
  latencyMs: number;
  /** Simulated time a real kube-apiserver spends per resource request, per write (dry-run or not) and per LIST item (benchmarks). */
  cost?: ServerCost;
  costSlots?: { busy: number; queue: Array<() => void> };
  timeScale: number;
  closers: Set<() => void>;
}

export interface ServerCost {
  requestMs?: number;
  writeMs?: number;
  listItemMs?: number;
  /** Requests served at once, like the cores of a real server (default 2). */
  cores?: number;
}

/**
 * Simulated server time (benchmarks): waits `ms` while holding one of `cores` slots, so concurrent requests queue
 * like on a saturated real server, without taking CPU from the client being measured on the same machine.
 */
async function spend(state: RouterState, ms: number | undefined): Promise<void> {
  if (!ms || ms <= 0 || !state.cost) return;
  const slots = (state.costSlots ??= { busy: 0, queue: [] });
  if (slots.busy >= (state.cost.cores ?? 2)) await new Promise<void>((r) => slots.queue.push(r));
  else slots.busy++;
  await new Promise((r) => setTimeout(r, ms));
  const next = slots.queue.shift();
  if (next) next();
  else slots.busy--;
}

const JSON_HEADERS = { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' };

function send(res: ServerResponse, status: number, headers: Record<string, string | string[]>, body: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function sendError(res: ServerResponse, e: ApiError): void {
  send(res, e.code, { ...JSON_HEADERS, ...e.headers }, JSON.stringify(e.toStatus()));
}

function sendJson(res: ServerResponse, status: number, body: unknown, warnings: string[] = []): void {
  const headers: Record<string, string | string[]> = { ...JSON_HEADERS };
  if (warnings.length) headers.Warning = warnings.map((w) => `299 - ${JSON.stringify(w)}`);
  send(res, status, headers, typeof body === 'string' ? body : JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

interface ResourcePath {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** Parses /api/v1/... and /apis/g/v/...; returns 'unknown-group' (text 404) or 'unknown-resource' (JSON 404). */
function parseResourcePath(core: ApiCore, path: string): ResourcePath | 'unknown-group' | 'unknown-resource' | undefined {
  const parts = path.split('/').filter(Boolean);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else return undefined;
  if (!core.registry.hasGroupVersion(group, version)) return 'unknown-group';
  const reg = core.registry;
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const nsType = reg.lookup(group, version, rest[2]);
    if (nsType?.namespaced) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
  }
  const type = reg.lookup(group, version, rest[0]);
  if (!type || rest.length > 3) return 'unknown-resource';
  const rp: ResourcePath = { type, namespace, name: rest[1], subresource: rest[2] };
  const served = rp.subresource === 'status' || rp.subresource === 'scale';
  if (rp.subresource && !(served && type.subresources.some((s) => s.subresource === rp.subresource)) && !SPECIAL_RESOURCES.has(`${type.resource}/${rp.subresource}`)) {
    // known but not implemented here (pods/log, pods/exec, ...) or not a subresource at all
    return 'unknown-resource';
  }
  return rp;
}

function verbAndResource(core: ApiCore, method: string, path: string, query: Record<string, string>): { verb: string; resource: string } | undefined {
  const rp = parseResourcePath(core, path);
  return rp && typeof rp === 'object' ? { verb: verbOf(method, rp, query), resource: rp.type.resource } : undefined;
}

function verbOf(method: string, rp: ResourcePath, query: Record<string, string>): string {
  switch (method) {
    case 'GET':
      return rp.name ? 'get' : query.watch === 'true' || query.watch === '1' ? 'watch' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return rp.name ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

function patchKindOf(contentType: string | undefined): PatchKind | undefined {
  const ct = (contentType ?? '').split(';')[0].trim();
  if (ct === 'application/apply-patch+yaml' || ct === 'application/apply-patch+json') return 'apply';
  if (ct === 'application/merge-patch+json') return 'merge';
  if (ct === 'application/strategic-merge-patch+json') return 'strategic';
  if (ct === 'application/json-patch+json') return 'json';
  return undefined;
}

function fieldValidationOf(q: Record<string, string>): FieldValidation | undefined {
  const v = q.fieldValidation;
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  if (v) throw errors.badRequest(`fieldValidation parameter unsupported: ${v}`);
  return undefined;
}

/** Default field manager: the User-Agent's program name, like kube-apiserver. */
function managerOf(q: Record<string, string>, req: IncomingMessage): string {
  if (q.fieldManager) return q.fieldManager;
  const ua = String(req.headers['user-agent'] ?? '');
  return ua.split('/')[0].trim().slice(0, 128);
}

function parseRequestBody(buf: Buffer, contentType: string | undefined): ParsedBody {
  const ct = (contentType ?? '').split(';')[0].trim();
  const text = buf.toString('utf8');
  if (ct === 'application/yaml' || ct === 'application/apply-patch+yaml') return parseYaml(text);
  return parseJsonBody(text);
}

function strictDuplicates(t: ResourceType, b: ParsedBody, fv: FieldValidation | undefined, warnings: string[]): void {
  if (!b.duplicates.length || fv === 'Ignore') return;
  if (fv === 'Strict') {
    throw errors.badRequest(`${t.kind} in version "${t.version}" cannot be handled as a ${t.kind}: strict decoding error: ${b.duplicates.map((d) => `duplicate field "${d}"`).join(', ')}`);
  }
  for (const d of b.duplicates) warnings.push(`duplicate field "${d}"`);
}

export async function handleRequest(state: RouterState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://127.0.0.1');
  const path = url.pathname;
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  const method = (req.method ?? 'GET').toUpperCase();
  const entry: RequestLogEntry = { method, path, query, search: url.search };
  state.requests.push(entry);
  res.on('finish', () => (entry.status = res.statusCode));
  try {
    const bodyBuf = method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : await readBody(req);
    if (state.latencyMs > 0) await new Promise((r) => setTimeout(r, state.latencyMs));
    const fault = pickFault(state.faults, { method, path, resource: () => verbAndResource(state.core, method, path, query) });
    if (fault && (await injectFault(fault, req, res))) return;
    const user = authenticate(req, state.tokens);
    entry.user = user.username;
    await route(state, req, res, { method, path, query, body: bodyBuf, user });
  } catch (e) {
    if (e instanceof ApiError) sendError(res, e);
    else {
      console.error('[test-apiserver] internal error', e);
      sendError(res, errors.internal(`test server error: ${(e as Error).message}`));
    }
  }
}

interface Req {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Buffer;
  user: UserInfo;
}

async function route(state: RouterState, req: IncomingMessage, res: ServerResponse, r: Req): Promise<void> {
  const { core } = state;
  const p = r.path;
  if (p === '/version' || p === '/healthz' || p === '/livez' || p === '/readyz' || p.startsWith('/openapi') || p === '/api' || p === '/apis' || /^\/api\/[^/]+\/?$/.test(p) || /^\/apis\/[^/]+(\/[^/]+)?\/?$/.test(p)) {
    if (!isPathAllowed(r.user, p)) throw forbiddenPath(r.user, r.method.toLowerCase(), p);
    if (p === '/version') return sendJson(res, 200, findRecordedDiscovery('/version', false)!.body);
    if (p === '/healthz' || p === '/livez' || p === '/readyz') return send(res, 200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache, private', 'X-Content-Type-Options': 'nosniff' }, 'ok');
    if (p === '/openapi/v2') {
      const o = serveOpenApiV2(req.headers.accept);
      res.writeHead(o.status, { ...o.headers, 'Content-Length': o.body.length });
      return void res.end(o.body);
    }
    if (p.startsWith('/openapi/v3')) {
      const o = serveOpenApi(p, r.query, core.registry);
      if (o) return send(res, o.status, o.headers, o.body);
      return notFoundText(res);
    }
    const d = serveDiscovery(p, req.headers.accept, core.registry);
    if (d) return send(res, d.status, d.headers, JSON.stringify(d.body));
    if (p.split('/').filter(Boolean).length <= 2 || !/^\/apis\//.test(p)) return notFoundText(res);
  }
  const rp = parseResourcePath(core, p);
  if (!rp || rp === 'unknown-group') return notFoundText(res);
  if (rp === 'unknown-resource') throw errors.resourceNotFound();
  const verb = verbOf(r.method, rp, r.query);
  await spend(state, (state.cost?.requestMs ?? 0) + (r.method !== 'GET' ? state.cost?.writeMs ?? 0 : 0));
  const attrs: ResourceAttributes = { verb, group: rp.type.group, resource: rp.type.resource, subresource: rp.subresource, namespace: rp.namespace, name: rp.name };
  if (!isAllowed(r.user, attrs)) throw forbidden(r.user, attrs);
  const special = serveSpecial(state, rp, r.method, r.body, r.user, managerOf(r.query, req));
  if (special) return sendJson(res, special.status, special.body);
  const t = rp.type;
  const dryRun = r.query.dryRun === 'All';
  if (r.query.dryRun && r.query.dryRun !== 'All') throw errors.badRequest(`Invalid dryRun value: ${r.query.dryRun}`);

  switch (r.method) {
    case 'GET': {
      if (rp.name) {
        const s = core.mustGet(t, rp.namespace, rp.name);
        if (rp.subresource === 'scale') return sendJson(res, 200, core.scaleOf(t, s.obj));
        return sendJson(res, 200, s.json);
      }
      if (verb === 'watch') {
        return serveWatch(core.store, { bucket: t.storageKey, namespace: rp.namespace, kind: t.kind, apiVersion: apiVersionOf(t), query: r.query, timeScale: state.timeScale }, req, res, (fn) => {
          // Forgotten once the stream ends: a long soak opens thousands of watches.
          state.closers.add(fn);
          res.on('close', () => state.closers.delete(fn));
        });
      }
      const all = core.store.list(t.storageKey, rp.namespace);
      const page = selectPage(all, r.query, core.store.resourceVersion, !!rp.namespace);
      await spend(state, (state.cost?.listItemMs ?? 0) * page.items.length);
      return sendJson(res, 200, listJson(t.kind, apiVersionOf(t), page, !!t.crd));
    }
    case 'POST': {
      if (rp.name) throw errors.methodNotAllowed();
      const fv = fieldValidationOf(r.query);
      const body = parseRequestBody(r.body, req.headers['content-type']);
      const warnings: string[] = [];
      strictDuplicates(t, body, fv, warnings);
      const w = core.create(t, rp.namespace, body.value, { manager: managerOf(r.query, req), dryRun, fieldValidation: fv });
      return sendJson(res, w.status, w.object, [...warnings, ...w.warnings]);
    }
    case 'PUT': {
      if (!rp.name) throw errors.methodNotAllowed();
      const fv = fieldValidationOf(r.query);
      const body = parseRequestBody(r.body, req.headers['content-type']);
      const warnings: string[] = [];
      strictDuplicates(t, body, fv, warnings);
      const w = core.update(t, rp.namespace, rp.name, body.value, { manager: managerOf(r.query, req), dryRun, fieldValidation: fv }, rp.subresource);
      return sendJson(res, w.status, w.object, [...warnings, ...w.warnings]);
    }
    case 'PATCH': {
      if (!rp.name) throw errors.methodNotAllowed();
      const kind = patchKindOf(req.headers['content-type']);
      if (!kind) throw errors.unsupportedMediaType();
      const force = r.query.force === 'true' || r.query.force === '1';
      if (kind === 'apply' && !r.query.fieldManager) {
        throw errors.invalidPatchOptions('fieldManager', 'FieldValueRequired', 'Required value: is required for apply patch');
      }
      if (kind !== 'apply' && r.query.force !== undefined) {
        throw errors.invalidPatchOptions('force', 'FieldValueForbidden', 'Forbidden: may not be specified for non-apply patch');
      }
      if (kind === 'strategic' && t.crd) {
        throw errors.unsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`);
      }
      const fv = fieldValidationOf(r.query);
      const body = kind === 'apply' ? parseYaml(r.body.toString('utf8')) : parseJsonBody(r.body.toString('utf8'));
      const warnings: string[] = [];
      if (kind === 'apply' && body.duplicates.length) {
        if (fv === 'Strict') throw yamlDuplicateError(body);
        if (fv !== 'Ignore') for (const d of body.duplicates) warnings.push(`duplicate field "${d}"`);
      } else strictDuplicates(t, body, fv, warnings);
      const opts: WriteOptions = { manager: managerOf(r.query, req), dryRun, fieldValidation: fv, force };
      const w = core.patch(t, rp.namespace, rp.name, kind, body.value, opts, rp.subresource);
      return sendJson(res, w.status, w.object, [...warnings, ...w.warnings]);
    }
    case 'DELETE': {
      if (!rp.name) {
        // deletecollection
        const all = core.store.list(t.storageKey, rp.namespace);
        const page = selectPage(all, { labelSelector: r.query.labelSelector, fieldSelector: r.query.fieldSelector }, core.store.resourceVersion, !!rp.namespace);
        if (!dryRun) for (const s of page.items) core.removeNow(t, s.namespace || undefined, s.name);
        return sendJson(res, 200, listJson(t.kind, apiVersionOf(t), page, !!t.crd));
      }
      let propagationPolicy = r.query.propagationPolicy;
      if (r.body.length) {
        try {
          const opts = JSON.parse(r.body.toString('utf8'));
          propagationPolicy = propagationPolicy ?? opts?.propagationPolicy;
          if (opts?.dryRun?.includes?.('All')) return sendJson(res, 200, core.delete(t, rp.namespace, rp.name, { dryRun: true, propagationPolicy }));
        } catch {
          /* ignore bad DeleteOptions */
        }
      }
      return sendJson(res, 200, core.delete(t, rp.namespace, rp.name, { dryRun, propagationPolicy }));
    }
    default:
      throw errors.methodNotAllowed();
  }
}

function notFoundText(res: ServerResponse): void {
  send(res, 404, { 'Cache-Control': 'no-cache, private', 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' }, '404 page not found\n');
}
