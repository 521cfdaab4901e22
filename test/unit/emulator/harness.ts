/**
 * Starts one emulated API server with real certificates and gives tests a small HTTPS client
 * (node:https, no fetch) that can speak as the admin certificate, a token, basic auth or nobody.
 */
import { request as httpsRequest } from 'node:https';
import type { ApiServer, Identity, RequestLogEntry, ResourceType } from '../../emulator/contracts.js';
import { createAuthenticator, createEmulatorCa, issueClientCert, issueServerCert, TokenRegistry, type CertPair, type EmulatorCa } from '../../emulator/auth.js';
import { createFaultInjector, type EmulatorFaultInjector } from '../../emulator/faults.js';
import { bootstrapRbacObjects, createRbacAuthorizer } from '../../emulator/rbac.js';
import { createRbacReviewer } from '../../emulator/rbac-review.js';
import { kubernetesResourceTypes } from '../../emulator/registry.js';
import { createApiServer, type CreateApiServerOptions } from '../../emulator/server.js';
import { createStore, type EmulatorStore } from '../../emulator/store.js';

export interface Pki {
  ca: EmulatorCa;
  server: CertPair;
  admin: CertPair;
  /** Signed by the same CA, CN=jane, no groups: subject to RBAC. */
  jane: CertPair;
  /** Signed by a different CA: must not authenticate. */
  stranger: CertPair;
}

let pkiPromise: Promise<Pki> | undefined;

/** Certificates are made once per test file; RSA key generation is the slow part. */
export function testPki(): Promise<Pki> {
  pkiPromise ??= (async () => {
    const ca = await createEmulatorCa('emulator');
    const otherCa = await createEmulatorCa('other');
    return {
      ca,
      server: await issueServerCert(ca, { ips: ['127.0.0.1'], dns: ['localhost'] }),
      admin: await issueClientCert(ca, 'kubernetes-admin', ['system:masters']),
      jane: await issueClientCert(ca, 'jane', []),
      stranger: await issueClientCert(otherCa, 'kubernetes-admin', ['system:masters']),
    };
  })();
  return pkiPromise;
}

export const ADMIN_TOKEN = 'admin-token-0123456789';
export const BOB_TOKEN = 'bob-token-0123456789';

export interface TestServer {
  api: ApiServer;
  store: EmulatorStore;
  pki: Pki;
  tokens: TokenRegistry;
  log: RequestLogEntry[];
  faults: EmulatorFaultInjector;
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface RequestOptions {
  body?: unknown;
  contentType?: string;
  /** Who speaks: the admin certificate (default), a certificate, a bearer token, basic credentials, or nobody. */
  as?: 'admin' | 'none' | { cert: CertPair } | { token: string } | { basic: [string, string] };
}

export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

export interface StartOptions {
  types?: ResourceType[];
  rbac?: boolean;
  extra?: Partial<CreateApiServerOptions>;
}

export async function startTestServer(options: StartOptions = {}): Promise<TestServer> {
  const pki = await testPki();
  let tick = 0;
  const store = createStore(options.types ?? kubernetesResourceTypes(), {
    now: () => new Date(Date.UTC(2026, 0, 2, 3, 4, 5) + 1000 * tick++),
  });
  const tokens = new TokenRegistry([
    [ADMIN_TOKEN, { user: 'admin', groups: ['system:masters'] }],
    [BOB_TOKEN, { user: 'bob', groups: ['developers'] }],
  ]);
  const basic = new Map([['alice', { password: 's3cret', identity: { user: 'alice', groups: ['system:masters'] } as Identity }]]);
  // An RBAC cluster holds the bootstrap policy: its bindings are everyone's default permissions.
  if (options.rbac) for (const obj of bootstrapRbacObjects()) store.create(store.typeFor(obj.apiVersion, obj.kind)!, obj);
  const log: RequestLogEntry[] = [];
  const faults = createFaultInjector();
  const api = await createApiServer({
    name: 'test',
    tls: { certPem: pki.server.certPem, keyPem: pki.server.keyPem, clientCaPem: pki.ca.certPem },
    store,
    authenticate: createAuthenticator({ clientCaPem: pki.ca.certPem, tokens, basic }),
    ...(options.rbac ? { authorize: createRbacAuthorizer(store), reviewer: createRbacReviewer(store) } : {}),
    faults,
    requestLog: log,
    ...options.extra,
  });
  const request = (method: string, path: string, opts: RequestOptions = {}) => sendRequest(api, pki, method, path, opts);
  return { api, store, pki, tokens, log, faults, request, close: () => api.close() };
}

function sendRequest(api: ApiServer, pki: Pki, method: string, path: string, opts: RequestOptions): Promise<TestResponse> {
  const as = opts.as ?? 'admin';
  const headers: Record<string, string> = { Accept: 'application/json' };
  let cert: CertPair | undefined;
  if (as === 'admin') cert = pki.admin;
  else if (as !== 'none' && 'cert' in as) cert = as.cert;
  else if (as !== 'none' && 'token' in as) headers.Authorization = `Bearer ${as.token}`;
  else if (as !== 'none' && 'basic' in as) headers.Authorization = `Basic ${Buffer.from(as.basic.join(':')).toString('base64')}`;
  let payload: string | undefined;
  if (opts.body !== undefined) {
    payload = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['Content-Type'] = opts.contentType ?? 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `${api.url}${path}`,
      { method, headers, ca: pki.ca.certPem, ...(cert ? { cert: cert.certPem, key: cert.keyPem } : {}), agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** A Namespace object body. */
export const namespace = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
