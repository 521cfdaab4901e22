import { describe, expect, it } from 'vitest';
import {
  isAlreadyExists,
  isConflict,
  isForbidden,
  isInvalid,
  isNotFound,
  KubeApiError,
  kubeApiErrorFromResponse,
  tagWithServer,
  toKubeApiError,
} from '../../../src/k8s/api-error.js';

/** The shape of client-node's ApiException (built here so the test does not load client-node). */
function apiException(code: number, body: unknown, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error(`HTTP-Code: ${code}\nMessage: Unsuccessful HTTP Request\nBody: ${JSON.stringify(body)}\nHeaders: {}`), {
    code,
    body,
    headers,
  });
}

const status = (code: number, reason: string, message: string, details?: object) =>
  JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code });

describe('toKubeApiError', () => {
  it('takes status, reason, message and details from the Status body', () => {
    const e = toKubeApiError(
      apiException(409, status(409, 'AlreadyExists', 'namespaces "x" already exists', { name: 'x', kind: 'namespaces' })),
      'https://127.0.0.1:6443',
    );
    expect(e).toBeInstanceOf(KubeApiError);
    expect(e).toMatchObject({
      name: 'KubeApiError',
      status: 409,
      reason: 'AlreadyExists',
      message: 'namespaces "x" already exists',
      kind: 'namespaces',
      objectName: 'x',
      details: { name: 'x', kind: 'namespaces' },
      server: 'https://127.0.0.1:6443',
    });
  });

  it('reads Retry-After from the headers, else from the Status details', () => {
    const fromHeader = toKubeApiError(apiException(429, status(429, 'TooManyRequests', 'slow down'), { 'retry-after': '7' }));
    expect((fromHeader as KubeApiError).retryAfterSeconds).toBe(7);
    const fromDetails = toKubeApiError(apiException(503, status(503, 'ServiceUnavailable', 'busy', { retryAfterSeconds: 2 })));
    expect((fromDetails as KubeApiError).retryAfterSeconds).toBe(2);
  });

  it('falls back to a plain sentence when the body is not a Status', () => {
    const e = toKubeApiError(apiException(502, '<html>Bad Gateway</html>')) as KubeApiError;
    expect(e.message).toBe('a proxy in front of the server could not reach it');
    expect(e.reason).toBe('BadGateway');
    expect((toKubeApiError(apiException(418, '')) as KubeApiError).message).toBe('the server answered HTTP 418');
  });

  it('accepts a body that is already parsed', () => {
    const e = kubeApiErrorFromResponse(404, { kind: 'Status', reason: 'NotFound', message: 'pods "p" not found' });
    expect([e.status, e.reason, e.message]).toEqual([404, 'NotFound', 'pods "p" not found']);
  });

  it('leaves other errors alone', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(toKubeApiError(refused)).toBe(refused);
  });
});

describe('tagWithServer', () => {
  it('records the server on a transport error without changing it otherwise', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(tagWithServer(refused, 'https://a:1')).toBe(refused);
    expect((refused as unknown as { server: string }).server).toBe('https://a:1');
    expect(Object.keys(refused)).toEqual(['code']);
    tagWithServer(refused, 'https://b:2');
    expect((refused as unknown as { server: string }).server).toBe('https://a:1');
  });
});

describe('predicates', () => {
  const e = (code: number, reason: string) => kubeApiErrorFromResponse(code, status(code, reason, 'm'));
  it.each([
    ['isNotFound', isNotFound, e(404, 'NotFound'), true],
    ['isNotFound', isNotFound, e(409, 'AlreadyExists'), false],
    ['isAlreadyExists', isAlreadyExists, e(409, 'AlreadyExists'), true],
    ['isAlreadyExists', isAlreadyExists, e(409, 'Conflict'), false],
    ['isConflict', isConflict, e(409, 'Conflict'), true],
    ['isConflict', isConflict, e(409, 'AlreadyExists'), false],
    ['isForbidden', isForbidden, e(403, 'Forbidden'), true],
    ['isInvalid', isInvalid, e(422, 'Invalid'), true],
    ['isInvalid', isInvalid, e(400, 'BadRequest'), false],
  ])('%s(%s) is %s', (_name, pred, err, want) => {
    expect(pred(err)).toBe(want);
  });

  it('also understand a raw ApiException', () => {
    expect(isAlreadyExists(apiException(409, status(409, 'AlreadyExists', 'm')))).toBe(true);
    expect(isNotFound(new Error('404'))).toBe(false);
  });
});
