// Self-contained kind schemas (what the inspector webview's monaco-yaml gets): compile alone, and reject what the
// validator rejects, at the same paths.
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { SchemaValidator, standaloneSchema } from '../../../src/core/schema';

const alone = () => new Ajv({ allErrors: true, strict: false, validateFormats: false });

const DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replica: 2,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx', resources: { limits: { cpu: '1 core' } }, ports: [{ containerPort: 'http' }] }] } },
  },
};

describe('kindJsonSchema', () => {
  const validator = new SchemaValidator();

  it('is one document: every $ref local, under definitions', () => {
    const schema = validator.kindJsonSchema('apps/v1', 'Deployment')!;
    const refs = JSON.stringify(schema).match(/"\$ref":"[^"]*"/g) ?? [];
    expect(refs.length).toBeGreaterThan(50);
    expect(refs.filter((r) => !r.startsWith('"$ref":"#/definitions/'))).toEqual([]);
    expect(JSON.stringify(schema)).not.toContain('$defs');
    expect(validator.kindJsonSchema('example.com/v1', 'Nope')).toBeUndefined();
  });

  it('compiles on its own and finds what the validator finds, at the same paths', () => {
    const validate = alone().compile(validator.kindJsonSchema('apps/v1', 'Deployment')!);
    expect(validate(DEPLOYMENT)).toBe(false);
    const paths = new Set((validate.errors ?? []).map((e) => `${e.instancePath}${e.keyword === 'additionalProperties' ? `/${(e.params as { additionalProperty: string }).additionalProperty}` : ''}`));
    expect(paths).toContain('/spec/replica');
    expect(paths).toContain('/spec/template/spec/containers/0/resources/limits/cpu'); // quantity syntax, as a pattern
    expect(paths).toContain('/spec/template/spec/containers/0/ports/0/containerPort');
    expect(validator.validate(DEPLOYMENT as never).map((f) => f.path.join('.')).sort()).toEqual([
      'spec.replica',
      'spec.template.spec.containers.0.ports.0.containerPort',
      'spec.template.spec.containers.0.resources.limits.cpu',
    ]);
  });

  it('custom resources from a CRD carry ObjectMeta from the core schemas', () => {
    const v = new SchemaValidator();
    v.addCustomResourceDefinition({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.shop.example.com' },
      spec: { group: 'shop.example.com', names: { kind: 'Widget' }, versions: [{ name: 'v1', served: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }] },
    });
    const validate = alone().compile(v.kindJsonSchema('shop.example.com/v1', 'Widget')!);
    expect(validate({ apiVersion: 'shop.example.com/v1', kind: 'Widget', metadata: { name: 'w', labels: { a: 'b' } }, spec: { size: 3 } })).toBe(true);
    expect(validate({ apiVersion: 'shop.example.com/v1', kind: 'Widget', metadata: { name: 'w', labels: { a: 1 } }, spec: { size: 'big' } })).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath).sort()).toEqual(['/metadata/labels/a', '/spec/size']);
  });

  it('unresolvable refs become "anything" rather than a broken schema', () => {
    const s = standaloneSchema({ type: 'object', properties: { a: { $ref: 'other#/$defs/Missing', description: 'd' } } }, new Map());
    expect(s.properties).toEqual({ a: { description: 'd' } });
    expect(alone().compile(s)({ a: 1 })).toBe(true);
  });
});
