import { describe, expect, it } from 'vitest';
import { applyTextEdits, ignoreFieldEdit, ignoreRuleFor } from '../../../src/core/editor';
import { parseConvergeConfig } from '../../../src/core/config';
import type { IgnoreRule } from '../../../src/core/types';

const RULE: IgnoreRule = ignoreRuleFor({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }, 'spec.replicas')!;
const RULE_BLOCK = `  - group: apps
    kind: Deployment
    name: web
    namespace: shop
    jsonPointers:
      - /spec/replicas`;

function add(text: string, rule = RULE): string {
  const plan = ignoreFieldEdit(text, rule);
  expect(plan.refused).toEqual([]);
  const out = applyTextEdits(text, plan.edits);
  const parsed = parseConvergeConfig('/repo/.converge.yaml', out);
  expect(parsed.problems).toEqual([]);
  expect(parsed.config.ignoreDifferences).toContainEqual(expect.objectContaining({ kind: rule.kind, name: rule.name }));
  return out;
}

describe('ignoreFieldEdit (.converge.yaml)', () => {
  it('the rule built for a field: object selectors and a JSON pointer', () => {
    expect(RULE).toEqual({ group: 'apps', kind: 'Deployment', name: 'web', namespace: 'shop', jsonPointers: ['/spec/replicas'] });
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'c' };
    expect(ignoreRuleFor(ref, 'metadata.labels["app.kubernetes.io/name"]')?.jsonPointers).toEqual(['/metadata/labels/app.kubernetes.io~1name']);
    expect(ignoreRuleFor(ref, 'spec.containers[name="app"].image', ['spec', 'containers', 1, 'image'])?.jsonPointers).toEqual(['/spec/containers/1/image']);
    expect(ignoreRuleFor(ref, 'spec.containers[name="app"].image')).toBeUndefined();
  });

  it('empty or comment-only file: the key is created', () => {
    expect(add('')).toBe(`ignoreDifferences:\n${RULE_BLOCK}\n`);
    expect(add('# repo settings')).toBe(`# repo settings\nignoreDifferences:\n${RULE_BLOCK}\n`);
  });

  it('settings without ignoreDifferences: appended after them, comments kept, CRLF kept', () => {
    const text = '# settings\nfieldManager: flux # who applies\nexclude:\n  - charts/**\n# end\n';
    expect(add(text)).toBe(`# settings\nfieldManager: flux # who applies\nexclude:\n  - charts/**\nignoreDifferences:\n${RULE_BLOCK}\n# end\n`);
    const crlf = text.replace(/\n/g, '\r\n');
    expect(add(crlf)).toBe(`# settings\nfieldManager: flux # who applies\nexclude:\n  - charts/**\nignoreDifferences:\n${RULE_BLOCK}\n# end\n`.replace(/\n/g, '\r\n'));
  });

  it('existing rules: a new item after the last one, in the list\'s own indentation', () => {
    const text = `ignoreDifferences:
- kind: Service # keep
  jsonPointers: [/spec/clusterIP]
orphanSelector: app.kubernetes.io/part-of=shop
`;
    expect(add(text)).toBe(`ignoreDifferences:
- kind: Service # keep
  jsonPointers: [/spec/clusterIP]
${RULE_BLOCK.replace(/^ {2}/gm, '')}
orphanSelector: app.kubernetes.io/part-of=shop
`);
  });

  it('a rule for the same object gets the pointer; the same pointer twice is refused', () => {
    const text = `ignoreDifferences:
  - group: apps
    kind: Deployment
    name: web
    namespace: shop
    jsonPointers:
      - /spec/template/spec/containers/0/image # CI bumps it
`;
    const out = add(text);
    expect(out).toBe(`${text.replace(/\n$/, '')}\n      - /spec/replicas\n`);
    expect(ignoreFieldEdit(out, RULE).refused).toEqual([{ path: 'ignoreDifferences', reason: 'this field is already ignored' }]);
    const flow = 'ignoreDifferences:\n  - {group: apps, kind: Deployment, name: web, namespace: shop, jsonPointers: [/a]}\n';
    expect(add(flow)).toBe('ignoreDifferences:\n  - {group: apps, kind: Deployment, name: web, namespace: shop, jsonPointers: [/a, /spec/replicas]}\n');
  });

  it('an empty list or an empty key', () => {
    expect(add('ignoreDifferences: []\nfieldManager: x\n')).toBe(`ignoreDifferences:\n${RULE_BLOCK}\nfieldManager: x\n`);
    expect(add('ignoreDifferences: # none yet\nfieldManager: x\n')).toBe(`ignoreDifferences: # none yet\n${RULE_BLOCK}\nfieldManager: x\n`);
  });

  it('a file that does not parse is left alone', () => {
    expect(ignoreFieldEdit('a: [', RULE).edits).toEqual([]);
  });
});
