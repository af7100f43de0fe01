// Finding the user's hooks (core.hooksPath aware), to tell a failing hook from another git failure.
import { accessSync, constants } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Git } from './run';

export async function hookExists(git: Git, name: string): Promise<boolean> {
  const r = await git.tryRun(['rev-parse', '--git-path', `hooks/${name}`]);
  if (r.exitCode !== 0) return false;
  const p = r.stdout.trim();
  const file = isAbsolute(p) ? p : join(git.dir, p);
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
