import { describe, expect, it } from 'vitest';
import { decorationModel, offlineDecorations } from '../../../src/core/editor';
import { addManager, liveFrom, setLive, show } from './helpers';

const FILE = '/repo/app.yaml';

const MULTI = `# shop app
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings # the settings
data:
  MODE: fast
---
# the web deployment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    "app.kubernetes.io/name": web
spec:
  replicas: 3 # scaled by hand sometimes
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: sidecar
          image: envoy:1.0
        - name: app
          image: "shop/web:1.2"
          ports: [{containerPort: 8080, name: http}]
          resources: {limits: {cpu: 500m, memory: 256Mi}}
`;

describe('decorations of an open manifest (offline verdicts)', () => {
  it('multi-document file: comments, quoted keys, flow style, list items by merge key', () => {
    const live = liveFrom(MULTI);
    setLive(live, 'settings', ['data', 'MODE'], 'slow');
    setLive(live, 'web', ['spec', 'replicas'], 5);
    setLive(live, 'web', ['metadata', 'labels', 'app.kubernetes.io/name'], 'shop');
    const web = live.find((o) => o.metadata.name === 'web') as any;
    web.spec.template.spec.containers.reverse(); // live order differs: items are found by name
    web.spec.template.spec.containers[0].image = 'shop/web:1.3';
    web.spec.template.spec.containers[0].ports[0].containerPort = 9090;
    web.spec.template.spec.containers[0].resources.limits.cpu = '0.5'; // same quantity: no drift
    web.spec.template.spec.containers[0].resources.limits.memory = '512Mi';
    const { decorations, results } = offlineDecorations(MULTI, FILE, live);
    expect(results.map((r) => `${r.ref.name} ${r.verdict}`)).toEqual(['settings diverged', 'web diverged']);
    expect(show(MULTI, decorations)).toEqual([
      '6:2-6:12 changed data.MODE | live: slow | MODE: fast',
      '14:4-14:33 changed metadata.labels["app.kubernetes.io/name"] | live: shop | "app.kubernetes.io/name": web',
      '16:2-16:13 changed spec.replicas | live: 5 | replicas: 3',
      '27:10-27:31 changed spec.template.spec.containers[name="app"].image | live: shop/web:1.3 | image: "shop/web:1.2"',
      '28:18-28:51 added spec.template.spec.containers[name="app"].ports[containerPort=8080,protocol="TCP"] | live: (not set) | {containerPort: 8080, name: http}',
      '29:42-29:55 changed spec.template.spec.containers[name="app"].resources.limits.memory | live: 512Mi | memory: 256Mi',
    ]);
  });

  it('hover content: desired, live, owner from managedFields, actions', () => {
    const live = liveFrom(MULTI);
    setLive(live, 'web', ['spec', 'replicas'], 5);
    addManager(live, 'web', { manager: 'kubectl-scale', operation: 'Update', subresource: 'scale', time: '2026-11-24T18:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } });
    const [d] = offlineDecorations(MULTI, FILE, live).decorations;
    expect(d.afterTextAt).toEqual({ line: 16, character: 13 + ' # scaled by hand sometimes'.length, offset: expect.any(Number) });
    expect(d.hover).toEqual({
      ref: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web' },
      path: 'spec.replicas',
      kind: 'changed',
      summary: 'spec.replicas: 3 in the manifest, 5 in the cluster',
      desired: '3',
      live: '5',
      masked: false,
      owner: { manager: 'kubectl-scale', operation: 'Update', subresource: 'scale', time: '2026-11-24T18:00:00Z' },
      actions: [
        { kind: 'openDiff', ref: d.ref },
        { kind: 'adoptLive', ref: d.ref, path: 'spec.replicas' },
        { kind: 'ignoreField', rule: { group: 'apps', kind: 'Deployment', name: 'web', namespace: 'default', jsonPointers: ['/spec/replicas'] } },
      ],
    });
  });

  it('CRLF file: same lines and characters as LF, offsets count the CRs', () => {
    const crlf = MULTI.replace(/\n/g, '\r\n');
    const live = liveFrom(MULTI);
    setLive(live, 'web', ['spec', 'replicas'], 5);
    const [d] = offlineDecorations(crlf, FILE, live).decorations;
    expect(show(crlf, [d])).toEqual(['16:2-16:13 changed spec.replicas | live: 5 | replicas: 3']);
    expect(crlf.slice(d.range.start.offset, d.range.end.offset)).toBe('replicas: 3');
    expect(crlf.slice(d.afterTextAt.offset - 5, d.afterTextAt.offset)).toBe('times');
    expect(d.afterTextAt.character).toBe(40);
  });

  it('anchors, aliases and merge keys: the field is decorated where its value is written', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels: &labels
    app: api
spec:
  selector:
    matchLabels: *labels
  template:
    metadata:
      labels: *labels
    spec:
      containers:
        - &base
          name: api
          image: api:1
        - <<: *base
          name: worker
`;
    const live = liveFrom(text);
    const api = live[0] as any;
    api.metadata.labels.app = 'api2';
    api.spec.template.spec.containers[1].image = 'api:2';
    expect(show(text, offlineDecorations(text, FILE, live).decorations)).toEqual([
      '5:4-5:12 changed metadata.labels.app | live: api2 | app: api',
      '5:4-5:12 changed spec.selector.matchLabels.app | live: api2 | app: api',
      '5:4-5:12 changed spec.template.metadata.labels.app | live: api2 | app: api',
      '16:10-16:22 changed spec.template.spec.containers[name="worker"].image | live: api:2 | image: api:1',
    ]);
  });

  it('fields only the cluster has are anchored on the nearest existing parent', () => {
    const text = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
`;
    const live = liveFrom(text);
    setLive(live, 'web', ['spec', 'selector', 'tier'], 'front');
    expect(show(text, offlineDecorations(text, FILE, live).decorations)).toEqual([
      '5:2-6:12 removed@parent spec.selector.tier | live only: tier: front | selector:',
    ]);
  });

  it('an object the cluster lacks is marked as missing on its first line', () => {
    const live = liveFrom(MULTI).filter((o) => o.kind === 'ConfigMap');
    const decorations = offlineDecorations(MULTI, FILE, live).decorations;
    expect(show(MULTI, decorations)).toEqual(['9:0-29:57 missing  | not in the cluster | apiVersion: apps/v1']);
    expect(decorations[0].afterTextAt.line).toBe(9);
  });

  it('an object whose live state is unknown gets no decoration and no verdict', () => {
    const lookup = (o: { kind: string }) => (o.kind === 'ConfigMap' ? undefined : null);
    const out = offlineDecorations(MULTI, FILE, lookup);
    expect(out.results.map((r) => r.verdict)).toEqual(['missing']);
  });

  it('Secrets: masked after-text and hover, never the value', () => {
    const text = `apiVersion: v1
kind: Secret
metadata:
  name: db
stringData:
  password: hunter2-desired
  user: admin
`;
    const live = [
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'default' }, data: { password: Buffer.from('hunter2-LIVE').toString('base64'), user: Buffer.from('admin').toString('base64'), extra: Buffer.from('xtra-LIVE').toString('base64') } },
    ];
    const decorations = offlineDecorations(text, FILE, live).decorations;
    expect(show(text, decorations)).toEqual(['5:2-5:27 changed data.password | live: ••• (changed) | password: hunter2-desired']);
    expect(decorations[0].hover.actions.map((a) => a.kind)).toEqual(['openDiff', 'ignoreField']);
    const dump = JSON.stringify(decorations);
    for (const secret of ['hunter2', 'xtra-LIVE', Buffer.from('hunter2-LIVE').toString('base64')]) expect(dump).not.toContain(secret);
  });

  it('kind: List items, whole documents in flow style and JSON files', () => {
    const list = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: one}
    data: {A: "1"}
  - {apiVersion: v1, kind: ConfigMap, metadata: {name: two}, data: {A: "1", B: "2"}}
`;
    const live = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one', namespace: 'default' }, data: { A: '9' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'two', namespace: 'default' }, data: { A: '1', B: '3' } },
    ];
    expect(show(list, offlineDecorations(list, FILE, live).decorations)).toEqual([
      '6:11-6:17 changed data.A | live: "9" | A: "1"',
      '7:76-7:82 changed data.B | live: "3" | B: "2"',
    ]);
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one' }, data: { A: '1' } }, null, 2);
    expect(show(json, offlineDecorations(json, '/repo/c.json', live).decorations)).toEqual(['7:4-7:12 changed data.A | live: "9" | "A": "1"']);
  });

  it('a field only the cluster has under a map the manifest lacks sits on the object\'s first line', () => {
    const text = '# head\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n';
    const live = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { X: 'y' } }];
    const out = offlineDecorations(text, FILE, live);
    // The offline diff only looks at the manifest's fields: build the dry-run style entry by hand.
    const result = { ...out.results[0], verdict: 'diverged' as const, diff: [{ path: 'data.X', change: 'removed' as const, live: 'y' }] };
    expect(show(text, decorationModel(text, FILE, result))).toEqual(['1:0-1:14 removed@parent data.X | live only: X: "y" | apiVersion: v1']);
  });
});
