import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredObject } from '../../emulator/contracts.js';
import { comparableSnapshot, federationClusters, getObject, mutationCounts, startFederation, type Federation } from './federation-fixture.js';

let fed: Federation;
beforeAll(async () => {
  fed = await startFederation([{ name: 'gondor' }, { name: 'lothlorien' }, { name: 'isengard' }, { name: 'rohan' }]);
});
afterAll(async () => fed?.close());

const USER_STUB_DOMAINS = '{\n  "acme.local": ["10.1.1.1"]\n}';

describe("a member whose kube-dns already holds another federation's entry and the user's stubDomains", () => {
  let before: StoredObject;

  beforeAll(() => {
    const store = fed.emu.cluster('lothlorien').store;
    before = store.create(store.typeFor('v1', 'ConfigMap')!, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-dns', namespace: 'kube-system', labels: { 'addonmanager.kubernetes.io/mode': 'EnsureExists' }, annotations: { owner: 'platform-team' } },
      data: { federations: 'other=other.example', stubDomains: USER_STUB_DOMAINS, upstreamNameservers: '["8.8.8.8"]' },
    });
  });

  it('keeps both after join, adding ours', async () => {
    const join = await fed.run(['join', 'lothlorien']);
    expect(join.code).toBe(0);
    const cm = getObject(fed.emu, 'lothlorien', 'v1', 'ConfigMap', 'kube-system', 'kube-dns');
    expect(cm?.data).toEqual({
      federations: 'other=other.example,fellowship=example.com',
      stubDomains: '{\n  "acme.local": ["10.1.1.1"],\n  "example.com": ["127.0.0.1:30053"]\n}',
      upstreamNameservers: '["8.8.8.8"]',
    });
    expect(cm?.metadata.annotations?.owner).toBe('platform-team');
    expect(join.stderr).toContain('configmap "kube-system/kube-dns" updated: added federations entry "fellowship=example.com" and stubDomains zone "example.com"');
  });

  it('unjoin restores that ConfigMap exactly (data and annotations)', async () => {
    const unjoin = await fed.run(['unjoin', 'lothlorien']);
    expect(unjoin.code).toBe(0);
    const cm = getObject(fed.emu, 'lothlorien', 'v1', 'ConfigMap', 'kube-system', 'kube-dns');
    expect(cm?.data).toEqual(before.data);
    expect(cm?.metadata.annotations).toEqual(before.metadata.annotations);
    expect(cm?.metadata.labels).toEqual(before.metadata.labels);
    expect(unjoin.stderr).toContain(
      'configmap "kube-system/kube-dns" updated: removed federations entry "fellowship=example.com" and stubDomains zone "example.com"',
    );
  });
});

describe('unjoin after join leaves the member and the host exactly as before', () => {
  let memberBefore: Record<string, unknown>;
  let hostBefore: Record<string, unknown>;

  beforeAll(async () => {
    await Promise.all([fed.emu.cluster('gondor').settle(), fed.emu.cluster('rivendell').settle()]);
    memberBefore = comparableSnapshot(fed.emu, 'gondor');
    hostBefore = comparableSnapshot(fed.emu, 'rivendell');
    const join = await fed.run(['join', 'gondor']);
    expect(join.code).toBe(0);
  });

  it('exits 0 with the original line and one line per removed object', async () => {
    const unjoin = await fed.run(['unjoin', 'gondor']);
    expect(unjoin.code).toBe(0);
    expect(unjoin.stdout).toBe('Successfully removed cluster "gondor" from federation\n');
    const lines = unjoin.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('cluster "gondor" in the federation deleted');
    expect(lines[1]).toMatch(/^secret "federation-system\/gondor-[a-z0-9]{5}" in the host cluster deleted$/);
    expect(lines.slice(2)).toEqual([
      'configmap "kube-system/kube-dns" deleted',
      'clusterrolebinding "federation-controller-manager:fellowship-gondor-rivendell" deleted',
      'clusterrole "federation-controller-manager:fellowship-gondor-rivendell" deleted',
      'secret "federation-system/gondor-rivendell-token" deleted',
      'serviceaccount "federation-system/gondor-rivendell" deleted',
      'namespace "federation-system" deleted',
    ]);
  });

  it("the member's and the host's objects equal the snapshot taken before join", async () => {
    await Promise.all([fed.emu.cluster('gondor').settle(), fed.emu.cluster('rivendell').settle()]);
    expect(comparableSnapshot(fed.emu, 'gondor')).toEqual(memberBefore);
    expect(comparableSnapshot(fed.emu, 'rivendell')).toEqual(hostBefore);
    expect(federationClusters(fed.emu).map((c) => c.metadata.name)).not.toContain('gondor');
  });

  it("a second unjoin exits 0 with the original's WARNING that the cluster is not in the federation, and sends nothing that changes anything", async () => {
    const counts = mutationCounts(fed.emu);
    const again = await fed.run(['unjoin', 'gondor']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe('WARNING: cluster "gondor" not found in federation, so its credentials\' secret couldn\'t be deleted\n');
    expect(mutationCounts(fed.emu)).toEqual(counts);
  });
});

describe('unjoin of a cluster that was never joined', () => {
  it("exits 0 with the original's WARNING, nothing on stdout, nothing sent that changes anything", async () => {
    const counts = mutationCounts(fed.emu);
    const unjoin = await fed.run(['unjoin', 'rohan']);
    expect(unjoin.code).toBe(0);
    expect(unjoin.stdout).toBe('');
    expect(unjoin.stderr).toBe('WARNING: cluster "rohan" not found in federation, so its credentials\' secret couldn\'t be deleted\n');
    expect(mutationCounts(fed.emu)).toEqual(counts);
  });

  it('-o json says it was not found', async () => {
    const unjoin = await fed.run(['unjoin', 'rohan', '-o', 'json']);
    expect(unjoin.code).toBe(0);
    const result = JSON.parse(unjoin.stdout) as { clusters: Record<string, unknown>[] };
    expect(result.clusters).toEqual([{ name: 'rohan', found: false, removed: false, objects: [], left: [], errors: [] }]);
  });

  it('but with a leftover of a partial join (its credentials Secret on the host) cleans it up and reports success', async () => {
    const store = fed.emu.cluster('rivendell').store;
    const annotations = { 'federation.alpha.kubernetes.io/federation-name': 'fellowship', 'federation.alpha.kubernetes.io/cluster-name': 'rohan' };
    store.create(store.typeFor('v1', 'Secret')!, { apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: 'rohan-x7k2p', namespace: 'federation-system', annotations } });
    const unjoin = await fed.run(['unjoin', 'rohan']);
    expect(unjoin.code).toBe(0);
    expect(unjoin.stdout).toBe('Successfully removed cluster "rohan" from federation\n');
    expect(unjoin.stderr.split('\n').slice(0, 2)).toEqual(['cluster "rohan" in the federation already gone', 'secret "federation-system/rohan-x7k2p" in the host cluster deleted']);
    expect(getObject(fed.emu, 'rivendell', 'v1', 'Secret', 'federation-system', 'rohan-x7k2p')).toBeUndefined();
  });
});

