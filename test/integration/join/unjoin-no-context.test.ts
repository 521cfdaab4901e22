/**
 * unjoin of a member that has no context in the kubeconfig: as the original did, it reaches the
 * member with the credentials join stored in the host Secret and cleans it up; a cluster the
 * federation does not know and no context names gets the original's WARNING and exit 0.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparableSnapshot, federationClusters, mutationCounts, startFederation, type Federation } from './federation-fixture.js';

let fed: Federation;
beforeAll(async () => {
  fed = await startFederation([{ name: 'gondor' }]);
});
afterAll(async () => fed?.close());

/** Takes a cluster's context, cluster and user entries out of the kubeconfig. */
function forget(name: string): void {
  const doc = yaml.load(readFileSync(fed.kubeconfig, 'utf8')) as Record<string, { name: string }[]>;
  for (const list of ['contexts', 'clusters', 'users']) doc[list] = doc[list].filter((e) => e.name !== name);
  writeFileSync(fed.kubeconfig, yaml.dump(doc, { lineWidth: -1 }));
}

describe('unjoin of a member whose context was removed from the kubeconfig', () => {
  let memberBefore: Record<string, unknown>;
  let hostBefore: Record<string, unknown>;

  beforeAll(async () => {
    await Promise.all([fed.emu.cluster('gondor').settle(), fed.emu.cluster('rivendell').settle()]);
    memberBefore = comparableSnapshot(fed.emu, 'gondor');
    hostBefore = comparableSnapshot(fed.emu, 'rivendell');
    const join = await fed.run(['join', 'gondor']);
    expect(join.code, join.stderr).toBe(0);
    forget('gondor');
  });

  it('reaches the member with the stored credentials and removes the cluster', async () => {
    const unjoin = await fed.run(['unjoin', 'gondor']);
    expect(unjoin.code, unjoin.stderr).toBe(0);
    expect(unjoin.stdout).toBe('Successfully removed cluster "gondor" from federation\n');
    const lines = unjoin.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('no context for cluster "gondor" in kubeconfig; reaching it with the credentials stored in the host cluster');
    expect(lines).toContain('configmap "kube-system/kube-dns" deleted');
    expect(lines).toContain('clusterrole "federation-controller-manager:fellowship-gondor-rivendell" deleted');
    expect(lines).toContain(
      'serviceaccount "federation-system/gondor-rivendell" deleted: by the garbage collector, with its owner clusterrole "federation-controller-manager:fellowship-gondor-rivendell"',
    );
  });

  it("leaves no kubefed object on the member: its objects equal the snapshot taken before join, and the host's too", async () => {
    await Promise.all([fed.emu.cluster('gondor').settle(), fed.emu.cluster('rivendell').settle()]);
    expect(comparableSnapshot(fed.emu, 'gondor')).toEqual(memberBefore);
    expect(comparableSnapshot(fed.emu, 'rivendell')).toEqual(hostBefore);
    expect(federationClusters(fed.emu)).toEqual([]);
  });
});

describe('unjoin of a cluster that is not in the federation and has no context', () => {
  it("exits 0 with the original's WARNING, nothing on stdout, nothing sent that changes anything", async () => {
    const counts = mutationCounts(fed.emu);
    const unjoin = await fed.run(['unjoin', 'mordor']);
    expect({ code: unjoin.code, stdout: unjoin.stdout, stderr: unjoin.stderr }).toEqual({
      code: 0,
      stdout: '',
      stderr: 'WARNING: cluster "mordor" not found in federation, so its credentials\' secret couldn\'t be deleted\n',
    });
    expect(mutationCounts(fed.emu)).toEqual(counts);
  });
});
