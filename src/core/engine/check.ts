// The drift check: workspace manifests → live objects → verdicts. Used by the CLI and the extension.
import { resolve } from 'node:path';
import { ClusterClient } from '../cluster/client';
import { ResourceMapper } from '../cluster/discovery';
import { KubeHttp } from '../cluster/http';
import { loadKubeconfig, type LoadedKubeconfig } from '../cluster/kubeconfig';
import { LiveCache, asApiError } from '../cluster/live-cache';
import { loadConvergeConfig } from '../config/converge-config';
import { loadWorkspaceManifests } from '../manifests';
import { silentLogger, type Logger } from '../log';
import type { CheckReport, ConvergeConfig, DesiredObject, IgnoreRule, ManifestProblem, ResourceInfo, VerdictResult } from '../types';
import { mapLimit } from '../util/concurrency';
import { summarize } from './summary';
import { decideVerdict, type VerdictContext } from './verdict';
import { orphanVerdicts } from './orphans';
import { learnCustomResourceHints } from './crd-hints';
import { invalidFromProblems, objectRef } from './results';

export interface CheckOptions {
  /** Files or folders to check (absolute or relative to cwd). */
  paths: string[];
  cwd: string;
  kubeconfig?: string;
  context?: string;
  env?: NodeJS.ProcessEnv;
  fieldManager?: string;
  /** Label selector for orphans (`-l`). */
  selector?: string;
  /** No dry-run: compare manifests with live objects locally. */
  offline?: boolean;
  /** Repo config; loaded from `<cwd>/.converge.yaml` when not given. */
  config?: ConvergeConfig;
  /** Extra ignore rules (CLI flags), added to the config's. */
  ignore?: IgnoreRule[];
  /** Extra gitignore-style excludes. */
  exclude?: string[];
  /** Dry-runs in flight at once. */
  concurrency?: number;
  signal?: AbortSignal;
  log?: Logger;
  onProgress?: (done: number, total: number) => void;
}

export async function runCheck(opts: CheckOptions): Promise<CheckReport> {
  const log = opts.log ?? silentLogger;
  const started = Date.now();
  const loadedConfig = opts.config ? { config: opts.config, problems: [] as ManifestProblem[] } : await loadConvergeConfig(opts.cwd);
  const config = loadedConfig.config;
  const roots = opts.paths.length ? opts.paths : [opts.cwd];
  const manifests = await loadWorkspaceManifests(roots.map((p) => resolve(opts.cwd, p)), {
    exclude: [...(config.exclude ?? []), ...(opts.exclude ?? [])],
  });
  const problems = [...loadedConfig.problems, ...manifests.problems];
  // An object with an error inside it (e.g. a duplicate key, which kubectl rejects) is only `invalid`.
  manifests.objects = withoutBrokenObjects(manifests.objects, problems);
  log.info(`found ${manifests.objects.length} objects in ${manifests.files.length} files (${Date.now() - started} ms)`);

  const invalid = invalidFromProblems(problems);
  let kube: LoadedKubeconfig;
  try {
    kube = loadKubeconfig({ kubeconfig: opts.kubeconfig, context: opts.context, env: opts.env });
  } catch (err) {
    const reason = (err as Error).message;
    const resources = manifests.objects.map((d) => unknownResult(d, reason));
    return report(undefined, undefined, [...resources, ...invalid], problems);
  }

  const http = new KubeHttp(kube.kc);
  try {
    const client = new ClusterClient(http);
    const ctx: VerdictContext = {
      client,
      mapper: new ResourceMapper(http),
      live: new LiveCache(client),
      defaultNamespace: kube.namespace,
      fieldManager: opts.fieldManager ?? config.fieldManager,
      offline: opts.offline ?? false,
      ignore: [...(config.ignoreDifferences ?? []), ...(opts.ignore ?? [])],
      compareStatus: config.compareStatus ?? [],
      desiredNamespaces: new Set(
        manifests.objects.filter((d) => d.object.kind === 'Namespace' && d.object.apiVersion === 'v1').map((d) => d.object.metadata.name ?? ''),
      ),
      desiredKinds: crdKinds(manifests.objects),
      signal: opts.signal,
      log,
    };
    const reachable = await preflight(http);
    if (reachable) {
      const resources = manifests.objects.map((d) => unknownResult(d, reachable));
      return report(kube, http, [...resources, ...invalid], problems);
    }

    const infos = await resolveAll(ctx, manifests.objects);
    await learnCustomResourceHints(client, manifests.objects, infos, log);
    await loadLive(ctx, manifests.objects, infos);
    log.info(`live state: ${ctx.live.listCount} LIST, ${ctx.live.getCount} GET (${Date.now() - started} ms)`);

    let done = 0;
    const resources = await mapLimit(manifests.objects, opts.concurrency ?? 8, async (d, i) => {
      const result = await decideVerdict(ctx, d, infos[i]);
      opts.onProgress?.(++done, manifests.objects.length);
      return result;
    });
    const selector = opts.selector ?? config.orphanSelector;
    const orphans = selector ? await orphanVerdicts(ctx, manifests.objects, infos, selector) : [];
    log.info(`verdicts for ${resources.length} objects, ${orphans.length} orphans, ${http.requestCount} requests in ${Date.now() - started} ms`);
    return report(kube, http, [...resources, ...orphans, ...invalid], problems);
  } finally {
    http.close();
  }
}

