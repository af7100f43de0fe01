// Command-line spelling of ignore rules.

import type { IgnoreRule } from '../types';
import { parseJsonPointer } from './json-pointer';

/**
 * Parses an object selector `[group/]Kind[/[namespace/]name]`:
 * `Deployment`, `apps/Deployment`, `Deployment/web`, `apps/Deployment/prod/web`, `core/ConfigMap`, `/ConfigMap`
 * (empty group = core), `*` or empty = every object. The kind is the first part starting with an upper-case letter
 * (or `*`); groups and names are lower-case DNS names.
 */
function parseSelector(selector: string, flag: string): IgnoreRule {
  const s = selector.trim();
  if (s === '' || s === '*') return {};
  const parts = s.split('/');
  const k = parts.findIndex((p) => /^[A-Z*]/.test(p));
  if (k < 0 || k > 1) throw new Error(`invalid object selector in '${flag}': expected [group/]Kind[/[namespace/]name]`);
  const after = parts.slice(k + 1);
  if (after.length > 2 || after.some((p) => p === '')) {
    throw new Error(`invalid object selector in '${flag}': expected [group/]Kind[/[namespace/]name]`);
  }
  const rule: IgnoreRule = {};
  if (k === 1) rule.group = parts[0] === 'core' ? '' : (parts[0] as string);
  if (parts[k] !== '*') rule.kind = parts[k] as string;
  if (after.length === 2) {
    rule.namespace = after[0] as string;
    rule.name = after[1] as string;
  } else if (after.length === 1) rule.name = after[0] as string;
  return rule;
}

function stripFlag(s: string, name: string): string | undefined {
  if (s === name) return '';
  if (s.startsWith(`${name}=`)) return s.slice(name.length + 1);
  if (s.startsWith(`${name} `)) return s.slice(name.length + 1).trim();
  return undefined;
}

/**
 * Parses the value of `--ignore-manager`: `[<selector>:]<manager>`, e.g. `kube-controller-manager` or
 * `apps/Deployment:kube-controller-manager` (selector as for `--ignore`).
 */
export function parseIgnoreManagerFlag(value: string): IgnoreRule {
  const v = value.trim();
  const colon = v.indexOf(':');
  // Manager names may contain `:`; only a prefix that names a kind is a selector.
  const prefix = colon < 0 ? '' : v.slice(0, colon);
  const hasSelector = colon >= 0 && (prefix === '' || prefix === '*' || prefix.split('/').some((p) => /^[A-Z]/.test(p)));
  const manager = (hasSelector ? v.slice(colon + 1) : v).trim();
  if (!manager) throw new Error(`invalid --ignore-manager '${value}': expected [<selector>:]<manager>`);
  const rule = hasSelector ? parseSelector(prefix, value) : {};
  return { ...rule, managedFieldsManagers: [manager] };
}

/**
 * Parses an ignore rule given on the command line.
 *
 * `--ignore '<selector>:<json-pointer>'` — the value of `--ignore`:
 *   - `apps/Deployment:/spec/replicas`            every Deployment of group apps
 *   - `Deployment/web:/spec/replicas`             the Deployment named web (any namespace, any group)
 *   - `apps/Deployment/prod/web:/spec/replicas`   namespace prod, name web
 *   - `core/ConfigMap:/data/generated~1key`       core group (also `/ConfigMap` or plain `ConfigMap` for any group)
 *   - `*:/metadata/annotations/example.com~1note` every object (also `:/...`)
 *   - `Deployment:/spec/template/spec/containers/0/image`  list items by position, as in Argo CD
 *   - `Deployment:manager=kube-controller-manager` fields owned by that manager
 *   The selector is `[group/]Kind[/[namespace/]name]` (kind = the first part starting with an upper-case letter);
 *   the pointer is RFC 6901 (`~1` for `/`, `~0` for `~`) and is split off at the first `:` (names and kinds never
 *   contain one).
 * `--ignore-manager <name>` — also accepted here when the string starts with the flag itself
 *   (`--ignore-manager kube-controller-manager`, `--ignore-manager=apps/Deployment:kube-controller-manager`); see
 *   `parseIgnoreManagerFlag`. A leading `--ignore ` / `--ignore=` is stripped too.
 * Throws an Error with a readable message for anything else.
 */
export function parseIgnoreFlag(s: string): IgnoreRule {
  const text = s.trim();
  const managerValue = stripFlag(text, '--ignore-manager');
  if (managerValue !== undefined) return parseIgnoreManagerFlag(managerValue);
  const value = stripFlag(text, '--ignore') ?? text;
  const colon = value.indexOf(':');
  if (colon < 0) {
    throw new Error(`invalid --ignore '${s}': expected '<selector>:<json-pointer>', e.g. 'apps/Deployment:/spec/replicas'`);
  }
  const rule = parseSelector(value.slice(0, colon), s);
  const target = value.slice(colon + 1).trim();
  if (target.startsWith('manager=')) {
    const manager = target.slice('manager='.length).trim();
    if (!manager) throw new Error(`invalid --ignore '${s}': empty manager name`);
    return { ...rule, managedFieldsManagers: [manager] };
  }
  if (parseJsonPointer(target) === undefined || target === '') {
    throw new Error(`invalid --ignore '${s}': '${target}' is not a JSON pointer (it must start with '/', e.g. /spec/replicas)`);
  }
  return { ...rule, jsonPointers: [target] };
}
