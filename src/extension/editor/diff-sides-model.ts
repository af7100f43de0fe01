// The two sides of "Open diff" as texts: for one object (live ↔ desired), for a whole manifest file (one document
// per object), and for an orphan (live only). Pure: no vscode import.
import { basename } from 'node:path';
import { desiredDocument, fileDiffDocuments, findLive, liveDocument, objectMatchesRef, type LiveLookup } from '../../core/editor';
import { groupOf } from '../../core/ignore/ignore-rules';
import { parseManifestText } from '../../core/manifests/parse';
import type { KubeObject, ObjectRef, VerdictResult } from '../../core/types';
import type { OpenDiffArgs } from './command-args-model';

export interface DiffSide {
  /** Path of the virtual document, e.g. `/Deployment/shop/web (live).yaml`. */
  path: string;
  text: string;
}

export interface DiffSides {
  title: string;
  live: DiffSide;
  /** Undefined for an orphan: the live object is shown alone. */
  desired?: DiffSide;
}

export interface DiffSidesInput {
  target: OpenDiffArgs;
  /** Current text of `target.file` (undefined for orphans). */
  text?: string;
  live: LiveLookup;
  /** The verdicts shown for the file (their diff decides which live-only fields are shown). */
  results?: readonly VerdictResult[];
  compareStatus?: readonly string[];
  defaultNamespace?: string;
}

const NOT_IN_CLUSTER = '# not in the cluster\n';
const UNKNOWN = '# live state not loaded from the cluster (run GitOps Converge: Refresh)\n';

/** Whether `status` is compared for this kind (`Kind` or `group/Kind` in the list). */
export function comparesStatus(kinds: readonly string[] | undefined, obj: Pick<KubeObject, 'apiVersion' | 'kind'>): boolean {
  const group = groupOf(obj.apiVersion);
  return (kinds ?? []).some((k) => k === obj.kind || k === `${group}/${obj.kind}`);
}

function refPath(ref: ObjectRef): string {
  return `/${[ref.kind, ref.namespace, ref.name].filter(Boolean).join('/')}`;
}

/** A stand-in manifest object for a ref (to look an orphan up). */
export function objectOfRef(ref: ObjectRef): KubeObject {
  return { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) } };
}

/** Undefined when the target object is not in the text (edited away) or there is nothing to show. */
export function diffSides(input: DiffSidesInput): DiffSides | undefined {
  const { target } = input;
  const opts = { defaultNamespace: input.defaultNamespace };
  if (target.file === undefined) {
    if (!target.ref) return undefined;
    const live = findLive(input.live, objectOfRef(target.ref), input.defaultNamespace);
    const text = live ? liveDocument(live, undefined, { compareStatus: comparesStatus(input.compareStatus, live) }) : live === null ? NOT_IN_CLUSTER : UNKNOWN;
    return { title: `${target.ref.kind} ${target.ref.name} (live, in no manifest)`, live: { path: `${refPath(target.ref)} (live).yaml`, text } };
  }
  const text = input.text ?? '';
  if (!target.ref) {
    const docs = fileDiffDocuments(text, target.file, input.live, { ...opts, ...(input.results ? { results: input.results } : {}) });
    const name = basename(target.file);
    const stem = name.replace(/\.ya?ml$/i, '');
    return { title: `${name} (live ↔ manifest)`, live: { path: `/${stem} (live).yaml`, text: docs.live }, desired: { path: `/${stem} (manifest).yaml`, text: docs.desired } };
  }
  const ref = target.ref;
  const d = parseManifestText(target.file, text).objects.find((o) => objectMatchesRef(o.object, ref));
  if (!d) return undefined;
  const live = findLive(input.live, d.object, input.defaultNamespace);
  const compareStatus = comparesStatus(input.compareStatus, d.object);
  const result = input.results?.find((r) => objectMatchesRef(d.object, r.ref));
  const liveText = live
    ? liveDocument(live, d.object, { compareStatus, ...(result && result.verdict === 'diverged' ? { diff: result.diff } : {}) })
    : live === null ? NOT_IN_CLUSTER : UNKNOWN;
  return {
    title: `${ref.kind} ${ref.name} (live ↔ manifest)`,
    live: { path: `${refPath(ref)} (live).yaml`, text: liveText },
    desired: { path: `${refPath(ref)} (manifest).yaml`, text: desiredDocument(d.object, live ?? undefined, { compareStatus }) },
  };
}
