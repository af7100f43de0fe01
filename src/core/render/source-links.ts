// Links rendered objects back to the files that define them: the base resource (matched by group, kind and
// name, allowing name prefixes/suffixes), or the generator entry; patches that touch the object are noted.
import { readFileSync } from 'node:fs';
import { parseManifestText } from '../manifests/parse';
import type { DesiredObject, KubeObject, SourceLocation } from '../types';
import { apiGroup } from '../gitops/object-fields';
import { entryLocation, wholeFileLocation } from './document-location';
import { patchSetsField, readPatchText, type PatchContent } from './patched-fields';
import type { Kustomization, PatchRef } from './kustomization-file';

export interface PatchSource {
  ref: PatchRef;
  /** Where the patch is: the patch object (strategic merge), the file, or the inline entry. */
  location: SourceLocation;
  /** The patch as an object (strategic-merge patches in files), to match by kind/name and to look up fields. */
  object?: DesiredObject;
  /** What it sets: a strategic-merge object or JSON6902 operations. */
  content?: PatchContent;
}

interface GeneratorSource {
  kind: string;
  name: string;
  location: SourceLocation;
}

/** Everything a kustomization tree is built from, indexed for linking. */
export interface KustomizeSources {
  resources: DesiredObject[];
  patches: PatchSource[];
  generators: GeneratorSource[];
  root: Kustomization;
}

export type ReadObjects = (file: string) => DesiredObject[];

/** Parses the files of a tree (root kustomization first); `read` may cache across trees. */
export function collectKustomizeSources(tree: Kustomization[], read: ReadObjects = readObjectsOf): KustomizeSources {
  const resources: DesiredObject[] = [];
  const patches: PatchSource[] = [];
  const generators: GeneratorSource[] = [];
  for (const k of tree) {
    for (const r of k.resourceFiles) resources.push(...read(r.path));
    for (const ref of k.patches) {
      if (ref.file) {
        const objects = read(ref.file);
        if (objects.length > 0) for (const object of objects) patches.push({ ref, location: object.source, object, content: { merge: object.object } });
        else patches.push({ ref, location: fileLocation(ref.file), ...withContent(readText(ref.file)) });
        continue;
      }
      // Inline: the entry is the location; the parsed text is only used to match kind/name and fields.
      const location = entryLocation(k.location, ref.at);
      const inlineObjects = ref.inline ? parseManifestText(k.file, ref.inline).objects : [];
      if (inlineObjects.length > 0) for (const object of inlineObjects) patches.push({ ref, location, object, content: { merge: object.object } });
      else patches.push({ ref, location, ...withContent(ref.inline) });
    }
    for (const g of k.generators) generators.push({ kind: g.kind, name: g.name, location: entryLocation(k.location, g.at) });
  }
  return { resources, patches, generators, root: tree[0] };
}

/** The DesiredObject for a rendered object, with a best-effort source. */
export function linkRenderedObject(object: KubeObject, sources: KustomizeSources, note: string): DesiredObject {
  // In order: a name with kustomize's content hash (generated), the same name in a base, a generator, a base
  // name with a prefix/suffix added.
  const hashed = findGenerator(object, sources.generators, true);
  const exact = hashed ? undefined : findBase(object, sources.resources, true);
  const generator = hashed ?? (exact ? undefined : findGenerator(object, sources.generators, false));
  const base = exact ?? (generator ? undefined : findBase(object, sources.resources, false));
  const original = base?.object ?? object;
  const patches = sources.patches.filter((p) => patchApplies(p, original));
  const generated = base ? undefined : generator;
  const rendered = {
    tool: 'kustomize' as const,
    root: sources.root.dir,
    note,
    ...(patches.length || generated?.merges.length ? { patches: [...(generated?.merges ?? []), ...patches.map((p) => p.location)] } : {}),
  };
  if (base) return { object, source: withPatchedFieldsHidden(base.source, base.object, patches), rendered };
  if (generated) return { object, source: generated.source, rendered };
  return { object, source: { ...sources.root.location, fieldRange: () => undefined }, rendered };
}

