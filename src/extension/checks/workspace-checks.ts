// Keeps one engine CheckSession open per check target (workspace folder × context), so that a saved file is
// re-verdicted alone and a WATCH keeps verdicts current. No vscode import: tested against the test API server.
import { loadConvergeConfig } from '../../core/config';
import { CheckSession } from '../../core/engine/session';
import type { GitOpsUnit } from '../../core/gitops/types';
import type { Logger } from '../../core/log';
import { discoverManifestFiles } from '../../core/manifests';
import type { CheckReport, ConvergeConfig, DesiredObject, KubeObject, ObjectRef, VerdictResult } from '../../core/types';
import { mapsContexts, ownPart, ownsObject, planChecks, rendersUnit, targetOfFile, type CheckTarget, type RootInput } from './check-plan';

export interface CheckSettings {
  kubeconfig?: string;
  /** Restricted Mode: folders whose kubeconfigs may not run a credential plugin. */
  untrustedRoots?: readonly string[];
  /** Selected context (undefined: the kubeconfig's current-context). */
  context?: string;
  offline: boolean;
  fieldManager?: string;
  /** Keep a WATCH open on the resource types in use (live updates). */
  watch: boolean;
  /**
   * Kustomizations and local Helm charts: rendered (`allowExec: true`, trusted workspaces), or reported as not
   * rendered without running anything (`allowExec: false`). Undefined: read their inputs as plain files.
   */
  render?: { kubectl?: string; helm?: string; allowExec: boolean };
  /** Describe Flux / Argo CD objects against the repo's HEAD (runs git: trusted workspaces only). */
  operatorState?: boolean;
}

export interface TargetReport {
  target: CheckTarget;
  report: CheckReport;
}

export interface WorkspaceChecksEvents {
  /** A watch changed verdicts of a target (already in `reports()`). */
  onWatchChange(changed: VerdictResult[]): void;
  log: Logger;
}

interface Running {
  target: CheckTarget;
  session: CheckSession;
  abort: AbortController;
  /** Calls into one session never overlap. */
  queue: Promise<unknown>;
  report?: CheckReport;
  watch?: { stop(): void };
  /** Where the session's progress goes (the check that runs now). */
  progress?: (done: number, total: number) => void;
  /** Set while an unsaved buffer is verdicted: watch updates wait for the saved file's state to be back. */
  bufferCheck?: { watchChanged: boolean };
}

export class WorkspaceChecks {
  private running = new Map<string, Running>();
  private settingsKey = '';

  constructor(private readonly events: WorkspaceChecksEvents) {}

