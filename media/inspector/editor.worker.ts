// Monaco's editor worker (diff computation, links, word ranges), bundled as a classic worker script.
import 'monaco-editor/esm/vs/editor/editor.worker.js';
