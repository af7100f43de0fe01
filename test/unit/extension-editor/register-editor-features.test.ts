// The editor features through a fake `vscode`: decorations painted on the right lines with the right after-texts,
// recomputed 50 ms after typing from the cached live objects (no verdict request), the check's verdicts back after
// save, hover content, CodeLenses, Adopt live value / Ignore this field edits, and the diff editor's two sides.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { VerdictResult } from '../../../src/core/types';
import * as fake from './fake-vscode';
import { checkedResults, FILE, liveLookup, liveObjects, SECRET_B64, TEXT } from './fixtures';

vi.mock('vscode', async () => (await import('./fake-vscode')).vscode);

const live = liveObjects();
let results: VerdictResult[] = checkedResults();
const resultsChanged = new fake.EventEmitter<void>();
const getLiveObject = vi.fn(liveLookup(live));
const getResults = vi.fn((_uri: unknown) => results);
const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const context = { subscriptions: [] as Array<{ dispose(): void }> };
let features: Awaited<ReturnType<typeof register>>;
let doc: fake.FakeDocument;
let editor: fake.FakeEditor;

async function register() {
  const { registerEditorFeatures } = await import('../../../src/extension/editor');
  return registerEditorFeatures(context as never, {
    getResults,
    getLiveObject,
    onDidChangeResults: resultsChanged.event,
    config: () => ({ ignore: [], compareStatus: [], defaultNamespace: 'default' }),
    log,
  });
}

/** `line: after-text` of the after-text decorations of one kind, and the highlighted line ranges. */
function painted(kind: 'changed' | 'added' | 'removed' | 'missing') {
  const colour = { changed: 'changedField', added: 'addedField', removed: 'liveOnlyField', missing: 'missingObject' }[kind];
  const line = fake.decorationTypes.find((t) => t.options.backgroundColor?.id === `gitopsConverge.${colour}Background`)!;
  const text = fake.decorationTypes.find((t) => t.options.after?.color?.id === `gitopsConverge.${colour}Foreground`)!;
  const ranges = (editor.decorations.get(line) ?? []) as fake.Range[];
  const after = (editor.decorations.get(text) ?? []) as Array<{ range: fake.Range; renderOptions: { after: { contentText: string } } }>;
  return {
    lines: ranges.map((r) => `${r.start.line}-${r.end.line}`),
    after: after.map((a) => `${a.range.start.line}:${a.range.start.character} ${a.renderOptions.after.contentText}`),
  };
}

beforeAll(async () => {
  fake.workspaceFolders.push({ uri: fake.Uri.file('/ws'), name: 'ws', index: 0 });
  doc = fake.openDocument(FILE, TEXT);
  editor = fake.showEditor(doc);
  features = await register();
});

afterEach(() => {
  vi.useRealTimers();
  fake.resetUi();
});

