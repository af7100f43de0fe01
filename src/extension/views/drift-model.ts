// The Drift tree as plain data, for a given check report: context → folder → file → resource → field.
// Pure: no vscode import. `drift-tree-provider.ts` translates these nodes into TreeItems.
import { basename, dirname, isAbsolute, relative, sep } from 'node:path';
import { describeEntry, formatValue, timeAgo } from '../../core/engine/reason';
import { displayRef } from '../../core/engine/results';
import { summarize } from '../../core/engine/summary';
import type { CheckReport, CheckSummary, DiffEntry, ManifestProblem, SourceRange, VerdictResult } from '../../core/types';
import { MANAGE_TRUST_COMMAND, splitNotRendered, type RestrictedNotice } from '../trust-model';
import { codeCell, escapeMarkdown, inlineCode } from './markdown';
import { describeCounts, needsAttention, VERDICT_ICONS, VERDICT_WORDS, worstVerdict, type IconSpec } from './verdict-style';

export type DriftNodeKind = 'context' | 'folder' | 'file' | 'group' | 'resource' | 'field' | 'orphans' | 'info';

/** How resources in manifests are grouped under their context. */
export type GroupBy = 'folder' | 'kind' | 'namespace';

export const GROUP_BY_VALUES: readonly GroupBy[] = ['folder', 'kind', 'namespace'];

export interface OpenTarget {
  file: string;
  range: SourceRange;
}

export interface DriftNode {
  /** Stable across refreshes, so expansion and selection survive. */
  id: string;
  kind: DriftNodeKind;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  /** What a screen reader says: the verdict in words, which the icon only shows. */
  ariaLabel?: string;
  /** Codicon; undefined means "the file icon theme's icon for `resourcePath`". */
  icon?: IconSpec;
  /** The file or folder this node stands for (file icons and file decorations). */
  resourcePath?: string;
  /** Where "open" goes: the object's (or field's) exact range in its manifest. */
  open?: OpenTarget;
  /** For `contextValue` in menus. */
  contextValue: string;
  /** Undefined: a leaf. */
  expanded?: boolean;
  /** The verdict this node stands for (resources) or the worst below it (groups). */
  verdict?: VerdictResult['verdict'];
  counts?: CheckSummary;
  /** The engine's result, for resource nodes. */
  result?: VerdictResult;
  /** Runs on click instead of opening `open` (the Restricted Mode row: Manage Workspace Trust). */
  command?: { command: string; title: string };
  children: DriftNode[];
}

export interface DriftModelOptions {
  /** Workspace folders (absolute), to show paths relative to them. */
  roots: readonly string[];
  /** Keep only resources that are not converged. */
  onlyDrift?: boolean;
  /** Default `folder`: folder → file → resource. `kind` / `namespace`: one node per kind / namespace. */
  groupBy?: GroupBy;
  now?: number;
  /** Restricted Mode (untrusted workspace): a first row that says what trust would enable. */
  restricted?: RestrictedNotice;
}

export function buildDriftTree(reports: readonly CheckReport[], opts: DriftModelOptions): DriftNode[] {
  const contexts = reports.map((r) => contextNode(r, opts));
  return opts.restricted ? [restrictedNode(opts.restricted), ...contexts] : contexts;
}

function restrictedNode(n: RestrictedNotice): DriftNode {
  return {
    id: 'restricted-mode',
    kind: 'info',
    label: n.label,
    description: n.description,
    tooltip: n.tooltip,
    ariaLabel: `${n.label}: ${n.description}`,
    icon: { id: 'shield', color: 'list.warningForeground' },
    contextValue: 'restrictedMode',
    command: { command: MANAGE_TRUST_COMMAND, title: 'Manage Workspace Trust' },
    children: [],
  };
}

/** Kustomizations and charts the check did not render (untrusted workspace, remote chart, …): warnings of the engine. */
export function notRenderedProblems(report: CheckReport): ManifestProblem[] {
  return report.problems.filter((p) => p.rule === 'not-rendered');
}

