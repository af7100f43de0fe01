import { describe, expect, it } from 'vitest';
import { desiredDocument, fileDiffDocuments, liveDocument } from '../../../src/core/editor';
import type { KubeObject } from '../../../src/core/types';

const desired: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    replicas: 3,
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          { name: 'app', image: 'web:1', resources: { requests: { cpu: '0.5' } } },
          { name: 'proxy', image: 'envoy:1' },
        ],
      },
    },
  },
};

const live: KubeObject = {
  kind: 'Deployment',
  apiVersion: 'apps/v1',
  metadata: {
    uid: 'u-1',
    resourceVersion: '99',
    generation: 4,
    creationTimestamp: '2026-11-24T10:00:00Z',
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"big":"json"}', 'deployment.kubernetes.io/revision': '4' },
    labels: { app: 'web' },
    namespace: 'shop',
    name: 'web',
    managedFields: [{ manager: 'kubectl-scale', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }],
  },
  spec: {
    replicas: 5,
    revisionHistoryLimit: 10,
    selector: { matchLabels: { app: 'web' } },
    strategy: { type: 'RollingUpdate' },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        dnsPolicy: 'ClusterFirst',
        containers: [
          { name: 'proxy', image: 'envoy:1', imagePullPolicy: 'IfNotPresent' },
          { name: 'app', image: 'web:1', imagePullPolicy: 'IfNotPresent', resources: { requests: { cpu: '500m' } } },
        ],
      },
    },
  },
  status: { replicas: 5 },
};

describe('diff editor documents', () => {
  it('live side: noise stripped, manifest key and item order, equal quantities as written, only what differs besides', () => {
    expect(liveDocument(live, desired)).toBe(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels:
    app: web
spec:
  selector:
    matchLabels:
      app: web
  replicas: 5
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: app
          image: web:1
          resources:
            requests:
              cpu: "0.5"
        - name: proxy
          image: envoy:1
`);
    expect(desiredDocument(desired, live)).toBe(liveDocument(live, desired).replace('replicas: 5', 'replicas: 3'));
  });

  it('allLiveFields: every live field, the ones the manifest lacks after its own', () => {
    const text = liveDocument(live, desired, { allLiveFields: true });
    expect(text).not.toMatch(/managedFields|resourceVersion|uid|generation|creationTimestamp|last-applied|status/);
    expect(text).toContain(`metadata:
  name: web
  namespace: shop
  labels:
    app: web
  annotations:
    deployment.kubernetes.io/revision: "4"
spec:
  selector:
    matchLabels:
      app: web
  replicas: 5
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: app
          image: web:1
          resources:
            requests:
              cpu: "0.5"
          imagePullPolicy: IfNotPresent
        - name: proxy
          image: envoy:1
          imagePullPolicy: IfNotPresent
      dnsPolicy: ClusterFirst
  revisionHistoryLimit: 10
  strategy:
    type: RollingUpdate
`);
  });

  it('fields only the cluster has that are differences stay (an apply would remove them)', () => {
    const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };
    const liveSvc: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', namespace: 'default' },
      spec: { clusterIP: '10.0.0.7', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], selector: { tier: 'front', app: 'web' }, type: 'ClusterIP' },
    };
    expect(liveDocument(liveSvc, svc)).toBe(`apiVersion: v1
kind: Service
metadata:
  name: s
spec:
  selector:
    app: web
    tier: front
  ports:
    - port: 80
`);
  });

  it('Secrets: masks on both sides, changed keys marked, stringData shown as stored data', () => {
    const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { user: 'admin', password: 'desired-pw' } };
    const liveSecret: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'default' },
      type: 'Opaque',
      data: { password: Buffer.from('live-pw').toString('base64'), user: Buffer.from('admin').toString('base64') },
    };
    const left = liveDocument(liveSecret, secret);
    const right = desiredDocument(secret, liveSecret);
    expect(left).toBe(`apiVersion: v1
kind: Secret
metadata:
  name: db
data:
  user: "***"
  password: "*** (before)"
`);
    expect(right).toBe(left.replace('(before)', '(after)'));
    expect(liveDocument(liveSecret)).toContain('password: "***"');
    for (const s of [left, right, liveDocument(liveSecret)]) expect(s).not.toMatch(/pw|admin|YWRtaW4=|bGl2ZS1wdw/);
  });

  it('a whole file: one document per object, an object the cluster lacks is an empty live document', () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata: {name: a}
data: {MODE: fast}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: b}
data: {MODE: fast}
`;
    const lives: KubeObject[] = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default', uid: 'x' }, data: { MODE: 'slow' } }];
    expect(fileDiffDocuments(text, '/r/c.yaml', lives)).toEqual({
      live: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  MODE: slow\n---\n# not in the cluster\n',
      desired: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  MODE: fast\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  MODE: fast\n',
    });
  });
});
