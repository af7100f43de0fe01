// Starting the LISTs while the workspace is still being parsed: a type that is cluster-scoped, or already seen in
// more namespaces than LiveCache lists one by one, will be listed cluster-wide anyway, so its LIST can start at
// once. (Types seen in few namespaces wait for the end of parsing, to be listed per namespace.) Once a type's
// LIST is in, its objects parsed so far and later are handed to `onReady` (early verdicts), with their kind.
import type { DesiredObject, ResourceInfo } from '../types';
import type { VerdictContext } from './verdict';

const CLUSTER_WIDE_AFTER = 3; // LiveCache's default

interface SeenType {
  namespaces: Set<string>;
  info: Promise<ResourceInfo | undefined>;
  started: boolean;
  /** Objects waiting for the LIST; undefined once it is in. */
  waiting?: DesiredObject[];
  listed?: ResourceInfo;
}

export type ReadyObjects = (ctx: VerdictContext, info: ResourceInfo, objects: DesiredObject[]) => void;

export class LivePrefetch {
  private readonly types = new Map<string, SeenType>();

  /** Aborts the discovery started before the cluster was known to be usable, once it is known not to be. */
  private readonly early = new AbortController();

  /**
   * `ctx` resolves to the verdict context once the cluster is usable, or to undefined when it is not. With `mapper`
   * (the context's, known before the cluster has answered), discovery of the kinds seen starts at once, alongside the
   * reachability check, instead of after it.
   */
  constructor(
    private readonly ctx: Promise<VerdictContext | undefined>,
    private readonly onReady?: ReadyObjects,
    private readonly mapper?: VerdictContext['mapper'],
  ) {
    void ctx.then((c) => c || this.early.abort(), () => this.early.abort());
  }

  add(objects: DesiredObject[]): void {
    const touched = new Set<SeenType>();
    for (const d of objects) {
      const { object } = d;
      const key = `${object.apiVersion}/${object.kind}`;
      let t = this.types.get(key);
      if (!t) {
        const resolved = this.mapper ? this.mapper.resolve(object.apiVersion, object.kind, this.early.signal) : this.ctx.then((ctx) => ctx?.mapper.resolve(object.apiVersion, object.kind));
        const info = resolved.catch(() => undefined);
        this.types.set(key, (t = { namespaces: new Set(), info, started: false, waiting: [] }));
      }
      if (object.metadata.namespace) t.namespaces.add(object.metadata.namespace);
      if (t.waiting) t.waiting.push(d);
      else void this.ready(t, [d]);
      if (!t.started) touched.add(t);
    }
    for (const t of touched) void this.maybeList(t);
  }

  private async maybeList(t: SeenType): Promise<void> {
    const [ctx, info] = await Promise.all([this.ctx, t.info]);
    if (!ctx || !info || t.started) return;
    if (info.namespaced && t.namespaces.size <= CLUSTER_WIDE_AFTER) return;
    t.started = true;
    // A failed LIST is remembered by LiveCache and dealt with when the verdicts ask for the objects.
    await ctx.live.load(info, [], { clusterWideAfter: -1, signal: ctx.signal }).catch(() => undefined);
    t.listed = info;
    const waiting = t.waiting ?? [];
    t.waiting = undefined;
    await this.ready(t, waiting);
  }

  private async ready(t: SeenType, objects: DesiredObject[]): Promise<void> {
    const ctx = await this.ctx;
    if (!ctx || !t.listed || !this.onReady || objects.length === 0) return;
    this.onReady(ctx, t.listed, objects);
  }
}
