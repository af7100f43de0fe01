// Every create (and same-manifest dry-run) of 03-quantities-and-defaults: the semantics must reproduce the recorded body.
import { describe, expect, it } from 'vitest';
import { serverSideApply, applyUpdate, prepareForCreate } from '../../k8s-server/semantics';
import { comparable, exchanges, haveRecordings, requestBody, typeOf, Exchange } from './fixtures';

const d = haveRecordings ? describe : describe.skip;

function run(ex: Exchange, live: any | undefined): any {
  const { type, subresource } = typeOf(ex.request.path.replace(/\/[^/]+$/, '') === ex.request.path ? ex.request.path : ex.request.path);
  const body = requestBody(ex);
  const recorded = ex.response.body;
  const now = recorded?.metadata?.managedFields?.[0]?.time ?? '2026-11-24T00:00:00Z';
  if (ex.request.method === 'PATCH') {
    const r = serverSideApply({ live, patch: body, manager: ex.request.query.fieldManager, force: ex.request.query.force === 'true', now, type, subresource });
    return r;
  }
  const t = typeOf(ex.request.path + '/' + body.metadata.name).type;
  return applyUpdate({ live, next: { ...body, metadata: { namespace: /namespaces\/([^/]+)/.exec(ex.request.path)?.[1], ...body.metadata } }, manager: ex.request.query.fieldManager ?? 'rec-recorder', operation: 'Update', now, type: t, fieldValidation: ex.request.query.fieldValidation as any });
}

function finish(result: any, recorded: any): any {
  const o = result.object;
  if (o?.kind === 'Job' && recorded?.metadata?.uid && !o.metadata.uid) {
    o.metadata.uid = recorded.metadata.uid;
    return prepareForCreate(o, { group: 'batch', version: 'v1', kind: 'Job', resource: 'jobs', namespaced: true });
  }
  return o;
}

d('03-quantities-and-defaults fixtures', () => {
  const all = haveRecordings ? exchanges('03-quantities-and-defaults') : [];
  const lastGet = new Map<string, any>();
  for (const ex of all) {
    if (ex.request.method === 'GET') {
      lastGet.set(ex.request.path, ex.response.body);
      continue;
    }
    const dry = ex.request.query.dryRun === 'All';
    const live = dry ? lastGet.get(ex.request.path) : undefined;
    it(`${ex.file}`, () => {
      const r = run(ex, live);
      if (ex.response.status >= 400) {
        expect('error' in r ? r.error : r).toMatchObject({ code: ex.response.status, message: ex.response.body.message });
        return;
      }
      expect('error' in r ? r.error : undefined).toBeUndefined();
      const got = finish(r, ex.response.body);
      const want = ex.response.body;
      if (dry) expect(JSON.stringify(got)).toBe(JSON.stringify(want));
      else expect(JSON.stringify(comparable(got))).toBe(JSON.stringify(comparable(want)));
    });
  }
});
