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