function report(kube: LoadedKubeconfig | undefined, http: KubeHttp | undefined, resources: VerdictResult[], problems: ManifestProblem[]): CheckReport {
  return { context: kube?.context, cluster: http?.server ?? kube?.server, resources, problems, summary: summarize(resources) };
}

/** Returns a reason when the cluster cannot be used at all. */
async function preflight(http: KubeHttp): Promise<string | undefined> {
  try {
    await http.request({ method: 'GET', path: '/version', timeoutMs: 10_000 });
    return undefined;
  } catch (err) {
    const e = asApiError(err);
    if (e.status === 0) return `cluster unreachable: ${e.message}`;
    if (e.status === 401) return `unauthorized: the credentials of this context were rejected (expired token?): ${e.message}`;
    return undefined; // /version may be forbidden while the rest works
  }
}

async function resolveAll(ctx: VerdictContext, objects: DesiredObject[]): Promise<Array<ResourceInfo | Error | undefined>> {
  return Promise.all(
    objects.map((d) =>
      ctx.mapper.resolve(d.object.apiVersion, d.object.kind).catch((err: unknown) => asApiError(err) as Error),
    ),
  );
}

async function loadLive(ctx: VerdictContext, objects: DesiredObject[], infos: Array<ResourceInfo | Error | undefined>): Promise<void> {
  const byType = new Map<string, { info: ResourceInfo; refs: ReturnType<typeof objectRef>[] }>();
  objects.forEach((d, i) => {
    const info = infos[i];
    if (!info || info instanceof Error) return;
    const key = `${info.group}/${info.resource}`;
    const group = byType.get(key) ?? { info, refs: [] };
    group.refs.push(objectRef(d.object, info, ctx.defaultNamespace));
    byType.set(key, group);
  });
  await mapLimit([...byType.values()], 8, ({ info, refs }) => ctx.live.load(info, refs, { signal: ctx.signal }));
}

function withoutBrokenObjects(objects: DesiredObject[], problems: ManifestProblem[]): DesiredObject[] {
  const errors = problems.filter((p) => p.severity === 'error' && p.range);
  if (errors.length === 0) return objects;
  return objects.filter(
    (d) =>
      !errors.some(
        (p) => p.file === d.source.file && p.range!.start.offset >= d.source.range.start.offset && p.range!.start.offset <= d.source.range.end.offset,
      ),
  );
}

function crdKinds(objects: DesiredObject[]): Set<string> {
  const out = new Set<string>();
  for (const d of objects) {
    if (d.object.kind !== 'CustomResourceDefinition') continue;
    const spec = d.object.spec as { group?: string; names?: { kind?: string } } | undefined;
    if (spec?.group && spec.names?.kind) out.add(`${spec.group}/${spec.names.kind}`);
  }
  return out;
}

function unknownResult(d: DesiredObject, reason: string): VerdictResult {
  return { ref: objectRef(d.object), verdict: 'unknown', reason, diff: [], source: d.source };
}

