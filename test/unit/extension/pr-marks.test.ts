import { describe, expect, it } from 'vitest';
import type { DriftNode } from '../../../src/extension/views/drift-model';
import { markOpenPrs } from '../../../src/extension/views/pr-marks';

const ref = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' };
const resource = (name: string, description?: string): DriftNode => ({
  id: name,
  kind: 'resource',
  label: name,
  description,
  contextValue: 'resource.diverged.inFile',
  result: { ref: { ...ref, name }, verdict: 'diverged', reason: '', diff: [], source: { file: '/w/a.yaml' } as never },
  children: [],
});

describe('markOpenPrs', () => {
  it('prefixes the description of resources with an open PR, at any depth, and leaves others alone', () => {
    const web = resource('web', 'replicas 3 → 5');
    const api = resource('api', 'image');
    const bare = resource('db');
    const file: DriftNode = { id: 'f', kind: 'file', label: 'a.yaml', contextValue: 'file', children: [web, api, bare] };
    markOpenPrs([file], (r, f) => (r.name !== 'api' && f === '/w/a.yaml' ? 'PR #12' : undefined));
    expect(web.description).toBe('PR #12 · replicas 3 → 5');
    expect(api.description).toBe('image');
    expect(bare.description).toBe('PR #12');
    expect(file.description).toBeUndefined();
  });
});