describe('registerEditorFeatures', () => {
  it('registers the providers, the scheme and the three commands', () => {
    expect([...fake.commands.keys()]).toEqual(['gitopsConverge.openDiff', 'gitopsConverge.adoptLive', 'gitopsConverge.ignoreField']);
    expect([...fake.providers.content.keys()]).toEqual(['converge-live']);
    expect(fake.providers.hover).toHaveLength(1);
    expect(fake.providers.codeLens).toHaveLength(1);
    expect(fake.decorationTypes).toHaveLength(8);
    expect(fake.decorationTypes[0].options).toMatchObject({ isWholeLine: true, overviewRulerLane: 4, dark: { gutterIconPath: expect.objectContaining({ scheme: 'data' }) } });
  });

  it('paints the check verdicts: changed fields, the Secret masked, the missing object', () => {
    expect(painted('changed')).toEqual({ lines: ['7-7', '18-18'], after: ['7:26 live: 5', '18:24 live: ••• (changed)'] });
    expect(painted('missing')).toEqual({ lines: ['20-20'], after: ['20:14 not in the cluster'] });
    expect(painted('added').after).toEqual([]);
    expect(JSON.stringify([...editor.decorations.values()])).not.toContain(SECRET_B64);
  });

  it('while typing: recomputed 50 ms after the last keystroke from the cached live objects, ranges from the new text', () => {
    vi.useFakeTimers();
    getResults.mockClear();
    getLiveObject.mockClear();
    // Two lines above, then the live value typed in.
    doc.edit(0, 0, '# one\n# two\n');
    const at = doc.getText().indexOf('replicas: 3') + 'replicas: '.length;
    doc.edit(at, at + 1, '5');
    expect(painted('changed').after).toEqual(['7:26 live: 5', '18:24 live: ••• (changed)']); // not yet
    vi.advanceTimersByTime(49);
    expect(painted('changed').after).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(painted('changed').after).toEqual(['20:24 live: ••• (changed)']);
    expect(painted('missing').after).toEqual(['22:14 not in the cluster']);
    expect(features.views.viewOf(doc as never).mode).toBe('typing');
    expect(getLiveObject).toHaveBeenCalledWith({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }, FILE);
    expect(getLiveObject).toHaveBeenCalledTimes(3); // one computation for both keystrokes
  });

  it('after save, stale verdicts do not replace the offline ones; the re-check result does', async () => {
    await doc.save();
    resultsChanged.fire(); // e.g. the view redrew before the re-check finished: verdicts of the old text
    expect(features.views.viewOf(doc as never).mode).toBe('typing');
    expect(painted('changed').after).toEqual(['20:24 live: ••• (changed)']);
    results = checkedResults(doc.getText());
    resultsChanged.fire();
    expect(features.views.viewOf(doc as never)).toMatchObject({ mode: 'checked' });
    expect(painted('changed').after).toEqual(['20:24 live: ••• (changed)']);
  });

  it('a same-length edit saved: the previous verdicts (same offsets) wait for the re-check', async () => {
    const at = doc.getText().indexOf('replicas: 5');
    doc.edit(at, at + 'replicas: 5'.length, 'replicas: 4');
    await doc.save();
    resultsChanged.fire(); // a redraw with the verdicts of `replicas: 5`, which fit the text by offsets
    expect(features.views.viewOf(doc as never).mode).toBe('typing');
    expect(painted('changed').after).toEqual(['9:26 live: 5', '20:24 live: ••• (changed)']);
    results = checkedResults(doc.getText());
    resultsChanged.fire();
    expect(features.views.viewOf(doc as never).mode).toBe('checked');
    expect(painted('changed').after).toEqual(['9:26 live: 5', '20:24 live: ••• (changed)']);
    const back = doc.getText().indexOf('replicas: 4');
    doc.edit(back, back + 'replicas: 4'.length, 'replicas: 5');
    await doc.save();
    results = checkedResults(doc.getText());
    resultsChanged.fire();
  });

  it('hover: desired vs live, owner, and trusted command links; none where nothing is decorated', async () => {
    const at = doc.getText().indexOf('replicas: 5');
    doc.edit(at, at + 'replicas: 5'.length, 'replicas: 3');
    const hover = fake.providers.hover[0].provideHover(doc, doc.positionAt(at + 3)) as fake.Hover;
    expect(hover.contents.value).toContain('**Manifest:** `3`');
    expect(hover.contents.value).toContain('**Cluster:** `5`');
    expect(hover.contents.value).toContain('Live value set by `kubectl-scale`');
    expect(hover.contents.isTrusted).toEqual({ enabledCommands: ['gitopsConverge.openDiff', 'gitopsConverge.adoptLive', 'gitopsConverge.ignoreField'] });
    expect(hover.range).toEqual(new fake.Range(9, 2, 9, 13));
    expect(fake.providers.hover[0].provideHover(doc, new fake.Position(4, 2))).toBeUndefined();
  });

  it('CodeLens: verdict and actions above each object; refreshed when verdicts change', () => {
    const provider = fake.providers.codeLens[0];
    const fired = vi.fn();
    provider.onDidChangeCodeLenses(fired);
    const lenses = provider.provideCodeLenses(doc) as fake.CodeLens[];
    expect(lenses.map((l) => `${l.range.start.line} ${l.command!.title}`).slice(0, 4)).toEqual([
      '3 ⚠ diverged: 1 field',
      '3 Open diff',
      '3 Adopt all live',
      '3 Commit & Open PR',
    ]);
    resultsChanged.fire();
    expect(fired).toHaveBeenCalled();
  });

  it('Adopt live value writes the cluster value, keeping the comment', async () => {
    const before = doc.getText();
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' };
    expect(await fake.commands.get('gitopsConverge.adoptLive')!({ file: FILE, ref, path: 'spec.replicas' })).toBe(true);
    expect(doc.getText()).toBe(before.replace('replicas: 3 # keep three', 'replicas: 5 # keep three'));
    // The Secret is refused, with the reason.
    const secret = { apiVersion: 'v1', kind: 'Secret', namespace: 'shop', name: 'db' };
    expect(await fake.commands.get('gitopsConverge.adoptLive')!({ file: FILE, ref: secret, path: '*' })).toBe(false);
    expect(fake.messages.at(-1)!.text).toContain('Secret values are not adopted');
    expect(doc.getText()).toBe(before.replace('replicas: 3 # keep three', 'replicas: 5 # keep three'));
  });

  it('Ignore this field creates .converge.yaml with the rule, then adds to it', async () => {
    const rule = { group: 'apps', kind: 'Deployment', name: 'web', namespace: 'shop', jsonPointers: ['/spec/replicas'] };
    expect(await fake.commands.get('gitopsConverge.ignoreField')!({ file: FILE, rule })).toBe(true);
    expect(fake.disk.get('/ws/.converge.yaml')).toBe('ignoreDifferences:\n  - group: apps\n    kind: Deployment\n    name: web\n    namespace: shop\n    jsonPointers:\n      - /spec/replicas\n');
    await fake.commands.get('gitopsConverge.ignoreField')!({ file: FILE, rule: { ...rule, jsonPointers: ['/spec/paused'] } });
    expect(fake.disk.get('/ws/.converge.yaml')).toContain('      - /spec/replicas\n      - /spec/paused\n');
    expect(fake.messages.map((m) => m.text)).toContain('GitOps Converge: /spec/replicas of Deployment web is ignored (.converge.yaml).');
  });

  it('Open diff: vscode.diff of converge-live documents for an object and a whole file; an orphan alone', async () => {
    const ref = { apiVersion: 'v1', kind: 'Secret', namespace: 'shop', name: 'db' };
    await fake.commands.get('gitopsConverge.openDiff')!({ file: FILE, ref });
    const call = fake.executed.find((e) => e.command === 'vscode.diff')!;
    const [left, right, title] = call.args as [fake.Uri, fake.Uri, string];
    expect([left.scheme, left.path, right.path, title]).toEqual(['converge-live', '/Secret/shop/db (live).yaml', '/Secret/shop/db (manifest).yaml', 'Secret db (live ↔ manifest)']);
    const content = fake.providers.content.get('converge-live');
    const [liveText, desiredText] = await Promise.all([content.provideTextDocumentContent(left), content.provideTextDocumentContent(right)]);
    expect(liveText).toContain('kind: Secret');
    expect(liveText).not.toBe(desiredText);
    expect(liveText + desiredText).not.toContain(SECRET_B64);

    fake.executed.length = 0;
    await fake.commands.get('gitopsConverge.openDiff')!(fake.Uri.file(FILE));
    const [fileLeft] = fake.executed.find((e) => e.command === 'vscode.diff')!.args as [fake.Uri];
    expect(await content.provideTextDocumentContent(fileLeft)).toContain('# not in the cluster\n');

    live.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'stray', namespace: 'shop' }, data: { a: '1' } });
    await fake.commands.get('gitopsConverge.openDiff')!({ ref: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'stray' }, verdict: 'orphaned', reason: '', diff: [] });
    const shown = fake.shownDocuments.at(-1) as fake.FakeDocument;
    expect(shown.uri.scheme).toBe('converge-live');
    expect(shown.getText()).toBe('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stray\n  namespace: shop\ndata:\n  a: "1"\n');
  });

  it('a CRLF manifest: after-texts at the line ends, Adopt keeps CRLF line breaks', async () => {
    const crlfFile = '/ws/apps/crlf.yaml';
    const crlf = TEXT.replace(/\n/g, '\r\n');
    const crlfResults = checkedResults().map((r) => ({ ...r, source: { ...r.source!, file: crlfFile } }));
    getResults.mockImplementation((uri: unknown) => ((uri as fake.Uri).fsPath === crlfFile ? crlfResults : results));
    const crlfDoc = fake.openDocument(crlfFile, crlf);
    crlfDoc.isDirty = true; // its verdicts were computed on the LF text: typing mode, offline against the cache
    const crlfEditor = fake.showEditor(crlfDoc);
    const texts = [...crlfEditor.decorations.values()].flat() as Array<{ range?: fake.Range; renderOptions?: { after: { contentText: string } } }>;
    expect(texts.filter((t) => t.renderOptions).map((t) => `${t.range!.start.line}:${t.range!.start.character} ${t.renderOptions!.after.contentText}`)).toEqual([
      '7:26 live: 5',
      '18:24 live: ••• (changed)',
      '20:14 not in the cluster',
    ]);
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' };
    expect(await fake.commands.get('gitopsConverge.adoptLive')!({ file: crlfFile, ref, path: 'spec.replicas' })).toBe(true);
    expect(crlfDoc.getText()).toBe(crlf.replace('replicas: 3 # keep three', 'replicas: 5 # keep three'));
    getResults.mockImplementation(() => results);
  });

  it('two clusters with the same object: a document in clusters/staging shows staging\'s live object, not prod\'s', async () => {
    // `.converge.yaml` clusters: prod and staging both hold Deployment shop/web; the check of each folder answers for its files.
    const perCluster = new Map<string, ReturnType<typeof liveObjects>>();
    for (const [cluster, replicas] of [['prod', 2], ['staging', 7]] as const) {
      const objects = liveObjects();
      objects.find((o) => o.metadata.name === 'web')!.spec = { ...(objects.find((o) => o.metadata.name === 'web')!.spec as object), replicas };
      perCluster.set(`/ws/clusters/${cluster}/`, objects);
    }
    const lookup = (ref: Parameters<typeof getLiveObject>[0], file?: string) => {
      // Like WorkspaceChecks.cachedLive: the holder of `file` first, then any other check (prod listed first).
      const order = [...perCluster.keys()].sort((a, b) => Number(!!file?.startsWith(b)) - Number(!!file?.startsWith(a)));
      for (const prefix of order) {
        const found = liveLookup(perCluster.get(prefix)!)(ref);
        if (found) return found;
      }
      return null;
    };
    getLiveObject.mockImplementation(lookup);
    const stagingFile = '/ws/clusters/staging/web.yaml';
    const stagingDoc = fake.openDocument(stagingFile, TEXT);
    stagingDoc.isDirty = true; // no verdicts for this file: offline against the cached live objects
    const stagingEditor = fake.showEditor(stagingDoc);
    const afterTexts = ([...stagingEditor.decorations.values()].flat() as Array<{ renderOptions?: { after: { contentText: string } } }>)
      .flatMap((t) => (t.renderOptions ? [t.renderOptions.after.contentText] : []));
    expect(afterTexts).toContain('live: 7');
    expect(afterTexts).not.toContain('live: 2');
    expect(getLiveObject).toHaveBeenCalledWith({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }, stagingFile);

    const at = stagingDoc.getText().indexOf('replicas: 3');
    const hover = fake.providers.hover[0].provideHover(stagingDoc, stagingDoc.positionAt(at + 3)) as fake.Hover;
    expect(hover.contents.value).toContain('**Cluster:** `7`');

    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' };
    fake.executed.length = 0;
    await fake.commands.get('gitopsConverge.openDiff')!({ file: stagingFile, ref });
    const [left] = fake.executed.find((e) => e.command === 'vscode.diff')!.args as [fake.Uri];
    expect(await fake.providers.content.get('converge-live').provideTextDocumentContent(left)).toContain('replicas: 7');

    expect(await fake.commands.get('gitopsConverge.adoptLive')!({ file: stagingFile, ref, path: 'spec.replicas' })).toBe(true);
    expect(stagingDoc.getText()).toContain('replicas: 7 # keep three');
    getLiveObject.mockImplementation(liveLookup(live));
  });

  it('settings turn decorations and CodeLenses off and on', () => {
    fake.setConfiguration('gitopsConverge.editor.decorations', false);
    expect(painted('changed').after).toEqual([]);
    fake.setConfiguration('gitopsConverge.editor.codeLens', false);
    expect(fake.providers.codeLens[0].provideCodeLenses(doc)).toEqual([]);
    fake.setConfiguration('gitopsConverge.editor.decorations', true);
    fake.setConfiguration('gitopsConverge.editor.codeLens', true);
    expect(painted('changed').after.length).toBeGreaterThan(0);
    expect(fake.providers.codeLens[0].provideCodeLenses(doc).length).toBeGreaterThan(0);
  });

  it('disposes its decoration types with the extension', () => {
    for (const s of context.subscriptions) s.dispose();
    expect(fake.decorationTypes.every((t) => t.disposed)).toBe(true);
  });
});
