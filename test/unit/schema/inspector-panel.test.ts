// The inspector panel with a fake `vscode`: the command opens a CSP-locked webview, the object is sent with its
// Secret values masked, and "Apply to manifest" replaces only that object's range in the file (values restored).
import { describe, expect, it, vi } from 'vitest';

class FakeUri {
  readonly scheme = 'file';
  constructor(readonly fsPath: string) {}
  toString() {
    return `file://${this.fsPath}`;
  }
  static file(fsPath: string) {
    return new FakeUri(fsPath);
  }
  static joinPath(base: FakeUri, ...parts: string[]) {
    return new FakeUri([base.fsPath, ...parts].join('/'));
  }
}
const uri = (fsPath: string) => new FakeUri(fsPath);

class Position {
  constructor(readonly line: number, readonly character: number) {}
}
class Range {
  constructor(readonly start: Position, readonly end: Position) {}
}

const files = new Map<string, string>();
const saved: string[] = [];
const changeListeners: Array<(e: { document: { uri: FakeUri } }) => void> = [];
const commands = new Map<string, (...args: unknown[]) => unknown>();

function documentOf(u: FakeUri) {
  const text = () => files.get(u.fsPath) ?? '';
  return {
    uri: u,
    isDirty: false,
    getText: text,
    positionAt(offset: number) {
      const before = text().slice(0, offset).split('\n');
      return new Position(before.length - 1, before[before.length - 1].length);
    },
    offsetAt(p: Position) {
      const lines = text().split('\n');
      return lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    },
    async save() {
      saved.push(u.fsPath);
      return true;
    },
  };
}

class WorkspaceEdit {
  readonly edits: Array<{ uri: FakeUri; range: Range; text: string }> = [];
  replace(u: FakeUri, range: Range, text: string) {
    this.edits.push({ uri: u, range, text });
  }
}

const posted: unknown[] = [];
let receive: ((m: unknown) => void) | undefined;
const panel = {
  title: '',
  iconPath: undefined as unknown,
  webview: {
    html: '',
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    asWebviewUri: (u: FakeUri) => ({ toString: () => `https://file+.vscode-resource.vscode-cdn.net${u.fsPath}` }),
    onDidReceiveMessage: (cb: (m: unknown) => void) => {
      receive = cb;
      return { dispose() {} };
    },
    postMessage: async (m: unknown) => {
      posted.push(structuredClone(m));
      return true;
    },
  },
  reveal: vi.fn(),
  onDidDispose: () => ({ dispose() {} }),
  dispose: vi.fn(),
};
const createWebviewPanel = vi.fn((..._args: unknown[]) => panel);

vi.mock('vscode', () => ({
  Position,
  Range,
  WorkspaceEdit,
  ViewColumn: { Active: -1 },
  Uri: FakeUri,
  window: { createWebviewPanel, activeTextEditor: undefined, showInformationMessage: vi.fn() },
  commands: {
    registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
      commands.set(id, fn);
      return { dispose() {} };
    },
  },
  workspace: {
    openTextDocument: async (u: FakeUri) => documentOf(u),
    asRelativePath: (u: FakeUri) => u.fsPath.replace(/^\/ws\//, ''),
    onDidChangeTextDocument: (cb: (e: { document: { uri: FakeUri } }) => void) => {
      changeListeners.push(cb);
      return { dispose() {} };
    },
    applyEdit: async (edit: WorkspaceEdit) => {
      for (const e of edit.edits) {
        const doc = documentOf(e.uri);
        const text = doc.getText();
        files.set(e.uri.fsPath, text.slice(0, doc.offsetAt(e.range.start)) + e.text + text.slice(doc.offsetAt(e.range.end)));
        for (const l of changeListeners) l({ document: { uri: e.uri } });
      }
      return true;
    },
  },
}));

const PASSWORD_B64 = Buffer.from('panel-secret-value').toString('base64');
const FILE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings # keep me
data: {mode: fast}
---
# the credentials
apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: shop
data:
  password: ${PASSWORD_B64}
