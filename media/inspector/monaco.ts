// The parts of Monaco the inspector uses: the editor API with its editing features (editor.all: diff editor,
// hover, find, folding, suggestions…) and YAML syntax highlighting. Importing `monaco-editor` itself would
// bundle every language with its workers.
import 'monaco-editor/esm/vs/editor/editor.all.js';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
import * as api from 'monaco-editor/esm/vs/editor/editor.api.js';

export * from 'monaco-editor/esm/vs/editor/editor.api.js';

type WorkerOptions = { worker: Worker | Promise<Worker>; host?: Record<string, Function>; keepIdleModels?: boolean };
type LegacyWorkerOptions = { moduleId?: string; label?: string; createData?: unknown; host?: Record<string, Function>; keepIdleModels?: boolean };

/**
 * monaco-yaml (through monaco-worker-manager) creates its worker with the older `createWebWorker({ moduleId,
 * label, createData })`, which `monaco-editor`'s full entry point adapts and `editor.api` alone does not: the same
 * adapter, for the worker `MonacoEnvironment.getWorker` returns.
 */
const createWebWorker = api.editor.createWebWorker as (opts: WorkerOptions) => unknown;
(api.editor as { createWebWorker: unknown }).createWebWorker = (opts: WorkerOptions | LegacyWorkerOptions) => {
  if ('worker' in opts && opts.worker !== undefined) return createWebWorker(opts);
  const legacy = opts as LegacyWorkerOptions;
  const env = (globalThis as unknown as { MonacoEnvironment?: api.Environment }).MonacoEnvironment;
  const worker = Promise.resolve(env!.getWorker!('workerMain.js', legacy.label ?? 'monaco-editor-worker')).then((w) => {
    w.postMessage('ignore');
    w.postMessage(legacy.createData);
    return w;
  });
  return createWebWorker({ worker, host: legacy.host, keepIdleModels: legacy.keepIdleModels });
};
