// The inspector webview: live (left, read-only) against desired (right, editable) in Monaco's diff editor, both
// validated by monaco-yaml with the JSON Schema of the object's kind that the extension sends. "Apply to manifest"
// posts the edited text back; the extension writes it into the workspace file.
import { configureMonacoYaml } from 'monaco-yaml';
import { parseHostMessage, type InspectorDocument, type WebviewMessage } from '../../src/extension/inspector/protocol';
import './inspector.css';
import * as monaco from './monaco';
import { monacoBaseTheme, themeColors } from './theme';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

// Workers: a webview cannot start a worker from its resource origin, so the scripts are fetched (allowed by
// `connect-src`) and started from blob URLs (`worker-src blob:`).
const workerBase = document.body.dataset.workers ?? '';
const workerUrls = new Map<string, Promise<string>>();
function workerUrl(file: string): Promise<string> {
  let url = workerUrls.get(file);
  if (!url) {
    url = fetch(`${workerBase}/${file}`)
      .then((r) => r.blob())
      .then((b) => URL.createObjectURL(new Blob([b], { type: 'text/javascript' })));
    workerUrls.set(file, url);
  }
  return url;
}
(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker: async (_id: string, label: string) => new Worker(await workerUrl(label === 'yaml' ? 'yaml.worker.js' : 'editor.worker.js'), { name: label }),
};

const DESIRED_URI = monaco.Uri.parse('file:///inspector/desired.yaml');
const LIVE_URI = monaco.Uri.parse('file:///inspector/live.yaml');

const yaml = configureMonacoYaml(monaco, {
  enableSchemaRequest: false,
  isKubernetes: true,
  validate: true,
  hover: true,
  hoverSchemaSource: false,
  completion: true,
  format: { enable: false },
  yamlVersion: '1.1',
  schemas: [],
});

function applyTheme(): void {
  const style = getComputedStyle(document.body);
  monaco.editor.defineTheme('vscode', {
    base: monacoBaseTheme([...document.body.classList]),
    inherit: true,
    rules: [],
    colors: themeColors((name) => style.getPropertyValue(name)),
  });
  monaco.editor.setTheme('vscode');
}
applyTheme();
new MutationObserver(applyTheme).observe(document.body, { attributes: true, attributeFilter: ['class'] });

const editorFont = getComputedStyle(document.body);
const diff = monaco.editor.createDiffEditor($('diff'), {
  automaticLayout: true,
  renderSideBySide: true,
  originalEditable: false,
  readOnly: false,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  renderOverviewRuler: true,
  fontFamily: editorFont.getPropertyValue('--vscode-editor-font-family') || undefined,
  fontSize: parseFloat(editorFont.getPropertyValue('--vscode-editor-font-size')) || undefined,
  ariaLabel: 'Live object (left) and manifest (right)',
});
const desiredModel = monaco.editor.createModel('', 'yaml', DESIRED_URI);
const liveModel = monaco.editor.createModel('', 'yaml', LIVE_URI);
diff.setModel({ original: liveModel, modified: desiredModel });

let current: InspectorDocument | undefined;
/** Desired text as last shown or applied (to tell whether there is an edit). */
let baseline = '';
/** Revision of the document the edit started from: the host applies it only while the file still has that text. */
let baseRevision = 0;

function setStatus(text: string, kind: 'info' | 'error' = 'info'): void {
  const el = $('status');
  el.textContent = text;
  el.dataset.kind = kind;
}

function updateButtons(): void {
  const dirty = !!current && desiredModel.getValue() !== baseline;
  ($('apply') as HTMLButtonElement).disabled = !dirty;
  ($('revert') as HTMLButtonElement).disabled = !dirty;
  document.body.dataset.dirty = String(dirty);
}

function updateMarkers(): void {
  const markers = monaco.editor.getModelMarkers({ resource: DESIRED_URI });
  const errors = markers.filter((m) => m.severity === monaco.MarkerSeverity.Error).length;
  const el = $('problems');
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  el.textContent = !current?.schema
    ? 'no schema for this kind: not validated'
    : markers.length
      ? `${plural(markers.length, 'problem')} in the manifest${errors ? ` (${plural(errors, 'error')})` : ''}`
      : 'the manifest matches the schema';
  el.dataset.count = String(markers.length);
  document.body.dataset.markers = markers.map((m) => `${m.startLineNumber}:${m.startColumn} ${m.message}`).join('\n');
}

function show(doc: InspectorDocument): void {
  const edited = current && desiredModel.getValue() !== baseline;
  current = doc;
  $('title').textContent = doc.title;
  $('source').textContent = doc.source;
  $('verdict').textContent = doc.verdict ?? '';
  $('verdict').dataset.verdict = doc.verdict ?? '';
  $('reason').textContent = doc.reason ?? '';
  $('live-note').textContent = doc.liveNote ?? '';
  $('masked').hidden = !doc.masked;
  void yaml.update({
    schemas: doc.schema ? [{ uri: doc.schemaUri, fileMatch: [DESIRED_URI.toString(), LIVE_URI.toString()], schema: doc.schema as never }] : [],
  });
  if (liveModel.getValue() !== (doc.liveText ?? '')) liveModel.setValue(doc.liveText ?? '');
  if (!edited) {
    if (desiredModel.getValue() !== doc.desiredText) desiredModel.setValue(doc.desiredText);
    baseRevision = doc.revision;
  } else if (doc.desiredText !== baseline) {
    setStatus('The manifest changed in the meantime; your edit is kept, but cannot be applied over that change: Revert shows the file.');
  }
  baseline = doc.desiredText;
  updateButtons();
  updateMarkers();
}

function apply(): void {
  if (!current || desiredModel.getValue() === baseline) return;
  setStatus('Applying…');
  vscode.postMessage({ type: 'apply', revision: baseRevision, text: desiredModel.getValue() });
}

window.addEventListener('message', (event: MessageEvent) => {
  const msg = parseHostMessage(event.data);
  if (!msg) return;
  if (msg.type === 'show') show(msg.document);
  else if (msg.ok) {
    baseline = desiredModel.getValue();
    setStatus('Applied to the manifest.');
    updateButtons();
  } else setStatus(msg.message, 'error');
});

desiredModel.onDidChangeContent(updateButtons);
monaco.editor.onDidChangeMarkers((uris) => {
  if (uris.some((u) => u.toString() === DESIRED_URI.toString())) updateMarkers();
});
diff.getModifiedEditor().addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, apply);
$('apply').addEventListener('click', apply);
$('revert').addEventListener('click', () => {
  desiredModel.setValue(baseline);
  baseRevision = current?.revision ?? baseRevision;
  setStatus('');
});
$('refresh').addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
vscode.postMessage({ type: 'ready' });
