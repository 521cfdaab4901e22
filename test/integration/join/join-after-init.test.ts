import { execFile } from 'node:child_process';
import { request } from 'node:https';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredObject } from '../../emulator/contracts.js';
import { writeTemp, type CliRun } from '../../helpers/cli.js';
import { decode, federationClusters, getObject, startFederation, type Federation } from './federation-fixture.js';

const run$ = promisify(execFile);

/** GET with a bearer token, trusting only the given CA: the real check that a token works. */
function getWithToken(server: string, path: string, token: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server}${path}`, { headers: { Authorization: `Bearer ${token}` }, ca }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('kubefed join after kubefed init (no flags)', () => {
  let fed: Federation;
  let join: CliRun;
  let cluster: StoredObject;
  let hostSecret: StoredObject | undefined;

  beforeAll(async () => {
    fed = await startFederation([{ name: 'gondor' }, { name: 'rohan' }]);
    join = await fed.run(['join', 'gondor']);
    cluster = federationClusters(fed.emu).find((c) => c.metadata.name === 'gondor') as StoredObject;
    const secretName = (cluster?.spec as { secretRef: { name: string } }).secretRef.name;
    hostSecret = getObject(fed.emu, 'rivendell', 'v1', 'Secret', 'federation-system', secretName);
  });
  afterAll(async () => fed?.close());

  it('exits 0 and prints the original line', () => {
    expect(join.stderr).not.toContain('error');
    expect(join.code).toBe(0);
    expect(join.stdout).toBe('cluster "gondor" created\n');
  });

  it('prints one progress line per step', () => {
    expect(join.stderr.split('\n')).toEqual([
      'namespace "federation-system" created',
      'serviceaccount "federation-system/gondor-rivendell" created',
      'secret "federation-system/gondor-rivendell-token" created',
      'secret "federation-system/gondor-rivendell-token" filled with a token',
      'clusterrole "federation-controller-manager:fellowship-gondor-rivendell" created',
      'clusterrolebinding "federation-controller-manager:fellowship-gondor-rivendell" created',
      `secret "federation-system/${hostSecret?.metadata.name}" in the host cluster created`,
      'cluster "gondor" in the federation created',
      'configmap "kube-system/kube-dns" created: added federations entry "fellowship=example.com" and stubDomains zone "example.com"',
      '',
    ]);
  });

  it("stores Cluster gondor pointing at gondor's server, with its secret and RBAC names", () => {
    expect(cluster.metadata.annotations).toEqual({
      'federation.kubernetes.io/service-account-name': 'gondor-rivendell',
      'federation.kubernetes.io/cluster-role-name': 'federation-controller-manager:fellowship-gondor-rivendell',
    });
    expect(cluster.spec).toEqual({
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: fed.emu.cluster('gondor').server }],
      secretRef: { name: hostSecret?.metadata.name },
    });
    expect(hostSecret?.metadata.name).toMatch(/^gondor-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('stores the token, CA and namespace in an annotated Opaque host Secret', () => {
    expect(hostSecret?.type).toBe('Opaque');
    expect(hostSecret?.metadata.annotations).toEqual({
      'federation.alpha.kubernetes.io/federation-name': 'fellowship',
      'federation.alpha.kubernetes.io/cluster-name': 'gondor',
    });
    expect(Object.keys(hostSecret?.data as object).sort()).toEqual(['ca.crt', 'namespace', 'token']);
    expect(decode(hostSecret, 'namespace')).toBe('federation-system');
    expect(decode(hostSecret, 'ca.crt')).toBe(fed.emu.cluster('gondor').caPem);
  });

  it("the host Secret's token authenticates against gondor (https with its ca.crt)", async () => {
    const answer = await getWithToken(fed.emu.cluster('gondor').server, '/api/v1/namespaces', decode(hostSecret, 'token'), decode(hostSecret, 'ca.crt'));
    expect(answer.status).toBe(200);
    expect((JSON.parse(answer.body) as { items: { metadata: { name: string } }[] }).items.map((n) => n.metadata.name)).toContain('federation-system');
  });

  it("kubectl accepts the host Secret's token and CA", async () => {
    const ca = writeTemp(fed.dir, 'gondor-ca.crt', decode(hostSecret, 'ca.crt'));
    const { stdout } = await run$('kubectl', [
      '--kubeconfig=/dev/null', `--server=${fed.emu.cluster('gondor').server}`, `--certificate-authority=${ca}`,
      `--token=${decode(hostSecret, 'token')}`, 'get', 'namespace', 'federation-system', '-o', 'name',
    ]);
    expect(stdout).toBe('namespace/federation-system\n');
  });

  it('creates the member objects with the original annotations and rules', () => {
    const ours = { 'federation.alpha.kubernetes.io/federation-name': 'fellowship', 'federation.alpha.kubernetes.io/cluster-name': 'gondor' };
    const role = getObject(fed.emu, 'gondor', 'rbac.authorization.k8s.io/v1', 'ClusterRole', undefined, 'federation-controller-manager:fellowship-gondor-rivendell');
    expect(role?.metadata.annotations).toEqual(ours);
    expect(role?.rules).toEqual([
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['/healthz'], verbs: ['get'] },
    ]);
    const binding = getObject(fed.emu, 'gondor', 'rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', undefined, 'federation-controller-manager:fellowship-gondor-rivendell');
    expect(binding?.subjects).toEqual([{ kind: 'ServiceAccount', name: 'gondor-rivendell', namespace: 'federation-system' }]);
    expect(getObject(fed.emu, 'gondor', 'v1', 'ServiceAccount', 'federation-system', 'gondor-rivendell')?.metadata.annotations).toEqual(ours);
    expect(getObject(fed.emu, 'gondor', 'v1', 'Namespace', undefined, 'federation-system')?.metadata.annotations).toEqual(ours);
    const token = getObject(fed.emu, 'gondor', 'v1', 'Secret', 'federation-system', 'gondor-rivendell-token');
    expect(token?.type).toBe('kubernetes.io/service-account-token');
    expect(token?.metadata.annotations).toMatchObject({ ...ours, 'kubernetes.io/service-account.name': 'gondor-rivendell' });
  });

  it("writes the federation's kube-dns entries on the member", () => {
    const cm = getObject(fed.emu, 'gondor', 'v1', 'ConfigMap', 'kube-system', 'kube-dns');
    expect(cm?.data).toEqual({ federations: 'fellowship=example.com', stubDomains: '{"example.com":["127.0.0.1:30053"]}' });
  });

  it('converges on a re-join: keeps the names, refreshes nothing that matches, exits 0', async () => {
    const before = federationClusters(fed.emu);
    const again = await fed.run(['join', 'gondor']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('cluster "gondor" unchanged\n');
    expect(again.stderr).toContain(`secret "federation-system/${hostSecret?.metadata.name}" in the host cluster kept`);
    expect(federationClusters(fed.emu)).toEqual(before);
  });

  it('refreshes the credentials on a re-join when the host Secret lost them', async () => {
    const store = fed.emu.cluster('rivendell').store;
    const type = store.typeFor('v1', 'Secret')!;
    const live = store.get(type, 'federation-system', hostSecret!.metadata.name)!;
    store.update(type, { ...live, data: { token: Buffer.from('stale').toString('base64') } });
    const again = await fed.run(['join', 'gondor']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`secret "federation-system/${hostSecret?.metadata.name}" in the host cluster configured`);
    expect(store.get(type, 'federation-system', hostSecret!.metadata.name)?.data).toEqual(hostSecret?.data);
  });

  it('refuses a Cluster of the same name that points at another server, naming kubefed unjoin', async () => {
    const endpoint = fed.emu.cluster('rivendell').federation('federation-system')!;
    const type = endpoint.store.typeFor('federation/v1beta1', 'Cluster')!;
    endpoint.store.create(type, {
      apiVersion: 'federation/v1beta1',
      kind: 'Cluster',
      metadata: { name: 'rohan' },
      spec: { serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: 'https://10.9.9.9' }], secretRef: { name: 'rohan-x' } },
    });
    const mutations = fed.emu.clusters.map((c) => c.mutatingRequests().length);
    const refused = await fed.run(['join', 'rohan']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `error: cluster "rohan" is already in federation "fellowship" with server https://10.9.9.9, not ${fed.emu.cluster('rohan').server}; run \`kubefed unjoin rohan\` first, or join under another name\n`,
    );
    expect(fed.emu.clusters.map((c) => c.mutatingRequests().length)).toEqual(mutations);
  });
});
