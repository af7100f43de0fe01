// Which files are inputs of a render (kustomization resources and patches, chart files) rather than manifests of
// their own: their objects come from rendering the whole kustomization or chart, so a change to one is re-checked
// with a full (render-cached) check, never by re-parsing the file alone. Pure: no vscode import.
import { dirname, join, sep } from 'node:path';
import type { VerdictResult } from '../../core/types';

/** Files whose presence makes a folder (and everything below it) a kustomization or a chart. */
export const RENDER_ROOT_MARKERS = ['kustomization.yaml', 'kustomization.yml', 'Kustomization', 'Chart.yaml'];

export function isRenderInput(file: string, roots: readonly string[], results: readonly VerdictResult[], hasFile: (path: string) => boolean): boolean {
  if (results.some((r) => r.rendered && (r.source?.file === file || r.rendered.patches?.some((p) => p.file === file)))) return true;
  const root = roots.find((r) => file.startsWith(r.endsWith(sep) ? r : r + sep));
  if (!root) return false;
  for (let dir = dirname(file); dir.length >= root.length; dir = dirname(dir)) {
    if (RENDER_ROOT_MARKERS.some((m) => hasFile(join(dir, m)))) return true;
    if (dir === root || dirname(dir) === dir) break;
  }
  return false;
}
