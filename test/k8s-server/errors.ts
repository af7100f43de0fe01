// Kubernetes Status bodies, shaped like the recorded kube-apiserver v1.28 responses.

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: Array<{ reason: string; message: string; field?: string }>;
  retryAfterSeconds?: number;
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code?: number;
}

/** An error that the router turns into an HTTP response with a Status body. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string | undefined,
    message: string,
    readonly details?: StatusDetails,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
  toStatus(): StatusBody {
    const s: StatusBody = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message };
    if (this.reason) s.reason = this.reason;
    if (this.details) s.details = this.details;
    s.code = this.code;
    return s;
  }
}

/** "deployments.apps" or "configmaps" (core group). */
export function qualifiedResource(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

function detailsFor(resource: string, group: string, name?: string): StatusDetails {
  const d: StatusDetails = {};
  if (name !== undefined) d.name = name;
  if (group) d.group = group;
  d.kind = resource;
  return d;
}

export const errors = {
  notFound: (resource: string, group: string, name: string) =>
    new ApiError(404, 'NotFound', `${qualifiedResource(resource, group)} "${name}" not found`, detailsFor(resource, group, name)),
  namespaceNotFound: (ns: string) =>
    new ApiError(404, 'NotFound', `namespaces "${ns}" not found`, { name: ns, kind: 'namespaces' }),
  /** Unknown resource in a known group/version. */
  resourceNotFound: () => new ApiError(404, 'NotFound', 'the server could not find the requested resource', {}),
  alreadyExists: (resource: string, group: string, name: string) =>
    new ApiError(409, 'AlreadyExists', `${qualifiedResource(resource, group)} "${name}" already exists`, detailsFor(resource, group, name)),
  conflict: (resource: string, group: string, name: string) =>
    new ApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(resource, group)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      detailsFor(resource, group, name),
    ),
  badRequest: (message: string) => new ApiError(400, 'BadRequest', message),
  unsupportedMediaType: (message = '415: Unsupported Media Type') => new ApiError(415, 'UnsupportedMediaType', message, {}),
  notAcceptable: () =>
    new ApiError(406, 'NotAcceptable', 'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf'),
  methodNotAllowed: () => new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}),
  unauthorized: () => new ApiError(401, 'Unauthorized', 'Unauthorized'),
  invalidPatchOptions: (field: string, reason: string, msg: string) =>
    new ApiError(422, 'Invalid', `PatchOptions.meta.k8s.io "" is invalid: ${field}: ${msg}`, {
      group: 'meta.k8s.io',
      kind: 'PatchOptions',
      causes: [{ reason, message: msg, field }],
    }),
  internal: (message: string) => new ApiError(500, 'InternalError', message),
  tooManyRequests: (retryAfterSeconds: number) =>
    new ApiError(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds }, {
      'Retry-After': String(retryAfterSeconds),
    }),
  expired: (message: string) => new ApiError(410, 'Expired', message),
};

/** Status body of a successful DELETE. */
export function deleteSuccess(resource: string, group: string, name: string, uid: string): StatusBody {
  const details = detailsFor(resource, group, name);
  details.uid = uid;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}
