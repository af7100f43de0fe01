import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contextForFile, loadConvergeConfig, parseConvergeConfig } from '../../../src/core/config';

const FILE = '/repo/.converge.yaml';

function slice(text: string, problem: { range?: { start: { offset: number }; end: { offset: number } } }): string {
  return text.slice(problem.range?.start.offset, problem.range?.end.offset);
}

describe('parseConvergeConfig', () => {
  it('reads every setting', () => {
    const text = [
      'exclude:',
      '  - charts/',
      '  - "**/values*.yaml"',
      'orphanSelector: app.kubernetes.io/managed-by=converge',
      'fieldManager: converge',
      'ignoreDifferences:',
      '  - group: apps',
      '    kind: Deployment',
      '    name: web',
      '    namespace: shop',
      '    jsonPointers: [/spec/replicas]',
      '  - kind: MutatingWebhookConfiguration',
      '    managedFieldsManagers: [cert-manager-cainjector]',
      'compareStatus: [apps/Deployment, Pod]',
      'clusters:',
      '  - path: clusters/prod/',
      '    context: prod',
      '  - {path: clusters/staging, context: staging}',
      '',
    ].join('\n');
    expect(parseConvergeConfig(FILE, text)).toEqual({
      problems: [],
      config: {
        exclude: ['charts/', '**/values*.yaml'],
        orphanSelector: 'app.kubernetes.io/managed-by=converge',
        fieldManager: 'converge',
        ignoreDifferences: [
          { group: 'apps', kind: 'Deployment', name: 'web', namespace: 'shop', jsonPointers: ['/spec/replicas'] },
          { kind: 'MutatingWebhookConfiguration', managedFieldsManagers: ['cert-manager-cainjector'] },
        ],
        compareStatus: ['apps/Deployment', 'Pod'],
        clusters: [
          { path: 'clusters/prod/', context: 'prod' },
          { path: 'clusters/staging', context: 'staging' },
        ],
      },
    });
  });

  it('accepts the map shorthand for clusters, keeping order', () => {
    const { config, problems } = parseConvergeConfig(FILE, 'clusters:\n  clusters/prod: prod\n  clusters/dev: kind-dev\n');
    expect(problems).toEqual([]);
    expect(config.clusters).toEqual([
      { path: 'clusters/prod', context: 'prod' },
      { path: 'clusters/dev', context: 'kind-dev' },
    ]);
  });

  it('an empty file or comments only is an empty config', () => {
    expect(parseConvergeConfig(FILE, '')).toEqual({ config: {}, problems: [] });
    expect(parseConvergeConfig(FILE, '# nothing yet\n')).toEqual({ config: {}, problems: [] });
  });

  it('warns about unknown keys, at the key', () => {
    const text = 'fieldManager: me\nexlude: [a]\nignoreDifferences:\n  - kind: Service\n    jqPathExpressions: [.spec]\n    jsonPointers: [/spec/clusterIP]\n';
    const { config, problems } = parseConvergeConfig(FILE, text);
    expect(config).toEqual({ fieldManager: 'me', ignoreDifferences: [{ kind: 'Service', jsonPointers: ['/spec/clusterIP'] }] });
    expect(problems.map((p) => [p.rule, p.severity, slice(text, p)])).toEqual([
      ['config-unknown-key', 'warning', 'exlude'],
      ['config-unknown-key', 'warning', 'jqPathExpressions'],
    ]);
    expect(problems[0].range?.start).toEqual({ line: 1, character: 0, offset: 17 });
    expect(problems[1].message).toContain('not supported');
  });

  it('wrong types are errors at the field, in file order, and the setting is dropped', () => {
    const text = [
      'exclude: charts/',
      'orphanSelector: 3',
      'fieldManager: ""',
      'compareStatus: [Pod, 7]',
      'ignoreDifferences: {kind: Deployment}',
      'clusters: prod',
      '',
    ].join('\n');
    const { config, problems } = parseConvergeConfig(FILE, text);
    expect(config).toEqual({});
    expect(problems.map((p) => [p.rule, p.severity, slice(text, p)])).toEqual([
      ['config-invalid', 'error', 'exclude'],
      ['config-invalid', 'error', 'orphanSelector'],
      ['config-invalid', 'error', 'fieldManager'],
      ['config-invalid', 'error', '7'],
      ['config-invalid', 'error', 'ignoreDifferences'],
      ['config-invalid', 'error', 'clusters'],
    ]);
    expect(problems[0].message).toBe('"exclude" must be a list of strings, not the string "charts/"');
    expect(problems[1].message).toBe('"orphanSelector" must be a string, not the number 3');
  });

  it('validates ignoreDifferences rules one by one', () => {
    const text = [
      'ignoreDifferences:',
      '  - kind: Deployment',
      '    jsonPointers: [spec/replicas]',
      '  - kind: [Service]',
      '    jsonPointers: [/spec/clusterIP]',
      '  - just-a-string',
      '  - kind: ConfigMap',
      '  - name: ok',
      '    jsonPointers: ["/metadata/annotations/a~1b"]',
      '',
    ].join('\n');
    const { config, problems } = parseConvergeConfig(FILE, text);
    expect(config.ignoreDifferences).toEqual([{ kind: 'ConfigMap' }, { name: 'ok', jsonPointers: ['/metadata/annotations/a~1b'] }]);
    expect(problems.map((p) => [p.rule, p.severity, slice(text, p)])).toEqual([
      ['config-invalid', 'error', 'spec/replicas'],
      ['config-invalid', 'error', 'kind'],
      ['config-invalid', 'error', 'just-a-string'],
      ['config-empty-rule', 'warning', 'kind: ConfigMap'],
    ]);
  });

  it('validates clusters entries', () => {
    const text = 'clusters:\n  - path: a/\n  - context: b\n  - {path: c/, context: c, color: red}\n  - {path: "", context: d}\n';
    const { config, problems } = parseConvergeConfig(FILE, text);
    expect(config.clusters).toEqual([{ path: 'c/', context: 'c' }]);
    expect(problems.map((p) => [p.rule, p.severity])).toEqual([
      ['config-invalid', 'error'],
      ['config-invalid', 'error'],
      ['config-unknown-key', 'warning'],
      ['config-invalid', 'error'],
    ]);
    expect(problems[0].message).toBe('"context" is required');
    expect(slice(text, problems[2])).toBe('color');
  });

  it('a config that is not a map', () => {
    const { config, problems } = parseConvergeConfig(FILE, '- exclude\n');
    expect(config).toEqual({});
    expect(problems.map((p) => [p.rule, p.severity])).toEqual([['config-invalid', 'error']]);
  });

  it('YAML syntax errors and duplicate keys', () => {
    const syntax = parseConvergeConfig(FILE, 'exclude: [a\nfieldManager: x\n');
    expect(syntax.config).toEqual({});
    expect(syntax.problems[0]).toMatchObject({ rule: 'yaml-syntax', severity: 'error', file: FILE });
    const text = 'fieldManager: a\nfieldManager: b\n';
    const dup = parseConvergeConfig(FILE, text);
    expect(dup.problems.map((p) => [p.rule, p.range?.start.line])).toEqual([['duplicate-key', 1]]);
  });
});

