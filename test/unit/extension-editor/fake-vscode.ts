// A small in-memory fake of the `vscode` API for the editor and PR modules' tests: documents with versions and
// dirty state, visible editors that record their decorations, registered commands/providers, and recorded UI
// calls (messages, quick picks, input boxes, progress, opened URLs). Use with
// `vi.mock('vscode', async () => (await import('./fake-vscode')).vscode)`.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { vi } from 'vitest';

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
    readonly query = '',
  ) {}
  get fsPath() {
    return this.path;
  }
  toString() {
    return `${this.scheme}://${this.path}${this.query ? `?${this.query}` : ''}`;
  }
  static file(path: string) {
    return new Uri('file', path);
  }
  static from(c: { scheme: string; path?: string; query?: string }) {
    return new Uri(c.scheme, c.path ?? '', c.query ?? '');
  }
  static parse(s: string) {
    const m = /^([a-z][a-z0-9+.-]*):(?:\/\/)?([^?]*)(?:\?(.*))?$/i.exec(s);
    return m ? new Uri(m[1], m[2], m[3] ?? '') : new Uri('file', s);
  }
  static joinPath(base: Uri, ...parts: string[]) {
    return new Uri(base.scheme, [base.path, ...parts].join('/'));
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
    if (typeof a === 'number') {
      this.start = new Position(a, b as number);
      this.end = new Position(c!, d!);
    } else {
      this.start = a;
      this.end = b as Position;
    }
  }
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class MarkdownString {
  isTrusted: unknown;
  constructor(readonly value: string) {}
}

export class Hover {
  constructor(
    readonly contents: MarkdownString,
    readonly range?: Range,
  ) {}
}

export class CodeLens {
  constructor(
    readonly range: Range,
    readonly command?: { title: string; command: string; arguments?: unknown[]; tooltip?: string },
  ) {}
}

export class EventEmitter<T> {
  private listeners: Array<(e: T) => void> = [];
  readonly event = (l: (e: T) => void) => {
    this.listeners.push(l);
    return { dispose: () => void (this.listeners = this.listeners.filter((x) => x !== l)) };
  };
  fire(e: T) {
    for (const l of [...this.listeners]) l(e);
  }
  dispose() {
    this.listeners = [];
  }
}

export class WorkspaceEdit {
  readonly edits: Array<{ uri: Uri; range: Range; text: string }> = [];
  replace(uri: Uri, range: Range, text: string) {
    this.edits.push({ uri, range, text });
  }
}

/** In-memory text documents by path; `disk` is what a save wrote. */
export const disk = new Map<string, string>();

export class FakeDocument {
  version = 1;
  isDirty = false;
  constructor(
    readonly uri: Uri,
    private text: string,
    readonly languageId = 'yaml',
  ) {}
  getText() {
    return this.text;
  }
  positionAt(offset: number) {
    const before = this.text.slice(0, offset).split('\n');
    return new Position(before.length - 1, before[before.length - 1].length);
  }
  offsetAt(p: Position) {
    const lines = this.text.split('\n');
    return lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  }
  /** Replaces a range as typing would, firing onDidChangeTextDocument. */
  edit(start: number, end: number, text: string) {
    this.text = this.text.slice(0, start) + text + this.text.slice(end);
    this.version++;
    this.isDirty = true;
    changeDoc.fire({ document: this, contentChanges: [{ text }] });
  }
  async save() {
    disk.set(this.uri.fsPath, this.text);
    // Files of real temp repositories (PR tests) are written through.
    if (existsSync(this.uri.fsPath)) writeFileSync(this.uri.fsPath, this.text);
    this.isDirty = false;
    saveDoc.fire(this);
    return true;
  }
}

export const documents = new Map<string, FakeDocument>();

export function openDocument(path: string, text?: string): FakeDocument {
  const existing = documents.get(path);
  if (existing && text === undefined) return existing;
  const onDisk = !disk.has(path) && existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  const doc = new FakeDocument(Uri.file(path), text ?? disk.get(path) ?? onDisk ?? '', /\.ya?ml$/.test(path) ? 'yaml' : 'plaintext');
  if (text !== undefined && !disk.has(path)) disk.set(path, text);
  documents.set(path, doc);
  return doc;
}

