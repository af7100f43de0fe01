// Suggested branch names, commit messages, PR titles and bodies from the changes going into a PR.
// Secret values never appear: masked entries, and any value field of a Secret, are always hidden.
import { relative, sep } from 'node:path';
import { formatValue, shortPath } from '../engine/reason';
import type { DiffEntry, ObjectRef } from '../types';

export interface PrChange {
  ref: ObjectRef;
  /** Manifest file (absolute, or relative to the repository root). */
  file: string;
  /** Drift entries: `desired` is the manifest's value, `live` the cluster's. */
  diff: DiffEntry[];
  /**
   * `apply` (default): the manifest was edited and the PR makes the cluster follow it (live → desired).
   * `adopt`: live values were written into the manifest (desired → live), e.g. a `kubectl edit` hotfix.
   */
  direction?: 'apply' | 'adopt';
}

/** One field's change as the PR makes it. `from`/`to` undefined: absent on that side. */
export interface FieldChange {
  path: string;
  field: string;
  from?: unknown;
  to?: unknown;
  hidden: boolean;
}

const SECRET_PLAIN_PATHS = /^(apiVersion|kind|type|immutable)$|^metadata\.(name|namespace|labels|generateName)(\.|\[|$)/;

/** True when a field of this object may hold secret data and its value must never be shown. */
export function isSecretValue(ref: Pick<ObjectRef, 'kind'>, entry: Pick<DiffEntry, 'path' | 'masked'>): boolean {
  if (entry.masked) return true;
  if (ref.kind !== 'Secret') return false;
  return !SECRET_PLAIN_PATHS.test(entry.path);
}

export function fieldChanges(change: PrChange): FieldChange[] {
  const adopt = change.direction === 'adopt';
  return change.diff.map((e) => {
    const hidden = isSecretValue(change.ref, e);
    const from = adopt ? e.desired : e.live;
    const to = adopt ? e.live : e.desired;
    const base = { path: e.path, field: shortPath(e.path), hidden };
    // `added`: only desired has it; `removed`: only live has it.
    const hasDesired = e.change !== 'removed';
    const hasLive = e.change !== 'added';
    const hasFrom = adopt ? hasDesired : hasLive;
    const hasTo = adopt ? hasLive : hasDesired;
    if (hidden) return { ...base };
    return { ...base, ...(hasFrom ? { from } : {}), ...(hasTo ? { to } : {}) };
  });
}

function describeField(f: FieldChange, hasFrom: boolean, hasTo: boolean): string {
  if (f.hidden) return `${f.field} changed (value hidden)`;
  if (hasFrom && hasTo) return `${f.field} ${formatValue(f.from)} → ${formatValue(f.to)}`;
  if (hasTo) return `${f.field} ${formatValue(f.to)} (added)`;
  return `${f.field} removed (was ${formatValue(f.from)})`;
}

function fieldSummary(f: FieldChange): string {
  return describeField(f, 'from' in f, 'to' in f);
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/\[[^\]]*\]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** The last plain field name of a path, e.g. `image` for `spec...containers[name="app"].image`. */
function fieldSlug(path: string): string {
  const last = shortPath(path).split('.').pop() ?? path;
  return slug(last);
}

/**
 * `converge/web-replicas` for one field of one resource, `converge/web` for several fields,
 * `converge/web-api` for a few resources, `converge/5-resources` beyond. `taken` names get `-2`, `-3`…
 */
export function suggestBranchName(changes: PrChange[], taken: Iterable<string> = [], prefix = 'converge/'): string {
  const names = [...new Set(changes.map((c) => slug(c.ref.name) || slug(c.ref.kind) || 'change'))];
  let stem: string;
  if (names.length === 1) {
    const fields = [...new Set(changes.flatMap((c) => c.diff.map((e) => fieldSlug(e.path))).filter(Boolean))];
    stem = fields.length === 1 ? `${names[0]}-${fields[0]}` : names[0];
  } else if (names.length <= 3) {
    stem = names.join('-');
  } else {
    stem = `${names.length}-resources`;
  }
  if (changes.length > 0 && changes.every((c) => c.direction === 'adopt')) stem = `adopt-${stem}`;
  stem = stem.slice(0, 60).replace(/-+$/, '') || 'change';
  const used = new Set(taken);
  let name = `${prefix}${stem}`;
  for (let i = 2; used.has(name); i++) name = `${prefix}${stem}-${i}`;
  return name;
}

const SUBJECT_MAX = 72;

function resourceLine(c: PrChange): string {
  const fields = fieldChanges(c).map(fieldSummary);
  return `${c.ref.name}: ${fields.length ? fields.join(', ') : 'manifest updated'}`;
}

/** PR title / commit subject: `web: replicas 3 → 5`, shortened when there is more. */
export function prTitle(changes: PrChange[]): string {
  if (changes.length === 0) return 'Update manifests';
  const byName = new Map<string, PrChange[]>();
  for (const c of changes) byName.set(c.ref.name, [...(byName.get(c.ref.name) ?? []), c]);
  if (byName.size === 1) {
    const merged: PrChange = { ...changes[0], diff: changes.flatMap((c) => c.diff) };
    const full = resourceLine(merged);
    if (full.length <= SUBJECT_MAX) return full;
    const fields = [...new Set(fieldChanges(merged).map((f) => f.field))];
    const short = `${merged.ref.name}: ${fields.slice(0, 3).join(', ')}${fields.length > 3 ? ` and ${fields.length - 3} more` : ''}`;
    return short.length <= SUBJECT_MAX ? short : `${short.slice(0, SUBJECT_MAX - 1)}…`;
  }
  const names = [...byName.keys()];
  const verb = changes.every((c) => c.direction === 'adopt') ? 'Adopt live changes in' : 'Update';
  const list = names.length <= 3 ? names.join(', ') : `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`;
  const title = `${verb} ${list}`;
  return title.length <= SUBJECT_MAX ? title : `${title.slice(0, SUBJECT_MAX - 1)}…`;
}

/** Commit message: the title, then one line per resource when there are several or the title was shortened. */
export function commitMessage(changes: PrChange[]): string {
  const subject = prTitle(changes);
  if (changes.length === 1 && subject === resourceLine(changes[0])) return subject;
  const lines = changes.map((c) => `- ${c.ref.kind} ${c.ref.namespace ? `${c.ref.namespace}/` : ''}${resourceLine(c)}`);
  return `${subject}\n\n${lines.join('\n')}`;
}

function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(v: string): string {
  const s = cell(v);
  const fence = s.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${s}${fence.length > 1 ? ' ' : ''}${fence}`;
}

function displayFile(file: string, repoRoot?: string): string {
  const rel = repoRoot && file.startsWith(repoRoot) ? relative(repoRoot, file) : file;
  return rel.split(sep).join('/');
}

export interface PrBodyOptions {
  /** To show files relative to the repository. */
  repoRoot?: string;
  /** A line appended at the end, e.g. who made it. */
  footer?: string;
}

/** Markdown PR body: what the change does and a table of resources and fields. */
export function prBody(changes: PrChange[], options: PrBodyOptions = {}): string {
  const adopt = changes.length > 0 && changes.every((c) => c.direction === 'adopt');
  const out: string[] = [];
  out.push(
    adopt
      ? 'Adopts values changed directly in the cluster into the manifests, so Git describes the cluster again.'
      : 'Updates the manifests; once merged and synced, the cluster follows them.',
    '',
    '| Resource | File | Field | Change |',
    '| --- | --- | --- | --- |',
  );
  let hidden = false;
  for (const c of changes) {
    const resource = `${c.ref.kind} ${c.ref.namespace ? `${c.ref.namespace}/` : ''}${c.ref.name}`;
    const file = displayFile(c.file, options.repoRoot);
    const fields = fieldChanges(c);
    if (fields.length === 0) out.push(`| ${cell(resource)} | ${code(file)} | | manifest updated |`);
    for (const f of fields) {
      hidden ||= f.hidden;
      let what: string;
      if (f.hidden) what = 'changed (value hidden)';
      else if ('from' in f && 'to' in f) what = `${code(formatValue(f.from))} → ${code(formatValue(f.to))}`;
      else if ('to' in f) what = `added ${code(formatValue(f.to))}`;
      else what = `removed (was ${code(formatValue(f.from))})`;
      out.push(`| ${cell(resource)} | ${code(file)} | ${code(f.path)} | ${what} |`);
    }
  }
  if (hidden) out.push('', 'Secret values are not shown.');
  if (options.footer) out.push('', options.footer);
  return out.join('\n') + '\n';
}
