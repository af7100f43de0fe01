// The files around a checked sub-folder that can decide how it renders: Flux/Argo CD objects (and the
// ConfigMaps their values come from) elsewhere in the workspace folder. Only files that mention them are parsed.
import { readFile } from 'node:fs/promises';
import { discoverManifestFiles, type DiscoverOptions } from '../manifests/discover';
import { parseManifestText } from '../manifests/parse';
import type { ParsedFile } from '../types';
import { mapLimit } from '../util/concurrency';
import type { RenderScope } from './render-scope';

/** Text that may hold an operator object, or a ConfigMap a HelmRelease / Argo CD takes values or settings from. */
const MAY_MATTER = /toolkit\.fluxcd\.io|argoproj\.io|kind:\s*["']?ConfigMap\b/;

export interface AroundScope {
  /** Manifest files around the checked ones (not checked themselves). */
  files: string[];
  /** Those that may matter, parsed. */
  parsed: ParsedFile[];
}

export async function readAroundScope(scope: RenderScope, checkedFiles: ReadonlySet<string>, discover: DiscoverOptions = {}): Promise<AroundScope> {
  if (scope.around.length === 0) return { files: [], parsed: [] };
  const { files: found } = await discoverManifestFiles(scope.around, discover);
  const files = found.filter((f) => !checkedFiles.has(f));
  const parsed = await mapLimit(files, 16, async (file) => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return undefined;
    }
    return MAY_MATTER.test(text) ? parseManifestText(file, text) : undefined;
  });
  return { files, parsed: parsed.filter((p): p is ParsedFile => p !== undefined) };
}
