// Repo configuration: `.converge.yaml` (or `.converge.yml`) at a workspace root.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ignore from 'ignore';
import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Document, Node } from 'yaml';
import { LineIndex } from '../manifests/line-index';
import { findFieldNodes, nodeOffsets } from '../manifests/yaml-node-ranges';
import type { ConvergeConfig, FieldPath, IgnoreRule, ManifestProblem } from '../types';

export const CONFIG_FILE_NAMES = ['.converge.yaml', '.converge.yml'];

export interface LoadedConvergeConfig {
  config: ConvergeConfig;
  /** Absolute path of the file read, if there was one. */
  file?: string;
  problems: ManifestProblem[];
}

const TOP_LEVEL_KEYS = ['exclude', 'orphanSelector', 'fieldManager', 'ignoreDifferences', 'compareStatus', 'clusters'];
const IGNORE_RULE_STRING_KEYS = ['group', 'kind', 'name', 'namespace'] as const;
const IGNORE_RULE_LIST_KEYS = ['jsonPointers', 'managedFieldsManagers'] as const;
const IGNORE_RULE_KEYS: string[] = [...IGNORE_RULE_STRING_KEYS, ...IGNORE_RULE_LIST_KEYS];
const MAX_FIELD_MANAGER_LENGTH = 128;

/** Reads `.converge.yaml` (or `.converge.yml`) at `root`. A missing file gives an empty config and no problems. */
export async function loadConvergeConfig(root: string): Promise<LoadedConvergeConfig> {
  const found: Array<{ file: string; text: string }> = [];
  for (const name of CONFIG_FILE_NAMES) {
    const file = path.join(path.resolve(root), name);
    try {
      found.push({ file, text: await readFile(file, 'utf8') });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        return {
          config: {},
          file,
          problems: [{ file, severity: 'error', rule: 'config-read-error', message: `Cannot read ${name}: ${code ?? String(error)}` }],
        };
      }
    }
  }
  if (found.length === 0) return { config: {}, problems: [] };
  const [{ file, text }] = found;
  const result = parseConvergeConfig(file, text);
  if (found.length > 1) {
    result.problems.unshift({
      file: found[1].file,
      severity: 'warning',
      rule: 'config-duplicate-file',
      message: `Both ${CONFIG_FILE_NAMES.join(' and ')} exist; only ${path.basename(file)} is used`,
    });
  }
  return { config: result.config, file, problems: result.problems };
}

/** Parses and validates config text. Invalid entries are dropped with an error; unknown keys are warned about. */
export function parseConvergeConfig(file: string, text: string): { config: ConvergeConfig; problems: ManifestProblem[] } {
  const lines = new LineIndex(text);
  const problems: ManifestProblem[] = [];
  const docs = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true }) as unknown as Document.Parsed[];
  const errors = docs.flatMap((d) => d.errors);
  for (const error of errors) {
    problems.push({
      file,
      range: lines.range(Math.min(error.pos[0], text.length), Math.min(error.pos[1], text.length)),
      severity: 'error',
      rule: error.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml-syntax',
      message: error.message.split('\n')[0].replace(/:$/, ''),
    });
  }
  if (errors.length > 0) return { config: {}, problems };
  const nonEmpty = docs.filter((d) => d.contents !== null && !(isScalar(d.contents) && d.contents.value === null));
  if (nonEmpty.length === 0) return { config: {}, problems };
  const doc = nonEmpty[0];
  const root = doc.contents as Node;
  const validator = new ConfigValidator(file, text, lines, doc, root, problems);
  if (nonEmpty.length > 1) validator.warn([], 'config-multiple-documents', 'Only the first YAML document of the config file is used');
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    validator.error([], `Cannot read the config: ${(error as Error).message}`);
    return { config: {}, problems };
  }
  const config = validator.validate(value);
  problems.sort((a, b) => (a.range?.start.offset ?? -1) - (b.range?.start.offset ?? -1));
  return { config, problems };
}

