// The inspector's pure parts: message protocol, Secret masking, object text and apply, live text, the document
// sent to the webview, the CSP page and the theme mapping.
import { describe, expect, it } from 'vitest';
import { monacoBaseTheme, monacoColor, themeColors } from '../../../media/inspector/theme';
import { parseManifestText } from '../../../src/core/manifests';
import { SchemaValidator } from '../../../src/core/schema';
import type { KubeObject } from '../../../src/core/types';
import { planApply } from '../../../src/extension/inspector/apply-edit';
import { inspectorCsp, inspectorHtml } from '../../../src/extension/inspector/html';
import { buildInspectorDocument } from '../../../src/extension/inspector/inspector-document';
import { liveText, orderLike, presentableLive } from '../../../src/extension/inspector/live-text';
import { objectText, replacementText } from '../../../src/extension/inspector/object-text';
import { MAX_APPLY_TEXT, parseHostMessage, parseWebviewMessage, schemaUriOf } from '../../../src/extension/inspector/protocol';
import { hasMaskedValue, maskSecretText, restoreSecretText } from '../../../src/extension/inspector/secret-text';

const PASSWORD = 'hunter2-very-secret';
const PASSWORD_B64 = Buffer.from(PASSWORD).toString('base64');
const TOKEN = 'tok-4f8a9c2e';

const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: db # the database credentials
  namespace: shop
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"data":{"password":"${PASSWORD_B64}"}}'
type: Opaque
data:
  password: ${PASSWORD_B64}
  cert: |
    ${PASSWORD_B64}
    ${PASSWORD_B64}
