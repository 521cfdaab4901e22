import { describe, expect, it } from 'vitest';
import { describeError } from '../../../src/describe-error.js';
import { CliError, TimeoutError, UsageError } from '../../../src/errors.js';
import { KubeApiError, kubeApiErrorFromResponse, tagWithServer, UnservedKindError } from '../../../src/k8s/api-error.js';

const netError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('describeError', () => {
  it('prints API errors the way the original did', () => {
    const e = kubeApiErrorFromResponse(
      409,
      JSON.stringify({ kind: 'Status', reason: 'AlreadyExists', message: 'namespaces "x" already exists', code: 409 }),
    );
    expect(describeError(e)).toEqual({ exitCode: 1, message: 'Error from server (AlreadyExists): namespaces "x" already exists', details: [] });
  });

  it('never shows the raw ApiException text', () => {
    const body = JSON.stringify({ kind: 'Status', reason: 'Forbidden', message: 'secrets is forbidden: User "u" cannot list', code: 403 });
    const raw = Object.assign(new Error(`HTTP-Code: 403\nMessage: Unknown API Status Code!\nBody: ${body}\nHeaders: {}`), {
      code: 403,
      body,
      headers: {},
    });
    const d = describeError(raw);
    expect(d.message).toBe('Error from server (Forbidden): secrets is forbidden: User "u" cannot list');
    expect(d.message).not.toContain('HTTP-Code');
  });

  it('turns a 401 into a sentence about credentials', () => {
    const e = new KubeApiError(401, 'Unauthorized', { reason: 'Unauthorized', server: 'https://10.0.0.1:6443' });
    expect(describeError(e)).toEqual({
      exitCode: 1,
      message: 'the API server https://10.0.0.1:6443 did not accept the credentials (Unauthorized)',
      details: ['check the user of the context in your kubeconfig (token, client certificate or password)'],
    });
  });

  it('names the server a transport error was meant for', () => {
    const refused = tagWithServer(netError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:6443'), 'https://127.0.0.1:6443');
    expect(describeError(refused)).toEqual({
      exitCode: 1,
      message: 'could not reach the API server https://127.0.0.1:6443: the connection was refused (ECONNREFUSED)',
      details: [],
    });
  });

  it('adds a kubeconfig hint to certificate problems', () => {
    const tls = tagWithServer(netError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'), 'https://h:443');
    expect(describeError(tls)).toEqual({
      exitCode: 1,
      message: "could not reach the API server https://h:443: the server's certificate is not signed by the cluster's certificate authority (SELF_SIGNED_CERT_IN_CHAIN)",
      details: ["check the cluster's certificate-authority (or certificate-authority-data) and server in your kubeconfig"],
    });
    const ssl = describeError(netError('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'alert'));
    expect(ssl.message).toBe('could not reach the API server: the TLS handshake failed (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED)');
  });

  it('finds the code on a wrapped cause and falls back to the host', () => {
    const wrapped = Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNRESET' }, host: 'k8s.example.com' });
    expect(describeError(wrapped).message).toBe('could not reach the API server k8s.example.com: the connection was reset (ECONNRESET)');
  });

  it('keeps the tool\'s own errors and their hints', () => {
    expect(describeError(new UsageError(['a', 'b'], 'see --help'))).toEqual({ exitCode: 2, message: 'a\nb', details: ['see --help'] });
    expect(describeError(new TimeoutError('timed out', ['pvc pending'], 'try NodePort'))).toEqual({
      exitCode: 3,
      message: 'timed out',
      details: ['pvc pending', 'try NodePort'],
    });
    expect(describeError(new CliError('nope'))).toEqual({ exitCode: 1, message: 'nope', details: [] });
    expect(describeError(new UnservedKindError('federation/v1beta1', 'Cluster', 'https://f:443'))).toEqual({
      exitCode: 1,
      message: 'the API server https://f:443 does not serve Cluster in federation/v1beta1',
      details: ['check that the context points at the right cluster and that the API is installed there'],
    });
  });

  it('prints the first line of anything else', () => {
    expect(describeError(new Error('first\nsecond'))).toEqual({ exitCode: 1, message: 'first', details: [] });
    expect(describeError('plain')).toEqual({ exitCode: 1, message: 'plain', details: [] });
  });
});
