// Throughput of SchemaValidator.validate on 10,000 generated resources of mixed kinds (one core).
//   npx tsx bench/validate.bench.ts [count]
import { performance } from 'node:perf_hooks';
import { SchemaValidator } from '../src/core/schema';
import type { KubeObject } from '../src/core/types';

const COUNT = Number(process.argv[2] ?? 10_000);

function container(i: number) {
  return {
    name: `app-${i % 7}`,
    image: `registry.example.com/team/app:${i % 13}.0.${i % 5}`,
    imagePullPolicy: i % 2 ? 'IfNotPresent' : 'Always',
    ports: [{ containerPort: 8080 + (i % 3), name: 'http', protocol: 'TCP' }],
    env: [
      { name: 'MODE', value: 'prod' },
      { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ],
    resources: { requests: { cpu: i % 2 ? '250m' : 0.5, memory: '128Mi' }, limits: { cpu: 1, memory: '1Gi' } },
    readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
    volumeMounts: [{ name: 'config', mountPath: '/etc/app' }],
  };
}

function podSpec(i: number) {
  return { containers: [container(i)], volumes: [{ name: 'config', configMap: { name: `cfg-${i}` } }], serviceAccountName: 'app' };
}

const meta = (kind: string, i: number) => ({ name: `${kind.toLowerCase()}-${i}`, namespace: `team-${i % 20}`, labels: { app: `app-${i}`, tier: 'web' } });
const labels = (i: number) => ({ app: `app-${i}` });

const makers: Array<(i: number) => KubeObject> = [
  (i) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('Deployment', i), spec: { replicas: i % 5, selector: { matchLabels: labels(i) }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } }, template: { metadata: { labels: labels(i) }, spec: podSpec(i) } } }),
  (i) => ({ apiVersion: 'v1', kind: 'Service', metadata: meta('Service', i), spec: { selector: labels(i), ports: [{ port: 80, targetPort: 'http', protocol: 'TCP', name: 'http' }], type: 'ClusterIP' } }),
  (i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('ConfigMap', i), data: { 'app.properties': `a=${i}\nb=2`, mode: 'prod' } }),
  (i) => ({ apiVersion: 'v1', kind: 'Pod', metadata: meta('Pod', i), spec: podSpec(i) }),
  (i) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta('StatefulSet', i), spec: { serviceName: 'db', replicas: 3, selector: { matchLabels: labels(i) }, template: { metadata: { labels: labels(i) }, spec: podSpec(i) }, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } }] } }),
  (i) => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta('CronJob', i), spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { ...podSpec(i), restartPolicy: 'OnFailure' } } } } } }),
  (i) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: meta('Ingress', i), spec: { rules: [{ host: `app${i}.example.com`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: `service-${i}`, port: { number: 80 } } } }] } }] } }),
  (i) => ({ apiVersion: 'v1', kind: 'Secret', metadata: meta('Secret', i), type: 'Opaque', stringData: { password: 'not-a-real-secret' } }),
  (i) => ({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta('HorizontalPodAutoscaler', i), spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: `deployment-${i}` }, minReplicas: 2, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }] } }),
  (i) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: meta('RoleBinding', i), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' }, subjects: [{ kind: 'ServiceAccount', name: 'app', namespace: `team-${i % 20}` }] }),
];

function generate(n: number): KubeObject[] {
  const out: KubeObject[] = [];
  for (let i = 0; i < n; i++) {
    const obj = makers[i % makers.length](i);
    if (i % 50 === 0) (obj.spec as Record<string, unknown> | undefined ?? obj)['bogusField'] = 1; // some invalid ones
    out.push(obj);
  }
  return out;
}

const objects = generate(COUNT);
const validator = new SchemaValidator();

let t0 = performance.now();
let findings = 0;
for (const kindSample of objects.slice(0, makers.length)) findings += validator.validate(kindSample).length;
const coldMs = performance.now() - t0;

t0 = performance.now();
findings = 0;
for (const o of objects) findings += validator.validate(o).length;
const ms = performance.now() - t0;

console.log(`schema load + compile of ${makers.length} kinds: ${coldMs.toFixed(0)} ms`);
console.log(`validated ${COUNT} resources (${makers.length} kinds, ${findings} findings) in ${ms.toFixed(0)} ms: ${Math.round((COUNT / ms) * 1000).toLocaleString('en-US')} resources/s`);
// For bench/run.ts (results.json): the figures as one JSON line.
console.log(`JSON ${JSON.stringify({ resources: COUNT, kinds: makers.length, findings, ms: Math.round(ms), resourcesPerSecond: Math.round((COUNT / ms) * 1000), coldCompileMs: Math.round(coldMs) })}`);
