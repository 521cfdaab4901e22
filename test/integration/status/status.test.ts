/**
 * `kubefed status` against the emulator: a healthy federation with three members, then one member
 * whose stored token no longer works (its token Secret deleted: 401) and one whose API server was
 * stopped. Exit 0 only while everything is healthy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCluster } from '../../emulator/cluster.js';
import { kubectl } from '../../helpers/cli.js';
import { federationClusters, startFederation, type Federation } from '../join/federation-fixture.js';

interface StatusJson {
  kind: string;
  federation: string;
  healthy: boolean;
  problems: string[];
  controlPlane: { objects: { kind: string; name: string; present: boolean }[]; deployments: { name: string; replicas: number; ready: number }[]; pods: { ready: boolean }[] };
  endpoint: { healthz: string; healthy: boolean };
  clusters: { name: string; status: string; reachable?: boolean; message?: string }[];
  certificates: { certificate: string; status: string }[];
}

let fed: Federation;
beforeAll(async () => {
  fed = await startFederation([{ name: 'gondor' }, { name: 'rohan' }, { name: 'isengard' }]);
  for (const name of ['gondor', 'rohan', 'isengard']) {
    const join = await fed.run(['join', name]);
    if (join.code !== 0) throw new Error(`join ${name} failed: ${join.stderr}`);
  }
}, 120_000);
afterAll(async () => fed?.close());

async function statusJson(): Promise<{ code: number; doc: StatusJson; stderr: string }> {
  const run = await fed.run(['status', '-o', 'json']);
  return { code: run.code, doc: JSON.parse(run.stdout) as StatusJson, stderr: run.stderr };
}

const clusterStatus = (doc: StatusJson) => Object.fromEntries(doc.clusters.map((c) => [c.name, c.status]));

describe('kubefed status', () => {
  it('a healthy federation: every member ready, the endpoint ok, exit 0', async () => {
    const { code, doc, stderr } = await statusJson();
    expect(code, stderr).toBe(0);
    expect(doc.kind).toBe('StatusResult');
    expect(doc.federation).toBe('fellowship');
    expect(doc.healthy).toBe(true);
    expect(doc.problems).toEqual([]);
    expect(clusterStatus(doc)).toEqual({ gondor: 'ready', isengard: 'ready', rohan: 'ready' });
    expect(doc.clusters.every((c) => c.reachable === true)).toBe(true);
    expect(doc.endpoint).toMatchObject({ healthz: 'ok', healthy: true });
    expect(doc.controlPlane.deployments).toEqual([
      { name: 'apiserver', replicas: 1, ready: 1 },
      { name: 'controller-manager', replicas: 1, ready: 1 },
    ]);
    expect(doc.controlPlane.pods.length).toBeGreaterThanOrEqual(2);
    expect(doc.controlPlane.pods.every((p) => p.ready)).toBe(true);
    expect(doc.controlPlane.objects.find((o) => o.kind === 'Secret' && o.name === 'federation-ca')?.present).toBe(true);
    expect(doc.certificates.map((c) => [c.certificate, c.status])).toEqual([
      ['ca', 'ok'],
      ['apiserver', 'ok'],
      ['controller-manager', 'ok'],
      ['admin', 'ok'],
    ]);
  });

  it('prints a table for people, with each member on its line', async () => {
    const run = await fed.run(['status']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Federation "fellowship" (host context "rivendell", namespace federation-system)');
    for (const name of ['gondor', 'rohan', 'isengard']) {
      const server = fed.emu.cluster(name).server;
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${name}\\s+${server.replace(/[.]/g, '\\.')}\\s+yes\\s+ready$`)));
    }
    expect(lines).toContainEqual(expect.stringMatching(/^Deployment\/apiserver pods\s+1\/1 ready$/));
  });

  it("a member whose token was deleted: `credential rejected`, exit 1", async () => {
    const store = fed.emu.cluster('rohan').store;
    store.delete(store.typeFor('v1', 'Secret')!, 'federation-system', 'rohan-rivendell-token');
    await fed.emu.cluster('rohan').settle();
    const { code, doc } = await statusJson();
    expect(code).toBe(1);
    expect(doc.healthy).toBe(false);
    expect(clusterStatus(doc)).toEqual({ gondor: 'ready', isengard: 'ready', rohan: 'credential rejected' });
    expect(doc.problems).toEqual(['cluster "rohan": credential rejected']);
  });

  it('a member whose API server was stopped: `unreachable`, exit 1, and the error names both', async () => {
    await (fed.emu.cluster('isengard') as RunningCluster).close();
    const { code, doc, stderr } = await statusJson();
    expect(code).toBe(1);
    expect(clusterStatus(doc)).toEqual({ gondor: 'ready', isengard: 'unreachable', rohan: 'credential rejected' });
    expect(doc.clusters.find((c) => c.name === 'isengard')?.reachable).toBe(false);
    expect(stderr).toBe('error: federation "fellowship" is not healthy: cluster "isengard": unreachable; cluster "rohan": credential rejected\n');
    expect(federationClusters(fed.emu)).toHaveLength(3);
  });

  it('a control-plane namespace being deleted says so, first, and not `present`', async () => {
    const onHost = (...args: string[]) => kubectl([...args, '--kubeconfig', fed.kubeconfig, '--context', 'rivendell']);
    await onHost('patch', 'namespace', 'federation-system', '--type=merge', '-p', '{"metadata":{"finalizers":["example.com/hold"]}}');
    await onHost('delete', 'namespace', 'federation-system', '--wait=false');
    const { code, doc } = await statusJson();
    expect(code).toBe(1);
    expect(doc.controlPlane.objects.find((o) => o.kind === 'Namespace')).toEqual({ kind: 'Namespace', name: 'federation-system', present: true, optional: false, beingDeleted: true });
    expect(doc.problems[0]).toBe('namespace "federation-system" is being deleted');
    const table = await fed.run(['status']);
    expect(table.stdout).toMatch(/^Namespace\/federation-system +being deleted$/m);
    await onHost('patch', 'namespace', 'federation-system', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]');
  });
});
