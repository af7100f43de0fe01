import { describe, expect, it } from 'vitest';
import { adoptLiveEdits, applyTextEdits, offlineDecorations } from '../../../src/core/editor';
import type { KubeObject } from '../../../src/core/types';
import { liveFrom, setLive } from './helpers';

const FILE = '/repo/app.yaml';

/** The offline verdict of the object `name` in `text` against `live`. */
function verdict(text: string, live: KubeObject[], name: string) {
  const r = offlineDecorations(text, FILE, live).results.find((x) => x.ref.name === name);
  if (!r) throw new Error(`no verdict for ${name}`);
  return r;
}

function adopt(text: string, live: KubeObject[], name: string, paths?: string[], opts?: { addLiveOnlyFields?: boolean }) {
  const plan = adoptLiveEdits(text, FILE, verdict(text, live, name), paths, opts);
  return { text: applyTextEdits(text, plan.edits), refused: plan.refused };
}

const DEPLOY = `# comment at the top
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web # inline comment
spec:
  # replicas are scaled by hand sometimes
  replicas: 3 # keep
  template:
    spec:
      containers:
        - name: app
          image: "shop/web:1.2" # pinned
          args: ['--mode', 'fast']
          resources: {limits: {cpu: 500m, memory: 256Mi}}
          command:
            - /bin/app
          env:
            - name: GREETING
              value: |
                hello
                world
`;

describe('adopt live values', () => {
  it('writes live values in place: comments, quoting style, key order and flow style kept', () => {
    const live = liveFrom(DEPLOY);
    setLive(live, 'web', ['spec', 'replicas'], 5);
    const c = (live[0] as any).spec.template.spec.containers[0];
    c.image = 'shop/web:1.3';
    c.args = ['--mode', "it's slow"];
    c.resources.limits.memory = '512Mi';
    c.env[0].value = 'bonjour\nle monde\n';
    const out = adopt(DEPLOY, live, 'web');
    expect(out.refused).toEqual([]);
    expect(out.text).toBe(`# comment at the top
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web # inline comment
spec:
  # replicas are scaled by hand sometimes
  replicas: 5 # keep
  template:
    spec:
      containers:
        - name: app
          image: "shop/web:1.3" # pinned
          args: ['--mode', 'it''s slow']
          resources: {limits: {cpu: 500m, memory: 512Mi}}
          command:
            - /bin/app
          env:
            - name: GREETING
              value: |
                bonjour
                le monde
`);
    expect(verdict(out.text, live, 'web').diff).toEqual([]);
  });

  it('only the asked paths; strings that would read as other types or break a flow map get quoted', () => {
    const live = liveFrom(DEPLOY);
    setLive(live, 'web', ['spec', 'replicas'], 5);
    const c = (live[0] as any).spec.template.spec.containers[0];
    c.resources.limits.memory = 'a, b';
    c.command = ['yes'];
    const out = adopt(DEPLOY, live, 'web', [
      'spec.template.spec.containers[name="app"].resources.limits.memory',
      'spec.template.spec.containers[name="app"].command[0]',
      'spec.nothing',
    ]);
    expect(out.refused).toEqual([{ path: 'spec.nothing', reason: 'no difference at this path' }]);
    expect(out.text).toBe(
      DEPLOY.replace('memory: 256Mi', 'memory: "a, b"').replace('- /bin/app', '- "yes"'),
    );
  });

  it('CRLF files keep CRLF, also in multi-line values', () => {
    const crlf = DEPLOY.replace(/\n/g, '\r\n');
    const live = liveFrom(DEPLOY);
    setLive(live, 'web', ['spec', 'replicas'], 4);
    (live[0] as any).spec.template.spec.containers[0].env[0].value = 'a\nb\n';
    const out = adopt(crlf, live, 'web');
    expect(out.text).toBe(
      crlf.replace('replicas: 3', 'replicas: 4').replace('                hello\r\n                world', '                a\r\n                b'),
    );
  });

  it('multi-document file: only the object of the verdict is edited', () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata: {name: a}
data: {MODE: fast}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: b}
data:
  MODE: fast
`;
    const live = liveFrom(text);
    setLive(live, 'a', ['data', 'MODE'], 'slow');
    setLive(live, 'b', ['data', 'MODE'], 'slow');
    expect(adopt(text, live, 'b').text).toBe(text.replace('  MODE: fast', '  MODE: slow'));
    expect(adopt(text, live, 'a').text).toBe(text.replace('{MODE: fast}', '{MODE: slow}'));
  });

  it('fields only the cluster has: refused unless asked, then added to their parent map', () => {
    const text = `apiVersion: v1
kind: Service
metadata:
  name: web
  labels: {app: web}
spec:
  selector:
    app: web # the pods
  ports:
    - port: 80
`;
    const live = liveFrom(text);
    setLive(live, 'web', ['spec', 'selector', 'tier'], 'front');
    expect(adopt(text, live, 'web', ['spec.selector.tier']).refused).toEqual([
      { path: 'spec.selector.tier', reason: 'only in the cluster: adopting it would add a field to the manifest (not asked)' },
    ]);
    const out = adopt(text, live, 'web', ['spec.selector.tier'], { addLiveOnlyFields: true });
    expect(out.text).toBe(text.replace('    app: web # the pods\n', '    app: web # the pods\n    tier: front\n'));
    expect(verdict(out.text, live, 'web').diff).toEqual([]);
    // Deeper: a map the manifest lacks is created under the nearest parent; multi-line strings as block scalars.
    const result = { ...verdict(text, live, 'web'), verdict: 'diverged' as const, diff: [
      { path: 'metadata.annotations["team.example.com/notes"]', change: 'removed' as const, live: 'line one\nline two\n' },
      { path: 'spec.sessionAffinity', change: 'removed' as const, live: 'ClientIP' },
    ] };
    const plan = adoptLiveEdits(text, FILE, result, undefined, {});
    expect(plan.edits).toEqual([]);
    const deep = adoptLiveEdits(text, FILE, result, result.diff.map((e) => e.path), { addLiveOnlyFields: true });
    expect(deep.refused).toEqual([]);
    expect(applyTextEdits(text, deep.edits)).toBe(`apiVersion: v1
kind: Service
metadata:
  name: web
  labels: {app: web}
  annotations:
    team.example.com/notes: |
      line one
      line two
spec:
  selector:
    app: web # the pods
  ports:
    - port: 80
  sessionAffinity: ClientIP
`);
  });

  it('fields the cluster lacks are not deleted', () => {
    const live = liveFrom(DEPLOY);
    delete (live[0] as any).spec.template.spec.containers[0].command;
    expect(adopt(DEPLOY, live, 'web', ['spec.template.spec.containers[name="app"].command']).refused).toEqual([
      { path: 'spec.template.spec.containers[name="app"].command', reason: 'the cluster does not have this field; Adopt does not delete it from the manifest' },
    ]);
  });

  it('values shared through anchors and aliases are refused (the edit would change other places)', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels: &labels
    app: api
spec:
  replicas: 1
  selector:
    matchLabels: *labels
`;
    const live = liveFrom(text);
    (live[0] as any).metadata.labels = { app: 'api2' };
    (live[0] as any).spec.selector.matchLabels = { app: 'api2' };
    setLive(live, 'api', ['spec', 'replicas'], 2);
    const out = adopt(text, live, 'api');
    expect(out.text).toBe(text.replace('replicas: 1', 'replicas: 2'));
    expect(out.refused).toEqual([
      { path: 'metadata.labels.app', reason: 'the value is under the YAML anchor &labels, which is used elsewhere; edit it by hand' },
      { path: 'spec.selector.matchLabels.app', reason: 'the value comes from a YAML alias or merge key (`*name`, `<<:`); edit the anchored value instead' },
    ]);
  });

  it('Secrets are refused with a reason and no value', () => {
    const text = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: desired-pw\n';
    const live: KubeObject[] = [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'default' }, data: { password: Buffer.from('live-pw').toString('base64') } }];
    const plan = adoptLiveEdits(text, FILE, verdict(text, live, 'db'));
    expect(plan.edits).toEqual([]);
    expect(plan.refused.map((r) => r.path)).toEqual(['data.password']);
    expect(plan.refused[0].reason).toMatch(/^Secret values are not adopted/);
    expect(JSON.stringify(plan)).not.toMatch(/pw|bGl2ZS1wdw/);
  });
});

