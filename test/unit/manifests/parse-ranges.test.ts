import { describe, expect, it } from 'vitest';
import { parseManifestText } from '../../../src/core/manifests/parse';
import { expectRangeText, rangeOf } from './range-helpers';

const FILE = '/repo/app.yaml';

function parseOne(text: string, file = FILE) {
  const parsed = parseManifestText(file, text);
  expect(parsed.problems).toEqual([]);
  expect(parsed.objects).toHaveLength(1);
  return parsed.objects[0];
}

describe('parseManifestText: block style ranges', () => {
  const text = [
    '# leading comment',
    'apiVersion: apps/v1',
    'kind: Deployment   # trailing comment',
    'metadata:',
    '  name: web',
    '  labels:',
    '    app: web',
    '    # a comment inside the map',
    '',
    'spec:',
    '  replicas: 3',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: nginx:1.25',
    '          ports:',
    '            - containerPort: 80',
    '              protocol: TCP',
    '          command: |',
    '            echo hi',
    '',
    '# trailing comment',
    '',
  ].join('\n');

  it('gives exact positions for a top-level scalar field', () => {
    const obj = parseOne(text);
    const field = obj.source.fieldRange(['kind']);
    expect(field?.key).toEqual({
      start: { line: 2, character: 0, offset: 38 },
      end: { line: 2, character: 4, offset: 42 },
    });
    expect(field?.value).toEqual({
      start: { line: 2, character: 6, offset: 44 },
      end: { line: 2, character: 16, offset: 54 },
    });
  });

  it('object range starts after leading comments and ends at the last value', () => {
    const obj = parseOne(text);
    expect(obj.source.docIndex).toBe(0);
    expect(obj.source.listIndex).toBeUndefined();
    expect(obj.source.range.start).toEqual({ line: 1, character: 0, offset: 18 });
    expect(obj.source.range.end.line).toBe(20);
    expectRangeText(text, obj.source.range, text.slice(18, text.indexOf('echo hi') + 7));
  });

  it('nested fields, list items by index, without trailing comments or blank lines', () => {
    const obj = parseOne(text);
    const r = (p: Array<string | number>) => obj.source.fieldRange(p);
    expectRangeText(text, r(['metadata', 'labels'])?.key, 'labels');
    expectRangeText(text, r(['metadata', 'labels'])?.value, 'app: web');
    expectRangeText(text, r(['spec', 'replicas'])?.value, '3');
    const containers = ['spec', 'template', 'spec', 'containers'];
    expectRangeText(text, r([...containers, 0, 'image'])?.value, 'nginx:1.25');
    expectRangeText(text, r([...containers, 0, 'ports', 0, 'protocol'])?.key, 'protocol');
    expectRangeText(text, r([...containers, 0, 'ports', 0])?.value, 'containerPort: 80\n              protocol: TCP');
    expect(r([...containers, 0, 'ports', 0])?.key).toBeUndefined();
    expectRangeText(text, r([...containers, 0, 'command'])?.value, '|\n            echo hi');
  });

  it('returns undefined for paths that are not in the source', () => {
    const obj = parseOne(text);
    expect(obj.source.fieldRange(['spec', 'paused'])).toBeUndefined();
    expect(obj.source.fieldRange(['spec', 'template', 'spec', 'containers', 5])).toBeUndefined();
    expect(obj.source.fieldRange(['spec', 'replicas', 'x'])).toBeUndefined();
    expect(obj.source.fieldRange(['metadata', 'labels', 0])).toBeUndefined();
  });

  it('the empty path is the whole object', () => {
    const obj = parseOne(text);
    expect(obj.source.fieldRange([])?.value).toEqual(obj.source.range);
  });
});