export class FakeEditor {
  /** Decoration type key → options last set. */
  readonly decorations = new Map<object, unknown[]>();
  constructor(readonly document: FakeDocument) {}
  setDecorations(type: object, options: unknown[]) {
    this.decorations.set(type, options);
  }
}

export const changeDoc = new EventEmitter<{ document: FakeDocument; contentChanges: unknown[] }>();
export const saveDoc = new EventEmitter<FakeDocument>();
const visibleEditorsChanged = new EventEmitter<FakeEditor[]>();
export const decorationTypes: Array<{ options: Record<string, any>; key: string; disposed: boolean }> = [];

export const commands = new Map<string, (...args: any[]) => unknown>();
export const executed: Array<{ command: string; args: unknown[] }> = [];
export const providers = { hover: [] as any[], codeLens: [] as any[], content: new Map<string, any>() };
export const messages: Array<{ level: 'info' | 'warn' | 'error'; text: string; items: string[] }> = [];
export const opened: string[] = [];
export const shownDocuments: unknown[] = [];
export const workspaceFolders: Array<{ uri: Uri; name: string; index: number }> = [];
export const secrets = new Map<string, string>();
/** An ExtensionContext with SecretStorage over `secrets`. */
export function fakeContext() {
  const state = new Map<string, unknown>();
  return {
    subscriptions: [] as Array<{ dispose(): void }>,
    workspaceState: { get: (k: string) => state.get(k) as any, update: async (k: string, v: unknown) => void state.set(k, v) },
    secrets: {
      get: async (k: string) => secrets.get(k),
      store: async (k: string, v: string) => void secrets.set(k, v),
      delete: async (k: string) => void secrets.delete(k),
    },
  };
}

/** Answers the next UI prompts: message buttons (by text), quick picks and input boxes (in order). */
export const answers = {
  message: [] as Array<string | undefined>,
  quickPick: [] as Array<(items: any[]) => any>,
  inputBox: [] as Array<(opts: any) => string | undefined>,
};
export const prompts = { quickPick: [] as Array<{ items: any[]; options: any }>, inputBox: [] as any[], progress: [] as string[] };
export const authentication = { getSession: vi.fn(async (_provider: string, _scopes: string[], _opts: unknown) => ({ accessToken: 'gh-token', account: { label: 'me' } }) as any) };

const window = {
  visibleTextEditors: [] as FakeEditor[],
  activeTextEditor: undefined as FakeEditor | undefined,
  onDidChangeVisibleTextEditors: visibleEditorsChanged.event,
  createTextEditorDecorationType(options: Record<string, any>) {
    const t = { options, key: `type${decorationTypes.length}`, disposed: false, dispose() { t.disposed = true; } };
    decorationTypes.push(t);
    return t;
  },
  showInformationMessage: async (text: string, ...items: any[]) => message('info', text, items),
  showWarningMessage: async (text: string, ...items: any[]) => message('warn', text, items),
  showErrorMessage: async (text: string, ...items: any[]) => message('error', text, items),
  showQuickPick: async (items: any[], options: any) => {
    const list = await items;
    prompts.quickPick.push({ items: list, options });
    const answer = answers.quickPick.shift();
    return answer ? answer(list) : undefined;
  },
  showInputBox: async (options: any) => {
    prompts.inputBox.push(options);
    const answer = answers.inputBox.shift();
    return answer ? answer(options) : options?.value;
  },
  withProgress: async (options: { title: string }, task: (p: { report(v: unknown): void }) => Promise<unknown>) => {
    prompts.progress.push(options.title);
    return task({ report: (v: any) => v?.message && prompts.progress.push(v.message) });
  },
  showTextDocument: async (doc: unknown) => {
    shownDocuments.push(doc);
    return {};
  },
};

function message(level: 'info' | 'warn' | 'error', text: string, items: any[]) {
  const labels = items.filter((i) => typeof i === 'string' || (i && typeof i.title === 'string')).map((i) => (typeof i === 'string' ? i : i.title));
  messages.push({ level, text, items: labels });
  const answer = answers.message.shift();
  return answer === undefined ? undefined : items.find((i) => (typeof i === 'string' ? i : i?.title) === answer);
}

/** Shows a document in a visible editor (firing onDidChangeVisibleTextEditors). */
export function showEditor(doc: FakeDocument): FakeEditor {
  const ed = new FakeEditor(doc);
  window.visibleTextEditors = [...window.visibleTextEditors, ed];
  window.activeTextEditor = ed;
  visibleEditorsChanged.fire(window.visibleTextEditors);
  return ed;
}

