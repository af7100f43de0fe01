// Reads one kustomization (kustomization.yaml / .yml / Kustomization): what it renders and which files it reads.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FieldPath, SourceLocation } from '../types';
import { parseYamlDocument } from './document-location';

export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** A reference from a kustomization file to another path, with where it is written. */
export interface KustomizationRef {
  /** Absolute path. */
  path: string;
  /** Field path of the entry inside the kustomization, e.g. `['resources', 0]`. */
  at: FieldPath;
}

export interface PatchTarget {
  group?: string;
  kind?: string;
  name?: string;
}

export interface PatchRef {
  /** The patch file; undefined for an inline patch. */
  file?: string;
  /** The text of an inline patch. */
  inline?: string;
  at: FieldPath;
  target?: PatchTarget;
}

export interface GeneratorRef {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  at: FieldPath;
}

export interface Kustomization {
  file: string;
  dir: string;
  kind: 'Kustomization' | 'Component';
  location: SourceLocation;
  /** Plain manifest files in `resources` (and the deprecated `bases`). */
  resourceFiles: KustomizationRef[];
  /** Folders in `resources`/`bases`: other kustomizations. */
  resourceDirs: KustomizationRef[];
  componentDirs: KustomizationRef[];
  patches: PatchRef[];
  generators: GeneratorRef[];
  /** Every other local file it reads: generator inputs, crds, transformers, replacements, openapi. */
  inputFiles: string[];
  /** The configMapGenerator/secretGenerator inputs among them (files, env files). */
  generatorInputs: string[];
  /** secretGenerator inputs: literal values and files (env files, key files), to keep out of messages. */
  secretInputs: { literals: string[]; files: string[] };
  /** Remote resources (git URLs, http): never fetched. */
  remoteResources: string[];
  /** `helmCharts` entries (kustomize's Helm inflation, rendered with --enable-helm). */
  helmCharts: number;
  /** Charts of `helmCharts` entries with a `repo`: they would be downloaded, so the tree is not rendered. */
  remoteHelmCharts: string[];
  /** Folder of local charts for `helmCharts` (`helmGlobals.chartHome`, default `charts`). */
  chartHome: string;
  namePrefix?: string;
  nameSuffix?: string;
  namespace?: string;
  /** Why the file could not be read or understood. */
  error?: string;
}

