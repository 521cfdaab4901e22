import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertKeyPair, FederationPki } from '../../../src/certs/types.js';
import { createRealClockPki } from './real-pki.js';

/*
 * The generated material in a real mutual-TLS handshake: a server presenting the federation API
 * server certificate and requiring client certificates from the federation CA, reached by Node's
 * TLS client and by the real kubectl.
 */

let pki: FederationPki;
let server: Server;
let port: number;
const peers: string[] = [];

beforeAll(async () => {
  pki = await createRealClockPki();
  server = createServer(
    { key: pki.server.keyPem, cert: pki.server.certPem, ca: pki.ca.certPem, requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      peers.push(String(peer.subject.CN));
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(req.url === '/healthz' ? 'ok' : `hello ${String(peer.subject.CN)}`);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function get(client: CertKeyPair, options: { servername?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/', ca: pki.ca.certPem, cert: client.certPem, key: client.keyPem, agent: false, ...options },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(body));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function failure(promise: Promise<unknown>): Promise<NodeJS.ErrnoException> {
  return promise.then(
    () => {
      throw new Error('the request succeeded');
    },
    (err: NodeJS.ErrnoException) => err,
  );
}

describe('mutual TLS with the generated certificates', () => {
  it('lets the admin and the controller manager in, and the server sees their CNs', async () => {
    expect(await get(pki.admin)).toBe('hello admin');
    expect(await get(pki.controllerManager)).toBe('hello federation-controller-manager');
    expect(peers.slice(-2)).toEqual(['admin', 'federation-controller-manager']);
  });

  it('verifies the server by its in-cluster DNS name too', async () => {
    expect(await get(pki.admin, { servername: 'apiserver.federation-system.svc' })).toBe('hello admin');
  });

  it('fails the host-name check for a name not in the SANs', async () => {
    const err = await failure(get(pki.admin, { servername: 'localhost' }));
    expect(err.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('refuses the server certificate used as a client certificate (no clientAuth)', async () => {
    const seen = peers.length;
    const err = await failure(get(pki.server));
    // TLS 1.3: the server checks the client certificate after the handshake and hangs up.
    expect(err.code).toBe('ECONNRESET');
    expect(peers.length).toBe(seen);
  });
});

describe('kubectl with the generated certificates', () => {
  const run = promisify(execFile);
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kubefed-kubectl-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function kubeconfig(user: CertKeyPair, host: string): string {
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    const doc = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'myfed', cluster: { server: `https://${host}:${port}`, 'certificate-authority-data': b64(pki.ca.certPem) } }],
      users: [{ name: 'myfed', user: { 'client-certificate-data': b64(user.certPem), 'client-key-data': b64(user.keyPem) } }],
      contexts: [{ name: 'myfed', context: { cluster: 'myfed', user: 'myfed' } }],
      'current-context': 'myfed',
    };
    const path = join(dir, `${user === pki.admin ? 'admin' : 'cm'}-${host}.yaml`);
    writeFileSync(path, yaml.dump(doc, { lineWidth: -1 }), { mode: 0o600 });
    return path;
  }

  it.each([
    ['admin', () => pki.admin],
    ['controller manager', () => pki.controllerManager],
  ])('reaches /healthz as the %s', async (_name, user) => {
    const { stdout } = await run('kubectl', ['--kubeconfig', kubeconfig(user(), '127.0.0.1'), 'get', '--raw', '/healthz'], {
      env: { ...process.env, HOME: dir, KUBECONFIG: '' },
    });
    expect(stdout).toBe('ok');
  });

  it('refuses a server URL the certificate does not name', async () => {
    const err = await run('kubectl', ['--kubeconfig', kubeconfig(pki.admin, 'localhost'), 'get', '--raw', '/healthz'], {
      env: { ...process.env, HOME: dir, KUBECONFIG: '' },
    }).then(
      () => undefined,
      (e: { stderr: string }) => e,
    );
    expect(err?.stderr).toContain('x509: certificate is valid for fed.example.com, apiserver');
  });
});
