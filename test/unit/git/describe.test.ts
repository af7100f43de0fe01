import { describe, expect, it } from 'vitest';
import { commitMessage, isSecretValue, prBody, prTitle, suggestBranchName, type PrChange } from '../../../src/core/pr/describe';

const web: PrChange = {
  ref: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' },
  file: '/repo/manifests/web.yaml',
  diff: [{ path: 'spec.replicas', change: 'changed', desired: 5, live: 3 }],
};
const image: PrChange = {
  ...web,
  diff: [{ path: 'spec.template.spec.containers[name="app"].image', change: 'changed', desired: 'web:1.1', live: 'web:1.0' }],
};
const api: PrChange = {
  ref: { apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'api' },
  file: '/repo/manifests/api.yaml',
  diff: [{ path: 'spec.ports[port=80].targetPort', change: 'added', desired: 8080 }],
};
const secret: PrChange = {
  ref: { apiVersion: 'v1', kind: 'Secret', namespace: 'shop', name: 'db-creds' },
  file: '/repo/manifests/secret.yaml',
  // A caller forgot to mask: the values must still never be printed.
  diff: [
    { path: 'data.password', change: 'changed', desired: 'aHVudGVyMg==', live: 'c2VjcmV0' },
    { path: 'stringData.token', change: 'added', desired: 'tok-123' },
    { path: 'metadata.labels.team', change: 'changed', desired: 'a', live: 'b' },
  ],
};

describe('branch names', () => {
  it('names one field of one resource, several fields, several resources, many', () => {
    expect(suggestBranchName([web])).toBe('converge/web-replicas');
    expect(suggestBranchName([image])).toBe('converge/web-image');
    expect(suggestBranchName([web, image])).toBe('converge/web');
    expect(suggestBranchName([web, api])).toBe('converge/web-api');
    const many = ['a', 'b', 'c', 'd'].map((name) => ({ ...web, ref: { ...web.ref, name } }));
    expect(suggestBranchName(many)).toBe('converge/4-resources');
    expect(suggestBranchName([{ ...web, direction: 'adopt' }])).toBe('converge/adopt-web-replicas');
  });

  it('avoids taken names and produces valid ref names from odd resource names', () => {
    expect(suggestBranchName([web], ['converge/web-replicas', 'converge/web-replicas-2'])).toBe('converge/web-replicas-3');
    expect(suggestBranchName([{ ...web, ref: { ...web.ref, name: 'My..App@{1}' } }])).toBe('converge/my-app-1-replicas');
  });
});

describe('commit messages and titles', () => {
  it('says what changes, in the direction of the PR', () => {
    // apply: the manifest was edited to 5 while the cluster runs 3.
    expect(commitMessage([web])).toBe('web: replicas 3 → 5');
    // adopt: the manifest said 5, the cluster was scaled to 3 with kubectl; the PR writes 3 into Git.
    expect(commitMessage([{ ...web, direction: 'adopt' }])).toBe('web: replicas 5 → 3');
    expect(prTitle([api])).toBe('api: ports[port=80].targetPort 8080 (added)');
    expect(prTitle([{ ...web, diff: [{ path: 'spec.paused', change: 'removed', live: true }] }])).toBe('web: paused removed (was true)');
  });

  it('lists every resource in the body when there are several', () => {
    expect(commitMessage([web, api])).toBe(
      'Update web, api\n\n- Deployment shop/web: replicas 3 → 5\n- Service shop/api: ports[port=80].targetPort 8080 (added)',
    );
    expect(prTitle([web, image])).toBe('web: replicas 3 → 5, containers[name="app"].image web:1.0 → web:1.1');
  });

  it('shortens long subjects', () => {
    const long: PrChange = { ...web, diff: ['a', 'b', 'c', 'd', 'e'].map((k) => ({ path: `spec.${k}${'x'.repeat(10)}`, change: 'changed' as const, desired: 'y'.repeat(20), live: 'z'.repeat(20) })) };
    const t = prTitle([long]);
    expect(t.length).toBeLessThanOrEqual(72);
    expect(t).toBe('web: axxxxxxxxxx, bxxxxxxxxxx, cxxxxxxxxxx and 2 more');
    expect(commitMessage([long]).split('\n')[0]).toBe(t);
    expect(commitMessage([long])).toContain('\n\n- Deployment shop/web: axxxxxxxxxx');
  });
});

describe('Secret values', () => {
  it('are hidden even when the caller did not mask them', () => {
    expect(isSecretValue(secret.ref, secret.diff[0])).toBe(true);
    expect(isSecretValue(secret.ref, secret.diff[2])).toBe(false);
    expect(isSecretValue(web.ref, { path: 'spec.x', masked: true })).toBe(true);
    const everything = [suggestBranchName([secret]), commitMessage([secret]), prTitle([secret]), prBody([secret])].join('\n');
    for (const v of ['aHVudGVyMg==', 'c2VjcmV0', 'tok-123', 'hunter2']) expect(everything).not.toContain(v);
    expect(commitMessage([secret])).toContain('password changed (value hidden)');
    expect(prBody([secret])).toContain('Secret values are not shown.');
    expect(prBody([secret])).toContain('`metadata.labels.team` | `b` → `a`');
  });
});

describe('PR body', () => {
  it('is a Markdown table of resources and fields, files relative to the repo', () => {
    expect(prBody([web, api], { repoRoot: '/repo' })).toBe(
      [
        'Updates the manifests; once merged and synced, the cluster follows them.',
        '',
        '| Resource | File | Field | Change |',
        '| --- | --- | --- | --- |',
        '| Deployment shop/web | `manifests/web.yaml` | `spec.replicas` | `3` → `5` |',
        '| Service shop/api | `manifests/api.yaml` | `spec.ports[port=80].targetPort` | added `8080` |',
        '',
      ].join('\n'),
    );
  });

  it('escapes pipes and backticks, and says when it adopts live values', () => {
    const odd: PrChange = { ...web, direction: 'adopt', diff: [{ path: 'metadata.annotations.note', change: 'changed', desired: 'a|b', live: 'x`y' }] };
    const body = prBody([odd], { footer: 'Made with GitOps Converge' });
    expect(body).toContain('Adopts values changed directly in the cluster');
    expect(body).toContain('| `a\\|b` → `` x`y `` |');
    expect(body.trimEnd().endsWith('Made with GitOps Converge')).toBe(true);
  });
});
