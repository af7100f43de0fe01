import { describe, expect, it } from 'vitest';
import { buildDecorations } from '../../../src/extension/views/decoration-model';
import { report, result, ref, ROOT, sampleReport, source } from './fixtures';

describe('buildDecorations', () => {
  it('badges drifted files and every folder above them up to the root', () => {
    const d = buildDecorations(sampleReport(), [ROOT]);
    expect(d.get(`${ROOT}/apps/web/deploy.yaml`)).toEqual({ badge: '2', tooltip: 'GitOps Converge: 2 drifted', color: 'editorWarning.foreground' });
    expect(d.get(`${ROOT}/apps/web`)?.badge).toBe('2');
    expect(d.get(`${ROOT}/apps`)?.badge).toBe('2');
    expect(d.get(ROOT)?.badge).toBe('2');
    expect(d.has(`${ROOT}/apps/db/config.yaml`)).toBe(false);
    expect(d.has(`${ROOT}/apps/db`)).toBe(false);
    expect(d.has('/')).toBe(false);
  });
  it('colours invalid files as errors and caps the badge at two characters', () => {
    const many = Array.from({ length: 12 }, (_, i) => result('diverged', ref('ConfigMap', `c${i}`, 'x'), source(`${ROOT}/many.yaml`, i)));
    const bad = result('invalid', ref('', ''), source(`${ROOT}/many.yaml`, 12), [], 'bad');
    const d = buildDecorations(report([...many, bad]), [ROOT]);
    expect(d.get(`${ROOT}/many.yaml`)).toEqual({ badge: '9+', tooltip: 'GitOps Converge: 12 drifted, 1 invalid', color: 'errorForeground' });
  });
  it('is empty without a report', () => {
    expect(buildDecorations(undefined, [ROOT]).size).toBe(0);
  });
});