describe('parseManifestText: flow style, quoted keys, empty values', () => {
  const text = [
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: svc, "labels": {\'app.kubernetes.io/name\': web}}',
    'spec:',
    '  "ports": [{port: 80, targetPort: "8080"}, {port: 443}]',
    '  selector:',
    '  type: ClusterIP',
    '',
  ].join('\n');

  it('ranges inside flow maps and sequences', () => {
    const obj = parseOne(text);
    const r = (p: Array<string | number>) => obj.source.fieldRange(p);
    expectRangeText(text, r(['metadata'])?.value, '{name: svc, "labels": {\'app.kubernetes.io/name\': web}}');
    expectRangeText(text, r(['metadata', 'name'])?.value, 'svc');
    expectRangeText(text, r(['metadata', 'labels'])?.key, '"labels"');
    expectRangeText(text, r(['metadata', 'labels', 'app.kubernetes.io/name'])?.key, "'app.kubernetes.io/name'");
    expectRangeText(text, r(['spec', 'ports'])?.key, '"ports"');
    expectRangeText(text, r(['spec', 'ports', 1])?.value, '{port: 443}');
    expectRangeText(text, r(['spec', 'ports', 0, 'targetPort'])?.value, '"8080"');
    expect(r(['spec', 'ports', 0, 'targetPort'])?.value).toEqual(rangeOf(text, '"8080"'));
  });

  it('a key with no value has an empty value range right after the colon', () => {
    const obj = parseOne(text);
    const field = obj.source.fieldRange(['spec', 'selector']);
    expectRangeText(text, field?.key, 'selector');
    expectRangeText(text, field?.value, '');
    expect(field?.value.start.offset).toBe(text.indexOf('selector:') + 'selector:'.length);
    expect(obj.object.spec).toMatchObject({ selector: null, type: 'ClusterIP' });
  });

  it('keeps int-or-string as written', () => {
    const obj = parseOne(text);
    expect((obj.object.spec as { ports: unknown[] }).ports).toEqual([{ port: 80, targetPort: '8080' }, { port: 443 }]);
  });
});

describe('parseManifestText: anchors, aliases and merge keys', () => {
  const text = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: cm',
    '  labels: &labels',
    '    app: web',
    '    tier: front',
    '  annotations: *labels',
    'data:',
    '  base: &base {a: "1", b: "2"}',
    '  merged:',
    '    <<: *base',
    '    b: "3"',
    '',
  ].join('\n');

  it('an alias value resolves to the anchored node range', () => {
    const obj = parseOne(text);
    const field = obj.source.fieldRange(['metadata', 'annotations']);
    expectRangeText(text, field?.key, 'annotations');
    expectRangeText(text, field?.value, 'app: web\n    tier: front');
    expectRangeText(text, obj.source.fieldRange(['metadata', 'annotations', 'tier'])?.value, 'front');
    expect(obj.source.fieldRange(['metadata', 'annotations', 'tier'])).toEqual(
      obj.source.fieldRange(['metadata', 'labels', 'tier']),
    );
  });

  it('merge keys: values are merged, fields resolve to their source', () => {
    const obj = parseOne(text);
    expect(obj.object.data).toEqual({ base: { a: '1', b: '2' }, merged: { a: '1', b: '3' } });
    expectRangeText(text, obj.source.fieldRange(['data', 'merged', 'a'])?.value, '"1"');
    expect(obj.source.fieldRange(['data', 'merged', 'a'])?.value).toEqual(rangeOf(text, '"1"'));
    expect(obj.source.fieldRange(['data', 'merged', 'b'])?.value).toEqual(rangeOf(text, '"3"'));
  });

  it('aliased values are independent copies in the JSON', () => {
    const obj = parseOne(text);
    const metadata = obj.object.metadata;
    expect(metadata.annotations).toEqual(metadata.labels);
    expect(metadata.annotations).not.toBe(metadata.labels);
  });
});

describe('parseManifestText: CRLF line endings', () => {
  const text = 'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: crlf\r\ndata:\r\n  a: |\r\n    x\r\n  b: "y"\r\n';

  it('positions count CRLF as one line break and ranges exclude \\r', () => {
    const obj = parseOne(text);
    const b = obj.source.fieldRange(['data', 'b']);
    expect(b?.key).toEqual({ start: { line: 7, character: 2, offset: 82 }, end: { line: 7, character: 3, offset: 83 } });
    expectRangeText(text, b?.value, '"y"');
    expectRangeText(text, obj.source.fieldRange(['metadata'])?.value, 'name: crlf');
    expect(obj.source.range.end).toEqual({ line: 7, character: 8, offset: 88 });
    expect(obj.object.data).toEqual({ a: 'x\n', b: 'y' });
  });
});

