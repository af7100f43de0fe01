// Time to recompute the decorations of a 500-line manifest after an edit (issue 4 target: < 30 ms): the edited
// text is parsed again and compared offline with the cached live objects, as the editor does while typing.
//   npx tsx bench/decorations.bench.ts [lines] [iterations]
import { performance } from 'node:perf_hooks';
import { parseAllDocuments } from 'yaml';
import { decorationModel, offlineDecorations } from '../src/core/editor';
import type { KubeObject } from '../src/core/types';

const LINES = Number(process.argv[2] ?? 500);
const ITERATIONS = Number(process.argv[3] ?? 300);

function deployment(i: number): string {
  return `# deployment ${i}: the storefront
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
  namespace: shop
  labels:
    app.kubernetes.io/name: web-${i}
    app.kubernetes.io/part-of: shop # owned by team shop
spec:
  replicas: 3
  selector:
    matchLabels: {app: web-${i}}
  template:
    metadata:
      labels: {app: web-${i}}
    spec:
      containers:
        - name: app
          image: "registry.example.com/shop/web:1.${i}.0"
          args: ["--port=8080", "--mode=prod"]
          ports:
            - containerPort: 8080
              name: http
          env:
            - name: MODE
              value: prod
            - name: LEVEL
              value: info
          resources:
            requests: {cpu: 250m, memory: 128Mi}
            limits: {cpu: "1", memory: 1Gi}
          readinessProbe:
            httpGet: {path: /healthz, port: http}
            periodSeconds: 10
        - name: proxy
          image: envoyproxy/envoy:v1.28.0
          ports:
            - containerPort: 9901
              name: admin
      volumes:
        - name: config
          configMap: {name: web-${i}}
`;
}

function manifest(lines: number): string {
  const docs: string[] = [];
  let count = 0;
  for (let i = 0; count < lines; i++) {
    const doc = deployment(i);
    docs.push(doc);
    count += doc.split('\n').length;
  }
  return docs.join('---\n');
}

function liveObjects(text: string): KubeObject[] {
  return parseAllDocuments(text).map((d, i) => {
    const o = d.toJS() as KubeObject & { spec: any };
    o.metadata.resourceVersion = String(100 + i);
    if (i % 2 === 0) o.spec.replicas = 5;
    if (i % 3 === 0) o.spec.template.spec.containers[0].image += '-hotfix';
    o.spec.template.spec.containers[0].resources.limits.cpu = '1000m'; // same quantity: not drift
    return o;
  });
}

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `median ${at(0.5).toFixed(2)} ms · p95 ${at(0.95).toFixed(2)} ms · max ${sorted[sorted.length - 1].toFixed(2)} ms`;
}

const text = manifest(LINES);
const live = liveObjects(text);
const lineCount = text.split('\n').length - 1;
const file = '/bench/web.yaml';

// Warm-up (JIT, hint tables), then one recompute per simulated keystroke.
for (let i = 0; i < 20; i++) offlineDecorations(text, file, live);
const typing: number[] = [];
const placing: number[] = [];
let decorations = 0;
const { results } = offlineDecorations(text, file, live);
for (let i = 0; i < ITERATIONS; i++) {
  // A keystroke somewhere in the file: a replica count changes and a line is inserted above the others.
  const at = text.indexOf('replicas: 3', (i * 997) % (text.length - 200));
  const edited = `${text.slice(0, at < 0 ? 0 : at)}# typing ${i}\n  ${text.slice(at < 0 ? 0 : at).replace('replicas: 3', `replicas: ${i % 9}`)}`;
  let t = performance.now();
  decorations = offlineDecorations(edited, file, live).decorations.length;
  typing.push(performance.now() - t);
  t = performance.now();
  decorationModel(edited, file, results);
  placing.push(performance.now() - t);
}
console.log(`manifest: ${lineCount} lines, ${live.length} objects, ${decorations} decorations`);
console.log(`offlineDecorations after an edit (parse + offline diff + ranges): ${stats(typing)}`);
console.log(`decorationModel of stored verdicts on the edited text (parse + ranges): ${stats(placing)}`);

// For bench/run.ts (results.json): the figures as one JSON line.
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
console.log(`JSON ${JSON.stringify({ lines: lineCount, objects: live.length, decorations, typingMedianMs: +q(typing, 0.5).toFixed(2), typingP95Ms: +q(typing, 0.95).toFixed(2), placingMedianMs: +q(placing, 0.5).toFixed(2) })}`);
