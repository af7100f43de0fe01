// The bundled schemas are generated from the recorded OpenAPI v3 documents and follow the strict rules.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSchemas } from '../../../scripts/gen-schemas';
import type { GroupVersionSchemaFile, SchemaIndex } from '../../../src/core/schema';
import { SHARED_K8S } from './shared-k8s';

const DIR = join(__dirname, '../../../schemas/v1.28');
const read = <T>(name: string): T => JSON.parse(readFileSync(join(DIR, name), 'utf8')) as T;

describe('bundled schemas (schemas/v1.28)', () => {
  it('are up to date with scripts/gen-schemas.ts (run `npx tsx scripts/gen-schemas.ts`)', () => {
    const { files } = generateSchemas(join(SHARED_K8S, 'openapi/v3'), '1.28');
    expect([...files.keys()].sort()).toEqual(readdirSync(DIR).sort());
    for (const [name, text] of files) expect(readFileSync(join(DIR, name), 'utf8'), name).toBe(text);
  });

  it('stay small (< 15 MB in total)', () => {
    const total = readdirSync(DIR).reduce((n, f) => n + statSync(join(DIR, f)).size, 0);
    expect(total).toBeLessThan(15 * 1024 * 1024);
  });

  it('index lists group-versions, kinds and scopes', () => {
    const index = read<SchemaIndex>('index.json');
    expect(index.kubernetesVersion).toBe('1.28');
    expect(index.groupVersions['apps/v1'].file).toBe('apps-v1.json');
    expect(index.groupVersions['apps/v1'].kinds.Deployment).toEqual({ namespaced: true });
    expect(index.groupVersions.v1.kinds.Namespace).toEqual({ namespaced: false });
    expect(index.groupVersions['rbac.authorization.k8s.io/v1'].kinds.ClusterRole).toEqual({ namespaced: false });
    expect(Object.keys(index.groupVersions).sort()).toEqual([
      'apiextensions.k8s.io/v1',
      'apps/v1',
      'autoscaling/v2',
      'batch/v1',
      'networking.k8s.io/v1',
      'policy/v1',
      'rbac.authorization.k8s.io/v1',
      'storage.k8s.io/v1',
      'v1',
    ]);
  });

  it('per-kind entries keyed by x-kubernetes-group-version-kind, strict objects, int-or-string, quantity, enums, descriptions', () => {
    const apps = read<GroupVersionSchemaFile>('apps-v1.json');
    expect(apps.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(apps.kinds.Deployment).toEqual({ def: 'io.k8s.api.apps.v1.Deployment', namespaced: true, gvk: { group: 'apps', version: 'v1', kind: 'Deployment' } });
    const spec = apps.$defs['io.k8s.api.apps.v1.DeploymentSpec'] as Record<string, unknown>;
    expect(spec.additionalProperties).toBe(false);
    expect(spec.required).toEqual(['selector', 'template']);
    expect((spec.properties as Record<string, Record<string, unknown>>).template.$ref).toBe('#/$defs/io.k8s.api.core.v1.PodTemplateSpec');
    expect(apps.$defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toMatchObject({ type: ['integer', 'string'], 'x-kubernetes-int-or-string': true });
    expect(apps.$defs['io.k8s.apimachinery.pkg.api.resource.Quantity']).toMatchObject({ type: ['string', 'number'], format: 'quantity' });
    const container = apps.$defs['io.k8s.api.core.v1.Container'] as { properties: Record<string, Record<string, unknown>> };
    expect(container.properties.imagePullPolicy.enum).toEqual(['Always', 'IfNotPresent', 'Never']);
    expect(String(container.properties.image.description)).toContain('Container image name');
    expect(container.properties.ports['x-kubernetes-list-map-keys']).toEqual(['containerPort', 'protocol']);
    // Free-form maps stay open.
    const meta = apps.$defs['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'] as { properties: Record<string, Record<string, unknown>> };
    expect(meta.properties.labels.additionalProperties).toEqual({ type: 'string' });
  });
});
