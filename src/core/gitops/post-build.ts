// Flux `spec.postBuild.substitute`: bash-style variables in the rendered objects, as kustomize-controller does.
import { parse, stringify } from 'yaml';
import type { KubeObject } from '../types';
import type { PostBuildSubstitution } from './types';

const DISABLED = 'kustomize.toolkit.fluxcd.io/substitute';
const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=])([^}]*))?\}/g;

/**
 * `${VAR}`, `${VAR:-default}`, `${VAR:=default}` replaced in the object's YAML text, which is then read again
 * (so `replicas: ${REPLICAS}` becomes a number, as with Flux). Objects annotated
 * `kustomize.toolkit.fluxcd.io/substitute: disabled` are left alone. Unknown variables without a default
 * become empty, unless `fromCluster` (they may be defined there): then they stay as written.
 */
export function substitutePostBuild(obj: KubeObject, sub: PostBuildSubstitution): KubeObject {
  if (obj.metadata.annotations?.[DISABLED] === 'disabled') return obj;
  const text = stringify(obj, { lineWidth: 0 });
  if (!text.includes('${')) return obj;
  const replaced = text.replace(VARIABLE, (whole, name: string, op: string | undefined, fallback: string | undefined) => {
    const value = sub.substitute[name];
    if (value !== undefined && (value !== '' || op === undefined || !op.startsWith(':'))) return value;
    if (op !== undefined) return fallback ?? '';
    return sub.fromCluster ? whole : '';
  });
  return parse(replaced) as KubeObject;
}
