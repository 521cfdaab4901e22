import { describe, expect, it } from 'vitest';
import { readCredential } from '../../../src/k8s/exec-credential.js';
import { AFTER_DEADLINE_MS, CONNECT_LIMIT_MS, requestLimits } from '../../../src/k8s/http.js';

describe('requestLimits: each phase from --request-timeout, within what is left of --timeout', () => {
  it('connect and TLS at most 10 s, headers and body the request timeout', () => {
    expect(requestLimits({ timeoutMs: 30_000 })).toEqual({ connectMs: CONNECT_LIMIT_MS, tlsMs: CONNECT_LIMIT_MS, headersMs: 30_000, totalMs: 30_000 });
    expect(requestLimits({ timeoutMs: 1_000 })).toEqual({ connectMs: 1_000, tlsMs: 1_000, headersMs: 1_000, totalMs: 1_000 });
  });

  it("0 is kubectl's no per-request limit: connect and TLS keep theirs", () => {
    expect(requestLimits({ timeoutMs: 0 })).toEqual({ connectMs: CONNECT_LIMIT_MS, tlsMs: CONNECT_LIMIT_MS, headersMs: undefined, totalMs: undefined });
  });

  it('what is left of the deadline caps the run; after it, a short allowance for clean-up', () => {
    expect(requestLimits({ timeoutMs: 30_000, deadline: 5_000, now: () => 1_000 }).runLeftMs).toBe(4_000);
    expect(requestLimits({ timeoutMs: 30_000, deadline: 5_000, now: () => 9_000 }).runLeftMs).toBe(AFTER_DEADLINE_MS);
    expect(requestLimits({ timeoutMs: 500, deadline: 5_000, now: () => 9_000 }).runLeftMs).toBe(500);
    // Without a clock there is no deadline to keep.
    expect(requestLimits({ timeoutMs: 30_000, deadline: 5_000 }).runLeftMs).toBeUndefined();
  });
});

describe("readCredential: an exec plugin's ExecCredential", () => {
  const doc = (status: unknown) => JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status });

  it('a token, or a client certificate and key (PEM, handed on base64 as kubeconfig data is)', () => {
    expect(readCredential(doc({ token: 'tok' }))).toEqual({ token: 'tok', certData: undefined, keyData: undefined });
    expect(readCredential(doc({ clientCertificateData: 'CERT', clientKeyData: 'KEY' }))).toEqual({ token: undefined, certData: 'Q0VSVA==', keyData: 'S0VZ' });
  });

  it('says what is wrong without repeating the output', () => {
    expect(() => readCredential('')).toThrow(/^its output was empty$/);
    expect(() => readCredential('token=s3cret')).toThrow(/^its output is not JSON$/);
    expect(() => readCredential('{"kind":"Other"}')).toThrow(/^its output is JSON but not an ExecCredential with a status$/);
    expect(() => readCredential(doc({ clientKeyData: 'KEY' }))).toThrow(/^its ExecCredential has neither a token nor a client certificate and key$/);
  });
});
