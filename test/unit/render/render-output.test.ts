// Renderer output: objects read like every manifest (YAML 1.1 as kubectl), Helm's Source comment per document.
import { describe, expect, it } from 'vitest';
import { parseRenderedYaml } from '../../../src/core/render/render-output';

describe('parseRenderedYaml', () => {
  it('reads Helm output: Source comments, YAML 1.1 scalars, Lists flattened, empty documents skipped', () => {
    const text = [
      '---',
      '# Source: cache/templates/cm.yaml',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: c',
      'data:',
      '  plain: yes',
      '---',
      '# Source: cache/templates/empty.yaml',
      '---',
      '# Source: cache/charts/sub/templates/list.yaml',
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - {apiVersion: v1, kind: Service, metadata: {name: a}}',
      '  - {apiVersion: v1, kind: Service, metadata: {name: b}}',
      '',
    ].join('\n');
    const docs = parseRenderedYaml(text);
    expect(docs.map((d) => [d.object.kind, d.object.metadata.name, d.template])).toEqual([
      ['ConfigMap', 'c', 'cache/templates/cm.yaml'],
      ['Service', 'a', 'cache/charts/sub/templates/list.yaml'],
      ['Service', 'b', 'cache/charts/sub/templates/list.yaml'],
    ]);
    expect(docs[0].object.data).toEqual({ plain: true });
  });

  it('refuses output it cannot read', () => {
    expect(() => parseRenderedYaml('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [\n')).toThrow(/^unreadable output/);
  });
});
