import type { CheckSummary, VerdictResult } from '../types';

export function summarize(results: readonly VerdictResult[]): CheckSummary {
  const s: CheckSummary = { total: results.length, converged: 0, diverged: 0, missing: 0, orphaned: 0, unknown: 0, invalid: 0 };
  for (const r of results) s[r.verdict]++;
  return s;
}

/** Exit code like `kubectl diff`: 0 converged, 1 drift, 2 something could not be decided or is broken. */
export function exitCodeFor(s: CheckSummary): 0 | 1 | 2 {
  if (s.unknown > 0 || s.invalid > 0) return 2;
  if (s.diverged > 0 || s.missing > 0 || s.orphaned > 0) return 1;
  return 0;
}