describe('parseManifestText: multi-document files', () => {
  const text = [
    '---',
    'apiVersion: v1',
    'kind: Namespace',
    'metadata:',
    '  name: one',
    '---',
    '# only a comment',
    '---',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: two',
    '  namespace: one',
    '...',
    '---',
    'apiVersion: v1',
    'kind: Secret',
    'metadata: {name: three}',
    '---',
    '',
  ].join('\n');

  it('returns each object with its document index and range', () => {
    const parsed = parseManifestText(FILE, text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.objects.map((o) => [o.object.metadata.name, o.source.docIndex])).toEqual([
      ['one', 0],
      ['two', 2],
      ['three', 3],
    ]);
    const [one, two, three] = parsed.objects;
    expect(one.source.range.start).toEqual({ line: 1, character: 0, offset: 4 });
    expectRangeText(text, one.source.range, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: one');
    expectRangeText(text, two.source.fieldRange(['metadata', 'namespace'])?.value, 'one');
    expect(two.source.fieldRange(['metadata', 'namespace'])?.value.start.line).toBe(12);
    expect(three.source.fieldRange(['metadata', 'name'])?.value).toEqual(rangeOf(text, 'three'));
  });
});

describe('parseManifestText: kind List', () => {
  const text = [
    'apiVersion: v1',
    'kind: List',
    'items:',
    '- apiVersion: v1',
    '  kind: ConfigMap',
    '  metadata:',
    '    name: a',
    '- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}',
    '',
    '---',
    'apiVersion: v1',
    'kind: ServiceList',
    'metadata: {}',
    'items:',
    '  - apiVersion: v1',
    '    kind: Service',
    '    metadata:',
    '      name: c',
    '',
  ].join('\n');

  it('items become objects with listIndex and their own ranges', () => {
    const parsed = parseManifestText(FILE, text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.objects.map((o) => [o.object.metadata.name, o.source.docIndex, o.source.listIndex])).toEqual([
      ['a', 0, 0],
      ['b', 0, 1],
      ['c', 1, 0],
    ]);
    const [a, b, c] = parsed.objects;
    expectRangeText(text, a.source.range, 'apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a');
    expect(a.source.range.start).toEqual({ line: 3, character: 2, offset: 35 });
    expectRangeText(text, b.source.range, '{apiVersion: v1, kind: ConfigMap, metadata: {name: b}}');
    expectRangeText(text, b.source.fieldRange(['metadata', 'name'])?.value, 'b');
    expectRangeText(text, c.source.fieldRange(['metadata', 'name'])?.value, 'c');
    expect(c.source.fieldRange(['items'])).toBeUndefined();
    expect(c.object).toEqual({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'c' } });
  });

  it('a List item that is not a Kubernetes object is a problem, the others are kept', () => {
    const listText = 'apiVersion: v1\nkind: List\nitems:\n- foo: bar\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: ok}}\n';
    const parsed = parseManifestText(FILE, listText);
    expect(parsed.objects.map((o) => o.source.listIndex)).toEqual([1]);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({ rule: 'invalid-list-item', severity: 'error', file: FILE });
    expectRangeText(listText, parsed.problems[0].range, 'foo: bar');
  });
});

describe('parseManifestText: JSON files', () => {
  const text = '{\n  "apiVersion": "v1",\n  "kind": "ConfigMap",\n  "metadata": {"name": "json-cm", "labels": {"a": "b"}},\n  "data": {"port": "80", "list": [1, 2, {"x": true}]}\n}\n';

  it('parses JSON with exact ranges for keys and values', () => {
    const obj = parseOne(text, '/repo/cm.json');
    expect(obj.object.data).toEqual({ port: '80', list: [1, 2, { x: true }] });
    expectRangeText(text, obj.source.range, text.trimEnd());
    expectRangeText(text, obj.source.fieldRange(['kind'])?.key, '"kind"');
    expectRangeText(text, obj.source.fieldRange(['kind'])?.value, '"ConfigMap"');
    expectRangeText(text, obj.source.fieldRange(['metadata', 'labels'])?.value, '{"a": "b"}');
    expectRangeText(text, obj.source.fieldRange(['data', 'list', 2, 'x'])?.value, 'true');
    expect(obj.source.fieldRange(['data', 'port'])?.value).toEqual({
      start: { line: 4, character: 19, offset: 123 },
      end: { line: 4, character: 23, offset: 127 },
    });
  });
});

