// Discover + parse every manifest under some roots, a bounded number of files at a time.
import type { DesiredObject, ManifestProblem, ParsedFile } from '../types';
import { discoverManifestFiles } from './discover';
import type { DiscoverOptions } from './discover';
import { parseManifestFile } from './parse';
import { renderWorkspace, type RenderOptions, type RenderRecord } from '../render/render-workspace';
import type { GitOpsUnit } from '../gitops/types';
import { withoutRenderInputs, type RenderInput } from '../render/render-inputs';
import { mapLimit } from '../util/concurrency';

export interface LoadWorkspaceOptions extends DiscoverOptions {
  /** Files read and parsed at once. Default 16. */
  concurrency?: number;
  /** Called as each file is parsed (the engine starts fetching live objects while the rest is parsed). */
  onParsed?: (file: ParsedFile) => void;
  /**
   * Render kustomizations and local Helm charts as the repo's Flux/Argo CD objects say (off by default).
   * Render inputs (patches, bases, chart files) are then never standalone objects.
   */
  render?: RenderOptions;
}

export interface LoadedWorkspace {
  objects: DesiredObject[];
  problems: ManifestProblem[];
  /** Manifest files found (parsed), sorted. */
  files: string[];
  /** With `render`: the GitOps units found and the renders done. */
  gitops?: { units: GitOpsUnit[]; renders: RenderRecord[] };
  /** Files that are kustomizations, patches, generator inputs or chart files (never objects of their own). */
  renderInputs: Map<string, RenderInput>;
}

export async function loadWorkspaceManifests(roots: string[], opts: LoadWorkspaceOptions = {}): Promise<LoadedWorkspace> {
  const { files, skipped } = await discoverManifestFiles(roots, opts);
  const parsed = await mapLimit(files, opts.concurrency ?? 16, async (file) => {
    const p = await parseManifestFile(file);
    opts.onParsed?.(p);
    return p;
  });
  const problems: ManifestProblem[] = skipped.map(({ file, reason }) => ({
    file,
    severity: 'warning',
    rule: 'file-skipped',
    message: `Skipped: ${reason}`,
  }));
  if (opts.render) {
    const rendered = await renderWorkspace(roots, parsed, opts.render, opts);
    problems.push(...rendered.problems);
    return { objects: rendered.objects, problems, files, gitops: { units: rendered.units, renders: rendered.renders }, renderInputs: rendered.inputs };
  }
  const { kept, inputs } = withoutRenderInputs(parsed);
  const objects = kept.flatMap((p) => p.objects);
  problems.push(...kept.flatMap((p) => p.problems));
  return { objects, problems, files, renderInputs: inputs };
}

