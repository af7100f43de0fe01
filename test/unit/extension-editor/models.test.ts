// The editor layer's pure models: decoration styles and grouping, hover Markdown, command links and arguments,
// the document view (checked vs typing), CodeLens specs, and the diff editor's two sides.
import { describe, expect, it } from 'vitest';
import { decorationModel } from '../../../src/core/editor';
import { parseManifestText } from '../../../src/core/manifests';
import { commandFor, commandLink, openDiffTarget } from '../../../src/extension/editor/command-args-model';
import { decorationsByKind, decorationStyle, gutterSvg } from '../../../src/extension/editor/decoration-style-model';
import { diffSides } from '../../../src/extension/editor/diff-sides-model';
import { checkedFitsText, documentView } from '../../../src/extension/editor/document-view-model';
import { decorationsAt, hoverMarkdown } from '../../../src/extension/editor/hover-model';
import { lensSpecs } from '../../../src/extension/editor/lens-model';
import { checkedResults, FILE, liveObjects, SECRET_B64, TEXT } from './fixtures';

const decorations = () => decorationModel(TEXT, FILE, checkedResults());
const NOW = Date.parse('2026-11-24T21:00:00Z');

describe('decoration styles', () => {
  it('each kind has its own contributed colours and gutter shape', () => {
    const kinds = ['changed', 'added', 'removed', 'missing'] as const;
    const styles = kinds.map((k) => decorationStyle(k));
    expect(styles.map((s) => s.background)).toEqual([
      'gitopsConverge.changedFieldBackground',
      'gitopsConverge.addedFieldBackground',
      'gitopsConverge.liveOnlyFieldBackground',
      'gitopsConverge.missingObjectBackground',
    ]);
    expect(new Set(kinds.map((k) => gutterSvg(k, '#000'))).size).toBe(4);
    expect(styles[0].gutterDark).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(styles[0].gutterDark.split(',')[1], 'base64').toString()).toContain('<rect x="5" y="0" width="4" height="16" fill="#e2c08d"/>');
  });

  it('groups decorations by kind with the after-text on the field line; a missing object marks its first line only', () => {
    const byKind = decorationsByKind(decorations());
    expect(byKind.changed).toEqual([
      { startLine: 7, endLine: 7, afterLine: 7, afterCharacter: 26, afterText: 'live: 5' },
      { startLine: 18, endLine: 18, afterLine: 18, afterCharacter: 24, afterText: 'live: ••• (changed)' },
    ]);
    expect(byKind.missing).toEqual([{ startLine: 20, endLine: 20, afterLine: 20, afterCharacter: 14, afterText: 'not in the cluster' }]);
    expect(byKind.added).toEqual([]);
  });

  it('a parent standing in for live-only fields is marked and hovered on its first line only', () => {
    // What a dry-run reports when someone added fields the manifest lacks (an apply would remove them).
    const [web] = checkedResults();
    const removed = { ...web, diff: [{ path: 'spec.paused', change: 'removed' as const, live: true }, { path: 'spec.minReadySeconds', change: 'removed' as const, live: 5 }] };
    const anchored = decorationModel(TEXT, FILE, removed).filter((d) => d.anchored);
    expect(anchored.map((d) => `${d.kind} ${d.path} ${d.range.start.line}-${d.range.end.line}`)).toEqual(['removed spec.paused 6-12', 'removed spec.minReadySeconds 6-12']);
    expect(decorationsByKind(anchored).removed).toEqual([{ startLine: 6, endLine: 6, afterLine: 6, afterCharacter: 5, afterText: 'live only: paused: true · live only: minReadySeconds: 5' }]);
    expect(decorationsAt(anchored, { line: 6, character: 0 })).toHaveLength(2);
    expect(decorationsAt(anchored, { line: 9, character: 6 })).toEqual([]);
  });

  it('joins several after-texts on one line instead of hiding one', () => {
    const [d] = decorations();
    const other = { ...d, kind: 'removed' as const, afterText: 'live only: a: 1' };
    const third = { ...other, afterText: 'live only: b: 2' };
    expect(decorationsByKind([other, third, { ...third }]).removed).toEqual([expect.objectContaining({ afterText: 'live only: a: 1 · live only: b: 2' })]);
  });
});

