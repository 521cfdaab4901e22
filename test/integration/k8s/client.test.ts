/**
 * createClusterClient against a real HTTPS endpoint: a small API server kept in this file (mutual
 * TLS with certificates made by node-forge, token / client-certificate / basic authentication,
 * discovery, generic storage, Status errors, and injectable faults).
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeError } from '../../../src/describe-error.js';
import { KubeApiError, UnservedKindError } from '../../../src/k8s/api-error.js';
import { createClusterClient } from '../../../src/k8s/client.js';
import type { ClientOptions, K8sObject } from '../../../src/k8s/types.js';
import type { ResolvedContext } from '../../../src/kubeconfig/model.js';
import { VERSION } from '../../../src/version.js';

// ---------- certificates ----------

const KEY_DIR = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'keys');
const keyPem = (i: number) => readFileSync(join(KEY_DIR, `key-${i}.pem`), 'utf8');

interface Pem {
  certPem: string;
  keyPem: string;
}

function certificate(subjectCn: string, key: string, issuer: Pem | undefined, extensions: object[]): Pem {
  const privateKey = forge.pki.privateKeyFromPem(key);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);
  cert.serialNumber = `0${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;
  // Real clock: Node checks validity against it.
  cert.validity.notBefore = new Date(Date.now() - 3_600_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  cert.setSubject([{ name: 'commonName', value: subjectCn }]);
  const issuerCert = issuer ? forge.pki.certificateFromPem(issuer.certPem) : cert;
  cert.setIssuer(issuerCert.subject.attributes);
  cert.setExtensions(extensions);
  cert.sign(forge.pki.privateKeyFromPem(issuer ? issuer.keyPem : key), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: key };
}

const caExtensions = [
  { name: 'basicConstraints', cA: true, critical: true },
  { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
];
const leafUsage = { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true };

function makePki() {
  const ca = certificate('test-ca', keyPem(0), undefined, caExtensions);
  const otherCa = certificate('other-ca', keyPem(1), undefined, caExtensions);
  const server = certificate('127.0.0.1', keyPem(2), ca, [
    leafUsage,
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
  ]);
  const client = certificate('cert-admin', keyPem(3), ca, [leafUsage, { name: 'extKeyUsage', clientAuth: true }]);
  return { ca, otherCa, server, client };
}

/** An exec entry whose plugin (node itself) prints an ExecCredential with this status. */
function execPlugin(status: Record<string, string>) {
  const doc = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status });
  return { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: ['-e', `process.stdout.write(${JSON.stringify(doc)})`] };
}

// ---------- the API server ----------

interface Logged {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: string;
  user?: string;
}

type FaultAction = { status: number; retryAfter?: number } | 'drop' | 'hang';
interface Fault {
  method: string;
  path: string;
  times: number;
  action: FaultAction;
}

const RESOURCES: Record<string, { kind: string; namespaced: boolean }> = {
  'v1/namespaces': { kind: 'Namespace', namespaced: false },
  'v1/configmaps': { kind: 'ConfigMap', namespaced: true },
  'v1/secrets': { kind: 'Secret', namespaced: true },
  'rbac.authorization.k8s.io/v1/clusterroles': { kind: 'ClusterRole', namespaced: false },
};

function resourceList(groupVersion: string) {
  const resources = Object.entries(RESOURCES)
    .filter(([key]) => key.slice(0, key.lastIndexOf('/')) === groupVersion)
    .map(([key, r]) => ({ name: key.slice(key.lastIndexOf('/') + 1), kind: r.kind, namespaced: r.namespaced, verbs: ['get', 'list', 'create'] }));
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}

const DISCOVERY: Record<string, unknown> = {
  '/api': { kind: 'APIVersions', versions: ['v1'] },
  '/apis': {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [
      {
        name: 'rbac.authorization.k8s.io',
        versions: [{ groupVersion: 'rbac.authorization.k8s.io/v1', version: 'v1' }],
        preferredVersion: { groupVersion: 'rbac.authorization.k8s.io/v1', version: 'v1' },
      },
    ],
  },
  '/api/v1': resourceList('v1'),
  '/apis/rbac.authorization.k8s.io/v1': resourceList('rbac.authorization.k8s.io/v1'),
};

