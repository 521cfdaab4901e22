/**
 * The emulator announces the API surface of the recorded real kube-apiserver word for word:
 * /api, /apis, every group and every group version's APIResourceList, and /version. Every
 * listable kind can be listed (empty until something creates objects of it).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { discoveryFixture } from '../../emulator/discovery-fixture.js';
import { kubernetesResourceTypes } from '../../emulator/registry.js';
import { startTestServer, type TestServer } from './harness.js';

const pathOf = (gv: string) => (gv.includes('/') ? `/apis/${gv}` : `/api/${gv}`);

let s: TestServer;
let noRbac: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  noRbac = await startTestServer({ types: kubernetesResourceTypes({ rbac: false }) });
});
afterAll(async () => {
  await s.close();
  await noRbac.close();
});

describe('discovery of the recorded server', () => {
  test('/api and /apis', async () => {
    const { serverAddressByClientCIDRs, ...api } = (await s.request('GET', '/api')).json;
    expect(api).toEqual(discoveryFixture.api);
    expect(serverAddressByClientCIDRs).toEqual([{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${s.api.port}` }]);
    expect((await s.request('GET', '/apis')).json).toEqual(discoveryFixture.apis);
  });

  test('every group and every group version', async () => {
    for (const group of discoveryFixture.apis.groups) {
      expect((await s.request('GET', `/apis/${group.name}`)).json).toEqual({ kind: 'APIGroup', apiVersion: 'v1', ...group });
    }
    for (const [gv, list] of Object.entries(discoveryFixture.resources)) {
      expect((await s.request('GET', pathOf(gv))).json, gv).toEqual(list);
    }
  });

  test('/version is the recorded server version', async () => {
    expect((await s.request('GET', '/version')).json).toEqual(discoveryFixture.version);
  });

  test('a member without RBAC announces everything but rbac.authorization.k8s.io', async () => {
    const groups = (await noRbac.request('GET', '/apis')).json.groups.map((g: { name: string }) => g.name);
    expect(groups).toEqual(discoveryFixture.apis.groups.map((g) => g.name).filter((name) => name !== 'rbac.authorization.k8s.io'));
    expect((await noRbac.request('GET', '/apis/rbac.authorization.k8s.io/v1')).status).toBe(404);
  });
});

describe('kinds nobody models', () => {
  test('every listable namespaced kind lists empty, as in a fresh namespace of a real cluster', async () => {
    await s.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fresh' } } });
    for (const t of kubernetesResourceTypes().filter((x) => x.namespaced && x.verbs.includes('list'))) {
      const base = t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
      const res = await s.request('GET', `${base}/namespaces/fresh/${t.resource}`);
      expect([res.status, res.json.kind, res.json.items], t.resource).toEqual([200, `${t.kind}List`, []]);
    }
  });

  test('a stored kind keeps what is created, e.g. a PodDisruptionBudget', async () => {
    const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'keep' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'x' } } } };
    const created = await s.request('POST', '/apis/policy/v1/namespaces/fresh/poddisruptionbudgets', { body: pdb });
    expect([created.status, created.json.metadata.generation]).toEqual([201, 1]);
    const list = await s.request('GET', '/apis/policy/v1/namespaces/fresh/poddisruptionbudgets');
    expect(list.json.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['keep']);
  });

  test('a create-only kind the emulator cannot answer says so instead of storing anything', async () => {
    const res = await s.request('POST', '/apis/authentication.k8s.io/v1/tokenreviews', { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: 'x' } } });
    expect([res.status, res.json.reason, res.json.message]).toEqual([500, 'InternalError', 'Internal error occurred: the emulator does not answer TokenReview (kube-apiserver does)']);
    expect((await s.request('GET', '/apis/authentication.k8s.io/v1/tokenreviews')).status).toBe(405);
  });
});
