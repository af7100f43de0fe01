// Request bodies recorded against a real kube-apiserver v1.28: what it accepted must validate without errors,
// what it rejected as invalid / unknown-field must produce findings.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseManifestText } from '../../../src/core/manifests';
import { formatPath, SchemaValidator } from '../../../src/core/schema';
import type { KubeObject } from '../../../src/core/types';
import { SHARED_K8S } from './shared-k8s';

const EXCHANGES = join(SHARED_K8S, 'exchanges');
const validator = new SchemaValidator();

interface Exchange {
  request: { method: string; body: unknown };
  response: { status: number; body: unknown; headers?: { Warning?: string[] } };
}

function requestBodies(dir: string): Array<{ name: string; status: number; body: KubeObject; response: unknown; warnings: string[] }> {
  const base = join(EXCHANGES, dir);
  return readdirSync(base)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((name) => {
      const ex = JSON.parse(readFileSync(join(base, name), 'utf8')) as Exchange;
      if (!ex.request || !['POST', 'PATCH', 'PUT'].includes(ex.request.method) || ex.request.body == null) return [];
      let body = ex.request.body;
      if (typeof body === 'string') {
        try {
          body = parse(body);
        } catch {
          return []; // duplicate keys: covered by the parser test below
        }
      }
      const obj = body as KubeObject;
      if (!obj || typeof obj !== 'object' || !obj.kind || obj.kind === 'Status') return [];
      return [{ name, status: ex.response.status, body: obj, response: ex.response.body, warnings: ex.response.headers?.Warning ?? [] }];
    });
}

const errorsOf = (obj: KubeObject) => validator.validate(obj).filter((f) => f.severity === 'error');

describe('03-quantities-and-defaults: accepted bodies validate', () => {
  const bodies = requestBodies('03-quantities-and-defaults');
  it('has recordings', () => expect(bodies.length).toBeGreaterThan(20));
  for (const b of bodies.filter((x) => x.status < 300)) {
    it(`${b.name} (${b.status})`, () => expect(errorsOf(b.body)).toEqual([]));
  }
  for (const b of bodies.filter((x) => x.status >= 400)) {
    it(`${b.name} (${b.status}) is rejected`, () => {
      expect(errorsOf(b.body).map((f) => `${f.rule} ${formatPath(f.path)}`)).toContain('type data.replicas');
    });
  }
});

describe('accepted bodies of the other recordings validate', () => {
  for (const dir of ['01-ssa-create-deployment', '02-client-side-apply', '04-secret', '08-namespace-in-same-set', '09-hpa-and-status']) {
    for (const b of requestBodies(dir).filter((x) => x.status < 300 && (x.body as KubeObject).apiVersion)) {
      it(`${dir}/${b.name}`, () => {
        // Partial patches (merge/strategic/JSON patch) are not full objects: only check full manifests.
        const obj = b.body;
        if (!obj.metadata?.name) return;
        const errs = errorsOf(obj).filter((f) => f.rule !== 'required');
        expect(errs).toEqual([]);
      });
    }
  }
});

describe('06-errors: rejected bodies produce findings', () => {
  const bodies = requestBodies('06-errors');
  const byName = new Map(bodies.map((b) => [b.name, b]));

  it('unknown fields (SSA 500 for every fieldValidation, POST Strict 400)', () => {
    for (const n of ['07-ssa-unknown-field-strict-500.json', '08-ssa-unknown-field-warn-500.json', '09-ssa-unknown-field-ignore-500.json', '10-ssa-unknown-field-no-param-500.json']) {
      const b = byName.get(n)!;
      expect(b.status).toBe(500);
      expect(errorsOf(b.body).map((f) => `${f.rule} ${formatPath(f.path)}`)).toEqual(['unknown-field spec.replicaz', 'unknown-field spec.templateX']);
    }
    const post = byName.get('11-post-unknown-field-strict-json-400.json')!;
    expect(post.status).toBe(400);
    expect(errorsOf(post.body).map((f) => f.message)).toEqual(['unknown field "datax"; did you mean "data"?']);
  });

  it('every 400/422/500 with an Invalid or unknown-field response gets an error finding', () => {
    const rejected = bodies.filter((b) => {
      const msg = JSON.stringify(b.response);
      // PatchOptions errors (missing fieldManager, force on non-apply) are about the request, not the manifest.
      return b.status >= 400 && /is invalid|field not declared|unknown field|cannot be handled/.test(msg) && !/PatchOptions/.test(msg) && b.body.apiVersion;
    });
    expect(rejected.length).toBeGreaterThanOrEqual(6);
    for (const b of rejected) {
      if (b.name.startsWith('17-')) continue; // duplicate key lost in the recorded parsed JSON: see the parser test
      if (b.name.startsWith('28-')) continue; // immutable selector: needs the live object
      expect(errorsOf(b.body).length, b.name).toBeGreaterThan(0);
    }
  });

  it('422 Invalid: the server causes are found at the same paths', () => {
    for (const n of ['05-post-invalid-deployment-422.json', '06-ssa-invalid-deployment-422.json']) {
      const b = byName.get(n)!;
      const causes = (b.response as { details: { causes: Array<{ field: string }> } }).details.causes.map((c) => c.field);
      const paths = errorsOf(b.body).map((f) => formatPath(f.path));
      for (const field of causes) expect(paths, `${n}: ${field}`).toContain(field);
    }
  });

  it('duplicate keys in a YAML apply body are reported by the manifest parser', () => {
    const ex = JSON.parse(readFileSync(join(EXCHANGES, '06-errors/18-ssa-duplicate-field-strict-yaml-400.json'), 'utf8')) as Exchange;
    expect(ex.response.status).toBe(400);
    const parsed = parseManifestText('/tmp/dup.yaml', ex.request.body as string);
    expect(parsed.problems.map((p) => p.rule)).toContain('duplicate-key');
  });
});

describe('05-crd: custom resources against the recorded CRD', () => {
  const v = new SchemaValidator();
  const crd = parse(readFileSync(join(EXCHANGES, '05-crd/crd.yaml'), 'utf8')) as KubeObject;
  v.addCustomResourceDefinition(crd);
  for (const b of requestBodies('05-crd')) {
    if (b.body.kind === 'CustomResourceDefinition') continue;
    const full = !!b.body.metadata?.name && !!b.body.apiVersion;
    if (!full) continue;
    const msg = JSON.stringify(b.response);
    // Rejected, or accepted with a `Warning: unknown field` (fieldValidation=Warn drops the field).
    const rejected = b.status >= 400 || b.warnings.some((w) => /unknown field/.test(w));
    it(`${b.name} (${b.status})`, () => {
      const errs = v.validate(b.body).filter((f) => f.severity === 'error');
      if (rejected || /field not declared|Invalid value|unknown field/.test(msg)) expect(errs.length).toBeGreaterThan(0);
      else expect(errs).toEqual([]);
    });
  }
});
