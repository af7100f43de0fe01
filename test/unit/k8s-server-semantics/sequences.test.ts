import { describe, expect, it } from 'vitest';
import { exchange, haveRecordings } from './fixtures';
import { masked, steps } from './sequences';

const d = haveRecordings ? describe : describe.skip;
const FOLDERS = ['01-ssa-create-deployment', '02-client-side-apply', '04-secret', '05-crd', '06-errors', '08-namespace-in-same-set', '09-hpa-and-status'];

for (const folder of FOLDERS) {
  d(folder, () => {
    const crd = () => exchange('05-crd', '02-get-crd-established').response.body;
    for (const s of haveRecordings ? steps(folder, crd) : []) {
      it(s.ex.file, () => {
        const r = s.run();
        const want = s.ex.response.body;
        if (s.ex.response.status >= 400) {
          expect('error' in r ? { code: r.error.code, message: r.error.message, causes: r.error.causes } : r.object).toEqual({
            code: s.ex.response.status,
            message: want.message,
            causes: want.details?.causes,
          });
          return;
        }
        expect('error' in r ? r.error : undefined).toBeUndefined();
        const create = !s.live;
        expect(masked(r.object, create)).toBe(masked(want, create));
        const warn = s.ex.response.headers.Warning as string[] | undefined;
        expect((r.warnings ?? []).map((w: any) => `299 - ${JSON.stringify(w.text)}`)).toEqual(warn ?? []);
      });
    }
  });
}
