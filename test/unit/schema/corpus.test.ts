// One fixture manifest per check: the exact rule and path must be reported; valid fixtures give no errors/warnings.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifestText } from '../../../src/core/manifests';
import { formatPath, SchemaValidator, validateDesiredObjects } from '../../../src/core/schema';
import { SHARED_K8S } from './shared-k8s';

const FIXTURES = join(__dirname, '../../fixtures/schema');
const validator = new SchemaValidator();

function load(file: string) {
  const text = readFileSync(file, 'utf8');
  return { text, parsed: parseManifestText(file, text) };
}

describe('valid manifests', () => {
  const dir = join(FIXTURES, 'valid');
  for (const name of readdirSync(dir)) {
    it(name, () => {
      const { parsed } = load(join(dir, name));
      expect(parsed.problems).toEqual([]);
      expect(parsed.objects.length).toBeGreaterThan(0);
      const diags = validateDesiredObjects(new SchemaValidator(), parsed.objects);
      expect(diags.filter((d) => d.severity !== 'info')).toEqual([]);
    });
  }
});

describe('invalid manifests (one per check)', () => {
  const dir = join(FIXTURES, 'invalid');
  for (const name of readdirSync(dir)) {
    it(name, () => {
      const file = join(dir, name);
      const { text } = load(file);
      const [, rule, path = ''] = /^# expect: (\S+) ?(\S*)/m.exec(text) ?? [];
      const target = /^# kubernetes-version: (\S+)/m.exec(text)?.[1];
      expect(rule).toBeTruthy();
      // Validate the last document (CRD fixtures put the CRD first).
      const objects = load(file).parsed.objects;
      const v = new SchemaValidator();
      for (const o of objects) if (o.object.kind === 'CustomResourceDefinition') v.addCustomResourceDefinition(o.object);
      const obj = (objects.at(-1)?.object ?? (require('yaml').parse(text) as never));
      const findings = v.validate(obj, { kubernetesVersion: target });
      const got = findings.map((f) => `${f.rule} ${formatPath(f.path)}`);
      expect(got).toContain(`${rule} ${path}`);
    });
  }
});

