import { readFileSync } from 'node:fs';
import * as yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../../helpers/cli.js';
import { comparableSnapshot, mutationCounts } from '../join/federation-fixture.js';
import { requestCounts, settleAll, startJoinedFederation, type DestroyFixture } from './destroy-fixture.js';

let fx: DestroyFixture;
beforeAll(async () => {
  fx = await startJoinedFederation(['gondor', 'lothlorien']);
});
afterAll(async () => fx?.close());

const QUESTION = 'Destroy federation "fellowship" in namespace federation-system of context rivendell, unjoining 2 clusters? [y/N] ';

describe('before anything is deleted', () => {
  it('refuses without --yes when stdin is not a terminal, sending nothing at all', async () => {
    const counts = requestCounts(fx.emu);
    const result = await fx.run(['destroy', 'fellowship']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'error: refusing to destroy federation "fellowship" without confirmation: stdin is not a terminal; pass --yes to confirm\n' +
        'Run it with --dry-run first to see what would be deleted.\n',
    );
    expect(requestCounts(fx.emu)).toEqual(counts);
  });

  it('a mistyped federation name exits 1, naming the federation the namespace holds, and changes nothing', async () => {
    const counts = mutationCounts(fx.emu);
    const asked: string[] = [];
    const result = await fx.run(['destroy', 'fellowshp', '--yes', '--host-cluster-context', 'rivendell'], { prompt: async (q) => (asked.push(q), 'y') });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'error: federation "fellowshp" not found: nothing in namespace federation-system of context rivendell belongs to it (it holds federation "fellowship")\n' +
        'Check the federation name: nothing was deleted.\n',
    );
    expect(asked).toEqual([]);
    expect(mutationCounts(fx.emu)).toEqual(counts);
    expect(fx.emu.cluster('rivendell').federation('federation-system')).toBeDefined();
  });

  it('asks on a terminal, and an answer other than yes deletes nothing', async () => {
    const counts = mutationCounts(fx.emu);
    const asked: string[] = [];
    const result = await fx.run(['destroy', 'fellowship'], { interactive: true, prompt: async (q) => (asked.push(q), 'n') });
    expect(asked).toEqual([QUESTION]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('error: destroy of federation "fellowship" cancelled; nothing was deleted\n');
    expect(mutationCounts(fx.emu)).toEqual(counts);
  });

  it('--dry-run lists what would be deleted, in order, and sends nothing that changes anything', async () => {
    const counts = mutationCounts(fx.emu);
    const reads = requestCounts(fx.emu);
    const result = await fx.run(['destroy', 'fellowship', '--dry-run']);
    expect(result.code).toBe(0);
    // It did read every cluster and the federation (so the counts above do see this tool's requests).
    const readsAfter = requestCounts(fx.emu);
    for (const name of Object.keys(reads)) expect(readsAfter[name], name).toBeGreaterThan(reads[name]);
    expect(result.stdout).toBe('Federation "fellowship" destroyed (dry run)\n');
    const lines = result.stderr.split('\n');
    expect(lines[0]).toBe('Unjoining 2 clusters from the federation (gondor, lothlorien)... done (dry run)');
    expect(lines[1]).toBe('  [gondor] cluster "gondor" in the federation would be deleted');
    expect(lines[2]).toMatch(/^ {2}\[gondor\] secret "federation-system\/gondor-[a-z0-9]{5}" in the host cluster would be deleted$/);
    const hostPart = lines.slice(lines.indexOf('Deleting federation component deployments... done (dry run)'));
    expect(hostPart).toEqual([
      'Deleting federation component deployments... done (dry run)',
      '  deployment "federation-system/controller-manager" in the host cluster would be deleted',
      '  deployment "federation-system/apiserver" in the host cluster would be deleted',
      '  secret "federation-system/federation-dns-provider.conf" in the host cluster would be deleted',
      '  rolebinding "federation-system/federation-system:federation-controller-manager" in the host cluster would be deleted',
      '  role "federation-system/federation-system:federation-controller-manager" in the host cluster would be deleted',
      '  serviceaccount "federation-system/federation-controller-manager" in the host cluster would be deleted',
      'Deleting federation control plane objects (credentials, persistent volume claim)... done (dry run)',
      '  persistentvolumeclaim "federation-system/apiserver-etcd-claim" in the host cluster would be deleted',
      '  secret "federation-system/controller-manager-kubeconfig" in the host cluster would be deleted',
      '  secret "federation-system/federation-ca" in the host cluster would be deleted',
      '  secret "federation-system/apiserver-credentials" in the host cluster would be deleted',
      'Deleting federation control plane service... done (dry run)',
      '  service "federation-system/apiserver" in the host cluster would be deleted',
      'Deleting namespace federation-system... done (dry run)',
      '  namespace "federation-system" in the host cluster would be deleted',
      'Updating kubeconfig... done (dry run)',
      '  context "fellowship" would be removed',
      '  cluster "fellowship" would be removed',
      '  user "fellowship" would be removed',
      '  current-context "fellowship" would be removed',
      '',
    ]);
    expect(mutationCounts(fx.emu)).toEqual(counts);
    expect(readFileSync(fx.kubeconfig, 'utf8')).toContain('name: fellowship');
  });

  it('--dry-run=server sends the deletions with dryRun=All only', async () => {
    const counts = mutationCounts(fx.emu);
    const dryDeletes = () => fx.emu.cluster('rivendell').requests.filter((r) => r.dryRun && r.method === 'DELETE').length;
    const dryDeletesBefore = dryDeletes();
    const result = await fx.run(['destroy', 'fellowship', '--dry-run=server', '-q']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Federation "fellowship" destroyed (server dry run)\n');
    expect(result.stderr).toBe('');
    expect(mutationCounts(fx.emu)).toEqual(counts);
    // Two per-cluster Secrets (unjoin), then the twelve objects of init, the namespace last.
    expect(dryDeletes() - dryDeletesBefore).toBe(14);
  });
});

describe('destroy --yes after init and two joins', () => {
  let result: Awaited<ReturnType<DestroyFixture['run']>>;
  beforeAll(async () => {
    result = await fx.run(['destroy', 'fellowship', '--yes']);
    await settleAll(fx.emu);
  });

  it('exits 0 with one progress line per step and the final line on stdout', () => {
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Federation "fellowship" destroyed\n');
    const lines = result.stderr.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'Unjoining 2 clusters from the federation (gondor, lothlorien)... done',
      'Deleting federation component deployments... done',
      'Deleting federation control plane objects (credentials, persistent volume claim)... done',
      'Deleting federation control plane service... done',
    ]);
    expect(lines[4]).toMatch(/^Deleting namespace federation-system\.\.\.\.* done$/);
    expect(lines.slice(5)).toEqual(['Updating kubeconfig... done', '']);
  });

  it("leaves the host's and the members' objects exactly as before init", () => {
    for (const name of ['rivendell', 'gondor', 'lothlorien']) expect(comparableSnapshot(fx.emu, name), name).toEqual(fx.before[name]);
  });

  it('stops the federation API server (its pod is gone)', () => {
    expect(fx.emu.cluster('rivendell').federation('federation-system')).toBeUndefined();
  });

  it("removes the federation's kubeconfig entries and current-context, as kubectl reads the file", async () => {
    const view = JSON.parse(await kubectl(['config', 'view', '-o', 'json', '--kubeconfig', fx.kubeconfig])) as {
      contexts: { name: string }[];
      clusters: { name: string }[];
      users: { name: string }[];
      'current-context': string;
    };
    expect(view.contexts.map((c) => c.name).sort()).toEqual(['gondor', 'lothlorien', 'rivendell']);
    expect(view.clusters.map((c) => c.name).sort()).toEqual(['gondor', 'lothlorien', 'rivendell']);
    expect(view.users.map((u) => u.name).sort()).toEqual(['gondor', 'lothlorien', 'rivendell']);
    expect(view['current-context']).toBe('');
    const before = yaml.load(fx.kubeconfigBefore) as Record<string, unknown>;
    const after = yaml.load(readFileSync(fx.kubeconfig, 'utf8')) as Record<string, unknown>;
    expect(after).toEqual({ ...before, 'current-context': undefined });
  });

  it('a second destroy needs the host context, since the kubeconfig record is gone', async () => {
    const counts = requestCounts(fx.emu);
    const again = await fx.run(['destroy', 'fellowship', '--yes']);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(
      'error: the host cluster of federation "fellowship" is not known (kubeconfig has no context "fellowship"); pass the host cluster\'s context to --host-cluster-context, ' +
        'and its namespace to --federation-system-namespace unless it is federation-system\n',
    );
    expect(requestCounts(fx.emu)).toEqual(counts);
  });

  it('a second destroy with --ignore-not-found exits 0, says there is nothing to destroy, and sends nothing', async () => {
    const counts = requestCounts(fx.emu);
    const again = await fx.run(['destroy', 'fellowship', '--yes', '--ignore-not-found']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe('federation "fellowship" not found: kubeconfig has no context "fellowship" and --host-cluster-context is not given; nothing to destroy\n');
    expect(requestCounts(fx.emu)).toEqual(counts);
  });

  it('a second destroy with it exits 0 (idempotent), says there is nothing to destroy, and changes nothing', async () => {
    const counts = mutationCounts(fx.emu);
    const again = await fx.run(['destroy', 'fellowship', '--yes', '--host-cluster-context=rivendell']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe(
      'federation "fellowship" not found: nothing in namespace federation-system of context rivendell belongs to it (the namespace does not exist); nothing to destroy\n',
    );
    expect(mutationCounts(fx.emu)).toEqual(counts);
  });
});
