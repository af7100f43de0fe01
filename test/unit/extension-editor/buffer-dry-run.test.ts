// The dry-run of an UNSAVED buffer after a pause in typing: its verdicts decorate that buffer (and only while its
// text is unchanged); the check's (tree's) verdicts of the saved file are never replaced by them.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { VerdictResult } from '../../../src/core/types';
import * as fake from './fake-vscode';
import { checkedResults, FILE, liveLookup, liveObjects, TEXT } from './fixtures';

vi.mock('vscode', async () => (await import('./fake-vscode')).vscode);

const live = liveObjects();
const saved = checkedResults();
const resultsChanged = new fake.EventEmitter<void>();
/** What the server's dry-run says of a text: unlike the offline diff, the Secret is converged (e.g. defaulted). */
const serverVerdicts = (text: string): VerdictResult[] =>
  checkedResults(text).map((r) => (r.ref.kind === 'Secret' ? { ...r, verdict: 'converged' as const, reason: 'live matches the manifest', diff: [] } : r));
const verdictsOfText = vi.fn(async (_uri: unknown, text: string) => serverVerdicts(text));
let features: Awaited<ReturnType<typeof register>>;
let doc: fake.FakeDocument;

async function register() {
  const { registerEditorFeatures } = await import('../../../src/extension/editor');
  return registerEditorFeatures(fake.fakeContext() as never, {
    getResults: () => saved,
    getLiveObject: liveLookup(live),
    onDidChangeResults: resultsChanged.event,
    config: () => ({ ignore: [], compareStatus: [], defaultNamespace: 'default' }),
    verdictsOfText,
    log: { info: vi.fn(), warn: vi.fn(), error: vi.fn() },
  });
}

const afterTexts = () => features.views.viewOf(doc as never).decorations.map((d) => `${d.range.start.line} ${d.afterText ?? d.kind}`);

beforeAll(async () => {
  fake.workspaceFolders.push({ uri: fake.Uri.file('/ws'), name: 'ws', index: 0 });
  doc = fake.openDocument(FILE, TEXT);
  fake.showEditor(doc);
  features = await register();
});

describe('dry-run of unsaved text', () => {
  it('runs once after the pause (1.5 s by default), with the buffer text, and its verdicts decorate the buffer', async () => {
    vi.useFakeTimers();
    doc.edit(0, 0, '# one\n');
    doc.edit(0, 0, '# two\n');
    const offline = afterTexts();
    expect(offline.some((t) => t.includes('(changed)'))).toBe(true);
    vi.advanceTimersByTime(1499);
    expect(verdictsOfText).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    vi.useRealTimers();
    expect(verdictsOfText).toHaveBeenCalledTimes(1);
    expect(verdictsOfText.mock.calls[0][1]).toBe(doc.getText());
    await vi.waitFor(() => expect(features.views.viewOf(doc as never).mode).toBe('checked'));
    const shown = features.views.viewOf(doc as never);
    expect(shown.results.find((r) => r.ref.kind === 'Secret')?.verdict).toBe('converged');
    expect(afterTexts().some((t) => t.includes('(changed)'))).toBe(false);
    // On the buffer's lines (two comment lines above the saved text's).
    expect(afterTexts()).toContain('9 live: 5');
  });

  it('an answer for a text that was typed over meanwhile is dropped', async () => {
    let answer: (r: VerdictResult[]) => void = () => undefined;
    verdictsOfText.mockImplementationOnce(() => new Promise((r) => (answer = r)));
    doc.edit(0, 0, '# three\n');
    const pending = features.views.dryRun(doc as never);
    const old = doc.getText();
    doc.edit(0, 0, '# four\n');
    answer(serverVerdicts(old));
    expect(await pending).toBe(false);
    expect(features.views.viewOf(doc as never).mode).toBe('typing');
  });

  it('once saved, the buffer verdicts give way to the check of the save', async () => {
    expect(await features.views.dryRun(doc as never)).toBe(true);
    expect(features.views.viewOf(doc as never).mode).toBe('checked');
    await doc.save();
    // Saved: the text is what was dry-run, so nothing changes until the re-check of the save publishes; then the
    // check's verdicts decide (here still those of the old text, which do not fit: offline until they do).
    expect(features.views.viewOf(doc as never).mode).toBe('checked');
    resultsChanged.fire();
    expect(features.views.viewOf(doc as never).mode).toBe('typing');
    expect(await features.views.dryRun(doc as never)).toBe(false);
  });

  it('the setting 0 turns it off', () => {
    vi.useFakeTimers();
    verdictsOfText.mockClear();
    fake.setConfiguration('gitopsConverge.editor.dryRunDelay', 0);
    doc.edit(0, 0, '# five\n');
    vi.advanceTimersByTime(10_000);
    vi.useRealTimers();
    expect(verdictsOfText).not.toHaveBeenCalled();
  });
});