function contextNode(report: CheckReport, opts: DriftModelOptions): DriftNode {
  const name = report.context ?? 'no context';
  const counts = report.summary ?? summarize(report.resources);
  const shown = opts.onlyDrift ? report.resources.filter((r) => needsAttention(r.verdict)) : report.resources;
  const notRendered = notRenderedProblems(report);
  const children: DriftNode[] =
    opts.groupBy === 'kind' || opts.groupBy === 'namespace'
      ? [...attributeGroups(name, shown, opts.groupBy, opts), ...notRendered.map((p, i) => notRenderedNode(name, p, i, opts))]
      : fileGroups(name, shown, notRendered, opts);
  const orphans = shown.filter((r) => !r.source);
  if (orphans.length > 0) children.push(orphansNode(name, orphans, opts));
  if (children.length === 0) {
    children.push({
      id: `info:${name}`,
      kind: 'info',
      label: report.resources.length === 0 ? 'No resources' : `All ${counts.converged} resources converged`,
      icon: report.resources.length === 0 ? { id: 'info' } : VERDICT_ICONS.converged,
      contextValue: 'info',
      children: [],
    });
  }
  const tooltip = [
    `**${escapeMarkdown(name)}**${report.cluster ? ` — ${inlineCode(report.cluster)}` : ''}`,
    '',
    escapeMarkdown(summaryLine(counts)),
  ].join('\n');
  return {
    id: `context:${name}`,
    kind: 'context',
    label: name,
    description: describeCounts(counts),
    ariaLabel: `cluster context ${name}, ${describeCounts(counts)}`,
    tooltip,
    icon: { id: 'server-environment', color: iconFor(worstVerdict(counts)).color },
    contextValue: 'context',
    expanded: true,
    verdict: worstVerdict(counts),
    counts,
    children,
  };
}

function summaryLine(c: CheckSummary): string {
  return `${c.total} resources: ${c.converged} converged, ${c.diverged} diverged, ${c.missing} missing, ${c.orphaned} orphaned, ${c.unknown} unknown, ${c.invalid} invalid`;
}

/** Folders (sorted), then files at a root's top level. */
function fileGroups(ctx: string, results: readonly VerdictResult[], notRendered: readonly ManifestProblem[], opts: DriftModelOptions): DriftNode[] {
  const byFile = new Map<string, VerdictResult[]>();
  for (const r of results) {
    if (!r.source) continue;
    const list = byFile.get(r.source.file) ?? [];
    list.push(r);
    byFile.set(r.source.file, list);
  }
  const problemsByFile = new Map<string, ManifestProblem[]>();
  for (const p of notRendered) {
    problemsByFile.set(p.file, [...(problemsByFile.get(p.file) ?? []), p]);
    if (!byFile.has(p.file)) byFile.set(p.file, []);
  }
  const byFolder = new Map<string, { label: string; path: string; files: DriftNode[] }>();
  const topFiles: DriftNode[] = [];
  for (const [file, list] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    const node = fileNode(ctx, file, list, opts, problemsByFile.get(file) ?? []);
    const folder = folderLabel(file, opts.roots);
    if (folder === undefined) {
      topFiles.push(node);
      continue;
    }
    const group = byFolder.get(folder) ?? { label: folder, path: dirname(file), files: [] };
    group.files.push(node);
    byFolder.set(folder, group);
  }
  const folders = [...byFolder.values()]
    .sort((a, b) => a.label.localeCompare(b.label))
    .map((g) => groupNode(`folder:${ctx}:${g.path}`, 'folder', g.label, g.files, g.path));
  return [...folders, ...topFiles];
}

/** One node per kind (or namespace), sorted by name; resources inside by namespace/name. */
function attributeGroups(ctx: string, results: readonly VerdictResult[], by: 'kind' | 'namespace', opts: DriftModelOptions): DriftNode[] {
  const groups = new Map<string, VerdictResult[]>();
  for (const r of results) {
    if (!r.source) continue;
    const key = by === 'kind' ? r.ref.kind || '(invalid manifests)' : r.ref.kind ? (r.ref.namespace ?? '(cluster-scoped)') : '(invalid manifests)';
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, list]) => {
      const children = list.map((r, i) => resourceNode(ctx, r, i, opts)).sort((a, b) => a.label.localeCompare(b.label));
      const counts = summarize(list);
      return {
        id: `group:${ctx}:${by}:${label}`,
        kind: 'group',
        label,
        description: describeCounts(counts),
        ariaLabel: `${by} ${label}, ${describeCounts(counts)}`,
        tooltip: `${by === 'kind' ? 'Kind' : 'Namespace'} ${inlineCode(label)}\n\n${escapeMarkdown(summaryLine(counts))}`,
        icon: { id: by === 'kind' ? 'symbol-class' : 'symbol-namespace', color: worstVerdict(counts) === 'converged' ? undefined : VERDICT_ICONS[worstVerdict(counts)].color },
        contextValue: 'group',
        expanded: counts.total - counts.converged > 0,
        verdict: worstVerdict(counts),
        counts,
        children,
      } satisfies DriftNode;
    });
}