describe('loadConvergeConfig', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'converge-config-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('no config file: empty config, no problems', async () => {
    expect(await loadConvergeConfig(root)).toEqual({ config: {}, problems: [] });
  });

  it('reads .converge.yaml', async () => {
    writeFileSync(path.join(root, '.converge.yaml'), 'fieldManager: team-a\n');
    expect(await loadConvergeConfig(root)).toEqual({
      config: { fieldManager: 'team-a' },
      file: path.join(root, '.converge.yaml'),
      problems: [],
    });
  });

  it('falls back to .converge.yml, and warns when both exist', async () => {
    writeFileSync(path.join(root, '.converge.yml'), 'fieldManager: yml\n');
    expect((await loadConvergeConfig(root)).config).toEqual({ fieldManager: 'yml' });
    writeFileSync(path.join(root, '.converge.yaml'), 'fieldManager: yaml\n');
    const both = await loadConvergeConfig(root);
    expect(both.config).toEqual({ fieldManager: 'yaml' });
    expect(both.problems.map((p) => [p.rule, p.file])).toEqual([['config-duplicate-file', path.join(root, '.converge.yml')]]);
  });

  it('problems carry the config file path', async () => {
    writeFileSync(path.join(root, '.converge.yaml'), 'unknown: 1\n');
    const loaded = await loadConvergeConfig(root);
    expect(loaded.problems).toEqual([expect.objectContaining({ file: path.join(root, '.converge.yaml'), rule: 'config-unknown-key' })]);
  });
});

describe('contextForFile', () => {
  const root = '/repo';
  const config = {
    clusters: [
      { path: 'clusters/prod/', context: 'prod' },
      { path: 'clusters/*/staging', context: 'staging' },
      { path: '*.dev.yaml', context: 'dev' },
      { path: 'clusters/', context: 'fallback' },
    ],
  };

  it('maps folders to contexts, first match wins', () => {
    expect(contextForFile(config, root, '/repo/clusters/prod/app/deploy.yaml')).toBe('prod');
    expect(contextForFile(config, root, '/repo/clusters/eu/staging/deploy.yaml')).toBe('staging');
    expect(contextForFile(config, root, '/repo/apps/web.dev.yaml')).toBe('dev');
    expect(contextForFile(config, root, '/repo/clusters/other/x.yaml')).toBe('fallback');
    expect(contextForFile(config, root, '/repo/clusters/prod.yaml')).toBe('fallback');
  });

  it('accepts paths relative to the root', () => {
    expect(contextForFile(config, root, 'clusters/prod/a.yaml')).toBe('prod');
  });

  it('undefined when nothing matches, the file is outside the root, or there are no clusters', () => {
    expect(contextForFile(config, root, '/repo/apps/web.yaml')).toBeUndefined();
    expect(contextForFile(config, root, '/elsewhere/clusters/prod/a.yaml')).toBeUndefined();
    expect(contextForFile({}, root, '/repo/clusters/prod/a.yaml')).toBeUndefined();
  });

  it('a pattern for everything', () => {
    expect(contextForFile({ clusters: [{ path: '**', context: 'all' }] }, root, '/repo/a/b.yaml')).toBe('all');
    expect(contextForFile({ clusters: [{ path: './apps/', context: 'apps' }] }, root, '/repo/apps/b.yaml')).toBe('apps');
  });
});
