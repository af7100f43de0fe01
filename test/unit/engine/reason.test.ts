import { describe, expect, it } from 'vitest';
import { describeEntry, formatReason, shortPath, timeAgo } from '../../../src/core/engine/reason';
import { exitCodeFor, summarize } from '../../../src/core/engine/summary';
import { scrubSecretValues } from '../../../src/core/engine/scrub';
import type { VerdictResult } from '../../../src/core/types';

const now = Date.parse('2026-11-24T12:00:00Z');

describe('reasons', () => {
  it('says what changed, who did it and when', () => {
    const reason = formatReason(
      [{ path: 'spec.replicas', change: 'changed', desired: 3, live: 5, owner: { manager: 'kubectl-scale', time: '2026-11-24T10:00:00Z' } }],
      now,
    );
    expect(reason).toBe('replicas 3 → 5 by kubectl-scale, 2h ago');
  });

  it('summarises several fields', () => {
    const reason = formatReason(
      [
        { path: 'spec.template.spec.containers[name="app"].image', change: 'changed', desired: 'a:1', live: 'a:2' },
        { path: 'metadata.labels.team', change: 'added', desired: 'x' },
        { path: 'data.z', change: 'removed', live: 'y' },
      ],
      now,
    );
    expect(reason).toBe('containers[name="app"].image a:1 → a:2; 2 more fields');
  });

  it('never shows masked values', () => {
    expect(describeEntry({ path: 'data.password', change: 'changed', desired: '*** (after)', live: '*** (before)', masked: true })).toBe(
      'password changed (value hidden)',
    );
  });

  it('shortens paths and times', () => {
    expect(shortPath('spec.replicas')).toBe('replicas');
    expect(shortPath('metadata.labels["app.kubernetes.io/name"]')).toBe('labels["app.kubernetes.io/name"]');
    expect(timeAgo('2026-11-24T11:59:30Z', now)).toBe('30s ago');
    expect(timeAgo('2026-11-21T12:00:00Z', now)).toBe('3d ago');
  });
});

describe('summary and exit codes', () => {
  const r = (verdict: VerdictResult['verdict']): VerdictResult => ({ ref: { apiVersion: 'v1', kind: 'ConfigMap', name: 'x' }, verdict, reason: '', diff: [] });
  it('follows kubectl diff: 0 converged, 1 drift, 2 error', () => {
    expect(exitCodeFor(summarize([r('converged')]))).toBe(0);
    expect(exitCodeFor(summarize([r('converged'), r('diverged')]))).toBe(1);
    expect(exitCodeFor(summarize([r('missing')]))).toBe(1);
    expect(exitCodeFor(summarize([r('orphaned')]))).toBe(1);
    expect(exitCodeFor(summarize([r('diverged'), r('unknown')]))).toBe(2);
    expect(exitCodeFor(summarize([r('invalid')]))).toBe(2);
    expect(summarize([r('converged'), r('diverged'), r('diverged')])).toEqual({ total: 3, converged: 1, diverged: 2, missing: 0, orphaned: 0, unknown: 0, invalid: 0 });
  });
});

describe('secret scrubbing of server messages', () => {
  it('removes values in every encoding and Invalid value quotes', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { password: 'hunter2-long' }, data: { token: Buffer.from('tok-123456').toString('base64') } };
    const msg = `Secret "s" is invalid: data[x]: Invalid value: "abc": bad; echo hunter2-long ${Buffer.from('hunter2-long').toString('base64')} tok-123456`;
    const out = scrubSecretValues(msg, secret);
    expect(out).not.toContain('hunter2-long');
    expect(out).not.toContain(Buffer.from('hunter2-long').toString('base64'));
    expect(out).not.toContain('tok-123456');
    expect(out).toContain('Invalid value: "***"');
  });
});