/** Folder label relative to its workspace root; undefined for files right at the top of the only root. */
export function folderLabel(file: string, roots: readonly string[]): string | undefined {
  const dir = dirname(file);
  const root = roots.find((r) => dir === r || dir.startsWith(r.endsWith(sep) ? r : r + sep));
  if (!root) return dir;
  const rel = relative(root, dir);
  if (roots.length > 1) return rel ? `${basename(root)}${sep}${rel}` : basename(root);
  return rel === '' || isAbsolute(rel) ? undefined : rel;
}

function fileNode(ctx: string, file: string, results: VerdictResult[], opts: DriftModelOptions, notRendered: readonly ManifestProblem[]): DriftNode {
  const sorted = [...results].sort(bySourceOrder);
  const children = [...notRendered.map((p, i) => notRenderedNode(ctx, p, i, opts)), ...sorted.map((r, i) => resourceNode(ctx, r, i, opts))];
  return groupNode(`file:${ctx}:${file}`, 'file', basename(file), children, file);
}

/** For a folder or file with nothing checked below it: what was not rendered there, if anything. */
function notRenderedBelow(children: readonly DriftNode[]): string | undefined {
  const rows = flattenTree(children).filter((n) => n.contextValue === 'notRendered');
  if (rows.length === 0) return undefined;
  const reasons = new Set(rows.map((n) => n.description));
  return rows.length === 1 || reasons.size === 1 ? rows[0].description : `${rows.length} not rendered`;
}

/** "kustomization overlays/prod" — "not rendered: workspace not trusted" (its objects are unknown, not missing). */
function notRenderedNode(ctx: string, p: ManifestProblem, index: number, opts: DriftModelOptions): DriftNode {
  const { what, reason } = splitNotRendered(p.message);
  const root = opts.roots.find((x) => p.file.startsWith(x + sep));
  const range = p.range ?? { start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 0, offset: 0 } };
  return {
    id: `not-rendered:${ctx}:${p.file}:${range.start.offset}:${index}`,
    kind: 'info',
    label: what,
    description: reason,
    ariaLabel: `${what}, ${reason}`,
    tooltip: `**${escapeMarkdown(what)}** — ${escapeMarkdown(reason)}\n\nIts objects are not compared with the cluster.\n\n${inlineCode(root ? relative(root, p.file) : p.file)} line ${range.start.line + 1}`,
    icon: { id: 'circle-slash', color: 'list.warningForeground' },
    open: { file: p.file, range },
    contextValue: 'notRendered',
    children: [],
  };
}

function groupNode(id: string, kind: 'folder' | 'file', label: string, children: DriftNode[], path: string): DriftNode {
  const counts = summarize(children.flatMap(resultsBelow));
  const notRendered = counts.total === 0 ? notRenderedBelow(children) : undefined;
  return {
    id,
    kind,
    label,
    description: notRendered ?? describeCounts(counts),
    ariaLabel: `${kind} ${label}, ${describeCounts(counts)}`,
    tooltip: `${inlineCode(path)}\n\n${escapeMarkdown(summaryLine(counts))}`,
    resourcePath: path,
    contextValue: kind,
    expanded: kind === 'folder' || counts.total - counts.converged > 0 || notRendered !== undefined,
    verdict: worstVerdict(counts),
    counts,
    children,
  };
}

function resultsBelow(node: DriftNode): VerdictResult[] {
  if (node.kind === 'resource' && node.result) return [node.result];
  return node.children.flatMap(resultsBelow);
}

