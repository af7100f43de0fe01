// The two sides of the live-vs-desired diff editor. The live side is the live object without server bookkeeping
// (managedFields, resourceVersion, uid, timestamps, generation, status unless compared, last-applied annotation),
// laid out in the manifest's key and list order so a side-by-side diff lines up; values equal after normalisation
// (`0.5` vs `500m`) are shown as the manifest writes them; Secret values are masks on both sides. By default the
// live side keeps only the fields the manifest sets plus the live-only fields that are differences (what an apply
// would remove), so every changed line of the diff is a real difference; `allLiveFields` keeps every field, the
// manifest's first.
import { stringify } from 'yaml';
import { offlineDiff } from '../diff/offline';
import { maskSecretPair } from '../diff/secret-mask';
import { parseManifestText } from '../manifests/parse';
import { isPlainObject, Normalizer, secretAsStored, stripNoise } from '../normalize/normalizer';
import type { HintNode, TypeHints } from '../normalize/type-hints';
import { resolveLivePath } from '../ownership/owners';
import type { DiffEntry, FieldPath, KubeObject, VerdictResult } from '../types';
import { findLive, objectMatchesRef, type LiveLookup } from './object-match';

export interface DiffDocumentOptions {
  compareStatus?: boolean;
  /** Keep every live field (the manifest's first, the others after them). Default: only what the diff needs. */
  allLiveFields?: boolean;
  /** The verdict's entries; its `removed` fields are kept on the live side. Default: the offline diff's. */
  diff?: readonly DiffEntry[];
  hints?: TypeHints;
}

/** YAML text of a document of the diff editor (no trailing `---`). */
export function diffYaml(obj: unknown): string {
  return stringify(obj, { lineWidth: 0 });
}

/** The live side for one object; `desired` undefined = an orphan (everything but the noise is shown). */
export function liveDocument(live: KubeObject, desired?: KubeObject, opts: DiffDocumentOptions = {}): string {
  const { live: l, desired: d } = maskedPair(live, desired, opts);
  if (!d) return diffYaml(l);
  const entries = opts.diff ?? offlineDiff(desired!, live, { compareStatus: opts.compareStatus, hints: opts.hints });
  const keep = new Set<string>();
  for (const e of entries) {
    if (e.change !== 'removed') continue;
    const p = resolveLivePath(live, e.path);
    if (p) keep.add(pathKey(p));
  }
  const arranger = new Arranger(new Normalizer(desired!, opts.hints), keep, !!opts.allLiveFields);
  return diffYaml(arranger.arrange(l, d, arranger.n.root, []));
}

/** The desired side for one object: the manifest without what the server owns, Secrets as stored and masked. */
export function desiredDocument(desired: KubeObject, live?: KubeObject, opts: DiffDocumentOptions = {}): string {
  return diffYaml(maskedPair(live, desired, opts).desired);
}

export interface FileDiffDocuments {
  live: string;
  desired: string;
}

/**
 * Both sides for a whole manifest file, one YAML document per object in file order. Objects the cluster lacks
 * have an empty live document; objects whose live state is unknown say so in a comment.
 */
export function fileDiffDocuments(
  text: string,
  file: string,
  lookup: LiveLookup,
  opts: Omit<DiffDocumentOptions, 'diff'> & { results?: readonly VerdictResult[]; defaultNamespace?: string } = {},
): FileDiffDocuments {
  const live: string[] = [];
  const desired: string[] = [];
  for (const d of parseManifestText(file, text).objects) {
    const l = findLive(lookup, d.object, opts.defaultNamespace);
    const result = opts.results?.find((r) => objectMatchesRef(d.object, r.ref));
    desired.push(desiredDocument(d.object, l ?? undefined, opts));
    if (l === undefined) live.push('# live state unknown (not loaded from the cluster)\n');
    else if (l === null) live.push('# not in the cluster\n');
    else live.push(liveDocument(l, d.object, { ...opts, ...(result?.diff ? { diff: result.diff } : {}) }));
  }
  return { live: live.join('---\n'), desired: desired.join('---\n') };
}

function maskedPair(
  live: KubeObject | undefined,
  desired: KubeObject | undefined,
  opts: DiffDocumentOptions,
): { live: Record<string, unknown>; desired?: Record<string, unknown> } {
  let l = live ? stripNoise(live, opts) : undefined;
  let d = desired ? stripNoise(secretAsStored(desired), opts) : undefined;
  const secret = live?.kind === 'Secret' || desired?.kind === 'Secret';
  if (secret && l && d) ({ live: l, merged: d } = maskSecretPair(l, d));
  else if (secret) {
    const one = (l ?? d)!;
    const masked = maskSecretPair(one, one).live;
    if (l) l = masked;
    else d = masked;
  }
  return { live: (l ?? {}) as Record<string, unknown>, desired: d as Record<string, unknown> | undefined };
}

const pathKey = (p: FieldPath) => JSON.stringify(p);

class Arranger {
  constructor(
    readonly n: Normalizer,
    private readonly keep: ReadonlySet<string>,
    private readonly all: boolean,
  ) {}

  /** Whether a live-only field at `path` (or something under it) is to be shown. */
  private kept(path: FieldPath): boolean {
    if (this.all) return true;
    const prefix = pathKey(path).slice(0, -1);
    for (const k of this.keep) if (k.slice(0, -1) === prefix || k.startsWith(`${prefix},`)) return true;
    return false;
  }

  arrange(l: unknown, d: unknown, node: HintNode | undefined, path: FieldPath): unknown {
    if (isPlainObject(l) && isPlainObject(d)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(d)) if (k in l) out[k] = this.arrange(l[k], d[k], this.n.child(node, k), [...path, k]);
      for (const k of Object.keys(l)) if (!(k in d) && this.kept([...path, k])) out[k] = l[k];
      return out;
    }
    if (Array.isArray(l) && Array.isArray(d)) return this.arrangeList(l, d, node, path);
    if (d !== undefined && !isPlainObject(l) && !Array.isArray(l) && this.n.scalarsEqual(d, l, node)) return d;
    return l;
  }

  private arrangeList(l: unknown[], d: unknown[], node: HintNode | undefined, path: FieldPath): unknown[] {
    const out: unknown[] = [];
    const used = new Set<number>();
    if (this.n.listKind(node) === 'map') {
      const keys = node!.listKeys!;
      for (const item of d) {
        const j = this.n.findByKey(l, keys, this.n.listItemKey(item, keys));
        if (j < 0 || used.has(j)) continue;
        used.add(j);
        out.push(this.arrange(l[j], item, node?.item, [...path, j]));
      }
    } else {
      l.forEach((item, i) => {
        if (i >= d.length) return;
        used.add(i);
        out.push(this.arrange(item, d[i], node?.item, [...path, i]));
      });
    }
    l.forEach((item, j) => {
      if (!used.has(j) && this.kept([...path, j])) out.push(item);
    });
    return out;
  }
}
