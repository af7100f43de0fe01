// The drift check: workspace manifests → live objects → verdicts. Used by the CLI and the extension.
// One-shot: a CheckSession that checks everything once and closes.
import type { CheckReport } from '../types';
import { CheckSession, type CheckOptions } from './session';

export type { CheckOptions } from './session';

export async function runCheck(opts: CheckOptions): Promise<CheckReport> {
  const session = new CheckSession({ once: true, ...opts });
  try {
    return await session.checkAll();
  } finally {
    session.close();
  }
}