function bySourceOrder(a: VerdictResult, b: VerdictResult): number {
  const sa = a.source!;
  const sb = b.source!;
  return sa.docIndex - sb.docIndex || (sa.listIndex ?? 0) - (sb.listIndex ?? 0) || sa.range.start.offset - sb.range.start.offset;
}

function orphansNode(ctx: string, orphans: VerdictResult[], opts: DriftModelOptions): DriftNode {
  const children = orphans
    .map((r, i) => resourceNode(ctx, r, i, opts))
    .sort((a, b) => a.label.localeCompare(b.label));
  return {
    id: `orphans:${ctx}`,
    kind: 'orphans',
    label: 'Only in cluster',
    description: describeCounts(summarize(orphans)),
    tooltip: 'Objects in the cluster that match the orphan selector but are in no manifest.',
    icon: VERDICT_ICONS.orphaned,
    contextValue: 'orphans',
    expanded: true,
    verdict: worstVerdict(summarize(orphans)),
    counts: summarize(orphans),
    children,
  };
}

/** `Deployment web/api`; broken manifests have no identity and are labelled as such. */
export function resourceLabel(r: VerdictResult): string {
  if (!r.ref.kind && !r.ref.name) return 'Invalid manifest';
  return displayRef(r.ref);
}

/** The short reason shown next to a resource. */
export function shortReason(r: VerdictResult, max = 80): string {
  const text = r.verdict === 'converged' ? 'converged' : r.reason || VERDICT_WORDS[r.verdict];
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function resourceNode(ctx: string, r: VerdictResult, index: number, opts: DriftModelOptions): DriftNode {
  const src = r.source;
  const id = src
    ? `res:${ctx}:${src.file}:${src.docIndex}:${src.listIndex ?? ''}:${r.ref.kind ? '' : `${src.range.start.offset}:${index}`}${r.rendered ? `:${r.rendered.root}:${r.ref.namespace ?? ''}:${r.ref.name}` : ''}`
    : `orphan:${ctx}:${r.ref.apiVersion}:${r.ref.kind}:${r.ref.namespace ?? ''}:${r.ref.name}`;
  const children = r.verdict === 'diverged' ? r.diff.map((e, i) => fieldNode(id, r, e, i, opts.now)) : [];
  return {
    id,
    kind: 'resource',
    label: resourceLabel(r),
    description: r.rendered ? `${shortReason(r, 60)} · ${r.rendered.note}` : shortReason(r),
    ariaLabel: `${resourceLabel(r)}, ${VERDICT_WORDS[r.verdict]}${r.verdict === 'converged' || !r.reason ? '' : `: ${r.reason}`}${r.rendered ? `, ${r.rendered.note}` : ''}`,
    tooltip: resourceTooltip(r, opts),
    icon: iconFor(r.verdict),
    open: src ? { file: src.file, range: src.range } : undefined,
    contextValue: `resource.${r.verdict}${src ? '.inFile' : ''}`,
    expanded: children.length > 0 ? false : undefined,
    verdict: r.verdict,
    result: r,
    children,
  };
}

function iconFor(verdict: VerdictResult['verdict']): IconSpec {
  return VERDICT_ICONS[verdict];
}

const CHANGE_ICONS: Record<DiffEntry['change'], IconSpec> = {
  changed: { id: 'diff-modified', color: 'gitDecoration.modifiedResourceForeground' },
  added: { id: 'diff-added', color: 'gitDecoration.addedResourceForeground' },
  removed: { id: 'diff-removed', color: 'gitDecoration.deletedResourceForeground' },
};

function fieldNode(parentId: string, r: VerdictResult, e: DiffEntry, index: number, now?: number): DriftNode {
  const src = r.source;
  const field = src && e.desiredPath ? src.fieldRange(e.desiredPath) : undefined;
  const range = field ? { start: (field.key ?? field.value).start, end: field.value.end } : src?.range;
  return {
    id: `${parentId}:field:${index}:${e.path}`,
    kind: 'field',
    label: e.path,
    description: describeEntry(e, now),
    tooltip: diffTable([e], now),
    icon: CHANGE_ICONS[e.change],
    open: src && range ? { file: src.file, range } : undefined,
    contextValue: 'field',
    children: [],
  };
}

export function resourceTooltip(r: VerdictResult, opts: Pick<DriftModelOptions, 'roots' | 'now'>): string {
  const lines = [`**${escapeMarkdown(resourceLabel(r))}** — ${escapeMarkdown(VERDICT_WORDS[r.verdict])}`, ''];
  if (r.ref.apiVersion) lines.push(`${inlineCode(r.ref.apiVersion)}`, '');
  if (r.rendered) lines.push(renderedLine(r, opts.roots), '');
  if (r.reason) lines.push(escapeMarkdown(r.reason), '');
  if (r.diff.length > 0) lines.push(diffTable(r.diff, opts.now), '');
  const facts: string[] = [];
  if (r.source) {
    const root = opts.roots.find((x) => r.source!.file.startsWith(x + sep));
    const shown = root ? relative(root, r.source.file) : r.source.file;
    facts.push(`${inlineCode(shown)} line ${r.source.range.start.line + 1}`);
  }
  if (r.method) facts.push(`checked by ${r.method}${r.fieldManager ? ` as ${inlineCode(r.fieldManager)}` : ''}`);
  if (r.liveResourceVersion) facts.push(`resourceVersion ${inlineCode(r.liveResourceVersion)}`);
  if (facts.length > 0) lines.push(facts.join(' · '));
  return lines.join('\n').trimEnd();
}

/** "rendered from overlays/prod by kustomize · applied by Kustomization flux-system/apps (clusters/prod/apps.yaml) · patched by …". */
export function renderedLine(r: VerdictResult, roots: readonly string[]): string {
  const rendered = r.rendered!;
  const rel = (file: string) => {
    const root = roots.find((x) => file.startsWith(x + sep));
    return root ? relative(root, file) : file;
  };
  const parts = [`${escapeMarkdown(rendered.note)} (${rendered.tool})`];
  if (rendered.owner) parts.push(`applied by ${escapeMarkdown(displayRef(rendered.owner.ref))} in ${inlineCode(rel(rendered.owner.file))}`);
  const patches = [...new Set((rendered.patches ?? []).map((p) => p.file))];
  if (patches.length) parts.push(`patched by ${patches.map((f) => inlineCode(rel(f))).join(', ')}`);
  return parts.join(' · ');
}

function diffTable(diff: readonly DiffEntry[], now?: number): string {
  const rows = diff.map((e) => {
    const hide = (v: unknown) => (e.masked ? '(hidden)' : formatValue(v));
    const desired = e.change === 'removed' ? '—' : codeCell(hide(e.desired));
    const live = e.change === 'added' ? '—' : codeCell(hide(e.live));
    const who = e.owner ? escapeMarkdown(`${e.owner.manager}${e.owner.operation ? ` (${e.owner.operation})` : ''}${e.owner.time ? `, ${timeAgo(e.owner.time, now)}` : ''}`) : '';
    return `| ${codeCell(e.path)} | ${desired} | ${live} | ${who} |`;
  });
  return ['| field | manifest | cluster | changed by |', '|---|---|---|---|', ...rows].join('\n');
}

/** Every node, depth first (for tests and the API). */
export function flattenTree(nodes: readonly DriftNode[]): DriftNode[] {
  return nodes.flatMap((n) => [n, ...flattenTree(n.children)]);
}

/**
 * Everything a tree shows and its commands act on, as one string: two trees with the same signature look and behave
 * the same (a re-check that changed nothing). Results count by verdict, reason, diff and live resourceVersion.
 */
export function treeSignature(nodes: readonly DriftNode[]): string {
  const parts: unknown[] = [];
  const add = (n: DriftNode): void => {
    const r = n.result;
    parts.push([
      n.id,
      n.label,
      n.description,
      n.tooltip,
      n.ariaLabel,
      n.icon?.id,
      n.icon?.color,
      n.resourcePath,
      n.contextValue,
      n.expanded,
      n.command?.command,
      n.open && [n.open.file, n.open.range.start.offset, n.open.range.end.offset],
      r && [r.verdict, r.reason, r.liveResourceVersion, r.fieldManager, r.diff],
      n.children.length,
    ]);
    n.children.forEach(add);
  };
  nodes.forEach(add);
  return JSON.stringify(parts);
}