stringData: {token: ${TOKEN}, empty: ""}
`;

const leaks = (text: string) => [PASSWORD, PASSWORD_B64, TOKEN].filter((v) => text.includes(v));

describe('protocol', () => {
  it('accepts the webview messages it knows and rejects anything else', () => {
    expect(parseWebviewMessage({ type: 'ready' })).toEqual({ type: 'ready' });
    expect(parseWebviewMessage({ type: 'refresh', extra: 1 })).toEqual({ type: 'refresh' });
    expect(parseWebviewMessage({ type: 'apply', revision: 3, text: 'a: 1' })).toEqual({ type: 'apply', revision: 3, text: 'a: 1' });
    for (const bad of [null, 'apply', [], { type: 'apply', revision: '3', text: '' }, { type: 'apply', revision: 1.5, text: '' }, { type: 'apply', revision: 1 }, { type: 'apply', revision: 1, text: 'x'.repeat(MAX_APPLY_TEXT + 1) }, { type: 'eval', code: '1' }]) {
      expect(parseWebviewMessage(bad)).toBeUndefined();
    }
  });

  it('host messages are checked on the webview side too', () => {
    const document = { title: 'ConfigMap a/b', source: 'x.yaml:1', desiredText: 'a: 1\n', schemaUri: 'u', masked: false, revision: 1 };
    expect(parseHostMessage({ type: 'show', document })).toEqual({ type: 'show', document });
    expect(parseHostMessage({ type: 'show', document: { ...document, desiredText: 1 } })).toBeUndefined();
    expect(parseHostMessage({ type: 'applied', revision: 2, ok: true })).toEqual({ type: 'applied', revision: 2, ok: true });
    expect(parseHostMessage({ type: 'applied', revision: 2 })).toEqual({ type: 'applied', revision: 2, ok: false, message: 'not applied' });
    expect(parseHostMessage({ type: 'other' })).toBeUndefined();
  });

  it('schema URIs name the kind and are never fetchable', () => {
    expect(schemaUriOf('apps/v1', 'Deployment')).toBe('kubernetes://schemas/apps/v1/Deployment.json');
    expect(schemaUriOf('a.example.com/v1?x', 'K<i>nd')).toBe('kubernetes://schemas/a.example.com/v1_x/K_i_nd.json');
  });
});

describe('Secret masking', () => {
  it('masks every data/stringData value and the last-applied annotation, keeping keys and comments', () => {
    const masked = maskSecretText(SECRET);
    expect(masked.masked).toBe(true);
    expect(leaks(masked.text)).toEqual([]);
    expect(masked.text).toContain('name: db # the database credentials');
    expect(masked.text).toContain('  password: "***"\n  cert: "***"\nstringData: {token: "***", empty: "***"}');
    expect(masked.text).toContain(`kubectl.kubernetes.io/last-applied-configuration: "***"`);
  });

  it('leaves other kinds alone, and hides a Secret that does not parse', () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {password: plain}\n';
    expect(maskSecretText(cm)).toEqual({ text: cm, masked: false });
    const broken = `kind: Secret\ndata:\n  password: ${PASSWORD_B64}\n  - broken: [\n`;
    const hidden = maskSecretText(broken);
    expect(hidden.masked).toBe(true);
    expect(leaks(hidden.text)).toEqual([]);
  });

  it('restores the masked values verbatim: an unedited text comes back byte for byte', () => {
    expect(restoreSecretText(maskSecretText(SECRET).text, SECRET)).toBe(SECRET);
  });

  it('restores only what is still masked: edited and new values are kept, removed keys stay removed', () => {
    const edited = maskSecretText(SECRET)
      .text.replace('  password: "***"\n', '  password: bmV3\n  extra: "***"\n')
      .replace('type: Opaque', 'type: Opaque # edited');
    const restored = restoreSecretText(edited, SECRET);
    expect(restored).toContain('  password: bmV3\n  extra: "***"\n');
    expect(restored).toContain(`  cert: |\n    ${PASSWORD_B64}\n    ${PASSWORD_B64}\n`);
    expect(restored).toContain(`stringData: {token: ${TOKEN}, empty: ""}`);
    expect(restored).toContain('type: Opaque # edited');
    expect(hasMaskedValue(restored)).toBe(true);
    expect(hasMaskedValue(SECRET)).toBe(false);
  });
});

describe('object text in its file', () => {
  const file = `# header\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a}\n    data:\n      k: v # note\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: b}\n`;
  const objects = parseManifestText('/w/list.yaml', file).objects;

  it('dedents a List item and puts the indentation back on apply', () => {
    const a = objectText(file, objects[0].source.range);
    expect(a.indent).toBe(4);
    // The comment after the object's last value lies outside its range: it stays in the file as it is.
    expect(a.text).toBe('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  k: v');
    const replacement = replacementText(a.text.replace('k: v', 'k: w'), a);
    const r = objects[0].source.range;
    const next = file.slice(0, r.start.offset) + replacement + file.slice(r.end.offset);
    expect(next).toBe(file.replace('k: v # note', 'k: w # note'));
    expect(parseManifestText('/w/list.yaml', next).objects.map((o) => o.object.metadata.name)).toEqual(['a', 'b']);
  });

  it('keeps CRLF line breaks', () => {
    const crlf = 'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata: {name: a}\r\ndata: {k: v}\r\n';
    const [obj] = parseManifestText('/w/crlf.yaml', crlf).objects;
    const original = objectText(crlf, obj.source.range);
    const edited = original.text.replace(/\r\n/g, '\n').replace('{k: v}', '{k: w}'); // Monaco may hand back either
    const r = obj.source.range;
    expect(crlf.slice(0, r.start.offset) + replacementText(edited, original) + crlf.slice(r.end.offset)).toBe(crlf.replace('{k: v}', '{k: w}'));
  });

  it('planApply: only the object changes, comments kept; stale files, separators and broken YAML are refused', () => {
    const multi = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a # keep\ndata: {k: v}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n';
    const [first] = parseManifestText('/w/m.yaml', multi).objects;
    const original = objectText(multi, first.source.range);
    const plan = planApply(multi, first.source.range, original, original.text.replace('{k: v}', '{k: w}') + '\n');
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    const r = first.source.range;
    expect(multi.slice(0, r.start.offset) + plan.replacement + multi.slice(r.end.offset)).toBe(multi.replace('{k: v}', '{k: w}'));
    expect(planApply(multi.replace('# keep', '# changed'), r, original, original.text)).toEqual({ ok: false, message: expect.stringContaining('changed since') });
    expect(planApply(multi, r, original, 'a: 1\n---\nb: 2\n')).toEqual({ ok: false, message: expect.stringContaining('exactly one object') });
    expect(planApply(multi, r, original, 'a: [1\n')).toEqual({ ok: false, message: expect.stringContaining('not valid YAML') });
  });

  it('planApply restores Secret values and refuses a mask it cannot restore', () => {
    const [secret] = parseManifestText('/w/s.yaml', SECRET).objects;
    const original = objectText(SECRET, secret.source.range);
    const masked = maskSecretText(original.text).text;
    const plan = planApply(SECRET, secret.source.range, original, masked.replace('type: Opaque', 'type: Opaque\nimmutable: true'));
    const r = secret.source.range;
    expect(plan.ok && SECRET.slice(0, r.start.offset) + plan.replacement + SECRET.slice(r.end.offset)).toBe(SECRET.replace('type: Opaque', 'type: Opaque\nimmutable: true'));
    const bad = planApply(SECRET, secret.source.range, original, masked.replace('  password: "***"', '  renamed: "***"'));
    expect(bad).toEqual({ ok: false, message: expect.stringContaining('still masked') });
  });
});