class ConfigValidator {
  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly doc: Document.Parsed,
    private readonly root: Node,
    private readonly problems: ManifestProblem[],
  ) {}

  validate(value: unknown): ConvergeConfig {
    if (!isMap(this.root) || !isRecord(value)) {
      this.error([], 'The config must be a map of settings (exclude, orphanSelector, fieldManager, ignoreDifferences, compareStatus, clusters)');
      return {};
    }
    const config: ConvergeConfig = {};
    for (const key of Object.keys(value)) {
      if (!TOP_LEVEL_KEYS.includes(key)) {
        this.warn([key], 'config-unknown-key', `Unknown setting "${key}" (known: ${TOP_LEVEL_KEYS.join(', ')}); ignored`);
      }
    }
    const exclude = this.stringList(value, ['exclude']);
    if (exclude) config.exclude = exclude;
    const orphanSelector = this.string(value, ['orphanSelector']);
    if (orphanSelector !== undefined) config.orphanSelector = orphanSelector;
    const fieldManager = this.string(value, ['fieldManager']);
    if (fieldManager !== undefined) {
      if (fieldManager === '' || fieldManager.length > MAX_FIELD_MANAGER_LENGTH) {
        this.error(['fieldManager'], `fieldManager must be 1 to ${MAX_FIELD_MANAGER_LENGTH} characters long`);
      } else {
        config.fieldManager = fieldManager;
      }
    }
    const ignoreDifferences = this.ignoreDifferences(value);
    if (ignoreDifferences) config.ignoreDifferences = ignoreDifferences;
    const compareStatus = this.stringList(value, ['compareStatus']);
    if (compareStatus) config.compareStatus = compareStatus;
    const clusters = this.clusters(value);
    if (clusters) config.clusters = clusters;
    return config;
  }

  private ignoreDifferences(value: Record<string, unknown>): IgnoreRule[] | undefined {
    const rules = value.ignoreDifferences;
    if (rules === undefined || rules === null) return undefined;
    if (!Array.isArray(rules)) {
      this.error(['ignoreDifferences'], 'ignoreDifferences must be a list of rules (group, kind, name, namespace, jsonPointers, managedFieldsManagers)');
      return undefined;
    }
    const result: IgnoreRule[] = [];
    rules.forEach((rule, index) => {
      const at: FieldPath = ['ignoreDifferences', index];
      if (!isRecord(rule)) {
        this.error(at, `ignoreDifferences[${index}] must be a map`);
        return;
      }
      for (const key of Object.keys(rule)) {
        if (!IGNORE_RULE_KEYS.includes(key)) {
          const hint = key === 'jqPathExpressions' ? ' (jq expressions are not supported; use jsonPointers)' : ` (known: ${IGNORE_RULE_KEYS.join(', ')})`;
          this.warn([...at, key], 'config-unknown-key', `Unknown ignoreDifferences field "${key}"${hint}; ignored`);
        }
      }
      const parsed: IgnoreRule = {};
      let valid = true;
      for (const key of IGNORE_RULE_STRING_KEYS) {
        if (rule[key] === undefined) continue;
        const text = this.string(rule, [key], at);
        if (text === undefined) valid = false;
        else parsed[key] = text;
      }
      for (const key of IGNORE_RULE_LIST_KEYS) {
        if (rule[key] === undefined) continue;
        const list = this.stringList(rule, [key], at);
        if (list === undefined) valid = false;
        else parsed[key] = list;
      }
      parsed.jsonPointers?.forEach((pointer, pointerIndex) => {
        if (pointer !== '' && !pointer.startsWith('/')) {
          this.error([...at, 'jsonPointers', pointerIndex], `"${pointer}" is not a JSON pointer (it must start with /, e.g. /spec/replicas)`);
          valid = false;
        }
      });
      if (!valid) return;
      if (!parsed.jsonPointers?.length && !parsed.managedFieldsManagers?.length) {
        this.warn(at, 'config-empty-rule', `ignoreDifferences[${index}] has no jsonPointers or managedFieldsManagers, so it ignores nothing`);
      }
      result.push(parsed);
    });
    return result;
  }

  private clusters(value: Record<string, unknown>): Array<{ path: string; context: string }> | undefined {
    const clusters = value.clusters;
    if (clusters === undefined || clusters === null) return undefined;
    const message = 'clusters must be a list of {path, context} (path is a gitignore-style pattern relative to the root)';
    if (isRecord(clusters)) {
      // Shorthand: a map of path pattern → context.
      const result: Array<{ path: string; context: string }> = [];
      for (const [pattern, context] of Object.entries(clusters)) {
        if (typeof context !== 'string' || context === '') this.error(['clusters', pattern], `The context for "${pattern}" must be a non-empty string`);
        else result.push({ path: pattern, context });
      }
      return result;
    }
    if (!Array.isArray(clusters)) {
      this.error(['clusters'], message);
      return undefined;
    }
    const result: Array<{ path: string; context: string }> = [];
    clusters.forEach((entry, index) => {
      const at: FieldPath = ['clusters', index];
      if (!isRecord(entry)) {
        this.error(at, message);
        return;
      }
      for (const key of Object.keys(entry)) {
        if (key !== 'path' && key !== 'context') this.warn([...at, key], 'config-unknown-key', `Unknown clusters field "${key}" (known: path, context); ignored`);
      }
      const pattern = this.string(entry, ['path'], at, true);
      const context = this.string(entry, ['context'], at, true);
      if (pattern === undefined || context === undefined) return;
      if (pattern === '' || context === '') {
        this.error(at, 'clusters entries need a non-empty path and context');
        return;
      }
      result.push({ path: pattern, context });
    });
    return result;
  }

  private string(value: Record<string, unknown>, key: [string], at: FieldPath = [], required = false): string | undefined {
    const item = value[key[0]];
    if (item === undefined || item === null) {
      if (required) this.error(at, `"${key[0]}" is required`);
      return undefined;
    }
    if (typeof item !== 'string') {
      this.error([...at, key[0]], `"${key[0]}" must be a string, not ${describe(item)}`);
      return undefined;
    }
    return item;
  }

  private stringList(value: Record<string, unknown>, key: [string], at: FieldPath = []): string[] | undefined {
    const item = value[key[0]];
    if (item === undefined || item === null) return undefined;
    if (!Array.isArray(item)) {
      this.error([...at, key[0]], `"${key[0]}" must be a list of strings, not ${describe(item)}`);
      return undefined;
    }
    const bad = item.findIndex((entry) => typeof entry !== 'string');
    if (bad !== -1) {
      this.error([...at, key[0], bad], `"${key[0]}" must contain only strings, not ${describe(item[bad])}`);
      return undefined;
    }
    return item as string[];
  }

  error(at: FieldPath, message: string): void {
    this.report(at, 'error', 'config-invalid', message);
  }

  warn(at: FieldPath, rule: string, message: string): void {
    this.report(at, 'warning', rule, message);
  }

  private report(at: FieldPath, severity: 'error' | 'warning', rule: string, message: string): void {
    const nodes = findFieldNodes(this.root, at, this.doc);
    const target = nodes?.key ?? nodes?.value ?? this.root;
    this.problems.push({ file: this.file, range: this.lines.range(...nodeOffsets(target, this.text)), severity, rule, message });
  }
}

/**
 * The kubeconfig context configured for `file`: the first `clusters` entry whose path pattern
 * (gitignore-style, relative to `root`: `clusters/prod/`, `prod`, `*.prod.yaml`) matches it.
 */
export function contextForFile(config: ConvergeConfig, root: string, file: string): string | undefined {
  if (!config.clusters?.length) return undefined;
  const relative = path.relative(path.resolve(root), path.resolve(root, file)).split(path.sep).join('/');
  if (relative === '' || relative.startsWith('../') || relative === '..' || path.isAbsolute(relative)) return undefined;
  for (const { path: pattern, context } of config.clusters) {
    const cleaned = pattern.replace(/^\.\//, '');
    if (cleaned === '' || cleaned === '.' || cleaned === '/' || cleaned === '**') return context;
    if (ignore().add(cleaned).ignores(relative)) return context;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return `${typeof value === 'string' ? 'the string' : `the ${typeof value}`} ${JSON.stringify(value)}`;
}
