import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseManifestFile, parseManifestText } from '../../../src/core/manifests/parse';
import { expectRangeText } from './range-helpers';

const FILE = '/repo/app.yaml';

describe('parseManifestText: documents that are not Kubernetes objects are skipped silently', () => {
  const cases: Record<string, string> = {
    'GitHub workflow': 'name: ci\non:\n  push:\n    branches: [main]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n',
    'Helm values': 'replicaCount: 1\nimage:\n  repository: nginx\n  tag: ""\nservice:\n  type: ClusterIP\n',
    'docker-compose': 'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n',
    'Helm Chart.yaml': 'apiVersion: v2\nname: mychart\nversion: 0.1.0\n',
    'kustomization without kind': 'resources:\n  - deploy.yaml\n',
    'empty file': '',
    'only comments': '# nothing here\n',
    'empty documents': '---\n---\n...\n',
    'a scalar': 'hello\n',
    'a sequence': '- a\n- b\n',
    kubeconfig: 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\ncurrent-context: ""\n',
    'kind cluster config': 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n  - role: control-plane\n',
    'kubelet config': 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: systemd\n',
    'audit policy': 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n',
  };
  for (const [name, text] of Object.entries(cases)) {
    it(name, () => {
      expect(parseManifestText(FILE, text)).toEqual({ file: FILE, objects: [], problems: [] });
    });
  }

  it('a tool config with metadata, or an API kind without a name, is still checked and reported', () => {
    expect(parseManifestText(FILE, 'apiVersion: v1\nkind: Config\nmetadata:\n  name: x\n').objects).toHaveLength(1);
    expect(parseManifestText(FILE, 'apiVersion: v1\nkind: ConfigMap\ndata: {}\n').problems[0].message).toBe('ConfigMap has no metadata.name');
  });

  it('package.json and tsconfig-style JSON with comments', () => {
    expect(parseManifestText('/repo/package.json', '{"name": "x", "version": "1.0.0"}\n').problems).toEqual([]);
    expect(parseManifestText('/repo/tsconfig.json', '{\n  // comment\n  "compilerOptions": {}\n}\n')).toEqual({
      file: '/repo/tsconfig.json',
      objects: [],
      problems: [],
    });
  });

  it('Helm templates under templates/ are skipped, even with apiVersion and kind', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "x.fullname" . }}\n  labels:\n    {{- include "x.labels" . | nindent 4 }}\n';
    expect(parseManifestText('/repo/charts/x/templates/deployment.yaml', text)).toEqual({
      file: '/repo/charts/x/templates/deployment.yaml',
      objects: [],
      problems: [],
    });
  });
});