export function resetUi() {
  messages.length = 0;
  opened.length = 0;
  executed.length = 0;
  prompts.quickPick.length = 0;
  prompts.inputBox.length = 0;
  prompts.progress.length = 0;
  answers.message.length = 0;
  answers.quickPick.length = 0;
  answers.inputBox.length = 0;
}

export const configuration = new Map<string, unknown>();
const configurationChanged = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
/** Sets a setting (`section.key`) and fires onDidChangeConfiguration. */
export function setConfiguration(key: string, value: unknown) {
  configuration.set(key, value);
  configurationChanged.fire({ affectsConfiguration: (section: string) => key === section || key.startsWith(`${section}.`) });
}

export const vscode = {
  Uri,
  Position,
  Range,
  ThemeColor,
  MarkdownString,
  Hover,
  CodeLens,
  EventEmitter,
  WorkspaceEdit,
  OverviewRulerLane: { Right: 4 },
  DecorationRangeBehavior: { ClosedClosed: 1 },
  ProgressLocation: { Notification: 15, SourceControl: 1, Window: 10 },
  ViewColumn: { Active: -1 },
  window,
  authentication,
  env: {
    openExternal: async (uri: Uri) => {
      opened.push(uri.toString());
      return true;
    },
  },
  commands: {
    registerCommand(id: string, fn: (...args: any[]) => unknown) {
      commands.set(id, fn);
      return { dispose: () => commands.delete(id) };
    },
    async executeCommand(command: string, ...args: unknown[]) {
      executed.push({ command, args });
      return commands.get(command)?.(...args);
    },
  },
  languages: {
    registerHoverProvider: (_sel: unknown, p: unknown) => (providers.hover.push(p), { dispose() {} }),
    registerCodeLensProvider: (_sel: unknown, p: unknown) => (providers.codeLens.push(p), { dispose() {} }),
  },
  workspace: {
    /** Tests of Restricted Mode set it to false. */
    isTrusted: true,
    get workspaceFolders() {
      return workspaceFolders;
    },
    get textDocuments() {
      return [...documents.values()];
    },
    onDidChangeTextDocument: changeDoc.event,
    onDidSaveTextDocument: saveDoc.event,
    onDidCloseTextDocument: () => ({ dispose() {} }),
    onDidChangeConfiguration: configurationChanged.event,
    openTextDocument: async (arg: Uri | { content: string; language?: string }) => {
      if (arg instanceof Uri) {
        if (arg.scheme === 'file') return openDocument(arg.fsPath);
        const provider = providers.content.get(arg.scheme);
        return new FakeDocument(arg, provider ? await provider.provideTextDocumentContent(arg) : '');
      }
      return new FakeDocument(Uri.from({ scheme: 'untitled', path: `/Untitled-${documents.size}` }), arg.content ?? '', arg.language);
    },
    registerTextDocumentContentProvider: (scheme: string, p: unknown) => (providers.content.set(scheme, p), { dispose() {} }),
    getWorkspaceFolder: (uri: Uri) => workspaceFolders.find((f) => uri.fsPath.startsWith(`${f.uri.fsPath}/`)),
    asRelativePath: (uri: Uri | string) => {
      const p = typeof uri === 'string' ? uri : uri.fsPath;
      const f = workspaceFolders.find((w) => p.startsWith(`${w.uri.fsPath}/`));
      return f ? p.slice(f.uri.fsPath.length + 1) : p;
    },
    applyEdit: async (edit: WorkspaceEdit) => {
      const sorted = [...edit.edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
      for (const e of sorted) {
        const doc = openDocument(e.uri.fsPath);
        doc.edit(doc.offsetAt(e.range.start), doc.offsetAt(e.range.end), e.text);
      }
      return true;
    },
    getConfiguration: (section: string) => ({ get: (key: string) => configuration.get(`${section}.${key}`) }),
    fs: {
      stat: async (uri: Uri) => {
        if (!disk.has(uri.fsPath) && !documents.has(uri.fsPath)) throw new Error('ENOENT');
        return {};
      },
      writeFile: async (uri: Uri, bytes: Uint8Array) => void disk.set(uri.fsPath, Buffer.from(bytes).toString('utf8')),
    },
  },
};
