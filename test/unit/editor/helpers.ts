// Builders for editor tests: live objects made from manifest text plus edits, and a compact view of decorations.
import { parseAllDocuments } from 'yaml';
import type { FieldDecoration } from '../../../src/core/editor';
import type { KubeObject, ManagedFieldsEntry } from '../../../src/core/types';

/** The objects of a YAML text as the server would return them: namespace defaulted, server fields added. */
export function liveFrom(text: string, namespace = 'default'): KubeObject[] {
  return parseAllDocuments(text.replace(/\r\n/g, '\n'), { merge: true })
    .map((d) => d.toJS() as KubeObject)
    .filter((o) => o?.kind)
    .map((o) => {
      const copy = structuredClone(o);
      copy.metadata = { ...copy.metadata, namespace: copy.metadata.namespace ?? namespace, resourceVersion: '42', uid: 'u-1', generation: 1 };
      return copy;
    });
}

/** Sets `value` at `path` of the object `name` (undefined deletes). */
export function setLive(objects: KubeObject[], name: string, path: Array<string | number>, value: unknown): void {
  const obj = objects.find((o) => o.metadata.name === name);
  if (!obj) throw new Error(`no ${name}`);
  let parent: any = obj;
  for (const s of path.slice(0, -1)) parent = parent[s] ??= {};
  const last = path[path.length - 1];
  if (value === undefined) delete parent[last];
  else parent[last] = value;
}

export function addManager(objects: KubeObject[], name: string, entry: ManagedFieldsEntry): void {
  const obj = objects.find((o) => o.metadata.name === name)!;
  obj.metadata.managedFields = [...(obj.metadata.managedFields ?? []), entry];
}

/** `line:char-line:char kind path | after-text | covered text` per decoration. */
export function show(text: string, decorations: FieldDecoration[]): string[] {
  return decorations.map((d) => {
    const r = d.range;
    const covered = text.slice(r.start.offset, r.end.offset).split(/\r?\n/)[0];
    return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${d.kind}${d.anchored ? '@parent' : ''} ${d.path} | ${d.afterText} | ${covered}`;
  });
}
