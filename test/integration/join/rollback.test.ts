import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparableSnapshot, federationClusters, getObject, startFederation, type Federation } from './federation-fixture.js';

let fed: Federation;
beforeAll(async () => {
  fed = await startFederation([{ name: 'gondor' }, { name: 'rohan' }, { name: 'c1' }, { name: 'c2' }, { name: 'c3' }]);
});
afterAll(async () => fed?.close());

const FAIL_CLUSTERROLES = { method: 'POST', path: /clusterroles/, times: Infinity, action: { type: 'status', status: 500 } } as const;

async function settled(...names: string[]): Promise<void> {
  await Promise.all(names.map((n) => fed.emu.cluster(n).settle()));
}

describe('a failure after the ServiceAccount step', () => {
  let memberBefore: Record<string, unknown>;
  let hostBefore: Record<string, unknown>;

  beforeAll(async () => {
    await settled('gondor', 'rivendell');
    memberBefore = comparableSnapshot(fed.emu, 'gondor');
    hostBefore = comparableSnapshot(fed.emu, 'rivendell');
  });

  it('exits 1, rolls back in reverse order exactly what it created, and leaves nothing behind', async () => {
    fed.emu.cluster('gondor').faults.add({ ...FAIL_CLUSTERROLES });
    const run = await fed.run(['join', 'gondor']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines.slice(4)).toEqual([
      'rolled back: secret "federation-system/gondor-rivendell-token" deleted',
      'rolled back: serviceaccount "federation-system/gondor-rivendell" deleted',
      'rolled back: namespace "federation-system" deleted',
      'error: cluster "gondor" was not joined: Error from server (InternalError): Internal error occurred: injected fault',
    ]);
    await settled('gondor', 'rivendell');
    expect(comparableSnapshot(fed.emu, 'gondor')).toEqual(memberBefore);
    expect(comparableSnapshot(fed.emu, 'rivendell')).toEqual(hostBefore);
    expect(federationClusters(fed.emu).map((c) => c.metadata.name)).not.toContain('gondor');
  });

  it('a re-run after the fault is cleared succeeds', async () => {
    fed.emu.cluster('gondor').faults.clear();
    const run = await fed.run(['join', 'gondor']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('cluster "gondor" created\n');
  });
});

describe('a failure on the host', () => {
  it('rolls back the member objects too, RBAC included', async () => {
    await settled('rohan', 'rivendell');
    const memberBefore = comparableSnapshot(fed.emu, 'rohan');
    fed.emu.cluster('rivendell').faults.add({ method: 'POST', path: /\/secrets$/, times: 1, action: { type: 'status', status: 403, message: 'no' } });
    const run = await fed.run(['join', 'rohan']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('rolled back: clusterrolebinding "federation-controller-manager:fellowship-rohan-rivendell" deleted\n');
    expect(run.stderr).toContain('rolled back: clusterrole "federation-controller-manager:fellowship-rohan-rivendell" deleted\n');
    await settled('rohan');
    expect(comparableSnapshot(fed.emu, 'rohan')).toEqual(memberBefore);
  });
});

describe('--retain', () => {
  let memberBefore: Record<string, unknown>;

  it('keeps the partial objects and says what it kept', async () => {
    await settled('rohan');
    memberBefore = comparableSnapshot(fed.emu, 'rohan');
    fed.emu.cluster('rohan').faults.add({ ...FAIL_CLUSTERROLES });
    const run = await fed.run(['join', 'rohan', '--retain']);
    fed.emu.cluster('rohan').faults.clear();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('kept after the failure (--retain): secret "federation-system/rohan-rivendell-token"\n');
    expect(run.stderr).toContain('kept after the failure (--retain): serviceaccount "federation-system/rohan-rivendell"\n');
    expect(run.stderr).toContain('kept after the failure (--retain): namespace "federation-system"\n');
    expect(run.stderr).toMatch(/left in place: secret "federation-system\/rohan-rivendell-token", serviceaccount "federation-system\/rohan-rivendell", namespace "federation-system"\n$/);
    expect(getObject(fed.emu, 'rohan', 'v1', 'ServiceAccount', 'federation-system', 'rohan-rivendell')).toBeDefined();
  });

  it('unjoin removes the partial objects', async () => {
    const run = await fed.run(['unjoin', 'rohan']);
    expect(run.code).toBe(0);
    await settled('rohan');
    expect(comparableSnapshot(fed.emu, 'rohan')).toEqual(memberBefore);
  });
});

describe('several clusters at once, one failing', () => {
  it('joins the others, reports each on its own lines, exits 1', async () => {
    fed.emu.cluster('c2').faults.add({ ...FAIL_CLUSTERROLES });
    const run = await fed.run(['join', 'c1', 'c2', 'c3']);
    fed.emu.cluster('c2').faults.clear();
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('cluster "c1" created\ncluster "c3" created\n');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('[c1] '))).toHaveLength(9);
    expect(lines.filter((l) => l.startsWith('[c3] '))).toHaveLength(9);
    expect(lines.filter((l) => l.startsWith('[c2] rolled back: '))).toHaveLength(3);
    expect(lines.slice(-2)).toEqual([
      'error: cluster "c2" was not joined: Error from server (InternalError): Internal error occurred: injected fault',
      'error: 1 of 3 clusters were not joined (c2); the others joined',
    ]);
    expect(federationClusters(fed.emu).map((c) => c.metadata.name).sort()).toEqual(['c1', 'c3', 'gondor']);
  });
});

describe('a failure on the federation API server (the Cluster create, the last write)', () => {
  it('rolls back the host Secret and every member object, and a re-run succeeds', async () => {
    await settled('c3', 'rivendell');
    await fed.run(['unjoin', 'c3']);
    await settled('c3', 'rivendell');
    const memberBefore = comparableSnapshot(fed.emu, 'c3');
    const hostBefore = comparableSnapshot(fed.emu, 'rivendell');
    const endpoint = fed.emu.cluster('rivendell').federation('federation-system');
    expect(endpoint).toBeDefined();
    endpoint!.faults.add({ method: 'POST', path: /\/clusters$/, times: Infinity, action: { type: 'status', status: 503 } });
    const run = await fed.run(['join', 'c3']);
    endpoint!.faults.clear();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/rolled back: secret "federation-system\/c3-[a-z0-9]{5}" in the host cluster deleted\n/);
    expect(run.stderr).toContain('rolled back: clusterrole "federation-controller-manager:fellowship-c3-rivendell" deleted\n');
    await settled('c3', 'rivendell');
    expect(comparableSnapshot(fed.emu, 'c3')).toEqual(memberBefore);
    expect(comparableSnapshot(fed.emu, 'rivendell')).toEqual(hostBefore);
    expect(federationClusters(fed.emu).map((c) => c.metadata.name)).not.toContain('c3');
    // The controller manager's grant of the rolled-back Secret went with it.
    const role = getObject(fed.emu, 'rivendell', 'rbac.authorization.k8s.io/v1', 'Role', 'federation-system', 'federation-system:federation-controller-manager');
    const granted = ((role?.rules ?? []) as { resourceNames?: string[] }[]).flatMap((r) => r.resourceNames ?? []);
    expect(granted.filter((n) => n.startsWith('c3-'))).toEqual([]);
    expect(granted.length).toBeGreaterThan(0);
    const again = await fed.run(['join', 'c3']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('cluster "c3" created\n');
  });
});