describe('adopt live values: lists', () => {
  it('an empty flow list takes the live items in flow style; items are found by merge key, not position', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: w
spec:
  template:
    spec:
      containers:
        - name: proxy
          image: envoy:1
        - name: app
          image: app:1
          args: []
`;
    const live = liveFrom(text);
    const containers = (live[0] as any).spec.template.spec.containers;
    containers.reverse();
    containers[0].image = 'app:2';
    containers[0].args = ['--port', '8080'];
    const out = adopt(text, live, 'w', ['*']);
    expect(out.refused).toEqual([]);
    expect(out.text).toBe(text.replace('image: app:1', 'image: app:2').replace('args: []', 'args: [--port, "8080"]'));
    expect(verdict(out.text, live, 'w').diff).toEqual([]);
  });

  it('atomic lists: items changed in place, items only the cluster has appended when asked', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: c
      command:
        - /bin/sh
`;
    const live = liveFrom(text);
    (live[0] as any).spec.containers[0].command = ['/bin/bash', '-c', 'run'];
    const out = adopt(text, live, 'p');
    expect(out.text).toBe(text.replace('        - /bin/sh\n', '        - /bin/bash\n'));
    expect(out.refused).toEqual([]);
    // The items only the cluster has are appended when asked: the manifest then holds the live list.
    const paths = verdict(text, live, 'p').diff.map((e) => e.path);
    const all = adopt(text, live, 'p', paths, { addLiveOnlyFields: true });
    expect(all.text).toBe(text.replace('        - /bin/sh\n', '        - /bin/bash\n        - -c\n        - run\n'));
    expect(verdict(all.text, live, 'p').diff).toEqual([]);
    const flow = text.replace('command:\n        - /bin/sh', 'command: [/bin/sh]');
    expect(adopt(flow, live, 'p', paths, { addLiveOnlyFields: true }).text).toBe(flow.replace('[/bin/sh]', '[/bin/bash, -c, run]'));
  });
});