describe('parseManifestText: values', () => {
  it('reads values as kubectl does (YAML 1.1, like go-yaml v2): yes/on are booleans, 012 is octal, dates stay strings', () => {
    const obj = parseOne(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: v}\ndata:\n  int: 80\n  str: "80"\n  float: 0.5\n  milli: 500m\n  bool: true\n  yes11: yes\n  on11: on\n  quotedOn: "on"\n  octal: 014\n  nul: null\n  date: 2024-01-01\n  time: 1:20\n',
    );
    expect(obj.object.data).toEqual({
      int: 80,
      str: '80',
      float: 0.5,
      milli: '500m',
      bool: true,
      yes11: true,
      on11: true,
      quotedOn: 'on',
      octal: 12,
      nul: null,
      date: '2024-01-01',
      time: '1:20',
    });
  });

  it('an object with generateName and no name is accepted', () => {
    const obj = parseOne('apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: job-\n');
    expect(obj.object.metadata.generateName).toBe('job-');
  });
});

describe('parseManifestText: more nasty cases', () => {
  it('quoted keys and comments between fields in block style', () => {
    const text = [
      '"apiVersion": v1',
      "'kind': ConfigMap",
      'metadata:',
      '  # the name',
      '  "name": "quoted" # why not',
      '  annotations:',
      '    "example.com/key": \'it\'\'s\'',
      '    # dangling comment',
      'data:',
      '  ? explicit',
      '  : value',
      '',
    ].join('\n');
    const obj = parseOne(text);
    expectRangeText(text, obj.source.fieldRange(['apiVersion'])?.key, '"apiVersion"');
    expectRangeText(text, obj.source.fieldRange(['kind'])?.key, "'kind'");
    expectRangeText(text, obj.source.fieldRange(['metadata', 'name'])?.key, '"name"');
    expectRangeText(text, obj.source.fieldRange(['metadata', 'name'])?.value, '"quoted"');
    expectRangeText(text, obj.source.fieldRange(['metadata', 'annotations'])?.value, '"example.com/key": \'it\'\'s\'');
    expectRangeText(text, obj.source.fieldRange(['metadata', 'annotations', 'example.com/key'])?.value, "'it''s'");
    expectRangeText(text, obj.source.fieldRange(['metadata'])?.value, text.slice(text.indexOf('"name"'), text.indexOf("s'") + 2));
    expectRangeText(text, obj.source.fieldRange(['data', 'explicit'])?.key, 'explicit');
    expectRangeText(text, obj.source.fieldRange(['data', 'explicit'])?.value, 'value');
    expect(obj.object.metadata.annotations).toEqual({ 'example.com/key': "it's" });
  });

  it('an aliased List item points at the anchored item', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - &cm {apiVersion: v1, kind: ConfigMap, metadata: {name: same}}',
      '  - *cm',
      '',
    ].join('\n');
    const parsed = parseManifestText(FILE, text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.objects).toHaveLength(2);
    expect(parsed.objects[1].source.range).toEqual(parsed.objects[0].source.range);
    expectRangeText(text, parsed.objects[1].source.range, '{apiVersion: v1, kind: ConfigMap, metadata: {name: same}}');
    expect(parsed.objects[1].object).not.toBe(parsed.objects[0].object);
  });

  it('multi-line flow collections and block scalars keep exact ranges', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {',
      '  name: multi,',
      '  labels: {a: b}',
      '}',
      'data:',
      '  script: >-',
      '    folded',
      '    text',
      '',
      '',
      '  after: x',
      '',
    ].join('\n');
    const obj = parseOne(text);
    expectRangeText(text, obj.source.fieldRange(['metadata'])?.value, '{\n  name: multi,\n  labels: {a: b}\n}');
    expect(obj.source.fieldRange(['metadata', 'labels', 'a'])?.value.start).toEqual({ line: 4, character: 14, offset: 72 });
    expectRangeText(text, obj.source.fieldRange(['data', 'script'])?.value, '>-\n    folded\n    text');
    expect(obj.object.data).toEqual({ script: 'folded text', after: 'x' });
  });
});

describe('parseManifestText: characters and tags', () => {
  it('characters are UTF-16 code units, as editors count them', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: emoji}\ndata: {a: "😀😀", b: "é"}\n';
    const obj = parseOne(text);
    const b = obj.source.fieldRange(['data', 'b']);
    expect(b?.key?.start).toEqual({ line: 3, character: 18, offset: text.indexOf('b:') });
    expectRangeText(text, b?.value, '"é"');
  });

  it('an unknown tag is a warning; the value is kept as a string', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: tag}\ndata:\n  a: !custom value\n';
    const parsed = parseManifestText(FILE, text);
    expect(parsed.objects[0].object.data).toEqual({ a: 'value' });
    expect(parsed.problems.map((p) => [p.rule, p.severity, p.range?.start.line])).toEqual([['yaml-warning', 'warning', 4]]);
  });
});
