// The GET + dry-run PATCH pairs kubectl made in /work/shared/k8s/kubectl-diff: the dry-run result must be reproduced.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Exchange, RECORDINGS, exchange, haveRecordings } from './fixtures';
import { masked, steps } from './sequences';

const root = join(RECORDINGS, 'kubectl-diff');
const d = haveRecordings && existsSync(root) ? describe : describe.skip;
const crd = () => exchange('05-crd', '02-get-crd-established').response.body;

d('kubectl-diff dry-runs', () => {
  for (const c of existsSync(root) ? readdirSync(root).sort() : []) {
    const dir = join(root, c, 'http');
    if (!existsSync(dir)) continue;
    for (const run of ['server-side', 'plain']) {
      const list: Exchange[] = readdirSync(dir)
        .filter((f) => f.startsWith(run + '-'))
        .sort()
        .map((f) => ({ file: `${c}/${f}`, ...JSON.parse(readFileSync(join(dir, f), 'utf8')) }));
      for (const s of steps(c, crd, list)) {
        it(s.ex.file, () => {
          const r = s.run();
          const want = s.ex.response.body;
          if (s.ex.response.status >= 400) {
            expect('error' in r ? { code: r.error.code, message: r.error.message } : r.object).toEqual({ code: s.ex.response.status, message: want.message });
            return;
          }
          expect('error' in r ? r.error : undefined).toBeUndefined();
          expect(masked(r.object, !s.live)).toBe(masked(want, !s.live));
        });
      }
    }
  }
});