`;

const lastShow = () => [...posted].reverse().find((m) => (m as { type: string }).type === 'show') as { document: { desiredText: string; revision: number; title: string; verdict?: string; schema?: unknown; liveNote?: string } };

describe('inspector panel', () => {
  it('opens on the object, masks the Secret, and applies an edit to that object only', async () => {
    files.set('/ws/app.yaml', FILE);
    const { registerInspector, INSPECT_COMMAND } = await import('../../../src/extension/inspector');
    const context = { extensionUri: uri('/ext'), globalStorageUri: uri('/storage'), subscriptions: [] as unknown[] };
    const getResult = vi.fn(() => ({ verdict: 'diverged' as const, reason: 'data.password changed' }));
    registerInspector(context as never, { getResult: getResult as never, getClusterTarget: () => ({ offline: true }) });
    expect(context.subscriptions).toHaveLength(2);

    await commands.get(INSPECT_COMMAND)!(uri('/ws/app.yaml'), 9);
    expect(createWebviewPanel).toHaveBeenCalledWith('gitopsConverge.inspector', 'Inspector', -1, expect.objectContaining({ enableScripts: true, localResourceRoots: [expect.objectContaining({ fsPath: '/ext/dist/media/inspector' })] }));
    expect(panel.webview.html).toContain("script-src 'nonce-");
    expect(panel.webview.html).toContain('src="https://file+.vscode-resource.vscode-cdn.net/ext/dist/media/inspector/main.js"');
    const shown = lastShow().document;
    expect(shown).toMatchObject({ title: 'Secret shop/db', verdict: 'diverged', liveNote: 'offline: the cluster is not read' });
    expect(shown.desiredText).toBe('apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\ndata:\n  password: "***"\n');
    expect(shown.schema).toBeDefined();
    expect(panel.title).toBe('Inspect Secret shop/db');
    expect(getResult).toHaveBeenCalledWith(expect.objectContaining({ fsPath: '/ws/app.yaml' }), expect.any(Range));

    receive!({ type: 'ready' });
    await vi.waitFor(() => expect(lastShow().document.revision).toBe(2));
    receive!({ type: 'apply', revision: 2, text: shown.desiredText.replace('  name: db\n', '  name: db\n  labels: {team: a}\n') });
    await vi.waitFor(() => expect(posted.some((m) => (m as { type: string }).type === 'applied')).toBe(true));
    expect(posted.find((m) => (m as { type: string }).type === 'applied')).toEqual({ type: 'applied', revision: 2, ok: true });
    expect(files.get('/ws/app.yaml')).toBe(FILE.replace('  name: db\n', '  name: db\n  labels: {team: a}\n'));
    expect(saved).toEqual(['/ws/app.yaml']);
    expect(JSON.stringify(posted)).not.toContain(PASSWORD_B64);
  });

  it('refuses an edit of an object that changed since, and messages it does not know; Refresh keeps edits applicable', async () => {
    const before = files.get('/ws/app.yaml')!;
    const count = posted.length;
    receive!({ type: 'apply', revision: 1, text: 'apiVersion: v1\nkind: Secret\n' });
    receive!({ type: 'evaluate', code: 'x' });
    await vi.waitFor(() => expect(posted.length).toBe(count + 1));
    expect(posted.at(-1)).toEqual({ type: 'applied', revision: 1, ok: false, message: expect.stringContaining('changed since') });
    expect(files.get('/ws/app.yaml')).toBe(before);

    const { revision, desiredText } = lastShow().document;
    receive!({ type: 'refresh' });
    await vi.waitFor(() => expect(lastShow().document.revision).toBe(revision + 1));
    receive!({ type: 'apply', revision, text: desiredText.replace('team: a', 'team: b') });
    await vi.waitFor(() => expect(files.get('/ws/app.yaml')).toBe(before.replace('team: a', 'team: b')));
    receive!({ type: 'apply', revision: 0, text: desiredText });
    await vi.waitFor(() => expect(posted.at(-1)).toEqual({ type: 'applied', revision: 0, ok: false, message: expect.stringContaining('old version') }));
  });
});