describe('hover', () => {
  it('shows desired vs live, the owner and when, and the three actions as command links', () => {
    const hits = decorationsAt(decorations(), { line: 7, character: 4 });
    expect(hits.map((h) => h.path)).toEqual(['spec.replicas']);
    const md = hoverMarkdown(hits.map((h) => h.hover), FILE, NOW);
    expect(md).toContain('**Deployment shop/web** · `spec.replicas` — changed in the cluster');
    expect(md).toContain('**Manifest:** `3`');
    expect(md).toContain('**Cluster:** `5`');
    expect(md).toContain('Live value set by `kubectl-scale` (Update of scale), 1h ago (2026-11-24T20:00:00Z)');
    const links = [...md.matchAll(/\[([^\]]+)\]\(command:([^?]+)\?([^ )]+)/g)].map((m) => [m[1], m[2], JSON.parse(decodeURIComponent(m[3]))]);
    expect(links).toEqual([
      ['Open diff', 'gitopsConverge.openDiff', [{ file: FILE, ref: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' } }]],
      ['Adopt live value', 'gitopsConverge.adoptLive', [{ file: FILE, ref: expect.objectContaining({ name: 'web' }), path: 'spec.replicas' }]],
      ['Ignore this field', 'gitopsConverge.ignoreField', [{ file: FILE, rule: { group: 'apps', kind: 'Deployment', name: 'web', namespace: 'shop', jsonPointers: ['/spec/replicas'] } }]],
    ]);
  });

  it('says which render a base object\'s verdict is about', () => {
    const hits = decorationsAt(decorations(), { line: 7, character: 4 });
    const md = hoverMarkdown(hits.map((h) => h.hover), FILE, NOW, (ref) => (ref.name === 'web' ? 'rendered from overlays/prod' : undefined));
    expect(md).toContain('— changed in the cluster\n\n_rendered from overlays/prod_\n');
  });

  it('a Secret field shows masks only and offers no adopt', () => {
    const hits = decorationsAt(decorations(), { line: 18, character: 30 });
    const md = hoverMarkdown(hits.map((h) => h.hover), FILE, NOW);
    expect(md).toContain('**Cluster:** `•••`');
    expect(md).toContain('_Secret values are hidden._');
    expect(md).not.toContain(SECRET_B64);
    expect(md).not.toContain('adoptLive');
  });

  it('a missing object is hovered on its first line only; lines without decoration have none', () => {
    expect(decorationsAt(decorations(), { line: 20, character: 0 }).map((d) => d.kind)).toEqual(['missing']);
    expect(decorationsAt(decorations(), { line: 23, character: 2 })).toEqual([]);
    expect(decorationsAt(decorations(), { line: 4, character: 2 })).toEqual([]);
  });
});

describe('command arguments', () => {
  it('reads hover args, Drift view nodes, results, Uris and tree file nodes', () => {
    const [r] = checkedResults();
    expect(openDiffTarget({ file: FILE, ref: r.ref })).toEqual({ file: FILE, ref: r.ref });
    expect(openDiffTarget({ result: r, id: 'x' })).toEqual({ file: FILE, ref: r.ref });
    expect(openDiffTarget({ ...r, source: undefined })).toEqual({ ref: r.ref });
    expect(openDiffTarget({ fsPath: FILE, scheme: 'file' })).toEqual({ file: FILE });
    expect(openDiffTarget({ kind: 'file', resourcePath: FILE })).toEqual({ file: FILE });
    expect(openDiffTarget(undefined)).toBeUndefined();
  });

  it('links carry JSON arguments and a tooltip without breaking the Markdown', () => {
    const link = commandLink(commandFor({ kind: 'openDiff', ref: { apiVersion: 'v1', kind: 'ConfigMap', name: 'a)b' } }, '/x.yaml'), 'say "hi"');
    expect(link).toMatch(/^\[Open diff\]\(command:gitopsConverge\.openDiff\?[^ ()]+ "say 'hi'"\)$/);
  });
});

describe('document view', () => {
  it('checked: the check verdicts placed in the current text; typing: offline verdicts against the cached live objects', () => {
    const live = liveObjects();
    const checked = checkedResults();
    const view = documentView({ text: TEXT, file: FILE, mode: 'checked', checked, live });
    expect(view.results.map((r) => `${r.ref.name}:${r.verdict}:${r.method}`)).toEqual(['web:diverged:dry-run', 'db:diverged:dry-run', 'extra:missing:dry-run']);
    // The user types the live value and adds a line above: the replicas mark goes, the others move down.
    const edited = TEXT.replace('replicas: 3 # keep three', 'replicas: 5 # keep three').replace('# the web app\n', '# the web app\n# scaled\n');
    const typing = documentView({ text: edited, file: FILE, mode: 'typing', checked, live });
    expect(typing.results.map((r) => `${r.ref.name}:${r.verdict}:${r.method}`)).toEqual(['web:converged:offline', 'db:diverged:offline', 'extra:missing:offline']);
    expect(typing.decorations.map((d) => `${d.line} ${d.kind} ${d.afterText}`)).toEqual(['19 changed live: ••• (changed)', '21 missing not in the cluster']);
  });

  it('one verdict per object when the file was checked against two contexts', () => {
    const checked = checkedResults();
    const twice = [...checked, ...checked.map((r) => ({ ...r, reason: 'other context' }))];
    const view = documentView({ text: TEXT, file: FILE, mode: 'checked', checked: twice, live: [] });
    expect(view.results).toEqual(checked);
    expect(view.decorations).toHaveLength(3);
  });

  it('typing falls back to the check verdict when the live object is not cached', () => {
    const checked = checkedResults();
    const view = documentView({ text: TEXT, file: FILE, mode: 'typing', checked, live: () => undefined });
    expect(view.results.map((r) => r.method)).toEqual(['dry-run', 'dry-run', 'dry-run']);
    expect(view.decorations).toHaveLength(3);
  });

  it('check verdicts fit the text they were computed on, not an edited one', () => {
    const checked = checkedResults();
    expect(checkedFitsText(parseManifestText(FILE, TEXT), checked)).toBe(true);
    expect(checkedFitsText(parseManifestText(FILE, TEXT.replace('web:1', 'web:10')), checked)).toBe(false);
    expect(checkedFitsText(parseManifestText(FILE, TEXT.replace(/---\napiVersion: v1\nkind: ConfigMap[^]*$/, '')), checked)).toBe(false);
  });
});

describe('CodeLens', () => {
  it('a verdict line per object, its actions, and Commit & Open PR for drift', () => {
    const specs = lensSpecs(TEXT, FILE, checkedResults());
    expect(specs.map((s) => `${s.line} ${s.title} → ${s.command?.command ?? '-'}`)).toEqual([
      '1 ⚠ diverged: 1 field → gitopsConverge.openDiff',
      '1 Open diff → gitopsConverge.openDiff',
      '1 Adopt all live → gitopsConverge.adoptLive',
      '1 Commit & Open PR → gitopsConverge.commitAndOpenPr',
      '14 ⚠ diverged: 1 field → gitopsConverge.openDiff',
      '14 Open diff → gitopsConverge.openDiff',
      '14 Commit & Open PR → gitopsConverge.commitAndOpenPr',
      '20 ＋ not in the cluster → gitopsConverge.openDiff',
      '20 Open diff → gitopsConverge.openDiff',
      '20 Commit & Open PR → gitopsConverge.commitAndOpenPr',
    ]);
    expect(specs[2].command?.args).toEqual([{ file: FILE, ref: expect.objectContaining({ name: 'web' }), path: '*' }]);
  });
});

describe('diff sides', () => {
  const live = liveObjects();
  const results = checkedResults();
  const [web, db] = results;

  it('one object: the live side in the manifest layout without server noise, the desired side as the diff sees it', () => {
    const sides = diffSides({ target: { file: FILE, ref: web.ref }, text: TEXT, live, results })!;
    expect(sides.title).toBe('Deployment web (live ↔ manifest)');
    expect(sides.live.path).toBe('/Deployment/shop/web (live).yaml');
    expect(sides.live.text).toBe('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: 5\n  template:\n    spec:\n      containers:\n        - name: app\n          image: web:1\n');
    expect(sides.desired!.text).toBe(sides.live.text.replace('replicas: 5', 'replicas: 3'));
  });

  it('a Secret is masked on both sides', () => {
    const sides = diffSides({ target: { file: FILE, ref: db.ref }, text: TEXT, live, results })!;
    expect(sides.live.text + sides.desired!.text).not.toContain(SECRET_B64);
    expect(sides.live.text).not.toBe(sides.desired!.text);
  });

  it('a whole file: one document per object, the missing one says so', () => {
    const sides = diffSides({ target: { file: FILE }, text: TEXT, live, results })!;
    expect(sides.title).toBe('web.yaml (live ↔ manifest)');
    expect(sides.live.path).toBe('/web (live).yaml');
    expect(sides.live.text.split('---\n')).toHaveLength(3);
    expect(sides.live.text).toContain('# not in the cluster\n');
    expect(sides.desired!.text).toContain('name: extra');
  });

  it('an orphan: the live object alone; an object edited away: nothing', () => {
    const orphan = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'stray', namespace: 'shop', resourceVersion: '9', managedFields: [] }, data: { a: '1' } };
    const sides = diffSides({ target: { ref: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'stray' } }, live: [orphan] })!;
    expect(sides.desired).toBeUndefined();
    expect(sides.live.text).toBe('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stray\n  namespace: shop\ndata:\n  a: "1"\n');
    expect(diffSides({ target: { file: FILE, ref: { ...web.ref, name: 'gone' } }, text: TEXT, live })).toBeUndefined();
  });
});
