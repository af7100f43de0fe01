import { describe, expect, it } from 'vitest';
import { exchange, haveRecordings } from './fixtures';
import { masked, steps } from './sequences';

const d = haveRecordings ? describe : describe.skip;
/** Recorded steps whose live state is not observable in the recordings (noted) or that are nondeterministic. */
const NOT_REPLAYABLE: Record<string, string> = {
  '14-ssa-dryrun-original-force-keeps-foreign-annotation.json': 'kube-controller-manager wrote status between 13 and 14 without a recorded GET',
  '15-ssa-apply-with-same-value-by-second-applier.json': 'kube-controller-manager wrote status between 13 and 15 without a recorded GET',
  '08-ssa-unknown-field-warn-500.json': 'which unknown field is named first depends on Go map iteration order',
  '11-patch-scale-subresource-by-other-manager.json': 'response is the Scale object (HTTP side); covered in scale.test.ts',
};

const FOLDERS = ['01-ssa-create-deployment', '02-client-side-apply', '04-secret', '05-crd', '06-errors', '08-namespace-in-same-set', '09-hpa-and-status'];

for (const folder of FOLDERS) {
  d(folder, () => {
    const crd = () => exchange('05-crd', '02-get-crd-established').response.body;
    for (const s of haveRecordings ? steps(folder, crd) : []) {
      const skip = NOT_REPLAYABLE[s.ex.file];
      (skip ? it.skip : it)(skip ? `${s.ex.file} (${skip})` : s.ex.file, () => {
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