describe('live text', () => {
  const live: KubeObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'db',
      namespace: 'shop',
      uid: 'u-1',
      resourceVersion: '42',
      managedFields: [{ manager: 'kubectl' }],
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `{"data":{"password":"${PASSWORD_B64}"}}` },
    },
    data: { password: PASSWORD_B64 },
    type: 'Opaque',
    status: { x: 1 },
  };

  it('drops server bookkeeping and masks Secret values', () => {
    expect(presentableLive(live)).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, data: { password: '***' }, type: 'Opaque' });
    expect(live.metadata.uid).toBe('u-1'); // not modified in place
    expect(leaks(liveText(live))).toEqual([]);
  });

  it('takes the layout of the manifest (flow collections, quoting) so only real differences show', () => {
    const desiredText = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labels: {x: "1"}}\ndata:\n  list: [a, b]\n  text: |\n    two\n    lines\n';
    const live = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', labels: { x: '2' }, uid: 'u' }, data: { text: 'two\nlines\n', list: ['a', 'c'] } };
    const desired = parseManifestText('/w/c.yaml', desiredText).objects[0].object;
    expect(liveText(live as KubeObject, desired, desiredText)).toBe('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labels: {x: "2"}}\ndata:\n  list: [a, c]\n  text: |\n    two\n    lines\n');
    expect(liveText(live as KubeObject, desired, 'not: [valid')).toContain('metadata:\n  name: a\n');
  });

  it('orders keys like the manifest so the diff lines up', () => {
    expect(Object.keys(orderLike({ b: 1, z: 2, a: { y: 1, x: 2 } }, { a: { x: 0, y: 0 }, b: 0 }) as object)).toEqual(['a', 'b', 'z']);
    expect(orderLike({ b: 1, a: { y: 1, x: 2 } }, { a: { x: 0 } })).toEqual({ a: { x: 2, y: 1 }, b: 1 });
    expect(JSON.stringify(orderLike([{ b: 1, a: 2 }], [{ a: 0, b: 0 }]))).toBe('[{"a":2,"b":1}]');
  });
});

describe('the document sent to the webview', () => {
  it('holds no Secret value on either side, and the schema of the kind', () => {
    const [desired] = parseManifestText('/w/s.yaml', SECRET).objects;
    const live = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, data: { password: PASSWORD_B64 } };
    const { document } = buildInspectorDocument({
      desired,
      fileText: SECRET,
      displayFile: 's.yaml',
      live,
      result: { verdict: 'diverged', reason: 'data.password changed' },
      schema: new SchemaValidator().kindJsonSchema('v1', 'Secret'),
      revision: 7,
    });
    expect(leaks(JSON.stringify(document))).toEqual([]);
    expect(document).toMatchObject({ title: 'Secret shop/db', source: 's.yaml:1', masked: true, revision: 7, verdict: 'diverged', schemaUri: 'kubernetes://schemas/v1/Secret.json' });
    expect(document.liveText).toContain('password: "***"');
    expect((document.schema as { $ref: string }).$ref).toBe('#/definitions/io.k8s.api.core.v1.Secret');
  });
});

describe('page and theme', () => {
  it('the CSP allows scripts only with the nonce and nothing remote', () => {
    const csp = inspectorCsp('https://file+.vscode-resource.vscode-cdn.net', 'abc123');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'nonce-abc123'");
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
    const html = inspectorHtml({ cspSource: 'vscode-resource:', nonce: 'abc123', script: 'vscode-resource:/m/main.js', style: 'vscode-resource:/m/main.css', workers: 'vscode-resource:/m' });
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script nonce="abc123" src="vscode-resource:/m/main.js">']);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain('id="apply"');
  });

  it('maps the VS Code theme kind and colour variables to Monaco', () => {
    expect(monacoBaseTheme(['vscode-light'])).toBe('vs');
    expect(monacoBaseTheme(['vscode-dark'])).toBe('vs-dark');
    expect(monacoBaseTheme(['vscode-high-contrast'])).toBe('hc-black');
    expect(monacoBaseTheme(['vscode-high-contrast', 'vscode-high-contrast-light'])).toBe('hc-light');
    expect(monacoColor(' #1E1E1E ')).toBe('#1e1e1e');
    expect(monacoColor('#abc')).toBe('#aabbcc');
    expect(monacoColor('rgba(255, 0, 10, 0.5)')).toBe('#ff000a80');
    expect(monacoColor('rgb(1, 2, 3)')).toBe('#010203');
    expect(monacoColor('var(--x)')).toBeUndefined();
    const vars: Record<string, string> = { '--vscode-editor-background': '#1e1e1e', '--vscode-editor-foreground': 'rgb(212, 212, 212)' };
    expect(themeColors((n) => vars[n] ?? '')).toEqual({ 'editor.background': '#1e1e1e', 'editor.foreground': '#d4d4d4' });
  });
});
