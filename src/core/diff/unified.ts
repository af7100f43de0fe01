// `kubectl diff`-like unified YAML diff of live vs merged (dry-run result or desired), noise stripped
// (managedFields, resourceVersion, generation, uid, timestamps, last-applied annotation, status) and
// Secrets masked like kubectl ('***', '*** (before)', '*** (after)').
import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import type { KubeObject } from '../types';
import { secretAsStored, stripNoise } from '../normalize/normalizer';
import { fastYaml } from './yaml-stringify-fast';
import { maskSecretPair } from './secret-mask';

export interface UnifiedDiffOptions {
  compareStatus?: boolean;
  /** Lines of context (kubectl: 3). */
  context?: number;
}

/** kubectl's file label for an object: `apps.v1.Deployment.ns.name` (core: `v1.Secret.ns.name`). */
export function kubectlDiffLabel(obj: KubeObject): string {
  const gv = obj.apiVersion.replace('/', '.');
  const ns = obj.metadata.namespace ? `${obj.metadata.namespace}.` : '';
  return `${gv}.${obj.kind}.${ns}${obj.metadata.name ?? ''}`;
}

export function toYaml(obj: unknown): string {
  return fastYaml(obj) ?? stringify(obj, { sortMapEntries: true, lineWidth: 0, singleQuote: true });
}

/**
 * Unified diff (`--- LIVE/<label>`, `+++ MERGED/<label>`); empty string when there is no difference.
 * `live` may be undefined for an object that does not exist yet (everything shows as added).
 */
export function unifiedDiff(
  live: KubeObject | undefined,
  merged: KubeObject,
  label: string,
  opts: UnifiedDiffOptions = {},
): string {
  let m = stripNoise(secretAsStored(merged), opts);
  let l = live ? stripNoise(live, opts) : undefined;
  if (l) ({ live: l, merged: m } = maskSecretPair(l, m));
  else ({ merged: m } = maskSecretPair(m, m));
  const before = l ? toYaml(l) : '';
  const after = toYaml(m);
  if (before === after) return '';
  const patch = createTwoFilesPatch(`LIVE/${label}`, `MERGED/${label}`, before, after, undefined, undefined, {
    context: opts.context ?? 3,
  });
  // Drop the `=====` separator line the diff package puts first; keep `---`/`+++` like kubectl.
  return patch.replace(/^=+\n/, '');
}