  /** Plans the targets (reading each root's `.converge.yaml`), then checks them all; sessions are reused when nothing changed. */
  async checkAll(roots: readonly string[], settings: CheckSettings, opts: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}): Promise<TargetReport[]> {
    const targets = await planTargets(roots, settings.context);
    const key = JSON.stringify(settings);
    if (key !== this.settingsKey) this.closeAll();
    this.settingsKey = key;
    const wanted = new Map(targets.map((t) => [`${t.key}\u0000${t.paths.join('\u0000')}\u0000${JSON.stringify(t.mapping ?? null)}`, t]));
    for (const [id, r] of this.running) if (!wanted.has(id)) this.close(id, r);
    const totals = new Map<string, [number, number]>();
    const report = () => {
      let done = 0;
      let total = 0;
      for (const [d, t] of totals.values()) (done += d), (total += t);
      if (total > 0) opts.onProgress?.(done, total);
    };
    const runs = [...wanted].map(([id, target]) => {
      const r = this.running.get(id) ?? this.open(id, target, settings);
      r.progress = (d, t) => (totals.set(id, [d, t]), report());
      return this.enqueue(r, async () => {
        r.report = own(r, await r.session.checkAll());
        if (settings.watch && !r.watch && !r.abort.signal.aborted) this.startWatch(r);
        return { target, report: r.report };
      });
    });
    const onAbort = () => this.closeAll();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await Promise.all(runs);
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Re-verdicts only these files, in the sessions whose targets hold them. Returns undefined when a file belongs
   * to no target (a new file, or the plan changed): the caller then checks everything.
   */
  async recheckFiles(files: readonly string[], texts: Record<string, string> = {}): Promise<TargetReport[] | undefined> {
    const runs = [...this.running.values()];
    const byRun = new Map<Running, string[]>();
    for (const file of files) {
      const target = targetOfFile(runs.map((r) => r.target), file);
      const r = runs.find((x) => x.target === target);
      if (!r || !r.report) return undefined;
      byRun.set(r, [...(byRun.get(r) ?? []), file]);
    }
    return Promise.all(
      [...byRun].map(([r, list]) =>
        this.enqueue(r, async () => {
          r.report = own(r, await r.session.recheckFiles(list, texts));
          return { target: r.target, report: r.report };
        }),
      ),
    );
  }

  /**
   * Authoritative verdicts (dry-run, like a save) of an UNSAVED buffer's text, without publishing them: the session
   * re-verdicts the text, then the file as saved on disk again, so the reports (the tree) keep the saved file's
   * verdicts. Undefined when the file belongs to no checked target.
   */
  async verdictsOfText(file: string, text: string): Promise<VerdictResult[] | undefined> {
    const runs = [...this.running.values()];
    const target = targetOfFile(runs.map((r) => r.target), file);
    const r = runs.find((x) => x.target === target);
    if (!r || !r.report) return undefined;
    return this.enqueue(r, async () => {
      r.bufferCheck = { watchChanged: false };
      try {
        const buffer = await r.session.recheckFiles([file], { [file]: text });
        return buffer.resources.filter((x) => x.source?.file === file);
      } finally {
        r.report = own(r, await r.session.recheckFiles([file]));
        const missed = r.bufferCheck.watchChanged;
        r.bufferCheck = undefined;
        if (missed && !r.abort.signal.aborted) this.events.onWatchChange([]);
      }
    });
  }

  /** Latest reports of all targets that have one. */
  reports(): TargetReport[] {
    return [...this.running.values()].filter((r) => r.report).map((r) => ({ target: r.target, report: r.report! }));
  }

  /**
   * The cached live object of a checked manifest object, no request (see `CheckSession.cachedLive`). Two contexts may
   * both check `flux-system/apps`: given the manifest's file, the check holding that file answers first.
   */
  cachedLive(ref: ObjectRef, file?: string): KubeObject | null | undefined {
    const runs = [...this.running.values()];
    const holder = file === undefined ? undefined : targetOfFile(runs.map((r) => r.target), file);
    for (const r of [...runs.filter((x) => x.target === holder), ...runs.filter((x) => x.target !== holder)]) {
      const found = r.session.cachedLive(ref);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** The context `.converge.yaml` maps the check holding this file to (undefined: none does, or the selected one). */
  contextOf(file: string): string | undefined {
    return targetOfFile([...this.running.values()].map((r) => r.target), file)?.context;
  }

  /** The `.converge.yaml` and default namespace of the check that holds this file (undefined: none does). */
  diffSettingsOf(file: string): { config: ConvergeConfig; defaultNamespace: string } | undefined {
    const runs = [...this.running.values()];
    const target = targetOfFile(runs.map((r) => r.target), file);
    return runs.find((r) => r.target === target)?.session.diffSettings();
  }

  /** Stops every session (and its watches); the next check starts afresh. */
  closeAll(): void {
    for (const [id, r] of this.running) this.close(id, r);
  }

  dispose(): void {
    this.closeAll();
  }

  private open(id: string, target: CheckTarget, s: CheckSettings): Running {
    const abort = new AbortController();
    // The session reports progress to whichever check runs now (`Running.progress`).
    let running: Running | undefined = undefined;
    const session = new CheckSession({
      paths: target.paths,
      cwd: target.root,
      kubeconfig: s.kubeconfig,
      untrustedRoots: s.untrustedRoots,
      context: target.context,
      ...(target.mapping ? { keep: (d: DesiredObject) => ownsObject(target, d) } : {}),
      offline: s.offline,
      fieldManager: s.fieldManager,
      // A mapped root's checks each render only the Flux / Argo CD units of their own cluster.
      ...(s.render ? { render: target.mapping ? { ...s.render, skipUnit: (u: GitOpsUnit) => !rendersUnit(target, u) } : s.render } : {}),
      operatorState: s.operatorState === true,
      signal: abort.signal,
      log: quietOnceAborted(this.events.log, abort.signal),
      onProgress: (done, total) => running?.progress?.(done, total),
    });
    running = { target, abort, session, queue: Promise.resolve() };
    this.running.set(id, running);
    return running;
  }

  private startWatch(r: Running): void {
    r.watch = r.session.watch((changed, report) => {
      if (r.abort.signal.aborted) return;
      // Mid buffer check the report holds the buffer's verdicts: the restore that follows publishes.
      if (r.bufferCheck) return void (r.bufferCheck.watchChanged = true);
      r.report = own(r, report);
      this.events.onWatchChange(changed);
    });
  }

  private close(id: string, r: Running): void {
    r.abort.abort();
    r.watch?.stop();
    r.session.close();
    this.running.delete(id);
  }

  private enqueue<T>(r: Running, work: () => Promise<T>): Promise<T> {
    const next = r.queue.then(work, work);
    r.queue = next.catch(() => undefined);
    return next;
  }
}

/** The target's part of its session's report (a mapped root's sessions also read other contexts' objects). */
function own(r: Running, report: CheckReport): CheckReport {
  return ownPart(r.target, report, r.session.renderState()?.renders);
}

/** A cancelled or superseded check's requests fail on purpose: their warnings would only mislead. */
function quietOnceAborted(log: Logger, signal: AbortSignal): Logger {
  const guard = (write: (m: string) => void) => (m: string) => {
    if (!signal.aborted) write(m);
  };
  return { debug: guard((m) => log.debug(m)), info: guard((m) => log.info(m)), warn: guard((m) => log.warn(m)), error: guard((m) => log.error(m)) };
}

/** Reads each root's `.converge.yaml` and lists files only where it maps folders to contexts. */
export async function planTargets(roots: readonly string[], defaultContext: string | undefined): Promise<CheckTarget[]> {
  const inputs: RootInput[] = await Promise.all(
    roots.map(async (root) => {
      const { config } = await loadConvergeConfig(root);
      if (!mapsContexts(config)) return { root, config };
      const { files } = await discoverManifestFiles([root], { exclude: config.exclude });
      return { root, config, files };
    }),
  );
  return planChecks(inputs, defaultContext);
}
