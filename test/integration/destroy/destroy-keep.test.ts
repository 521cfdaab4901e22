import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../../helpers/cli.js';
import { comparableSnapshot, getObject } from '../join/federation-fixture.js';
import { settleAll, startJoinedFederation, type DestroyFixture } from './destroy-fixture.js';

const NAMESPACE_DEFAULTS = ['ConfigMap/federation-system/kube-root-ca.crt', 'ServiceAccount/federation-system/default'];

describe('destroy --keep-data', () => {
  let fx: DestroyFixture;
  let result: Awaited<ReturnType<DestroyFixture['run']>>;
  beforeAll(async () => {
    fx = await startJoinedFederation(['gondor']);
    result = await fx.run(['destroy', 'fellowship', '--yes', '--keep-data']);
    await settleAll(fx.emu);
  });
  afterAll(async () => fx?.close());

  it('exits 0 and says the namespace was kept', () => {
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Federation "fellowship" destroyed\n');
    expect(result.stderr).toBe(
      [
        'Unjoining 1 cluster from the federation (gondor)... done',
        'Deleting federation component deployments... done',
        'Deleting federation control plane objects (credentials, persistent volume claim)... done',
        'Deleting federation control plane service... done',
        'Deleting namespace federation-system... kept',
        'Updating kubeconfig... done',
        '',
      ].join('\n'),
    );
  });

  it('keeps the etcd claim (still bound to its volume) and the namespace, and nothing else of the control plane', () => {
    const claim = getObject(fx.emu, 'rivendell', 'v1', 'PersistentVolumeClaim', 'federation-system', 'apiserver-etcd-claim');
    expect((claim?.status as { phase?: string }).phase).toBe('Bound');
    const volume = (claim?.spec as { volumeName: string }).volumeName;
    const added = Object.keys(comparableSnapshot(fx.emu, 'rivendell')).filter((key) => !(key in fx.before.rivendell));
    expect(added.sort()).toEqual(
      [
        ...NAMESPACE_DEFAULTS,
        'Namespace//federation-system',
        'PersistentVolume//' + volume,
        'PersistentVolumeClaim/federation-system/apiserver-etcd-claim',
      ].sort(),
    );
    expect(fx.emu.cluster('rivendell').federation('federation-system')).toBeUndefined();
  });

  it('still unjoins the member completely', () => {
    expect(comparableSnapshot(fx.emu, 'gondor')).toEqual(fx.before.gondor);
  });

  it('a second destroy with the host context reports the claim and the namespace as kept', async () => {
    const again = await fx.run(['destroy', 'fellowship', '--yes', '--keep-data', '--host-cluster-context=rivendell', '-v']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('Deleting federation control plane objects (credentials, persistent volume claim)... kept\n');
    expect(again.stderr).toContain('  persistentvolumeclaim "federation-system/apiserver-etcd-claim" in the host cluster left: --keep-data\n');
    expect(again.stderr).toContain('Deleting namespace federation-system... kept\n  namespace "federation-system" in the host cluster left: --keep-data keeps the etcd claim in it\n');
  });

  it('without --keep-data, the next destroy deletes the claim and the namespace', async () => {
    const last = await fx.run(['destroy', 'fellowship', '--yes', '--host-cluster-context=rivendell']);
    expect(last.code).toBe(0);
    await settleAll(fx.emu);
    expect(comparableSnapshot(fx.emu, 'rivendell')).toEqual(fx.before.rivendell);
  });
});

describe('destroy --keep-members -o json', () => {
  let fx: DestroyFixture;
  let joined: Record<string, Record<string, unknown>>;
  let result: Awaited<ReturnType<DestroyFixture['run']>>;
  beforeAll(async () => {
    fx = await startJoinedFederation(['gondor', 'lothlorien']);
    await settleAll(fx.emu);
    joined = { gondor: comparableSnapshot(fx.emu, 'gondor'), lothlorien: comparableSnapshot(fx.emu, 'lothlorien') };
    result = await fx.run(['destroy', 'fellowship', '--yes', '--keep-members', '-o', 'json']);
    await settleAll(fx.emu);
  });
  afterAll(async () => fx?.close());

  it("leaves the members' objects exactly as join made them", () => {
    expect(result.code).toBe(0);
    expect(comparableSnapshot(fx.emu, 'gondor')).toEqual(joined.gondor);
    expect(comparableSnapshot(fx.emu, 'lothlorien')).toEqual(joined.lothlorien);
  });

  it('removes the federation side, so the host is as before init', () => {
    expect(comparableSnapshot(fx.emu, 'rivendell')).toEqual(fx.before.rivendell);
  });

  it('says on stderr what stays on each member', () => {
    expect(result.stderr).toContain(
      'kept on cluster "gondor" (--keep-members): serviceaccount "federation-system/gondor-rivendell", secret "federation-system/gondor-rivendell-token", ' +
        `clusterrole and clusterrolebinding "federation-controller-manager:fellowship-gondor-rivendell", this federation's entries in configmap "kube-system/kube-dns", ` +
        'namespace "federation-system" if join created it\n',
    );
  });

  it('prints one result object on stdout', () => {
    const parsed = JSON.parse(result.stdout) as Record<string, unknown> & { clusters: { name: string; objects: Record<string, unknown>[]; left: string[] }[]; objects: { name: string; result: string }[] };
    expect(parsed).toMatchObject({
      apiVersion: 'kubefed/v1',
      kind: 'DestroyResult',
      federation: 'fellowship',
      hostContext: 'rivendell',
      namespace: 'federation-system',
      dryRun: null,
      destroyed: true,
      kubeconfig: { result: 'removed', entries: ['cluster "fellowship"', 'user "fellowship"', 'context "fellowship"', 'current-context "fellowship"'] },
      errors: [],
    });
    expect(parsed.clusters.map((c) => c.name)).toEqual(['gondor', 'lothlorien']);
    expect(parsed.clusters[0].objects).toEqual([
      { where: 'federation', kind: 'Cluster', name: 'gondor', result: 'deleted' },
      { where: 'host', kind: 'Secret', namespace: 'federation-system', name: expect.stringMatching(/^gondor-[a-z0-9]{5}$/), result: 'deleted' },
    ]);
    expect(parsed.clusters[0].left).toHaveLength(5);
    expect(parsed.objects.map((o) => `${o.name} ${o.result}`)).toEqual([
      'controller-manager deleted',
      'apiserver deleted',
      'federation-dns-provider.conf deleted',
      'federation-system:federation-controller-manager deleted',
      'federation-system:federation-controller-manager deleted',
      'federation-controller-manager deleted',
      'apiserver-etcd-claim deleted',
      'controller-manager-kubeconfig deleted',
      'federation-ca deleted',
      'apiserver-credentials deleted',
      'apiserver deleted',
      'federation-system deleted',
    ]);
  });

  it('kubectl no longer knows the federation context', async () => {
    const contexts = await kubectl(['config', 'get-contexts', '-o', 'name', '--kubeconfig', fx.kubeconfig]);
    expect(contexts.trim().split('\n').sort()).toEqual(['gondor', 'lothlorien', 'rivendell']);
  });
});
