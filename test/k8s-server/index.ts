// Test Kubernetes API server: real TLS, real REST paths, recorded v1.28 behaviour. For tests, the demo and benchmarks.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenSpec } from './auth';
import { ApiCore, type PatchKind, type WriteResult } from './core';
import { ApiError } from './errors';
import { resetControllerState } from './semantics-bridge';
import { buildKubeconfig } from './kubeconfig';
import { canonicalOrder } from './object-order';
import { handleRequest, type Fault, type RequestLogEntry, type RouterState, type ServerCost } from './router';
import { loadTlsMaterial } from './tls';

export type { Fault, RequestLogEntry, ServerCost } from './router';
export type { TokenSpec } from './auth';

export interface TestApiServerOptions {
  port?: number;
  /** Objects created at start (Namespaces and CRDs first is up to the caller), via server-side apply. */
  seed?: any[];
  /** Field manager of the seed applies (default "seed"). */
  seedManager?: string;
  latencyMs?: number;
  /** Simulated server time per request, write and LIST item, on a few "cores" (benchmarks: cost what a real kube-apiserver does). */
  cost?: ServerCost;
  /** Extra bearer tokens (the kubeconfig's own tokens are always there). */
  tokens?: Record<string, TokenSpec>;
  /** Multiplies watch timeouts and bookmark intervals (e.g. 0.1 in tests). Default 1. */
  timeScale?: number;
  /** First resourceVersion - 1 (default 1000). */
  startResourceVersion?: number;
  /** Clock for creationTimestamp/managedFields times (default: the system clock). */
  clock?: () => Date;
  /** Create default, kube-system, kube-public, kube-node-lease like a real cluster (default true). */
  builtinNamespaces?: boolean;
  /** Events kept for watches resuming from a resourceVersion (default 20,000; a soak keeps it small to measure the client's heap). */
  watchHistory?: number;
}

/** Identifies one object: apiVersion + kind (or group/version/resource) + namespace + name. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface TestApiServer {
  url: string;
  port: number;
  kubeconfigPath: string;
  kubeconfigYaml: string;
  caPem: string;
  /** Bearer tokens used by the kubeconfig contexts. */
  tokens: { admin: string; expired: string; restricted: string };
  /** Every request served: method, path, query (also watches). */
  requests: RequestLogEntry[];
  stop(): Promise<void>;
  get(ref: ObjectRef): any | undefined;
  /** Server-side apply as `manager` (creates or updates); returns the stored object. Throws on errors. */
  apply(obj: any, manager: string, opts?: { force?: boolean; dryRun?: boolean }): any;
  /** JSON merge patch (default) or another patch type, as `manager` (like `kubectl edit`/`scale`). */
  patch(ref: ObjectRef, patch: any, manager: string, opts?: { kind?: Exclude<PatchKind, 'apply'>; subresource?: 'status' | 'scale' }): any;
  /** Creates an object (POST semantics) as `manager`. */
  create(obj: any, manager: string): any;
  /** Stores an object exactly as given (uid, managedFields, status kept; new resourceVersion), no semantics. Registers CRDs. */
  put(obj: any): any;
  delete(ref: ObjectRef): void;
  /** Makes the next matching requests fail (e.g. 429 with Retry-After, 500, resets, cut bodies, latency; see faults.ts). */
  setFault(fault: Fault | Fault[] | undefined): void;
  setLatency(ms: number): void;
  /** Current store resourceVersion. */
  resourceVersion(): number;
  /** The in-process core (store, registry) for advanced tests and benchmarks. */
  core: ApiCore;
}

const ADMIN_TOKEN = 'converge-test-admin-token';
const EXPIRED_TOKEN = 'converge-test-expired-token';
const RESTRICTED_TOKEN = 'converge-test-restricted-token';