describe('parseManifestText: problems', () => {
  it('yaml-syntax: reported with its range; the other documents are still returned', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: good-1',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: broken',
      'data:',
      '  a: [1, 2',
      '  b: c',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: good-2',
      '',
    ].join('\n');
    const parsed = parseManifestText(FILE, text);
    expect(parsed.objects.map((o) => [o.object.metadata.name, o.source.docIndex])).toEqual([
      ['good-1', 0],
      ['good-2', 2],
    ]);
    expect(parsed.problems.length).toBeGreaterThan(0);
    for (const problem of parsed.problems) {
      expect(problem).toMatchObject({ file: FILE, rule: 'yaml-syntax', severity: 'error' });
      expect(problem.range?.start.line).toBeGreaterThanOrEqual(10);
      expect(problem.range?.start.line).toBeLessThanOrEqual(11);
      expect(problem.message).not.toContain('\n');
    }
    expect(parsed.objects[1].source.fieldRange(['metadata', 'name'])?.value.start.line).toBe(16);
  });

  it('yaml-syntax: bad indentation has the exact range of the offending token', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   bad: indent\n';
    const parsed = parseManifestText(FILE, text);
    expect(parsed.objects).toEqual([]);
    expect(parsed.problems[0]).toMatchObject({ rule: 'yaml-syntax', severity: 'error' });
    expect(parsed.problems[0].range?.start).toEqual({ line: 3, character: 8, offset: 49 });
  });

  it('duplicate-key: an error at the repeated key, the object is still returned', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\ndata:\n  key: a\n  other: b\n  key: c\n';
    const parsed = parseManifestText(FILE, text);
    expect(parsed.problems).toHaveLength(1);
    const [problem] = parsed.problems;
    expect(problem).toMatchObject({ rule: 'duplicate-key', severity: 'error', file: FILE });
    expect(problem.message).toBe(`Map keys must be unique: "key" is repeated`);
    expect(problem.range).toEqual({
      start: { line: 7, character: 2, offset: 81 },
      end: { line: 7, character: 5, offset: 84 },
    });
    expectRangeText(text, problem.range, 'key');
    expect(parsed.objects).toHaveLength(1);
  });

  it('duplicate-key: quoted keys in JSON', () => {
    const text = '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "name": "b"}}';
    const parsed = parseManifestText('/repo/a.json', text);
    expect(parsed.problems.map((p) => p.rule)).toEqual(['duplicate-key']);
    expectRangeText(text, parsed.problems[0].range, '"name"');
    expect(parsed.problems[0].range?.start.offset).toBe(text.lastIndexOf('"name"'));
  });

  it('missing-name: at the metadata key, or at kind when there is no metadata', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {a: b}\n---\napiVersion: v1\nkind: Secret\n';
    const parsed = parseManifestText(FILE, text);
    expect(parsed.objects).toEqual([]);
    expect(parsed.problems.map((p) => [p.rule, p.severity])).toEqual([
      ['missing-name', 'error'],
      ['missing-name', 'error'],
    ]);
    expectRangeText(text, parsed.problems[0].range, 'metadata');
    expect(parsed.problems[0].range?.start.line).toBe(2);
    expectRangeText(text, parsed.problems[1].range, 'kind');
    expect(parsed.problems[1].range?.start.line).toBe(6);
    expect(parsed.problems[0].message).toContain('ConfigMap');
  });

  it('invalid-object: apiVersion/kind that are not strings, metadata that is not a map', () => {
    const parsed = parseManifestText(FILE, 'apiVersion: 1\nkind: [x]\n---\napiVersion: v1\nkind: X\nmetadata: name\n');
    expect(parsed.problems.map((p) => p.rule)).toEqual(['invalid-object', 'invalid-object']);
    expect(parsed.objects).toEqual([]);
  });

  it('yaml-aliases: an alias bomb returns quickly with a problem', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    const names = 'bcdefghijklmnop';
    for (let i = 0; i < names.length; i++) {
      const prev = i === 0 ? 'a' : names[i - 1];
      levels.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  ${levels.join('\n  ')}\n`;
    const started = performance.now();
    const parsed = parseManifestText(FILE, text);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(1000);
    expect(parsed.objects).toEqual([]);
    expect(parsed.problems.map((p) => [p.rule, p.severity])).toEqual([['yaml-aliases', 'error']]);
    expect(parsed.problems[0].range?.start.line).toBe(0);
  });

  it('a modest number of aliases is fine', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok, labels: &l {a: b}, annotations: *l}\ndata: {x: *l, y: *l}\n';
    expect(parseManifestText(FILE, text).problems).toEqual([]);
  });

  it('not-text: text containing NUL characters', () => {
    const parsed = parseManifestText(FILE, 'apiVersion: v1\u0000\u0001');
    expect(parsed.objects).toEqual([]);
    expect(parsed.problems.map((p) => p.rule)).toEqual(['not-text']);
  });

  it('syntax errors in files that do not look like Kubernetes are not reported', () => {
    expect(parseManifestText('/repo/ansible.yaml', '- hosts: all\n  vars: {{ x }}\n  bad: [\n').problems).toEqual([]);
  });
});

describe('parseManifestFile', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'converge-parse-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads and parses a file', async () => {
    const file = path.join(dir, 'cm.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-disk\n');
    const parsed = await parseManifestFile(file);
    expect(parsed.file).toBe(file);
    expect(parsed.objects[0].source.file).toBe(file);
    expect(parsed.objects[0].object.metadata.name).toBe('from-disk');
  });

  it('not-text: binary content and invalid UTF-8', async () => {
    const binary = path.join(dir, 'image.yaml');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    const latin1 = path.join(dir, 'latin1.yaml');
    writeFileSync(latin1, Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf\xe9}\n', 'latin1'));
    for (const file of [binary, latin1]) {
      const parsed = await parseManifestFile(file);
      expect(parsed.objects).toEqual([]);
      expect(parsed.problems).toEqual([expect.objectContaining({ file, rule: 'not-text', severity: 'warning' })]);
    }
  });

  it('a UTF-8 byte order mark is dropped, like editors do', async () => {
    const file = path.join(dir, 'bom.yaml');
    writeFileSync(file, '\ufeffapiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bom\n');
    const parsed = await parseManifestFile(file);
    expect(parsed.objects[0].source.fieldRange(['apiVersion'])?.key?.start).toEqual({ line: 0, character: 0, offset: 0 });
  });

  it('read-error for a missing file', async () => {
    const parsed = await parseManifestFile(path.join(dir, 'missing.yaml'));
    expect(parsed.problems.map((p) => p.rule)).toEqual(['read-error']);
  });
});