describe('unjoin of a member that cannot be reached', () => {
  let secretName: string;

  beforeAll(async () => {
    const join = await fed.run(['join', 'isengard']);
    expect(join.code).toBe(0);
    const cluster = federationClusters(fed.emu).find((c) => c.metadata.name === 'isengard');
    secretName = (cluster?.spec as { secretRef: { name: string } }).secretRef.name;
    await (fed.emu.cluster('isengard') as unknown as { close(): Promise<void> }).close();
  });

  it('fails without --force, suggesting it, and removes nothing', async () => {
    const refused = await fed.run(['unjoin', 'isengard']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(
      /^error: cannot reach cluster "isengard" \(context "isengard"\): could not reach the API server.*; nothing was removed\. Pass --force to remove it from the federation anyway, leaving its objects on the cluster\n$/,
    );
    expect(federationClusters(fed.emu).map((c) => c.metadata.name)).toContain('isengard');
  });

  it('with --force removes the federation side and says what stays on the member', async () => {
    const forced = await fed.run(['unjoin', 'isengard', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toBe('Successfully removed cluster "isengard" from federation\n');
    expect(federationClusters(fed.emu).map((c) => c.metadata.name)).not.toContain('isengard');
    expect(getObject(fed.emu, 'rivendell', 'v1', 'Secret', 'federation-system', secretName)).toBeUndefined();
    expect(forced.stderr).toContain(
      'WARNING: left on cluster "isengard": serviceaccount "federation-system/isengard-rivendell", secret "federation-system/isengard-rivendell-token", ' +
        'clusterrole and clusterrolebinding "federation-controller-manager:fellowship-isengard-rivendell", ' +
        `this federation's entries in configmap "kube-system/kube-dns", namespace "federation-system" if join created it\n`,
    );
  });
});

describe('join of a member that cannot be reached', () => {
  it('fails before any write, naming the cluster', async () => {
    const before = mutationCounts(fed.emu);
    const join = await fed.run(['join', 'isengard']);
    expect(join.code).toBe(1);
    expect(join.stderr).toMatch(/^error: could not reach cluster "isengard" \(context "isengard"\): https:\/\/127\.0\.0\.1:\d+: the connection was refused \(ECONNREFUSED\); nothing was changed\n$/);
    const after = mutationCounts(fed.emu);
    delete after.isengard;
    delete before.isengard;
    expect(after).toEqual(before);
  });
});

describe('the host cluster joined as a member', () => {
  it("join keeps the control plane's namespace as it is, and unjoin leaves the host exactly as before", async () => {
    await fed.emu.cluster('rivendell').settle();
    const before = comparableSnapshot(fed.emu, 'rivendell');
    const join = await fed.run(['join', 'rivendell']);
    expect(join.code).toBe(0);
    expect(join.stderr.split('\n')[0]).toBe('namespace "federation-system" kept');
    const unjoin = await fed.run(['unjoin', 'rivendell']);
    expect(unjoin.code).toBe(0);
    expect(unjoin.stderr).not.toContain('namespace');
    await fed.emu.cluster('rivendell').settle();
    expect(comparableSnapshot(fed.emu, 'rivendell')).toEqual(before);
    expect(fed.emu.cluster('rivendell').federation('federation-system')).toBeDefined();
  });
});
