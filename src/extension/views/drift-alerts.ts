// When to tell the user that something became diverged, or converged again. Pure: no vscode import.
// A verdict "becomes" diverged only against a previous verdict of the same object in the same context: the
// first check (and a switch of context) sets the baseline silently.
import { displayRef } from '../../core/engine/results';
import type { CheckReport, VerdictResult } from '../../core/types';

export interface Transition {
  context: string;
  result: VerdictResult;
}

export interface Transitions {
  /** Was converged (or missing, unknown…), is now diverged. */
  diverged: Transition[];
  /** Was diverged, is now converged. */
  converged: Transition[];
}

/** Identity of a result across checks: context and object (or file range for nameless broken manifests). */
export function resultKey(context: string, r: VerdictResult): string {
  const { apiVersion, kind, namespace, name } = r.ref;
  if (kind || name) return `${context}\u0000${apiVersion}\u0000${kind}\u0000${namespace ?? ''}\u0000${name}`;
  return `${context}\u0000${r.source?.file ?? ''}\u0000${r.source?.range.start.offset ?? ''}`;
}

/** Verdict of every object, by `resultKey`. */
export function verdictIndex(reports: readonly CheckReport[]): Map<string, VerdictResult> {
  const out = new Map<string, VerdictResult>();
  for (const rep of reports) for (const r of rep.resources) out.set(resultKey(rep.context ?? '', r), r);
  return out;
}

export function transitions(before: ReadonlyMap<string, VerdictResult>, after: readonly CheckReport[]): Transitions {
  const out: Transitions = { diverged: [], converged: [] };
  for (const rep of after) {
    const context = rep.context ?? '';
    for (const r of rep.resources) {
      const prev = before.get(resultKey(context, r));
      if (!prev) continue;
      if (r.verdict === 'diverged' && prev.verdict !== 'diverged') out.diverged.push({ context, result: r });
      else if (r.verdict === 'converged' && prev.verdict === 'diverged') out.converged.push({ context, result: r });
    }
  }
  return out;
}

export interface Alert {
  kind: 'diverged' | 'converged';
  message: string;
  /** The first object named (what "Show" reveals). */
  first: Transition;
}

/**
 * Turns transitions into at most one alert per kind, throttled: drift alerts at most once per `intervalMs`; what
 * happens in between is held and told in the next alert ("and 3 more"). Converged-again alerts are not throttled
 * (they answer a drift alert) but say nothing while drift alerts are muted.
 */
export class DriftAlerts {
  private lastDriftAlert = -Infinity;
  private held: Transition[] = [];

  constructor(private readonly intervalMs = 60_000) {}

  /** When held drift can be told (undefined: nothing held). */
  heldUntil(): number | undefined {
    return this.held.length ? this.lastDriftAlert + this.intervalMs : undefined;
  }

  /** Tells held drift once the interval has passed (called by a timer when no new update comes). */
  flush(now: number, muted: boolean): Alert[] {
    return this.next({ diverged: [], converged: [] }, now, muted);
  }

  next(t: Transitions, now: number, muted: boolean): Alert[] {
    const out: Alert[] = [];
    if (muted) {
      this.held = [];
      return out;
    }
    const pending = dedupe([...this.held, ...t.diverged]).filter((x) => !t.converged.some((c) => sameObject(c, x)));
    if (pending.length > 0) {
      if (now - this.lastDriftAlert >= this.intervalMs) {
        this.lastDriftAlert = now;
        this.held = [];
        out.push({ kind: 'diverged', message: describe(pending, 'diverged'), first: pending[0] });
      } else this.held = pending;
    } else this.held = [];
    if (t.converged.length > 0) out.push({ kind: 'converged', message: describe(t.converged, 'converged again'), first: t.converged[0] });
    return out;
  }
}

function sameObject(a: Transition, b: Transition): boolean {
  return resultKey(a.context, a.result) === resultKey(b.context, b.result);
}

function dedupe(list: Transition[]): Transition[] {
  const seen = new Map<string, Transition>();
  for (const t of list) seen.set(resultKey(t.context, t.result), t);
  return [...seen.values()];
}

/** "Deployment shop/web diverged in prod: replicas 3 → 5 by kubectl-scale" / "3 resources diverged in prod: …". */
export function describe(list: readonly Transition[], what: 'diverged' | 'converged again'): string {
  const contexts = [...new Set(list.map((t) => t.context))];
  const where = contexts.length === 1 && contexts[0] ? ` in ${contexts[0]}` : '';
  const [first] = list;
  const name = displayRef(first.result.ref);
  if (list.length === 1) return `${name} ${what}${where}${what === 'diverged' && first.result.reason ? `: ${first.result.reason}` : ''}`;
  return `${list.length} resources ${what}${where}: ${name} and ${list.length - 1} more`;
}
