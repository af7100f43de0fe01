// Named test steps with pass/fail counting and a closing "N passed, N failed" line.
export interface StepResult {
  suite: string;
  name: string;
  ok: boolean;
  error?: string;
  ms: number;
}

export class Results {
  readonly all: StepResult[] = [];

  add(r: StepResult): void {
    this.all.push(r);
    const mark = r.ok ? '✓' : '✗';
    console.log(`  ${mark} [${r.suite}] ${r.name} (${r.ms} ms)${r.error ? `\n      ${r.error.split('\n').join('\n      ')}` : ''}`);
  }

  /** Runs a step; once a step marked `required` fails, the rest of the suite is reported as skipped-failed. */
  suite(suite: string, onFailure?: (name: string) => Promise<void>) {
    let blocked: string | undefined;
    return async (name: string, fn: () => Promise<void>, opts: { required?: boolean } = {}): Promise<boolean> => {
      if (blocked) {
        this.add({ suite, name, ok: false, error: `not run: "${blocked}" failed`, ms: 0 });
        return false;
      }
      const started = Date.now();
      try {
        await fn();
        this.add({ suite, name, ok: true, ms: Date.now() - started });
        return true;
      } catch (err) {
        this.add({ suite, name, ok: false, error: (err as Error).stack ?? String(err), ms: Date.now() - started });
        await onFailure?.(name).catch(() => undefined);
        if (opts.required) blocked = name;
        return false;
      }
    };
  }

  get passed(): number {
    return this.all.filter((r) => r.ok).length;
  }

  get failed(): number {
    return this.all.filter((r) => !r.ok).length;
  }
}

export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

export function assertEqual<T>(actual: T, expected: T, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}
