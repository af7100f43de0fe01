// Bundles bench/memory-session.ts like the extension (esbuild, one CJS file) and runs it in a fresh plain node
// process that records its own memory before loading the bundle.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
// @ts-expect-error: plain JavaScript build helper
import { NODE_BUNDLE } from '../scripts/esbuild-plugins.mjs';
import { root } from './bench-cluster';
import type { MemoryJob } from './memory-session';

const RUNNER = `
const before = process.memoryUsage();
process.once('message', (job) => {
  const { measureSessionMemory } = require('./memory-session.js');
  measureSessionMemory(job, before).then(
    (r) => process.send(r, () => process.exit(0)),
    (e) => process.send({ error: String(e && e.stack || e) }, () => process.exit(1)),
  );
});
`;

export async function sessionMemory(job: MemoryJob): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'converge-memory-'));
  try {
    await build({ ...NODE_BUNDLE, entryPoints: [join(root, 'bench/memory-session.ts')], outfile: join(dir, 'memory-session.js') });
    writeFileSync(join(dir, 'runner.cjs'), RUNNER);
    return await new Promise((resolve, reject) => {
      const child = fork(join(dir, 'runner.cjs'), [], { execArgv: ['--expose-gc'], stdio: 'inherit' });
      child.once('message', (m: Record<string, unknown> & { error?: string }) => (m.error ? reject(new Error(m.error)) : resolve(m)));
      child.once('exit', (code) => code && reject(new Error(`memory process exited with ${code}`)));
      child.send(job);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
