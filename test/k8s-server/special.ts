// Resources that are not stored: TokenRequest, SelfSubjectAccessReview/RulesReview, SelfSubjectReview.
import { randomBytes } from 'node:crypto';
import { errors } from './errors';
import { isAllowed, type TokenSpec, type UserInfo } from './auth';
import type { RouterState } from './router';
import type { ResourceType } from './registry';

/** "resource/subresource" pairs handled here. */
export const SPECIAL_RESOURCES = new Set(['serviceaccounts/token']);

interface Path {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

const SELF_RULES = {
  resourceRules: [
    { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
    { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
  ],
  nonResourceRules: [
    { verbs: ['get'], nonResourceURLs: ['/.well-known/openid-configuration', '/.well-known/openid-configuration/', '/openid/v1/jwks', '/openid/v1/jwks/'] },
    { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'] },
    { verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] },
  ],
  incomplete: false,
};

function parse(body: Buffer): any {
  try {
    return body.length ? JSON.parse(body.toString('utf8')) : {};
  } catch {
    throw errors.badRequest('invalid JSON body');
  }
}

/** fieldsV1 of what a create-only request set under spec (nested maps get ".": {} like the real field manager). */
function specFields(spec: unknown, top = true): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return out;
  if (!top) out['.'] = {};
  for (const [k, v] of Object.entries(spec as Record<string, unknown>)) {
    if (v === null || v === undefined) continue;
    out[`f:${k}`] = v && typeof v === 'object' && !Array.isArray(v) ? specFields(v, false) : {};
  }
  return out;
}

function updateEntry(manager: string, apiVersion: string, spec: unknown, now: string, subresource?: string): unknown[] {
  const f = specFields(spec);
  if (!manager || !Object.keys(f).length) return [];
  const e: Record<string, unknown> = { manager, operation: 'Update', apiVersion, time: now, fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': f } };
  if (subresource) e.subresource = subresource;
  return [e];
}

export function serveSpecial(state: RouterState, rp: Path, method: string, body: Buffer, user: UserInfo, manager = ''): { status: number; body: unknown } | undefined {
  const key = rp.subresource ? `${rp.type.resource}/${rp.subresource}` : rp.type.resource;
  const g = rp.type.group;
  if (method !== 'POST') return undefined;
  const now = state.core.now();
  if (key === 'serviceaccounts/token' && rp.name) {
    const sa = state.core.mustGet(rp.type, rp.namespace, rp.name).obj;
    const req = parse(body);
    const exp = Number(req?.spec?.expirationSeconds ?? 3600);
    const token = randomBytes(24).toString('base64url');
    const spec: TokenSpec = {
      user: `system:serviceaccount:${rp.namespace}:${rp.name}`,
      uid: sa.metadata.uid,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${rp.namespace}`],
      // a fresh ServiceAccount has no RoleBindings: only the self-review APIs
      allowOnly: [
        { verb: 'create', resource: 'selfsubjectaccessreviews' },
        { verb: 'create', resource: 'selfsubjectrulesreviews' },
        { verb: 'create', resource: 'selfsubjectreviews' },
      ],
    };
    state.tokens.set(token, spec);
    return {
      status: 201,
      body: {
        kind: 'TokenRequest',
        apiVersion: 'authentication.k8s.io/v1',
        metadata: { name: rp.name, namespace: rp.namespace, creationTimestamp: now, managedFields: updateEntry(manager, 'authentication.k8s.io/v1', req?.spec, now, 'token') },
        spec: { audiences: req?.spec?.audiences ?? ['https://kubernetes.default.svc.cluster.local'], expirationSeconds: exp, boundObjectRef: req?.spec?.boundObjectRef ?? null },
        status: { token, expirationTimestamp: new Date(Date.now() + exp * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') },
      },
    };
  }
  if (g === 'authorization.k8s.io' && key === 'selfsubjectaccessreviews') {
    const req = parse(body);
    const ra = req?.spec?.resourceAttributes ?? {};
    const allowed = isAllowed(user, { verb: ra.verb ?? '', group: ra.group ?? '', resource: ra.resource ?? '', subresource: ra.subresource || undefined, namespace: ra.namespace, name: ra.name });
    const metadata: Record<string, unknown> = { creationTimestamp: null };
    const mf = updateEntry(manager, 'authorization.k8s.io/v1', req?.spec, now);
    if (mf.length) metadata.managedFields = mf;
    return { status: 201, body: { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata, spec: req.spec ?? {}, status: { allowed } } };
  }
  if (g === 'authorization.k8s.io' && key === 'selfsubjectrulesreviews') {
    const admin = !user.spec?.allowOnly;
    const status = admin
      ? { resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }], incomplete: false }
      : SELF_RULES;
    return { status: 201, body: { kind: 'SelfSubjectRulesReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, spec: {}, status } };
  }
  if (g === 'authentication.k8s.io' && key === 'selfsubjectreviews') {
    const userInfo: Record<string, unknown> = { username: user.username };
    if (user.uid) userInfo.uid = user.uid;
    userInfo.groups = user.groups;
    return { status: 201, body: { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: now }, status: { userInfo } } };
  }
  return undefined;
}
