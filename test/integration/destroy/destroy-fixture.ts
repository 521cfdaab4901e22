/**
 * A federation to destroy: emulated clusters snapshotted before anything is installed, then
 * `kubefed init fellowship` on rivendell (CoreDNS, NodePort, current context switched to it) and
 * `kubefed join` of the given members.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, type Emulator, type EmulatedClusterOptions } from '../../emulator/index.js';
import { COREDNS_CONFIG, freeNodePort, kubefed, tempDir, writeTemp, type CliRun } from '../../helpers/cli.js';
import type { Deps } from '../../../src/deps.js';
import type { RequestLogEntry } from '../../emulator/contracts.js';
import { comparableSnapshot } from '../join/federation-fixture.js';

export interface DestroyFixture {
  emu: Emulator;
  kubeconfig: string;
  /** Each cluster's comparable snapshot taken before init. */
  before: Record<string, Record<string, unknown>>;
  /** The kubeconfig file's text before init. */
  kubeconfigBefore: string;
  run(argv: string[], overrides?: Partial<Deps>): Promise<CliRun>;
  close(): Promise<void>;
}

export async function startJoinedFederation(members: string[], extra: EmulatedClusterOptions[] = []): Promise<DestroyFixture> {
  const emu = await startEmulator([{ name: 'rivendell' }, ...members.filter((m) => m !== 'rivendell').map((name) => ({ name })), ...extra]);
  const dir = tempDir('kubefed-destroy-');
  const kubeconfig = join(dir, 'config');
  emu.writeKubeconfig(kubeconfig, { currentContext: 'rivendell' });
  await Promise.all(emu.clusters.map((c) => c.settle()));
  const before = Object.fromEntries(emu.clusters.map((c) => [c.name, comparableSnapshot(emu, c.name)]));
  const kubeconfigBefore = readFileSync(kubeconfig, 'utf8');
  const run = (argv: string[], overrides: Partial<Deps> = {}) => kubefed(argv, { env: { KUBECONFIG: kubeconfig }, ...overrides });

  const port = await freeNodePort();
  const conf = writeTemp(dir, 'coredns-provider.conf', COREDNS_CONFIG);
  const steps: string[][] = [
    [
      'init', 'fellowship', '--host-cluster-context=rivendell', '--dns-provider=coredns', '--dns-zone-name=example.com.',
      `--dns-provider-config=${conf}`, '--api-server-service-type=NodePort', '--api-server-advertise-address=127.0.0.1',
      `--api-server-port=${port}`, '--timeout=60s', '--set-current-context',
    ],
  ];
  if (members.length > 0) steps.push(['join', ...members]);
  for (const argv of steps) {
    const result = await run(argv);
    if (result.code !== 0) {
      await emu.close();
      throw new Error(`kubefed ${argv[0]} failed (${result.code}): ${result.stderr}`);
    }
  }
  return { emu, kubeconfig, before, kubeconfigBefore, run, close: () => emu.close() };
}

/** The admin users of the kubeconfig: the clusters' (emulator) and the federation's (init). */
const KUBECONFIG_USERS = new Set(['kubernetes-admin', 'admin']);

/**
 * Every request (reads included) sent with the kubeconfig's credentials to each cluster and to
 * the federation endpoint so far; the emulated controller manager's own traffic is left out.
 */
export function requestCounts(emu: Emulator): Record<string, number> {
  const ours = (requests: readonly RequestLogEntry[]): number => requests.filter((r) => r.user !== undefined && KUBECONFIG_USERS.has(r.user)).length;
  const counts: Record<string, number> = {};
  for (const c of emu.clusters) counts[c.name] = ours(c.requests);
  const endpoint = emu.cluster('rivendell').federation('federation-system');
  if (endpoint) counts.federation = ours(endpoint.requests);
  return counts;
}

export async function settleAll(emu: Emulator): Promise<void> {
  await Promise.all(emu.clusters.map((c) => c.settle()));
}
