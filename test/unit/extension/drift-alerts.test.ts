import { describe, expect, it } from 'vitest';
import { DriftAlerts, transitions, verdictIndex } from '../../../src/extension/views/drift-alerts';
import { ref, report, result, source } from './fixtures';

const web = (verdict: 'converged' | 'diverged' | 'missing', reason: string = verdict) => result(verdict, ref('Deployment', 'web', 'shop'), source('/ws/web.yaml'), [], reason);
const db = (verdict: 'converged' | 'diverged') => result(verdict, ref('ConfigMap', 'db', 'shop'), source('/ws/db.yaml'));

describe('transitions', () => {
  it('finds what became diverged and what converged again', () => {
    const before = verdictIndex([report([web('converged'), db('diverged')], 'prod')]);
    const t = transitions(before, [report([web('diverged', 'replicas 3 → 5 by kubectl-scale'), db('converged')], 'prod')]);
    expect(t.diverged.map((x) => x.result.ref.name)).toEqual(['web']);
    expect(t.converged.map((x) => x.result.ref.name)).toEqual(['db']);
  });

  it('is silent on the first check and for another context (a new baseline)', () => {
    expect(transitions(new Map(), [report([web('diverged')], 'prod')]).diverged).toEqual([]);
    const before = verdictIndex([report([web('converged')], 'dev')]);
    expect(transitions(before, [report([web('diverged')], 'prod')]).diverged).toEqual([]);
  });

  it('counts missing → diverged as becoming diverged, diverged → diverged not', () => {
    const before = verdictIndex([report([web('missing'), db('diverged')], 'prod')]);
    const t = transitions(before, [report([web('diverged'), db('diverged')], 'prod')]);
    expect(t.diverged.map((x) => x.result.ref.name)).toEqual(['web']);
  });
});

describe('DriftAlerts', () => {
  const diverged = (...names: string[]) => ({ diverged: names.map((n) => ({ context: 'prod', result: n === 'web' ? web('diverged', 'replicas 3 → 5 by kubectl-scale') : db('diverged') })), converged: [] });

  it('names the object, its context and reason', () => {
    const [alert] = new DriftAlerts().next(diverged('web'), 0, false);
    expect(alert).toMatchObject({ kind: 'diverged', message: 'Deployment shop/web diverged in prod: replicas 3 → 5 by kubectl-scale' });
  });

  it('throttles drift alerts and tells the held ones next time', () => {
    const alerts = new DriftAlerts(60_000);
    expect(alerts.next(diverged('web'), 0, false)).toHaveLength(1);
    expect(alerts.next(diverged('db'), 10_000, false)).toEqual([]);
    const [later] = alerts.next({ diverged: [], converged: [] }, 61_000, false);
    expect(later.message).toBe('ConfigMap shop/db diverged in prod: diverged');
    expect(alerts.next(diverged('web', 'db'), 200_000, false)[0].message).toBe('2 resources diverged in prod: Deployment shop/web and 1 more');
  });

  it('says when held drift can be told, and tells it on flush', () => {
    const alerts = new DriftAlerts(60_000);
    expect(alerts.heldUntil()).toBeUndefined();
    alerts.next(diverged('web'), 1_000, false);
    alerts.next(diverged('db'), 2_000, false);
    expect(alerts.heldUntil()).toBe(61_000);
    expect(alerts.flush(61_000, false).map((a) => a.message)).toEqual(['ConfigMap shop/db diverged in prod: diverged']);
    expect(alerts.heldUntil()).toBeUndefined();
  });

  it('drops a held drift that converged again before it was told', () => {
    const alerts = new DriftAlerts(60_000);
    alerts.next(diverged('web'), 0, false);
    alerts.next(diverged('db'), 1_000, false);
    const out = alerts.next({ diverged: [], converged: [{ context: 'prod', result: db('converged') }] }, 70_000, false);
    expect(out.map((a) => [a.kind, a.message])).toEqual([['converged', 'ConfigMap shop/db converged again in prod']]);
  });

  it('says nothing while muted', () => {
    expect(new DriftAlerts().next({ ...diverged('web'), converged: [{ context: 'prod', result: db('converged') }] }, 0, true)).toEqual([]);
  });
});