/** The kustomization file of a folder, if it has one. */
export function findKustomizationFile(dir: string): string | undefined {
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    const file = path.join(dir, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

export function isKustomizationFileName(file: string): boolean {
  return KUSTOMIZATION_FILE_NAMES.includes(path.basename(file));
}

const REMOTE = /^(https?:|git@|ssh:|git::|github\.com\/|gitlab\.com\/|bitbucket\.org\/)|\?ref=|\/\/.*\.git/;

export function readKustomization(file: string): Kustomization {
  const dir = path.dirname(file);
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return emptyKustomization(file, parseYamlDocument(file, ''), `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const parsed = parseYamlDocument(file, text);
  if (parsed.error) return emptyKustomization(file, parsed, parsed.error);
  const spec = isRecord(parsed.value) ? parsed.value : {};
  const k = emptyKustomization(file, parsed);
  k.kind = spec.kind === 'Component' ? 'Component' : 'Kustomization';
  k.namePrefix = stringOr(spec.namePrefix);
  k.nameSuffix = stringOr(spec.nameSuffix);
  k.namespace = stringOr(spec.namespace);

  for (const field of ['resources', 'bases'] as const) {
    strings(spec[field]).forEach(([entry, i]) => {
      if (REMOTE.test(entry)) return void k.remoteResources.push(entry);
      const ref = { path: path.resolve(dir, entry), at: [field, i] };
      if (isDirectory(ref.path)) k.resourceDirs.push(ref);
      else k.resourceFiles.push(ref);
    });
  }
  strings(spec.components).forEach(([entry, i]) => {
    if (REMOTE.test(entry)) return void k.remoteResources.push(entry);
    k.componentDirs.push({ path: path.resolve(dir, entry), at: ['components', i] });
  });

  records(spec.patches).forEach(([p, i]) => k.patches.push(patchRef(dir, p.path, ['patches', i], p.target, p.patch)));
  records(spec.patchesJson6902).forEach(([p, i]) => k.patches.push(patchRef(dir, p.path, ['patchesJson6902', i], p.target)));
  asArray(spec.patchesStrategicMerge).forEach((p, i) => {
    // Either a file name or an inline patch (a YAML string with a newline).
    if (typeof p === 'string' && !p.includes('\n')) k.patches.push(patchRef(dir, p, ['patchesStrategicMerge', i]));
    else k.patches.push({ at: ['patchesStrategicMerge', i], ...(typeof p === 'string' ? { inline: p } : {}) });
  });

  for (const [field, kind] of [['configMapGenerator', 'ConfigMap'], ['secretGenerator', 'Secret']] as const) {
    records(spec[field]).forEach(([g, i]) => {
      if (typeof g.name === 'string') k.generators.push({ kind, name: g.name, at: [field, i] });
      const inputs = [
        ...strings(g.files).map(([f]) => path.resolve(dir, f.includes('=') ? f.slice(f.indexOf('=') + 1) : f)),
        ...[...strings(g.envs), ...strings([g.env])].map(([f]) => path.resolve(dir, f)),
      ];
      k.inputFiles.push(...inputs);
      k.generatorInputs.push(...inputs);
      if (kind === 'Secret') {
        k.secretInputs.files.push(...inputs);
        for (const [literal] of strings(g.literals)) k.secretInputs.literals.push(literal.slice(literal.indexOf('=') + 1));
      }
    });
  }
  for (const field of ['crds', 'generators', 'transformers', 'validators', 'configurations']) {
    for (const [entry] of strings(spec[field])) if (!entry.includes('\n')) k.inputFiles.push(path.resolve(dir, entry));
  }
  for (const [r] of records(spec.replacements)) if (typeof r.path === 'string') k.inputFiles.push(path.resolve(dir, r.path));
  if (isRecord(spec.openapi) && typeof spec.openapi.path === 'string') k.inputFiles.push(path.resolve(dir, spec.openapi.path));
  k.helmCharts = asArray(spec.helmCharts).length;
  for (const [chart] of records(spec.helmCharts)) if (typeof chart.repo === 'string' && chart.repo !== '') k.remoteHelmCharts.push(`${String(chart.name)} from ${chart.repo}`);
  const chartHome = isRecord(spec.helmGlobals) && typeof spec.helmGlobals.chartHome === 'string' ? spec.helmGlobals.chartHome : 'charts';
  k.chartHome = path.resolve(dir, chartHome);
  return k;
}

function patchRef(dir: string, file: unknown, at: FieldPath, target?: unknown, inline?: unknown): PatchRef {
  const ref: PatchRef = { at };
  if (typeof inline === 'string') ref.inline = inline;
  if (typeof file === 'string') ref.file = path.resolve(dir, file);
  if (isRecord(target)) ref.target = { group: stringOr(target.group), kind: stringOr(target.kind), name: stringOr(target.name) };
  return ref;
}

function emptyKustomization(file: string, parsed: ReturnType<typeof parseYamlDocument>, error?: string): Kustomization {
  return {
    file,
    dir: path.dirname(file),
    kind: 'Kustomization',
    location: parsed.location,
    resourceFiles: [],
    resourceDirs: [],
    componentDirs: [],
    patches: [],
    generators: [],
    inputFiles: [],
    generatorInputs: [],
    secretInputs: { literals: [], files: [] },
    remoteResources: [],
    helmCharts: 0,
    remoteHelmCharts: [],
    chartHome: path.join(path.dirname(file), 'charts'),
    ...(error ? { error } : {}),
  };
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function strings(value: unknown): Array<[string, number]> {
  return asArray(value).flatMap((v, i): Array<[string, number]> => (typeof v === 'string' && v !== '' ? [[v, i]] : []));
}

function records(value: unknown): Array<[Record<string, unknown>, number]> {
  return asArray(value).flatMap((v, i): Array<[Record<string, unknown>, number]> => (isRecord(v) ? [[v, i]] : []));
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