describe('SchemaValidator details', () => {
  const deployment = (spec: Record<string, unknown>) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
      ...spec,
    },
  });

  it('suggests the closest field name for unknown fields', () => {
    const f = validator.validate(deployment({ replica: 3 }));
    expect(f).toEqual([
      { path: ['spec', 'replica'], rule: 'unknown-field', severity: 'error', message: 'unknown field "replica"; did you mean "replicas"?' },
    ]);
  });

  it('can downgrade or ignore unknown fields', () => {
    expect(validator.validate(deployment({ replica: 3 }), { unknownFields: 'warning' })[0].severity).toBe('warning');
    expect(validator.validate(deployment({ replica: 3 }), { unknownFields: 'ignore' })).toEqual([]);
  });

  it('treats null values as absent (like the API server)', () => {
    const obj = deployment({ replicas: null, strategy: null });
    (obj.metadata as Record<string, unknown>).annotations = null;
    (obj.metadata as Record<string, unknown>).creationTimestamp = null;
    expect(validator.validate(obj)).toEqual([]);
  });

  it('accepts every quantity spelling the server accepted and rejects bad ones', () => {
    const withCpu = (cpu: unknown) =>
      deployment({
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx', resources: { limits: { cpu } } }] },
        },
      });
    for (const ok of ['500m', 0.5, 1.5, '2.5', '0.1', '1000m', 0.001, '1024Mi', '1.5Gi', '1000M', 129e6, '1e3', 1, '1Ti', '.5', '+1', '1E']) {
      expect(validator.validate(withCpu(ok)), String(ok)).toEqual([]);
    }
    for (const bad of ['1.5 GB', 'abc', '1KiB', '1k8', '', '1e', '--1', true]) {
      const f = validator.validate(withCpu(bad));
      expect(f.map((x) => x.rule), String(bad)).toEqual(['quantity']);
    }
  });

  it('int-or-string fields accept both and reject others', () => {
    const ok = deployment({ strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } } });
    expect(validator.validate(ok)).toEqual([]);
    const bad = validator.validate(deployment({ strategy: { rollingUpdate: { maxSurge: 1.5 } } }));
    expect(bad.map((f) => [f.rule, formatPath(f.path)])).toEqual([['int-or-string', 'spec.strategy.rollingUpdate.maxSurge']]);
  });

  it('reports all errors at once', () => {
    const f = validator.validate(deployment({ replicas: 'three', paused: 'yes', bogus: 1 }));
    expect(f.map((x) => `${x.rule} ${formatPath(x.path)}`).sort()).toEqual([
      'type spec.paused',
      'type spec.replicas',
      'unknown-field spec.bogus',
    ]);
  });

  it('never echoes Secret values', () => {
    const f = validator.validate({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { token: 'hunter2!' } });
    expect(f.map((x) => x.rule)).toEqual(['format']);
    expect(f[0].message).not.toContain('hunter2');
    expect(f[0].message).toContain('(value hidden)');
  });

  it('accepts multi-line base64 (Go skips newlines) and empty enum values of built-in types (unset)', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'aGVs\nbG8=\n' } };
    expect(validator.validate(secret)).toEqual([]);
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'a', image: 'x', imagePullPolicy: '' }], tolerations: [{ key: 'k', operator: 'Exists', effect: '' }] },
    };
    expect(validator.validate(pod)).toEqual([]);
  });

  it('int32 range', () => {
    const f = validator.validate(deployment({ replicas: 2 ** 31 }));
    expect(f.map((x) => x.rule)).toEqual(['format']);
  });

  it('unknown kinds give one info finding', () => {
    expect(validator.validate({ apiVersion: 'apps/v1', kind: 'Frobnicator', metadata: { name: 'x' } })).toEqual([
      { path: [], rule: 'no-schema', severity: 'info', message: 'no schema for apps/v1/Frobnicator' },
    ]);
    expect(validator.validate({ apiVersion: 'v1', kind: 'Gadget', metadata: { name: 'x' } })[0].message).toBe('no schema for v1/Gadget');
  });

  it('deprecated vs removed depends on the target version', () => {
    const pdb = { apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', metadata: { name: 'p' } };
    expect(validator.validate(pdb, { kubernetesVersion: '1.20' }).map((f) => f.rule)).toEqual(['no-schema']);
    expect(validator.validate(pdb, { kubernetesVersion: '1.21' }).map((f) => f.rule)).toEqual(['deprecated-api-version', 'no-schema']);
    expect(validator.validate(pdb, { kubernetesVersion: '1.25' }).map((f) => f.rule)).toEqual(['removed-api-version']);
    const dep = { apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: { name: 'd' } };
    expect(validator.validate(dep, { kubernetesVersion: '1.16' })[0].message).toContain('use apps/v1');
    const ing = { apiVersion: 'networking.k8s.io/v1beta1', kind: 'Ingress', metadata: { name: 'i' } };
    expect(validator.validate(ing, { kubernetesVersion: 'v1.22.3' })[0].rule).toBe('removed-api-version');
  });

  it('missing name and generateName', () => {
    expect(validator.validate({ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} })).toEqual([
      { path: ['metadata', 'name'], rule: 'missing-name', severity: 'error', message: 'missing required field "metadata.name"' },
    ]);
    const gen = validator.validate({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'x-' } });
    expect(gen.map((f) => [f.rule, f.severity])).toEqual([['missing-name', 'warning']]);
  });

  it('knows the scope of built-in kinds', () => {
    expect(validator.isNamespaced('v1', 'Namespace')).toBe(false);
    expect(validator.isNamespaced('apps/v1', 'Deployment')).toBe(true);
    expect(validator.isNamespaced('storage.k8s.io/v1', 'StorageClass')).toBe(false);
    expect(validator.isNamespaced('example.com/v1', 'X')).toBeUndefined();
  });

  it('fieldSchema resolves a field for the editor (hover)', () => {
    const image = validator.fieldSchema('apps/v1', 'Deployment', ['spec', 'template', 'spec', 'containers', 0, 'image']);
    expect(image?.type).toBe('string');
    expect(String(image?.description)).toContain('Container image name');
    expect(validator.fieldSchema('apps/v1', 'Deployment', ['spec', 'template', 'spec', 'containers', 0, 'imagePullPolicy'])?.enum).toEqual(['Always', 'IfNotPresent', 'Never']);
    expect(validator.fieldSchema('apps/v1', 'Deployment', ['metadata', 'labels', 'app'])).toMatchObject({ type: 'string' });
    expect(validator.fieldSchema('apps/v1', 'Deployment', ['spec', 'nope'])).toBeUndefined();
    expect(validator.fieldSchema('example.com/v1', 'Nope', [])).toBeUndefined();
  });

  it('never throws on junk', () => {
    expect(validator.validate(null as never)[0].rule).toBe('type');
    expect(validator.validate({ metadata: {} } as never).map((f) => f.rule)).toEqual(['missing-kind', 'missing-kind']);
    expect(validator.validate({ apiVersion: 'v1', kind: 'ConfigMap', metadata: 'x' } as never).map((f) => f.rule)).toContain('type');
  });
});