const statusBody = (code: number, reason: string, message: string, details?: object) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  ...(details ? { details } : {}),
  code,
});

function mergePatch(target: unknown, patch: unknown): unknown {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as object) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** /api/v1/namespaces/ns/configmaps/name → resource key, namespace, name. */
function parsePath(path: string): { key: string; namespace?: string; name?: string; apiVersion: string } | undefined {
  const m = /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))\/(.*)$/.exec(path);
  if (!m) return undefined;
  const apiVersion = m[1] ?? m[2];
  const seg = m[3].split('/').filter(Boolean);
  let namespace: string | undefined;
  if (seg[0] === 'namespaces' && seg.length >= 3) {
    namespace = seg[1];
    seg.splice(0, 2);
  }
  const key = `${apiVersion}/${seg[0]}`;
  return RESOURCES[key] ? { key, namespace, name: seg[1] && decodeURIComponent(seg[1]), apiVersion } : undefined;
}

async function startApiServer(pki: ReturnType<typeof makePki>) {
  const store = new Map<string, K8sObject>();
  const faults: Fault[] = [];
  const log: Logged[] = [];
  const held: ServerResponse[] = [];
  let rv = 0;

  const identify = (req: IncomingMessage): string | undefined => {
    const auth = req.headers.authorization ?? '';
    if (auth === 'Bearer tok-admin') return 'token-admin';
    if (auth === `Basic ${Buffer.from('admin:pw').toString('base64')}`) return 'basic-admin';
    const socket = req.socket as TLSSocket;
    if (socket.authorized) return String(socket.getPeerCertificate().subject.CN);
    return undefined;
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const url = new URL(req.url ?? '/', 'https://x');
    const entry: Logged = { method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body, user: identify(req) };
    log.push(entry);
    const send = (code: number, doc: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(code, { 'Content-Type': 'application/json', ...headers });
      res.end(typeof doc === 'string' ? doc : JSON.stringify(doc));
    };
    const fault = faults.find((f) => f.times > 0 && f.method === entry.method && entry.path.startsWith(f.path));
    if (fault) {
      fault.times--;
      if (fault.action === 'drop') return req.socket.destroy();
      if (fault.action === 'hang') return held.push(res);
      const headers: Record<string, string> = fault.action.retryAfter === undefined ? {} : { 'Retry-After': String(fault.action.retryAfter) };
      return send(fault.action.status, statusBody(fault.action.status, 'ServiceUnavailable', 'injected fault'), headers);
    }
    if (entry.path === '/healthz') return send(200, 'ok', { 'Content-Type': 'text/plain' });
    if (!entry.user) return send(401, statusBody(401, 'Unauthorized', 'Unauthorized'));
    if (DISCOVERY[entry.path]) return send(200, DISCOVERY[entry.path]);
    const p = parsePath(entry.path);
    if (!p) return send(404, statusBody(404, 'NotFound', 'the server could not find the requested resource'));
    const resource = p.key.slice(p.key.lastIndexOf('/') + 1);
    const dryRun = entry.query.dryRun === 'All';
    const itemKey = (name: string) => `${p.key}/${p.namespace ?? ''}/${name}`;
    const notFound = () => send(404, statusBody(404, 'NotFound', `${resource} "${p.name}" not found`, { name: p.name, kind: resource }));
    if (req.method === 'GET' && !p.name) {
      const prefix = `${p.key}/${p.namespace ?? ''}`;
      const items = [...store.entries()].filter(([k]) => (p.namespace ? k.startsWith(`${prefix}/`) : k.startsWith(`${p.key}/`))).map(([, o]) => {
        const { apiVersion: _a, kind: _k, ...rest } = o;
        return rest;
      });
      return send(200, { kind: `${RESOURCES[p.key].kind}List`, apiVersion: p.apiVersion, metadata: {}, items });
    }
    if (req.method === 'POST') {
      const obj = JSON.parse(body) as K8sObject;
      const name = obj.metadata.name;
      if (store.has(itemKey(name))) return send(409, statusBody(409, 'AlreadyExists', `${resource} "${name}" already exists`, { name, kind: resource }));
      const created = { ...obj, metadata: { ...obj.metadata, uid: `uid-${name}`, resourceVersion: String(++rv), creationTimestamp: '2026-01-02T03:04:05Z' } };
      if (!dryRun) store.set(itemKey(name), created);
      return send(201, created);
    }
    const current = p.name ? store.get(itemKey(p.name)) : undefined;
    if (!current) return notFound();
    if (req.method === 'GET') return send(200, current);
    if (req.method === 'PUT' || req.method === 'PATCH') {
      const next =
        req.method === 'PUT'
          ? (JSON.parse(body) as K8sObject)
          : req.headers['content-type'] === 'application/merge-patch+json'
            ? (mergePatch(current, JSON.parse(body)) as K8sObject)
            : current;
      const stored = { ...next, metadata: { ...next.metadata, resourceVersion: String(++rv) } };
      if (!dryRun) store.set(itemKey(p.name as string), stored);
      return send(200, stored);
    }
    if (req.method === 'DELETE') {
      if (!dryRun) store.delete(itemKey(p.name as string));
      return send(200, { kind: 'Status', apiVersion: 'v1', status: 'Success', details: { name: p.name, kind: resource } });
    }
    return send(405, statusBody(405, 'MethodNotAllowed', 'method not allowed'));
  };

  const server = https.createServer(
    { key: pki.server.keyPem, cert: pki.server.certPem, ca: [pki.ca.certPem], requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `https://127.0.0.1:${port}`,
    store,
    faults,
    log,
    reset() {
      store.clear();
      faults.length = 0;
      log.length = 0;
    },
    async close() {
      for (const res of held) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------- the tests ----------

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('createClusterClient against an HTTPS API server', () => {
  let pki: ReturnType<typeof makePki>;
  let api: Awaited<ReturnType<typeof startApiServer>>;

  /** A resolved context for the test server; `user` undefined means a context without a user. */
  const ctx = (user: ResolvedContext['user'], caPem = pki.ca.certPem): ResolvedContext => ({
    name: 'rivendell',
    context: { cluster: 'rivendell', ...(user ? { user: 'rivendell-admin' } : {}) },
    clusterName: 'rivendell',
    cluster: { server: api.url, 'certificate-authority-data': b64(caPem) },
    ...(user ? { userName: 'rivendell-admin', user } : {}),
    origin: { context: '/k', cluster: '/k' },
  });
  const tokenUser = { token: 'tok-admin' };

  /** Retry plumbing with a clock that only moves when the client sleeps. */
  const fakeTime = () => {
    let now = 0;
    const sleeps: number[] = [];
    const options: ClientOptions = {
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    };
    return { sleeps, options };
  };

  beforeAll(async () => {
    pki = makePki();
    api = await startApiServer(pki);
  });
  afterAll(async () => api.close());
  beforeEach(() => api.reset());

  const ns = (name: string): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  const cm = (name: string, data: Record<string, string>): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'fed' }, data });
  const cmRef = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', name, namespace: 'fed' });

  it('creates, reads, lists, replaces, patches and deletes objects, as the server wrote them', async () => {
    const client = await createClusterClient(ctx(tokenUser));
    expect([client.contextName, client.server]).toEqual(['rivendell', api.url]);

    const created = await client.create(cm('a', { k: 'v' }));
    expect(created).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', namespace: 'fed', uid: 'uid-a', resourceVersion: '1', creationTimestamp: '2026-01-02T03:04:05Z' },
      data: { k: 'v' },
    });
    expect(await client.get(cmRef('a'))).toEqual(created);
    await client.create(cm('b', {}));
    expect((await client.list('v1', 'ConfigMap', { namespace: 'fed' })).map((o) => [o.apiVersion, o.kind, o.metadata.name])).toEqual([
      ['v1', 'ConfigMap', 'a'],
      ['v1', 'ConfigMap', 'b'],
    ]);

    const replaced = await client.replace({ ...created, data: { k: 'replaced' } });
    expect(replaced.data).toEqual({ k: 'replaced' });
    const patched = await client.patch(cmRef('a'), { data: { extra: '1', k: null } }, 'merge');
    expect(patched.data).toEqual({ extra: '1' });
    expect(await client.delete(cmRef('a'))).toBe('deleted');
    expect(await client.delete(cmRef('a'))).toBe('not-found');
    expect(await client.get(cmRef('a'))).toBeUndefined();

    const writes = api.log.filter((l) => l.method !== 'GET').map((l) => `${l.method} ${l.path} ${l.headers['content-type'] ?? '-'} ${JSON.stringify(l.query)}`);
    expect(writes).toEqual([
      'POST /api/v1/namespaces/fed/configmaps application/json {"fieldManager":"kubefed"}',
      'POST /api/v1/namespaces/fed/configmaps application/json {"fieldManager":"kubefed"}',
      'PUT /api/v1/namespaces/fed/configmaps/a application/json {"fieldManager":"kubefed"}',
      'PATCH /api/v1/namespaces/fed/configmaps/a application/merge-patch+json {"fieldManager":"kubefed"}',
      'DELETE /api/v1/namespaces/fed/configmaps/a - {}',
      'DELETE /api/v1/namespaces/fed/configmaps/a - {}',
    ]);
    // Discovery of v1 happened once for the whole client.
    expect(api.log.filter((l) => l.path === '/api/v1').length).toBe(1);
  });

  it('sends patch bodies verbatim with the content type of their kind', async () => {
    const client = await createClusterClient(ctx(tokenUser));
    await client.create(cm('p', {}));
    await client.patch(cmRef('p'), [{ op: 'add', path: '/data/x', value: '1' }], 'json');
    await client.patch(cmRef('p'), { data: { y: '2' }, $retainKeys: ['data'] }, 'strategic');
    const patches = api.log.filter((l) => l.method === 'PATCH').map((l) => [l.headers['content-type'], l.body]);
    expect(patches).toEqual([
      ['application/json-patch+json', '[{"op":"add","path":"/data/x","value":"1"}]'],
      ['application/strategic-merge-patch+json', '{"data":{"y":"2"},"$retainKeys":["data"]}'],
    ]);
  });

  it('throws KubeApiError AlreadyExists for a second create, with the Status message', async () => {
    const client = await createClusterClient(ctx(tokenUser));
    await client.create(ns('x'));
    const err = await client.create(ns('x')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeApiError);
    expect(err).toMatchObject({ status: 409, reason: 'AlreadyExists', message: 'namespaces "x" already exists', objectName: 'x', kind: 'namespaces' });
    expect(describeError(err).message).toBe('Error from server (AlreadyExists): namespaces "x" already exists');
  });

  it('sends dryRun=All when asked, and the server persists nothing', async () => {
    const client = await createClusterClient(ctx(tokenUser));
    await client.create(ns('dry'), { dryRun: true });
    expect(await client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'dry' })).toBeUndefined();
    await client.create(cm('c', {}));
    await client.patch(cmRef('c'), { data: { a: '1' } }, 'merge', { dryRun: true });
    await client.delete(cmRef('c'), { dryRun: true, propagationPolicy: 'Foreground' });
    expect(api.store.get('v1/configmaps/fed/c')?.data).toEqual({});
    const queries = api.log.filter((l) => l.method !== 'GET').map((l) => [l.method, l.query]);
    expect(queries).toEqual([
      ['POST', { fieldManager: 'kubefed', dryRun: 'All' }],
      ['POST', { fieldManager: 'kubefed' }],
      ['PATCH', { fieldManager: 'kubefed', dryRun: 'All' }],
      ['DELETE', { dryRun: 'All', propagationPolicy: 'Foreground' }],
    ]);
  });

  it('authenticates with a token, a token file, a client certificate or a password', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubefed-client-'));
    writeFileSync(join(dir, 'token'), 'tok-admin\n');
    const users: [string, ResolvedContext['user']][] = [
      ['token-admin', tokenUser],
      ['token-admin', { tokenFile: join(dir, 'token') }],
      ['cert-admin', { 'client-certificate-data': b64(pki.client.certPem), 'client-key-data': b64(pki.client.keyPem) }],
      ['basic-admin', { username: 'admin', password: 'pw' }],
      // An exec plugin's ExecCredential: a token, or a client certificate and key.
      ['token-admin', { exec: execPlugin({ token: 'tok-admin' }) }],
      ['cert-admin', { exec: execPlugin({ clientCertificateData: pki.client.certPem, clientKeyData: pki.client.keyPem }) }],
    ];
    for (const [want, user] of users) {
      const client = await createClusterClient(ctx(user));
      await client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'any' });
      await client.rawGet('/api');
      expect(api.log.slice(-2).map((l) => l.user)).toEqual([want, want]);
    }
  });

  it('reports rejected credentials as 401 without retrying', async () => {
    const time = fakeTime();
    const client = await createClusterClient(ctx({ token: 'wrong' }), time.options);
    const err = await client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'x' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 401, reason: 'Unauthorized', server: api.url });
    expect(describeError(err).message).toBe(`the API server ${api.url} did not accept the credentials (Unauthorized)`);
    expect(time.sleeps).toEqual([]);
  });

  it('retries a GET answered 503 twice, then succeeds', async () => {
    const client = await createClusterClient(ctx(tokenUser), fakeTime().options);
    await client.create(cm('r', { a: '1' }));
    api.faults.push({ method: 'GET', path: '/api/v1/namespaces/fed/configmaps/r', times: 2, action: { status: 503 } });
    const time = fakeTime();
    const retrying = await createClusterClient(ctx(tokenUser), time.options);
    expect((await retrying.get(cmRef('r')))?.data).toEqual({ a: '1' });
    expect(time.sleeps).toEqual([200, 400]);
    expect(api.log.filter((l) => l.path === '/api/v1/namespaces/fed/configmaps/r' && l.method === 'GET').length).toBe(3);
  });

  it('retries a GET whose connection was dropped', async () => {
    const time = fakeTime();
    const client = await createClusterClient(ctx(tokenUser), time.options);
    await client.create(ns('d'));
    api.faults.push({ method: 'GET', path: '/api/v1/namespaces/d', times: 1, action: 'drop' });
    expect((await client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'd' }))?.metadata.uid).toBe('uid-d');
    expect(time.sleeps).toEqual([200]);
  });

  it('does not retry a POST that got a 503 or lost its connection, but does on 429 with Retry-After', async () => {
    const time = fakeTime();
    const client = await createClusterClient(ctx(tokenUser), time.options);
    api.faults.push({ method: 'POST', path: '/api/v1/namespaces', times: 1, action: { status: 503 } });
    await expect(client.create(ns('p1'))).rejects.toMatchObject({ status: 503 });
    api.faults.push({ method: 'POST', path: '/api/v1/namespaces', times: 1, action: 'drop' });
    await expect(client.create(ns('p2'))).rejects.toMatchObject({ code: 'ECONNRESET', server: api.url });
    expect(time.sleeps).toEqual([]);
    api.faults.push({ method: 'POST', path: '/api/v1/namespaces', times: 1, action: { status: 429, retryAfter: 2 } });
    expect((await client.create(ns('p3'))).metadata.name).toBe('p3');
    expect(time.sleeps).toEqual([2000]);
    expect(api.log.filter((l) => l.method === 'POST').length).toBe(4);
  });

  it('tries once when no sleep is given', async () => {
    const client = await createClusterClient(ctx(tokenUser));
    api.faults.push({ method: 'GET', path: '/api/v1/namespaces/x', times: 1, action: { status: 503 } });
    await expect(client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'x' })).rejects.toMatchObject({ status: 503 });
  });

  it('fails clearly when the server certificate is not signed by the kubeconfig CA', async () => {
    const client = await createClusterClient(ctx(tokenUser, pki.otherCa.certPem), fakeTime().options);
    const err = await client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'x' }).catch((e: unknown) => e);
    // The server sends its CA along with its certificate; that CA is not the one we trust.
    expect(err).toMatchObject({ code: 'SELF_SIGNED_CERT_IN_CHAIN', server: api.url });
    expect(describeError(err)).toEqual({
      exitCode: 1,
      message: `could not reach the API server ${api.url}: the server's certificate is not signed by the cluster's certificate authority (SELF_SIGNED_CERT_IN_CHAIN)`,
      details: ["check the cluster's certificate-authority (or certificate-authority-data) and server in your kubeconfig"],
    });
    expect(api.log).toEqual([]);
  });

  it('reports a refused connection with the server URL', async () => {
    const closed = await startApiServer(pki);
    const url = closed.url;
    await closed.close();
    const resolved = { ...ctx(tokenUser), cluster: { server: url, 'certificate-authority-data': b64(pki.ca.certPem) } };
    const client = await createClusterClient(resolved);
    const err = await client.rawGet('/healthz').catch((e: unknown) => e);
    expect(describeError(err).message).toBe(`could not reach the API server ${url}: the connection was refused (ECONNREFUSED)`);
  });

  it('verifies the server with the cluster CA even when the context has no user', async () => {
    const client = await createClusterClient(ctx(undefined));
    expect(await client.rawGet('/healthz')).toEqual({ status: 200, body: 'ok' });
    expect(api.log[0].user).toBeUndefined();
  });

  it('identifies itself as kubefed/<version> on object calls and raw calls', async () => {
    const client = await createClusterClient(ctx(tokenUser));
    await client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'x' });
    await client.rawGet('healthz');
    expect(api.log.map((l) => `${l.path} ${l.headers['user-agent']}`)).toEqual([
      `/api/v1 kubefed/${VERSION}`,
      `/api/v1/namespaces/x kubefed/${VERSION}`,
      `/healthz kubefed/${VERSION}`,
    ]);
  });

  it('lists API groups, core first, and returns raw answers without throwing on error statuses', async () => {
    const client = await createClusterClient(ctx(tokenUser));
    expect(await client.groups()).toEqual([
      { name: '', preferredVersion: 'v1', versions: ['v1'] },
      { name: 'rbac.authorization.k8s.io', preferredVersion: 'v1', versions: ['v1'] },
    ]);
    api.faults.push({ method: 'GET', path: '/healthz', times: 1, action: { status: 500 } });
    const res = await client.rawGet('/healthz');
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body)).toMatchObject({ kind: 'Status', message: 'injected fault' });
  });

  it('says so when the server does not serve a kind; deleting one finds nothing', async () => {
    const client = await createClusterClient(ctx(tokenUser));
    const ref = { apiVersion: 'federation/v1beta1', kind: 'Cluster', name: 'gondor' };
    const err = await client.get(ref).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnservedKindError);
    expect((err as Error).message).toBe(`the API server ${api.url} does not serve Cluster in federation/v1beta1`);
    await expect(client.get({ apiVersion: 'v1', kind: 'Widget', name: 'w' })).rejects.toThrow(`the API server ${api.url} does not serve Widget in v1`);
    expect(await client.delete(ref)).toBe('not-found');
  });

  it('gives up on a request that gets no answer within requestTimeoutMs', async () => {
    const client = await createClusterClient(ctx(tokenUser), { requestTimeoutMs: 300 });
    api.faults.push({ method: 'GET', path: '/healthz', times: 1, action: 'hang' });
    const err = await client.rawGet('/healthz').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ETIMEDOUT', phase: 'headers', runDeadline: false, message: 'GET /healthz got no answer within 300 ms' });
    expect(describeError(err)).toEqual({
      exitCode: 1,
      message: `the API server ${api.url} did not answer GET /healthz (no answer within 300 ms, --request-timeout)`,
      details: ['check that the address is a Kubernetes API server that answers from this machine, or raise --request-timeout'],
    });
  });

  it('never lets a request run past the deadline, and then says the run is out of time (exit 3)', async () => {
    const now = () => Date.now();
    const client = await createClusterClient(ctx(tokenUser), { requestTimeoutMs: 30_000, deadline: Date.now() + 400, now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
    api.faults.push({ method: 'GET', path: '/healthz', times: 5, action: 'hang' });
    const started = Date.now();
    const err = await client.rawGet('/healthz').catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(400 + 2_000);
    expect(err).toMatchObject({ code: 'ETIMEDOUT', runDeadline: true });
    expect(describeError(err).exitCode).toBe(3);
    expect(describeError(err).message).toMatch(new RegExp(`^--timeout ran out waiting for the API server ${api.url} to answer GET /healthz \\(no answer within \\d+ ms\\)$`));
  });

  it('uses the RBAC group through discovery', async () => {
    const client = await createClusterClient(ctx(tokenUser));
    const role: K8sObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'federation-system:fed' }, rules: [] };
    await client.create(role);
    expect((await client.get({ apiVersion: role.apiVersion, kind: 'ClusterRole', name: 'federation-system:fed' }))?.metadata.uid).toBe('uid-federation-system:fed');
    expect(api.log.map((l) => `${l.method} ${l.path}`)).toContain('POST /apis/rbac.authorization.k8s.io/v1/clusterroles');
  });
});
