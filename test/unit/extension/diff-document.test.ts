import { describe, expect, it } from 'vitest';
import { diffDocumentName, diffDocumentText } from '../../../src/extension/views/diff-document';
import { imageDrift, ref, result, ROOT, source } from './fixtures';

describe('diff document', () => {
  const r = result('diverged', ref('Deployment', 'web', 'shop'), source(`${ROOT}/d.yaml`, 0, 2), [imageDrift], 'image nginx:1.25 → nginx:1.26');
  it('is named after the object', () => {
    expect(diffDocumentName(r)).toBe('Deployment shop-web.diff');
  });
  it("shows the engine's unified diff under a header", () => {
    const text = diffDocumentText({ ...r, unifiedDiff: '--- live\n+++ merged\n-  image: nginx:1.26\n+  image: nginx:1.25' });
    expect(text).toBe(
      `# Deployment shop/web — diverged\n# image nginx:1.25 → nginx:1.26\n# ${ROOT}/d.yaml:3\n--- live\n+++ merged\n-  image: nginx:1.26\n+  image: nginx:1.25\n`,
    );
  });
  it('lists the fields when the engine gave no unified diff', () => {
    const text = diffDocumentText(r, Date.parse('2026-11-24T20:00:00Z'));
    expect(text).toContain('# spec.template.spec.containers[name="app"].image: containers[name="app"].image nginx:1.25 → nginx:1.26 by kubectl-edit, 2h ago');
  });
});
