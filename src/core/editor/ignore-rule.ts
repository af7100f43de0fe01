// The ignoreDifferences rule that "Ignore this field" adds for one diff entry.
import { groupOf } from '../ignore/ignore-rules';
import { formatJsonPointer } from '../ignore/json-pointer';
import { parseDiffPath } from '../ownership/diff-path';
import type { FieldPath, IgnoreRule, ObjectRef } from '../types';

/**
 * A rule for exactly this object and field. The JSON pointer uses field names when the path has no list step, else
 * the field's path in the manifest (list indices as in the file, as Argo CD matches them); undefined when neither
 * is known.
 */
export function ignoreRuleFor(ref: ObjectRef, path: string, manifestPath?: FieldPath): IgnoreRule | undefined {
  const segments = parseDiffPath(path);
  let pointerPath: FieldPath | undefined;
  if (segments && segments.every((s) => s.kind === 'field')) pointerPath = segments.map((s) => (s as { name: string }).name);
  else pointerPath = manifestPath;
  if (!pointerPath || pointerPath.length === 0) return undefined;
  return {
    group: groupOf(ref.apiVersion),
    kind: ref.kind,
    name: ref.name,
    ...(ref.namespace ? { namespace: ref.namespace } : {}),
    jsonPointers: [formatJsonPointer(pointerPath)],
  };
}
