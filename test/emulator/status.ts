/**
 * metav1.Status errors with the messages, reasons and details the real API server produces, so
 * that clients (and kubectl) see exactly what a cluster would send.
 */
import type { ResourceType, StatusErrorShape } from './contracts.js';

export interface StatusCause {
  reason?: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export class StatusError extends Error implements StatusErrorShape {
  readonly code: number;
  readonly reason: string;
  readonly details?: StatusDetails;

  constructor(code: number, reason: string, message: string, details?: StatusDetails) {
    super(message);
    this.name = 'StatusError';
    this.code = code;
    this.reason = reason;
    this.details = details;
  }
}

export function isStatusError(err: unknown): err is StatusErrorShape {
  const e = err as Partial<StatusErrorShape> | undefined;
  return typeof e === 'object' && e !== null && typeof e.code === 'number' && typeof e.reason === 'string' && typeof e.message === 'string';
}

/** `deployments.apps`, or just `secrets` for the core group: how the server names a resource in messages. */
export function qualifiedResource(type: Pick<ResourceType, 'group' | 'resource'>): string {
  return type.group ? `${type.resource}.${type.group}` : type.resource;
}

/** `Deployment.apps`, or `Secret`: the group-kind used in Invalid messages. */
export function qualifiedKind(type: Pick<ResourceType, 'group' | 'kind'>): string {
  return type.group ? `${type.kind}.${type.group}` : type.kind;
}

function resourceDetails(type: Pick<ResourceType, 'group' | 'resource'>, name: string): StatusDetails {
  return type.group ? { name, group: type.group, kind: type.resource } : { name, kind: type.resource };
}

export function notFound(type: Pick<ResourceType, 'group' | 'resource'>, name: string): StatusError {
  return new StatusError(404, 'NotFound', `${qualifiedResource(type)} "${name}" not found`, resourceDetails(type, name));
}

export function alreadyExists(type: Pick<ResourceType, 'group' | 'resource'>, name: string): StatusError {
  return new StatusError(409, 'AlreadyExists', `${qualifiedResource(type)} "${name}" already exists`, resourceDetails(type, name));
}

export function conflict(type: Pick<ResourceType, 'group' | 'resource'>, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again'): StatusError {
  return new StatusError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": ${why}`, resourceDetails(type, name));
}

/** One field problem, rendered the way apimachinery's field.Error prints itself. */
export interface FieldProblem {
  field: string;
  type: 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueNotSupported' | 'FieldValueForbidden' | 'FieldValueDuplicate' | 'FieldValueTooLong' | 'FieldValueNotFound';
  detail: string;
}

export function invalid(type: Pick<ResourceType, 'group' | 'kind'>, name: string, problems: FieldProblem[]): StatusError {
  const rendered = problems.map((p) => `${p.field}: ${p.detail}`);
  const summary = rendered.length === 1 ? rendered[0] : `[${rendered.join(', ')}]`;
  const causes = problems.map((p) => ({ reason: p.type, message: p.detail, field: p.field }));
  const details: StatusDetails = type.group ? { name, group: type.group, kind: type.kind, causes } : { name, kind: type.kind, causes };
  return new StatusError(422, 'Invalid', `${qualifiedKind(type)} "${name}" is invalid: ${summary}`, details);
}

/** `secrets "x" is forbidden: <why>` (or `secrets is forbidden: …` without a name). */
export function forbidden(type: Pick<ResourceType, 'group' | 'resource'>, name: string | undefined, why: string): StatusError {
  const subject = name ? `${qualifiedResource(type)} "${name}"` : qualifiedResource(type);
  return new StatusError(403, 'Forbidden', `${subject} is forbidden: ${why}`, resourceDetails(type, name ?? ''));
}

export function badRequest(message: string): StatusError {
  return new StatusError(400, 'BadRequest', message);
}

export function unauthorized(): StatusError {
  return new StatusError(401, 'Unauthorized', 'Unauthorized');
}

export function pathNotFound(): StatusError {
  return new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function methodNotAllowed(): StatusError {
  return new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
}

export function unsupportedMediaType(accepted: string[]): StatusError {
  return new StatusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
}

/** The reason the real server uses for a given HTTP code when nothing more specific is known. */
export function reasonForCode(code: number): string {
  const reasons: Record<number, string> = {
    400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed',
    409: 'Conflict', 410: 'Expired', 422: 'Invalid', 429: 'TooManyRequests', 500: 'InternalError',
    503: 'ServiceUnavailable', 504: 'Timeout',
  };
  return reasons[code] ?? 'Unknown';
}

/** The JSON body of a failed request. Details are left out when absent, as `omitempty` does. */
export function renderStatus(err: StatusErrorShape): Record<string, unknown> {
  const body: Record<string, unknown> = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: err.message,
    reason: err.reason,
  };
  if (err.details) body.details = err.details;
  body.code = err.code;
  return body;
}

/** The Status the server sends when a delete removed the object at once. */
export function renderDeleteSuccess(type: Pick<ResourceType, 'group' | 'resource'>, name: string, uid: string | undefined): Record<string, unknown> {
  const details: StatusDetails = { ...resourceDetails(type, name), ...(uid ? { uid } : {}) };
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}

/** Anything thrown while handling a request becomes a Status; unknown errors are InternalError. */
export function toStatusError(err: unknown): StatusErrorShape {
  if (isStatusError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new StatusError(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
}
