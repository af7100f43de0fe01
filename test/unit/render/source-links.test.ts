// Linking rendered objects to the files that define them: names with prefixes/suffixes, generated names.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifestText } from '../../../src/core/manifests/parse';
import { readKustomization } from '../../../src/core/render/kustomization-file';
import { linkRenderedObject, type KustomizeSources } from '../../../src/core/render/source-links';
import type { KubeObject } from '../../../src/core/types';

const root = readKustomization(resolve(__dirname, '../../fixtures/render/broken/kustomization.yaml'));
const base = parseManifestText(
  '/repo/base/objects.yaml',
  ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: web}', '---', 'apiVersion: v1', 'kind: Service', 'metadata: {name: web}', ''].join('\n'),
).objects;
const generatorLocation = { ...root.location, file: '/repo/base/kustomization.yaml' };
const sources: KustomizeSources = { resources: base, patches: [], generators: [{ kind: 'ConfigMap', name: 'web-config', location: generatorLocation }], root };
const linked = (kind: string, name: string) => {
  const object: KubeObject = { apiVersion: 'v1', kind, metadata: { name } };
  return linkRenderedObject(object, sources, 'rendered from x').source.file;
};

describe('linkRenderedObject', () => {
  it('finds the base object through prefixes and suffixes, at word boundaries only', () => {
    expect(linked('Service', 'web')).toBe('/repo/base/objects.yaml');
    expect(linked('Service', 'team-web-prod')).toBe('/repo/base/objects.yaml');
    expect(linked('Service', 'webhook')).toBe(root.file);
  });

  it('a name with the content hash is the generator entry, even when a base object has a shorter name', () => {
    expect(linked('ConfigMap', 'web-config-h9m6g6b274')).toBe('/repo/base/kustomization.yaml');
    expect(linked('ConfigMap', 'team-web-config-h9m6g6b274')).toBe('/repo/base/kustomization.yaml');
    expect(linked('ConfigMap', 'web')).toBe('/repo/base/objects.yaml');
    expect(linked('ConfigMap', 'web-config')).toBe('/repo/base/kustomization.yaml'); // disableNameSuffixHash
  });
});
