/**
 * API errors as the rest of the tool sees them. Deliberately free of @kubernetes/client-node
 * imports: describe-error.ts and the unit tests use it without loading the client library.
 */
import { CliError } from '../errors.js';

/** `details` of a metav1.Status. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: { reason?: string; message?: string; field?: string }[];
  retryAfterSeconds?: number;
}

/** A non-2xx answer of an API server, built from the metav1.Status it sent. */
export class KubeApiError extends Error {
  /** HTTP status code. */
  readonly status: number;
  /** Status reason: NotFound, AlreadyExists, Conflict, Invalid, Forbidden, … */
  readonly reason?: string;
  readonly details?: StatusDetails;
  /** Resource kind the error is about (Status details), e.g. "namespaces". */
  readonly kind?: string;
  /** Name of the object the error is about (Status details). Error.name stays the class name. */
  readonly objectName?: string;
  /** From the Retry-After header, or the Status details. */
  readonly retryAfterSeconds?: number;
  /** The API server that answered. */
  readonly server?: string;

  constructor(
    status: number,
    message: string,
    extra: { reason?: string; details?: StatusDetails; retryAfterSeconds?: number; server?: string } = {},
  ) {
    super(message);
    this.name = 'KubeApiError';
    this.status = status;
    this.reason = extra.reason;
    this.details = extra.details;
    this.kind = extra.details?.kind;
    this.objectName = extra.details?.name;
    this.retryAfterSeconds = extra.retryAfterSeconds;
    this.server = extra.server;
  }
}

/** What the server says when the body is not a Status (a proxy's HTML page, an empty 503…). */
const GENERIC: Record<number, { reason: string; message: string }> = {
  400: { reason: 'BadRequest', message: 'the server rejected the request' },
  401: { reason: 'Unauthorized', message: 'the server did not accept the credentials' },
  403: { reason: 'Forbidden', message: 'the server does not allow access to the requested resource' },
  404: { reason: 'NotFound', message: 'the server could not find the requested resource' },
  405: { reason: 'MethodNotAllowed', message: 'the server does not allow this method on the requested resource' },
  409: { reason: 'Conflict', message: 'the server reported a conflict' },
  422: { reason: 'Invalid', message: 'the server rejected the request as invalid' },
  429: { reason: 'TooManyRequests', message: 'the server received too many requests; try again later' },
  500: { reason: 'InternalError', message: 'the server failed to handle the request' },
  502: { reason: 'BadGateway', message: 'a proxy in front of the server could not reach it' },
  503: { reason: 'ServiceUnavailable', message: 'the server is currently unable to handle the request' },
  504: { reason: 'Timeout', message: 'the server did not answer in time; the request may still be processed' },
};

function parseStatus(body: unknown): { message?: string; reason?: string; details?: StatusDetails } | undefined {
  let doc: unknown = body;
  if (typeof body === 'string') {
    try {
      doc = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  if (!doc || typeof doc !== 'object' || (doc as { kind?: unknown }).kind !== 'Status') return undefined;
  const s = doc as { message?: unknown; reason?: unknown; details?: unknown };
  return {
    message: typeof s.message === 'string' && s.message !== '' ? s.message : undefined,
    reason: typeof s.reason === 'string' && s.reason !== '' ? s.reason : undefined,
    details: s.details && typeof s.details === 'object' ? (s.details as StatusDetails) : undefined,
  };
}

function parseRetryAfter(value: unknown): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' && typeof text !== 'number') return undefined;
  const seconds = Number(text);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/** Builds a KubeApiError from an HTTP status, the response body and its headers. */
export function kubeApiErrorFromResponse(
  status: number,
  body: unknown,
  headers: Record<string, unknown> = {},
  server?: string,
): KubeApiError {
  const parsed = parseStatus(body);
  const generic = GENERIC[status];
  const retryHeader = Object.entries(headers).find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
  const retryAfterSeconds = parseRetryAfter(retryHeader) ?? parsed?.details?.retryAfterSeconds;
  const message = parsed?.message ?? generic?.message ?? `the server answered HTTP ${status}`;
  return new KubeApiError(status, message, {
    reason: parsed?.reason ?? generic?.reason,
    details: parsed?.details,
    retryAfterSeconds,
    server,
  });
}

/** client-node's ApiException: numeric `code`, `body` (the response text), `headers`. */
export function isApiExceptionLike(e: unknown): e is { code: number; body: unknown; headers?: Record<string, unknown> } {
  return e instanceof Error && typeof (e as { code?: unknown }).code === 'number' && 'body' in e;
}

/** KubeApiError for client-node's ApiException; anything else is returned unchanged. */
export function toKubeApiError(e: unknown, server?: string): unknown {
  if (e instanceof KubeApiError) return e;
  if (isApiExceptionLike(e)) return kubeApiErrorFromResponse(e.code, e.body, e.headers ?? {}, server);
  return e;
}

/**
 * Marks a transport error (refused, reset, TLS…) with the server it was meant for, so the user
 * learns which cluster could not be reached. The error itself is kept: its code drives retries.
 */
export function tagWithServer<T>(e: T, server: string): T {
  if (e && typeof e === 'object' && !(e instanceof KubeApiError) && (e as { server?: unknown }).server === undefined) {
    try {
      Object.defineProperty(e, 'server', { value: server, enumerable: false, configurable: true });
    } catch {
      // frozen objects stay untagged
    }
  }
  return e;
}

/** Discovery found no such kind: the context points at a server that lacks the API (or a wrong server). */
export class UnservedKindError extends CliError {
  readonly apiVersion: string;
  readonly kind: string;
  readonly server: string;
  constructor(apiVersion: string, kind: string, server: string) {
    super(`the API server ${server} does not serve ${kind} in ${apiVersion}`, {
      hint: 'check that the context points at the right cluster and that the API is installed there',
    });
    this.name = 'UnservedKindError';
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.server = server;
  }
}

function hasStatus(e: unknown, status: number, reason?: string): boolean {
  const err = toKubeApiError(e);
  if (!(err instanceof KubeApiError) || err.status !== status) return false;
  return reason === undefined || err.reason === undefined || err.reason === reason;
}

export const isNotFound = (e: unknown): boolean => hasStatus(e, 404, 'NotFound');
export const isAlreadyExists = (e: unknown): boolean => hasStatus(e, 409, 'AlreadyExists');
/** A 409 that is not AlreadyExists: a stale resourceVersion. */
export const isConflict = (e: unknown): boolean => hasStatus(e, 409) && !isAlreadyExists(e);
export const isForbidden = (e: unknown): boolean => hasStatus(e, 403);
export const isInvalid = (e: unknown): boolean => hasStatus(e, 422);