export async function startTestApiServer(opts: TestApiServerOptions = {}): Promise<TestApiServer> {
  const tls = loadTlsMaterial();
  resetControllerState(); // the semantics' controllers keep module-level state (ReplicaSet model)
  const core = new ApiCore(opts.startResourceVersion ?? 1000, opts.clock, opts.watchHistory);
  const tokens = new Map<string, TokenSpec>([
    [ADMIN_TOKEN, { user: 'test-admin', groups: ['system:masters'] }],
    [EXPIRED_TOKEN, { user: 'test-expired', expired: true }],
    [RESTRICTED_TOKEN, { user: 'test-restricted', groups: [], deny: [{ verb: 'list', resource: 'secrets' }, { verb: 'get', resource: 'secrets' }, { verb: 'watch', resource: 'secrets' }] }],
  ]);
  for (const [k, v] of Object.entries(opts.tokens ?? {})) tokens.set(k, v);
  const state: RouterState = { core, tokens, requests: [], faults: [], latencyMs: opts.latencyMs ?? 0, cost: opts.cost, timeScale: opts.timeScale ?? 1, closers: new Set() };

  const server: Server = createServer(
    { key: tls.serverKeyPem, cert: tls.serverCertPem, ca: tls.caPem, requestCert: true, rejectUnauthorized: false },
    (req, res) => void handleRequest(state, req, res),
  );
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const url = `https://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'converge-test-apiserver-'));
  const kubeconfigYaml = buildKubeconfig(url, tls, { admin: ADMIN_TOKEN, expired: EXPIRED_TOKEN, restricted: RESTRICTED_TOKEN });
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(kubeconfigPath, kubeconfigYaml, { mode: 0o600 });

  const typeOf = (apiVersion: string, kind: string) => {
    const t = core.registry.lookupKind(apiVersion, kind);
    if (!t) throw new Error(`test API server: unknown kind ${apiVersion} ${kind}`);
    return t;
  };
  const unwrap = (f: () => WriteResult) => {
    try {
      return f().object;
    } catch (e) {
      if (e instanceof ApiError) throw new Error(`test API server: ${e.code} ${e.message}`);
      throw e;
    }
  };
  const apply = (obj: any, manager: string, o: { force?: boolean; dryRun?: boolean } = {}) => {
    const t = typeOf(obj.apiVersion, obj.kind);
    const patch = structuredClone(obj);
    return unwrap(() => core.patch(t, t.namespaced ? (obj.metadata?.namespace ?? 'default') : undefined, obj.metadata.name, 'apply', patch, { manager, force: o.force ?? true, dryRun: o.dryRun }));
  };

  if (opts.builtinNamespaces !== false) {
    const nsType = typeOf('v1', 'Namespace');
    for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      core.create(nsType, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { manager: 'kube-apiserver' });
    }
  }
  // Namespaces and CRDs first, so that seed files may list objects before their namespace or definition
  const rank = (o: any) => (o?.kind === 'Namespace' ? 0 : o?.kind === 'CustomResourceDefinition' ? 1 : 2);
  const seed = [...(opts.seed ?? [])].filter((o) => o && typeof o === 'object').sort((a, b) => rank(a) - rank(b));
  for (const obj of seed) apply(obj, opts.seedManager ?? 'seed');

  return {
    url,
    port,
    kubeconfigPath,
    kubeconfigYaml,
    caPem: tls.caPem,
    tokens: { admin: ADMIN_TOKEN, expired: EXPIRED_TOKEN, restricted: RESTRICTED_TOKEN },
    requests: state.requests,
    core,
    async stop() {
      for (const c of state.closers) c();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    },
    get(ref) {
      const t = typeOf(ref.apiVersion, ref.kind);
      return core.getStored(t, ref.namespace, ref.name)?.obj;
    },
    apply,
    patch(ref, patch, manager, o = {}) {
      const t = typeOf(ref.apiVersion, ref.kind);
      return unwrap(() => core.patch(t, ref.namespace, ref.name, o.kind ?? 'merge', patch, { manager }, o.subresource));
    },
    create(obj, manager) {
      const t = typeOf(obj.apiVersion, obj.kind);
      return unwrap(() => core.create(t, t.namespaced ? (obj.metadata?.namespace ?? 'default') : undefined, structuredClone(obj), { manager }));
    },
    put(obj) {
      const t = typeOf(obj.apiVersion, obj.kind);
      const o = structuredClone(obj);
      o.metadata.uid = o.metadata.uid ?? randomUUID();
      o.metadata.creationTimestamp = o.metadata.creationTimestamp ?? core.now();
      const stored = core.store.put(t.storageKey, o, (x) => canonicalOrder(x, !!t.crd));
      if (t.group === 'apiextensions.k8s.io' && t.kind === 'CustomResourceDefinition') core.registry.registerCrd(stored.obj);
      return stored.obj;
    },
    delete(ref) {
      const t = typeOf(ref.apiVersion, ref.kind);
      core.removeNow(t, ref.namespace, ref.name);
    },
    setFault(f) {
      state.faults.length = 0;
      for (const one of Array.isArray(f) ? f : f ? [f] : []) state.faults.push({ ...one });
    },
    setLatency(ms) {
      state.latencyMs = ms;
    },
    resourceVersion: () => core.store.resourceVersion,
  };
}
