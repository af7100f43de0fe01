// `converge validate`: exit codes, text/json/sarif output, source positions, parse problems.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runValidate } from '../../../src/cli/validate';

const FIXTURES = join(__dirname, '../../fixtures/schema');

async function run(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runValidate(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd });
  return { code, stdout, stderr };
}

describe('converge validate', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'converge-validate-'));
    writeFileSync(
      join(dir, 'app.yaml'),
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: ok',
        'data:',
        '  a: "1"',
        '---',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: web',
        'spec:',
        '  replica: 2',
        '  selector:',
        '    matchLabels: {app: web}',
        '  template:',
        '    metadata:',
        '      labels: {app: web}',
        '    spec:',
        '      containers:',
        '        - name: web',
        '          image: 42',
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'good.yaml'), 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n');
    writeFileSync(join(dir, 'broken.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  name: y\n');
    writeFileSync(join(dir, 'syntax.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: [\n');
    writeFileSync(join(dir, 'old.yaml'), 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exit 0 for valid manifests', async () => {
    const r = await run(['good.yaml'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 error(s), 0 warning(s)');
  });

  it('exit 1 and 1-based positions of the key for findings (json)', async () => {
    const r = await run(['app.yaml', '--output', 'json'], dir);
    expect(r.code).toBe(1);
    const { diagnostics } = JSON.parse(r.stdout);
    expect(diagnostics).toEqual([
      { file: 'app.yaml', line: 13, column: 3, path: 'spec.replica', severity: 'error', rule: 'unknown-field', message: 'unknown field "replica"; did you mean "replicas"?' },
      { file: 'app.yaml', line: 22, column: 11, path: 'spec.template.spec.containers[0].image', severity: 'error', rule: 'type', message: 'must be string, got integer' },
    ]);
  });

  it('text output: file:line:col: severity: path: message [rule]', async () => {
    const r = await run(['app.yaml'], dir);
    expect(r.stdout).toContain('app.yaml:13:3: error: spec.replica: unknown field "replica"; did you mean "replicas"? [unknown-field]');
  });

  it('reports parse problems (duplicate keys, YAML syntax) as diagnostics', async () => {
    const r = await run(['broken.yaml', 'syntax.yaml', '--output=json'], dir);
    expect(r.code).toBe(1);
    const rules = JSON.parse(r.stdout).diagnostics.map((d: { file: string; rule: string; line: number }) => `${d.file} ${d.rule}`);
    expect(rules).toContain('broken.yaml duplicate-key');
    expect(rules).toContain('syntax.yaml yaml-syntax');
  });

  it('--kubernetes-version decides deprecated vs removed', async () => {
    const removed = JSON.parse((await run(['old.yaml', '-o', 'json'], dir)).stdout).diagnostics;
    expect(removed.map((d: { rule: string }) => d.rule)).toEqual(['removed-api-version']);
    const r = await run(['old.yaml', '-o', 'json', '--kubernetes-version', '1.24'], dir);
    expect(JSON.parse(r.stdout).diagnostics.map((d: { rule: string }) => d.rule)).toEqual(['deprecated-api-version', 'no-schema']);
    expect(r.code).toBe(1);
  });

  it('exit 2 for usage and I/O errors', async () => {
    expect((await run(['--output', 'xml'], dir)).code).toBe(2);
    expect((await run(['--bogus'], dir)).code).toBe(2);
    expect((await run(['--kubernetes-version', 'latest'], dir)).code).toBe(2);
    const missing = await run(['nope.yaml'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yaml: no such file or directory');
    expect((await run(['--help'], dir)).code).toBe(0);
  });

  it('validates a whole folder (fixture corpus) with CRDs applied to their custom resources', async () => {
    const r = await run([join(FIXTURES, 'valid'), '-o', 'json'], dir);
    expect(JSON.parse(r.stdout).diagnostics).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('SARIF output is valid against the SARIF 2.1.0 JSON schema', async () => {
    const r = await run(['.', '--output', 'sarif'], dir);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    // The shipped schema is draft-04 (only its root `id` differs from draft-07 for ajv).
    const schema = JSON.parse(readFileSync(join(FIXTURES, 'sarif-schema-2.1.0.json'), 'utf8'));
    delete schema.$schema;
    delete schema.id;
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    // The schema really checks: a wrong level or version is rejected.
    const bad = JSON.parse(r.stdout);
    bad.runs[0].results[0].level = 'fatal';
    expect(validate(bad)).toBe(false);
    expect(validate({ ...log, version: '2.0.0' })).toBe(false);

    const run0 = log.runs[0];
    expect(log.version).toBe('2.1.0');
    expect(run0.tool.driver.name).toBe('converge');
    const ids = run0.tool.driver.rules.map((x: { id: string }) => x.id);
    expect(ids).toContain('unknown-field');
    const res = run0.results.find((x: { ruleId: string }) => x.ruleId === 'unknown-field');
    expect(res.level).toBe('error');
    expect(ids[res.ruleIndex]).toBe('unknown-field');
    expect(res.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'app.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 13, startColumn: 3 } });
  });
});
