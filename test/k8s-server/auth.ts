// Authentication (bearer tokens, client certificates, anonymous) and a small deny-list authorizer.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { ApiError, errors, qualifiedResource } from './errors';

export interface TokenSpec {
  user: string;
  groups?: string[];
  expired?: boolean;
  /** Requests matching any rule are forbidden. resource '*' matches all; verb omitted matches all verbs. */
  deny?: Array<{ verb?: string; resource: string; group?: string }>;
  /** When set, only these rules are allowed (everything else is forbidden), like an identity without RBAC bindings. */
  allowOnly?: Array<{ verb?: string; resource: string; group?: string }>;
  uid?: string;
}

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  spec?: TokenSpec;
}

export interface ResourceAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export const ANONYMOUS: UserInfo = { username: 'system:anonymous', groups: ['system:unauthenticated'] };

/** Paths anyone (even anonymous) may GET, like system:public-info-viewer. */
const PUBLIC_PATHS = new Set(['/version', '/version/', '/healthz', '/livez', '/readyz']);

export function authenticate(req: IncomingMessage, tokens: Map<string, TokenSpec>): UserInfo {
  const h = req.headers.authorization;
  if (h) {
    const m = /^Bearer\s+(.+)$/i.exec(h);
    const spec = m ? tokens.get(m[1].trim()) : undefined;
    if (!spec || spec.expired) throw errors.unauthorized();
    return { username: spec.user, uid: spec.uid, groups: [...(spec.groups ?? []), 'system:authenticated'], spec };
  }
  const sock = req.socket as TLSSocket;
  if (typeof sock.getPeerCertificate === 'function' && sock.authorized) {
    const cert = sock.getPeerCertificate();
    if (cert && cert.subject) {
      const cn = cert.subject.CN;
      const o = cert.subject.O;
      const groups = Array.isArray(o) ? o : o ? [o] : [];
      return { username: String(cn), groups: [...groups, 'system:authenticated'] };
    }
  }
  return ANONYMOUS;
}

function ruleMatches(r: { verb?: string; resource: string; group?: string }, a: ResourceAttributes): boolean {
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  return (!r.verb || r.verb === '*' || r.verb === a.verb) && (r.resource === '*' || r.resource === res || r.resource === a.resource) && (r.group === undefined || r.group === '*' || r.group === a.group);
}

export function isAllowed(user: UserInfo, a: ResourceAttributes): boolean {
  if (user === ANONYMOUS || user.username === 'system:anonymous') return false;
  const spec = user.spec;
  if (!spec) return true;
  if (spec.allowOnly && !spec.allowOnly.some((r) => ruleMatches(r, a))) return false;
  return !(spec.deny ?? []).some((r) => ruleMatches(r, a));
}

export function isPathAllowed(user: UserInfo, path: string): boolean {
  if (PUBLIC_PATHS.has(path)) return true;
  return user.username !== 'system:anonymous';
}

export function forbidden(user: UserInfo, a: ResourceAttributes): ApiError {
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const subject = a.name !== undefined ? `${qualifiedResource(res, a.group)} "${a.name}"` : qualifiedResource(res, a.group);
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  const details: Record<string, string> = {};
  if (a.name !== undefined) details.name = a.name;
  if (a.group) details.group = a.group;
  details.kind = res;
  return new ApiError(
    403,
    'Forbidden',
    `${subject} is forbidden: User "${user.username}" cannot ${a.verb} resource "${res}" in API group "${a.group}" ${scope}`,
    details,
    { 'X-Content-Type-Options': 'nosniff' },
  );
}

export function forbiddenPath(user: UserInfo, verb: string, path: string): ApiError {
  return new ApiError(403, 'Forbidden', `forbidden: User "${user.username}" cannot ${verb} path "${path}"`, {}, { 'X-Content-Type-Options': 'nosniff' });
}
