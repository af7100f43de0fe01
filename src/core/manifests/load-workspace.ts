// Discover + parse every manifest under some roots.
import type { DesiredObject, ManifestProblem, ParsedFile } from '../types';
import { discoverManifestFiles } from './discover';
import type { DiscoverOptions } from './discover';
import { parseManifestFileSync } from './parse';
import { renderWorkspace, type RenderOptions, type RenderRecord } from '../render/render-workspace';
import type { GitOpsUnit } from '../gitops/types';
import { withoutRenderInputs, type RenderInput } from '../render/render-inputs';

/** Longest run of reading and parsing without letting other work in. */
const SLICE_MS = 8;

export interface LoadWorkspaceOptions extends DiscoverOptions {
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
  // Read and parsed one after another, in slices of a few milliseconds: between slices the event loop answers the
  // LISTs and dry-runs that the parsed objects started (and an extension host stays responsive).
  const parsed: ParsedFile[] = [];
  let slice = performance.now();
  for (const file of files) {
    const p = parseManifestFileSync(file);
    opts.onParsed?.(p);
    parsed.push(p);
    if (performance.now() - slice >= SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      slice = performance.now();
    }
  }
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