function findBase(object: KubeObject, resources: DesiredObject[], exactOnly: boolean): DesiredObject | undefined {
  const name = object.metadata.name ?? '';
  const group = apiGroup(object.apiVersion);
  let best: DesiredObject | undefined;
  let bestScore = -1;
  for (const candidate of resources) {
    const c = candidate.object;
    if (c.kind !== object.kind || apiGroup(c.apiVersion) !== group) continue;
    const cName = c.metadata.name ?? '';
    if (cName === '' || (exactOnly ? cName !== name : !containsAsWord(name, cName))) continue;
    // Exact names first, then the longest name inside the rendered one (a prefix/suffix was added);
    // the same namespace breaks ties.
    const score = (cName === name ? 1_000_000 : 0) + cName.length * 2 + (c.metadata.namespace === object.metadata.namespace ? 1 : 0);
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** `part` inside `name` between word boundaries (start, end, `-` or `.`): a name with a prefix and/or suffix. */
function containsAsWord(name: string, part: string): boolean {
  for (let at = name.indexOf(part); at !== -1; at = name.indexOf(part, at + 1)) {
    const before = at === 0 || '-.'.includes(name[at - 1]);
    const end = at + part.length;
    const after = end === name.length || '-.'.includes(name[end]);
    if (before && after) return true;
  }
  return false;
}

/** kustomize's name hash: `-` and 10 characters of its alphabet (no vowels, no 0/1/3). */
const NAME_HASH = /-[bcdfghjkmnpqrstvwxz2456789]{10}$/;

/**
 * Generated ConfigMaps/Secrets: `name` plus prefix/suffix (and the content hash unless disabled). The defining
 * entry is the deepest. With `hashedOnly`, only names that carry the hash.
 */
function findGenerator(object: KubeObject, generators: GeneratorSource[], hashedOnly: boolean): { source: SourceLocation; merges: SourceLocation[] } | undefined {
  if (apiGroup(object.apiVersion) !== '') return undefined;
  const full = object.metadata.name ?? '';
  const hashed = NAME_HASH.test(full);
  if (hashedOnly && !hashed) return undefined;
  const name = hashed ? full.slice(0, -11) : full;
  const matching = generators.filter((g) => g.kind === object.kind && containsAsWord(name, g.name));
  if (matching.length === 0) return undefined;
  const longest = Math.max(...matching.map((g) => g.name.length));
  const same = matching.filter((g) => g.name.length === longest);
  return { source: same[same.length - 1].location, merges: same.slice(0, -1).map((g) => g.location) };
}

/** Whether a patch targets the object (its `target`, else the kind and name of a strategic-merge patch). */
export function patchApplies(patch: PatchSource, original: KubeObject): boolean {
  const target = patch.ref.target;
  if (target) {
    if (target.kind && target.kind !== original.kind) return false;
    if (target.group !== undefined && target.group !== apiGroup(original.apiVersion)) return false;
    if (target.name && !matchesName(target.name, original.metadata.name ?? '')) return false;
    return true;
  }
  const p = patch.object?.object;
  return p !== undefined && p.kind === original.kind && p.metadata.name === original.metadata.name;
}

function matchesName(pattern: string, name: string): boolean {
  if (pattern === name) return true;
  try {
    return new RegExp(`^(?:${pattern})$`).test(name);
  } catch {
    return false;
  }
}

/** Fields a patch sets (strategic merge or JSON6902) are not where the base file says: no range for them in the base. */
function withPatchedFieldsHidden(source: SourceLocation, base: KubeObject, patches: PatchSource[]): SourceLocation {
  const contents = patches.flatMap((p) => (p.content ? [p.content] : []));
  if (contents.length === 0) return source;
  return {
    ...source,
    fieldRange(path) {
      if (contents.some((c) => patchSetsField(c, base, path))) return undefined;
      return source.fieldRange(path);
    },
  };
}

/** `{ content }` of a patch text (JSON6902 operations or a strategic-merge object), or nothing. */
export function withContent(text: string | undefined): { content?: PatchContent } {
  const content = text === undefined ? undefined : readPatchText(text);
  return content ? { content } : {};
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function fileLocation(file: string): SourceLocation {
  try {
    return wholeFileLocation(file, readFileSync(file, 'utf8'));
  } catch {
    return wholeFileLocation(file, '');
  }
}

export function readObjectsOf(file: string): DesiredObject[] {
  try {
    return parseManifestText(file, readFileSync(file, 'utf8')).objects;
  } catch {
    return [];
  }
}
