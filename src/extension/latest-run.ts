// "Latest wins" for checks: starting a run aborts the one before it, whose result is then dropped.
// No vscode import (unit-tested).

export interface Run {
  /** 1, 2, 3… in start order (for the log). */
  readonly id: number;
  readonly signal: AbortSignal;
  /** False once a newer run started. */
  isCurrent(): boolean;
  /** Aborts this run (e.g. the user pressed Cancel). */
  cancel(): void;
}

export class LatestRun {
  private count = 0;
  private current?: AbortController;

  start(): Run {
    this.current?.abort();
    const controller = new AbortController();
    this.current = controller;
    const id = ++this.count;
    return {
      id,
      signal: controller.signal,
      isCurrent: () => this.count === id,
      cancel: () => controller.abort(),
    };
  }

  /** Aborts whatever runs (on dispose). */
  cancelAll(): void {
    this.current?.abort();
  }
}

/** Settles with `work`, or rejects with an AbortError as soon as `signal` aborts (the work may go on unseen). */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (e: unknown) => (signal.removeEventListener('abort', onAbort), reject(e)),
    );
  });
}

function abortError(): Error {
  const e = new Error('cancelled');
  e.name = 'AbortError';
  return e;
}
