import { describe, expect, it } from 'vitest';
import { parseManifestText } from '../../../src/core/manifests';
import { SchemaValidator } from '../../../src/core/schema';
import { apiVersionsToLearn, crdFilesFirst, fieldAt, findingsOfText, hoverMarkdown, type EditorFinding } from '../../../src/extension/diagnostics/schema-findings-model';
import { markSchemaInvalid } from '../../../src/extension/views/schema-verdicts';
import { ref, report, result, source } from './fixtures';

const validator = new SchemaValidator();
const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replica: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: nginx
`;
const textAt = (text: string, f: { range: EditorFinding['range'] }) => text.slice(f.range.start.offset, f.range.end.offset);

describe('findingsOfText', () => {
  it('puts an unknown field on its key, with a "did you mean" quick fix', () => {
    const [f] = findingsOfText('/ws/web.yaml', deployment, validator);
    expect(f).toMatchObject({ severity: 'error', rule: 'unknown-field', path: 'spec.replica' });
    expect(textAt(deployment, f)).toBe('replica');
    expect(f.range.start).toMatchObject({ line: 6, character: 2 });
    expect(f.fix).toMatchObject({ title: 'Change "replica" to "replicas"', newText: 'replicas' });
    expect(textAt(deployment, f.fix!)).toBe('replica');
  });

  it('offers the replacement of a removed apiVersion on its value', () => {
    const pdb = 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: shop}\nspec: {minAvailable: 1}\n';
    const f = findingsOfText('/ws/pdb.yaml', pdb, validator).find((x) => x.rule === 'removed-api-version')!;
    expect(f.fix).toMatchObject({ title: 'Change apiVersion to policy/v1', newText: 'policy/v1' });
    expect(textAt(pdb, f.fix!)).toBe('policy/v1beta1');
  });

  it('reports a YAML syntax error while typing, without throwing', () => {
    const broken = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\ndata: [a\n';
    const found = findingsOfText('/ws/x.yaml', broken, validator);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => f.severity === 'error' && !f.objectRange)).toBe(true);
  });

  it('says nothing about a valid manifest', () => {
    expect(findingsOfText('/ws/web.yaml', deployment.replace('replica:', 'replicas:'), validator)).toEqual([]);
  });
});

describe('fieldAt / hoverMarkdown', () => {
  it('gives the schema description of the key under the cursor', () => {
    const { objects } = parseManifestText('/ws/web.yaml', deployment.replace('replica:', 'replicas:'));
    const h = fieldAt(objects, deployment.indexOf('replica') + 3, validator)!;
    expect(h.path).toBe('spec.replicas');
    const md = hoverMarkdown(h);
    expect(md).toMatch(/^\*\*spec\.replicas\*\* — `integer`/);
    expect(md).toMatch(/desired pods/i);
    const image = fieldAt(objects, deployment.indexOf('nginx') + 1, validator)!;
    expect(image.path).toBe('spec.template.spec.containers[0].image');
  });

  it('gives nothing outside objects', () => {
    expect(fieldAt([], 3, validator)).toBeUndefined();
  });
});

describe('markSchemaInvalid', () => {
  it('marks an object with a schema error invalid, with the error as reason; others and broken files stay', () => {
    const { objects } = parseManifestText('/ws/web.yaml', deployment);
    const web = result('converged', ref('Deployment', 'web', 'shop'), objects[0].source);
    const other = result('diverged', ref('ConfigMap', 'c', 'shop'), { ...objects[0].source, file: '/ws/c.yaml' });
    const findings = findingsOfText('/ws/web.yaml', deployment, validator);
    const [marked] = markSchemaInvalid([report([web, other])], (f) => (f === '/ws/web.yaml' ? findings : []));
    expect(marked.resources.map((r) => r.verdict)).toEqual(['invalid', 'diverged']);
    expect(marked.resources[0].reason).toBe('schema: spec.replica: unknown field "replica"; did you mean "replicas"?');
    expect(marked.summary.invalid).toBe(1);
    const untouched = report([other]);
    expect(markSchemaInvalid([untouched], (f) => (f === '/ws/web.yaml' ? findings : []))[0]).toBe(untouched);
  });
});

describe('cluster and workspace CRD schemas', () => {
  it('asks the cluster only for custom resources no schema covers', () => {
    const results = [
      result('converged', ref('Deployment', 'web', 'shop'), source('/ws/a.yaml')),
      result('missing', ref('Widget', 'w', 'shop', 'example.com/v1'), source('/ws/w.yaml')),
      result('orphaned', ref('Gadget', 'g', 'shop', 'other.io/v1')),
      result('invalid', { apiVersion: '', kind: '', name: '' }, source('/ws/broken.yaml')),
    ];
    expect(apiVersionsToLearn(validator, results)).toEqual(['example.com/v1']);
  });

  it('validates files that define CRDs first', () => {
    const results = [result('converged', ref('CustomResourceDefinition', 'widgets.example.com', undefined, 'apiextensions.k8s.io/v1'), source('/ws/z-crd.yaml'))];
    expect(crdFilesFirst(['/ws/a.yaml', '/ws/z-crd.yaml'], results)).toEqual(['/ws/z-crd.yaml', '/ws/a.yaml']);
  });
});
