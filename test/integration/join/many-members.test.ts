import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliRun } from '../../helpers/cli.js';
import { decode, federationClusters, getObject, startFederation, type Federation } from './federation-fixture.js';

const NAMES = Array.from({ length: 10 }, (_, i) => `c${i + 1}`);

describe('kubefed join c1 … c10 in one call', () => {
  let fed: Federation;
  let join: CliRun;

  beforeAll(async () => {
    fed = await startFederation(NAMES.map((name) => ({ name })));
    join = await fed.run(['join', ...NAMES]);
  });
  afterAll(async () => fed?.close());

  it('succeeds and prints one line per cluster, in the order given', () => {
    expect(join.code).toBe(0);
    expect(join.stdout).toBe(NAMES.map((n) => `cluster "${n}" created\n`).join(''));
  });

  it("reports each cluster's steps on its own prefixed lines", () => {
    const lines = join.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(NAMES.length * 9);
    for (const name of NAMES) {
      const own = lines.filter((l) => l.startsWith(`[${name}] `));
      expect(own).toHaveLength(9);
      expect(own[0]).toBe(`[${name}] namespace "federation-system" created`);
      expect(own[8]).toMatch(new RegExp(`^\\[${name}\\] configmap "kube-system/kube-dns" created`));
    }
  });

  it('stores ten Clusters, each pointing at its own server with its own secret', () => {
    const clusters = federationClusters(fed.emu);
    expect(clusters.map((c) => c.metadata.name).sort()).toEqual([...NAMES].sort());
    const secrets = new Set<string>();
    for (const name of NAMES) {
      const cluster = clusters.find((c) => c.metadata.name === name);
      const spec = cluster?.spec as { serverAddressByClientCIDRs: { serverAddress: string }[]; secretRef: { name: string } };
      expect(spec.serverAddressByClientCIDRs[0].serverAddress).toBe(fed.emu.cluster(name).server);
      const secret = getObject(fed.emu, 'rivendell', 'v1', 'Secret', 'federation-system', spec.secretRef.name);
      expect(decode(secret, 'ca.crt')).toBe(fed.emu.cluster(name).caPem);
      secrets.add(spec.secretRef.name);
    }
    expect(secrets.size).toBe(NAMES.length);
  });

  it('unjoins them all in one call', async () => {
    const unjoin = await fed.run(['unjoin', ...NAMES]);
    expect(unjoin.code).toBe(0);
    expect(unjoin.stdout).toBe(NAMES.map((n) => `Successfully removed cluster "${n}" from federation\n`).join(''));
    expect(federationClusters(fed.emu)).toEqual([]);
  });
});
