// Decorations while typing: the edited text is parsed again (this file only) and every object is compared with
// its cached live object by the engine's offline diff. No request is made; the authoritative dry-run verdict comes
// later (on save or after a pause).
import { offlineDiff } from '../diff/offline';
import { finishDiff, wantsStatus } from '../engine/drift';
import { formatReason } from '../engine/reason';
import { parseManifestText } from '../manifests/parse';
import type { DesiredObject, IgnoreRule, KubeObject, ObjectRef, VerdictResult } from '../types';
import { decorationsForParsed, type DecorationOptions } from './decoration-model';
import { findLive, type LiveLookup } from './object-match';
import type { FieldDecoration } from './types';

export interface OfflineDecorationOptions extends DecorationOptions {
  ignore?: readonly IgnoreRule[];
  /** Kinds (`Kind` or `group/Kind`) whose status is compared. */
  compareStatus?: readonly string[];
  /** Namespace of objects that do not say (default `default`). */
  defaultNamespace?: string;
}

export interface OfflineDecorations {
  decorations: FieldDecoration[];
  /** One offline verdict per object of the text whose live state is known (for CodeLens and the tree). */
  results: VerdictResult[];
}

export function offlineDecorations(
  text: string,
  file: string,
  liveObjects: LiveLookup,
  opts: OfflineDecorationOptions = {},
): OfflineDecorations {
  const parsed = parseManifestText(file, text);
  const results: VerdictResult[] = [];
  for (const d of parsed.objects) {
    const live = findLive(liveObjects, d.object, opts.defaultNamespace);
    if (live !== undefined) results.push(offlineVerdict(d, live, opts));
  }
  return { decorations: decorationsForParsed(text, parsed, results, opts), results };
}

/** The offline verdict of one manifest object against its live object (null: not in the cluster). */
export function offlineVerdict(d: DesiredObject, live: KubeObject | null, opts: OfflineDecorationOptions = {}): VerdictResult {
  const obj = d.object;
  const namespace = live ? live.metadata?.namespace : obj.metadata?.namespace ?? opts.defaultNamespace ?? 'default';
  const ref: ObjectRef = { apiVersion: obj.apiVersion, kind: obj.kind, ...(namespace ? { namespace } : {}), name: obj.metadata?.name ?? '' };
  if (!live) return { ref, verdict: 'missing', reason: 'not in the cluster', diff: [], source: d.source, method: 'offline' };
  const body = obj.metadata?.namespace === namespace || !namespace ? obj : { ...obj, metadata: { ...obj.metadata, namespace } };
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
  const compareStatus = wantsStatus(opts.compareStatus ?? [], group, obj.kind);
  const { diff } = finishDiff(offlineDiff(body, live, { compareStatus }), body, live, opts.ignore ?? []);
  return {
    ref,
    verdict: diff.length ? 'diverged' : 'converged',
    reason: formatReason(diff),
    diff,
    source: d.source,
    method: 'offline',
    ...(live.metadata?.resourceVersion ? { liveResourceVersion: live.metadata.resourceVersion } : {}),
  };
}