describe('custom resources (structural schemas)', () => {
  const v = new SchemaValidator();
  v.addCustomResourceSchema(
    'example.com',
    'v1',
    'Widget',
    {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          required: ['size'],
          properties: {
            size: { type: 'string', enum: ['small', 'large'] },
            replicas: { type: 'integer', minimum: 0, maximum: 10 },
            cpu: { 'x-kubernetes-int-or-string': true, pattern: '^[0-9]+m?$', anyOf: [{ type: 'integer' }, { type: 'string' }] },
            free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            pruned: { type: 'object' },
            labels: { type: 'object', additionalProperties: { type: 'string' } },
            inner: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
          },
        },
        status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
    { namespaced: false },
  );
  const cr = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'w1' }) => ({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata,
    spec: { size: 'small', ...spec },
  });
  const rules = (spec: Record<string, unknown>) => v.validate(cr(spec)).map((f) => `${f.rule} ${formatPath(f.path)}`);

  it('accepts a valid custom resource', () => {
    expect(v.validate(cr({ cpu: '500m', free: { a: { b: 1 } }, labels: { a: 'b' }, inner: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} } }))).toEqual([]);
    expect(v.validate(cr({ cpu: 3, replicas: 10 }))).toEqual([]);
  });

  it('reports unknown fields, including fields of schemaless objects (pruned by the server)', () => {
    expect(rules({ sise: 'x' })).toEqual(['unknown-field spec.sise']);
    expect(rules({ pruned: { x: 1 } })).toEqual(['unknown-field spec.pruned.x']);
    expect(v.validate({ ...cr({}), extra: 1 }).map((f) => f.rule)).toEqual(['unknown-field']);
  });

  it('validates metadata as ObjectMeta', () => {
    expect(v.validate(cr({}, { name: 'w1', labelz: {} })).map((f) => `${f.rule} ${formatPath(f.path)}`)).toEqual(['unknown-field metadata.labelz']);
  });

  it('checks enums, ranges, patterns, int-or-string, required', () => {
    expect(rules({ size: 'medium' })).toEqual(['enum spec.size']);
    expect(rules({ replicas: 11 })).toEqual(['constraint spec.replicas']);
    expect(rules({ cpu: 'lots' })).toEqual(['constraint spec.cpu']);
    expect(rules({ cpu: true })).toEqual(['int-or-string spec.cpu']);
    expect(v.validate({ ...cr({}), spec: {} }).map((f) => `${f.rule} ${formatPath(f.path)}`)).toEqual(['required spec.size']);
  });

  it('fieldSchema works for custom resources, metadata included', () => {
    expect(v.fieldSchema('example.com/v1', 'Widget', ['spec', 'size'])?.enum).toEqual(['small', 'large']);
    expect(String(v.fieldSchema('example.com/v1', 'Widget', ['metadata', 'name'])?.description)).toContain('Name must be unique');
  });

  it('uses the CRD scope', () => {
    expect(v.validate(cr({}, { name: 'w1', namespace: 'x' })).map((f) => f.rule)).toEqual(['namespace-on-cluster-scoped']);
  });

  it('validates the recorded CRD and its custom resource', () => {
    const { parse, parseAllDocuments } = require('yaml') as typeof import('yaml');
    const v2 = new SchemaValidator();
    const crd = parse(readFileSync(join(SHARED_K8S, 'exchanges/05-crd/crd.yaml'), 'utf8'));
    expect(v2.validate(crd)).toEqual([]);
    expect(v2.addCustomResourceDefinition(crd).length).toBeGreaterThan(0);
    for (const d of parseAllDocuments(readFileSync(join(SHARED_K8S, 'exchanges/05-crd/widget-w1.yaml'), 'utf8'))) {
      expect(v2.validate(d.toJS())).toEqual([]);
    }
  });
});
