// Synthetic GitOps repos for the benchmark: apps of five objects (Deployment, Service, ConfigMap,
// Secret, a Widget custom resource) across namespaces, one file per app, plus the Widget CRD.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

export const OBJECTS_PER_APP = 5;
export const GITOPS_MANAGER = 'kustomize-controller';

export interface GeneratedRepo {
  dir: string;
  /** Namespaces and the CRD, applied before everything (not drifted). */
  infra: any[];
  /** App objects in file order. */
  objects: any[];
  /** App file of each app, by index. */
  files: string[];
}

export const widgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.bench.example.com' },
  spec: {
    group: 'bench.example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: {
                  size: { type: 'integer', default: 1 },
                  color: { type: 'string' },
                  tags: { type: 'array', items: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    ],
  },
};

function appObjects(i: number, namespace: string): any[] {
  const name = `app-${i}`;
  const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'bench' };
  const meta = (n: string) => ({ name: n, namespace, labels });
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(name),
      spec: {
        replicas: 1 + (i % 3),
        selector: { matchLabels: { 'app.kubernetes.io/name': name } },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: 'app',
                image: `registry.example.com/bench/${name}:1.${i % 10}.0`,
                ports: [{ containerPort: 8080, name: 'http' }],
                env: [
                  { name: 'MODE', value: 'prod' },
                  { name: 'INDEX', value: String(i) },
                ],
                resources: { requests: { cpu: i % 2 ? '0.5' : '250m', memory: '128Mi' }, limits: { cpu: 1, memory: '1Gi' } },
              },
            ],
          },
        },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: meta(name), spec: { selector: { 'app.kubernetes.io/name': name }, ports: [{ port: 80, targetPort: 'http', name: 'http' }] } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(`${name}-config`), data: { 'app.properties': `index=${i}\nmode=prod\n`, LOG_LEVEL: 'info' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: meta(`${name}-credentials`), type: 'Opaque', stringData: { username: `user-${i}`, password: `bench-secret-${i}` } },
    { apiVersion: 'bench.example.com/v1', kind: 'Widget', metadata: meta(`${name}-widget`), spec: { size: 1 + (i % 4), color: i % 2 ? 'blue' : 'green', tags: ['a', `t${i % 5}`] } },
  ];
}

/** YAML as kubectl, kustomize or a person writes it: objects shared in memory are written out, not as anchors. */
const toYaml = (o: unknown) => stringify(o, { aliasDuplicateObjects: false });

/** Writes a repo of about `resources` objects (rounded up to whole apps) into `dir`. */
export function generateRepo(dir: string, resources: number, namespaces = Math.max(2, Math.min(20, Math.round(resources / 100)))): GeneratedRepo {
  const apps = Math.ceil(resources / OBJECTS_PER_APP);
  const nsNames = Array.from({ length: namespaces }, (_, n) => `bench-${n}`);
  const infra = [widgetCrd, ...nsNames.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }))];
  mkdirSync(join(dir, 'infra'), { recursive: true });
  writeFileSync(join(dir, 'infra', 'namespaces.yaml'), infra.slice(1).map(toYaml).join('---\n'));
  writeFileSync(join(dir, 'infra', 'crd.yaml'), toYaml(widgetCrd));
  const objects: any[] = [];
  const files: string[] = [];
  for (let i = 0; i < apps; i++) {
    const ns = nsNames[i % namespaces];
    const objs = appObjects(i, ns);
    const folder = join(dir, 'apps', ns);
    mkdirSync(folder, { recursive: true });
    const file = join(folder, `app-${i}.yaml`);
    writeFileSync(file, objs.map(toYaml).join('---\n'));
    objects.push(...objs);
    files.push(file);
  }
  return { dir, infra, objects, files };
}

export type DriftKind = 'kubectl-scale' | 'kubectl-edit' | 'kubectl-label' | 'git-change' | 'git-new';

export interface DriftPlan {
  /** `Kind namespace/name` → how it drifted (every other object is converged). */
  expected: Map<string, DriftKind>;
}

export const refOf = (o: any) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

/**
 * About `fraction` of the apps get one drifted object: scaled or edited in the cluster by another
 * manager, labelled by hand, changed in Git after the last sync, or new in Git (not applied yet).
 * Returns the cluster patches to make (as the test server's `patch` arguments) and rewrites files.
 */
export function planDrift(repo: GeneratedRepo, fraction = 0.05): { patches: Array<[any, any, string, any]>; skipApply: Set<string>; gitEdits: Array<{ file: string; from: string; to: string }>; plan: DriftPlan } {
  const apps = repo.files.length;
  const drifted = Math.max(5, Math.round((repo.objects.length * fraction)));
  const step = apps / drifted;
  const kinds: DriftKind[] = ['kubectl-scale', 'kubectl-edit', 'kubectl-label', 'git-change', 'git-new'];
  const patches: Array<[any, any, string, any]> = [];
  const skipApply = new Set<string>();
  const gitEdits: Array<{ file: string; from: string; to: string }> = [];
  const expected = new Map<string, DriftKind>();
  for (let k = 0; k < drifted; k++) {
    const app = Math.floor(k * step) % apps;
    const objs = repo.objects.slice(app * OBJECTS_PER_APP, (app + 1) * OBJECTS_PER_APP);
    const [dep, , cm, , widget] = objs;
    const kind = kinds[k % kinds.length];
    const ref = (o: any) => ({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name });
    if (kind === 'kubectl-scale') {
      patches.push([ref(dep), { spec: { replicas: dep.spec.replicas + 4 } }, 'kubectl-scale', { subresource: 'scale' }]);
      expected.set(refOf(dep), kind);
    } else if (kind === 'kubectl-edit') {
      patches.push([ref(dep), { spec: { template: { spec: { containers: [{ name: 'app', image: `${dep.spec.template.spec.containers[0].image}-hotfix` }] } } } }, 'kubectl-edit', { kind: 'strategic' }]);
      expected.set(refOf(dep), kind);
    } else if (kind === 'kubectl-label') {
      // A label added by hand is not drift for an apply (another manager's field): stays converged.
      patches.push([ref(cm), { metadata: { labels: { 'touched-by': 'ops' } } }, 'kubectl-label', {}]);
      patches.push([ref(widget), { spec: { color: 'red' } }, 'kubectl-edit', {}]);
      expected.set(refOf(widget), kind);
    } else if (kind === 'git-change') {
      gitEdits.push({ file: repo.files[app], from: 'LOG_LEVEL: info', to: 'LOG_LEVEL: debug' });
      expected.set(refOf(cm), kind);
    } else {
      skipApply.add(refOf(widget));
      expected.set(refOf(widget), kind);
    }
  }
  return { patches, skipApply, gitEdits, plan: { expected } };
}
