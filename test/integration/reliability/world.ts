/**
 * One emulated federation world for the reliability suites: host rivendell and member gondor, a
 * kubeconfig in a temporary folder, kubefed run in process, and the end-state checks every suite
 * asks: the projected state of each cluster, and each object this federation owns counted once.
 */
import { join } from 'node:path';
import { CLUSTER_NAME_ANNOTATION } from '../../../src/constants.js';
import type { FaultInjector, RequestLogEntry } from '../../emulator/contracts.js';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { COREDNS_CONFIG, initArgs, kubefed, tempDir, writeTemp, type CliRun } from '../../helpers/cli.js';
import { projectCluster, projectFederation, projectKubeconfig } from './converge.js';

export const HOST = 'rivendell';
export const MEMBER = 'gondor';
export const NAMESPACE = 'federation-system';
export const FEDERATION = 'fellowship';

export interface World {
  emu: Emulator;
  kubeconfig: string;
  run(argv: string[]): Promise<CliRun>;
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const emu = await startEmulator([{ name: HOST }, { name: MEMBER }]);
  const kubeconfig = join(tempDir('kubefed-reliability-'), 'config');
  emu.writeKubeconfig(kubeconfig, { currentContext: HOST });
  return {
    emu,
    kubeconfig,
    run: (argv) => kubefed(argv, { env: { KUBECONFIG: kubeconfig } }),
    settle: async () => {
      await Promise.all(emu.clusters.map((c) => c.settle()));
    },
    close: () => emu.close(),
  };
}

/** The arguments of init, join and unjoin the suites run (one port, one DNS provider file per suite). */
export function commands(port: number): { init: string[]; join: string[]; unjoin: string[] } {
  const conf = writeTemp(tempDir('kubefed-reliability-'), 'coredns.conf', COREDNS_CONFIG);
  return {
    init: initArgs(conf, port, '--timeout=30s'),
    join: ['join', MEMBER, `--context=${FEDERATION}`, '--timeout=30s'],
    unjoin: ['unjoin', MEMBER, `--context=${FEDERATION}`, '--timeout=30s'],
  };
}

export interface Server {
  readonly name: string;
  readonly faults: FaultInjector;
  readonly requests: readonly RequestLogEntry[];
}

/** Every emulated server of the world: the clusters, and the federation endpoint once init has started it. */
export function servers(world: World): Server[] {
  const list: Server[] = world.emu.clusters.map((c) => ({ name: c.name, faults: c.faults, requests: c.requests }));
  const endpoint = world.emu.cluster(HOST).federation(NAMESPACE);
  return endpoint ? [...list, { name: FEDERATION, faults: endpoint.faults, requests: endpoint.requests }] : list;
}

export function clearAllFaults(world: World): void {
  for (const s of servers(world)) s.faults.clear();
}

/**
 * The state a run must converge to: every cluster's stable objects, the federation's Clusters,
 * our kubeconfig entries, as `area key` → projection; the API server port (each world has its
 * own) reads `<port>`.
 */
export function endState(world: World, port: number): Record<string, unknown> {
  const state: Record<string, unknown> = {};
  const areas = {
    host: projectCluster(world.emu, HOST),
    member: projectCluster(world.emu, MEMBER),
    kubeconfig: { entries: projectKubeconfig(world.emu, world.kubeconfig, FEDERATION) },
    federation: projectFederation(world.emu, HOST, NAMESPACE),
  };
  for (const [area, objects] of Object.entries(areas)) for (const [key, value] of Object.entries(objects)) state[`${area} ${key}`] = value;
  const text = JSON.stringify(state, (_key, value: unknown) => (value === port ? '<port>' : typeof value === 'string' ? value.split(String(port)).join('<port>') : value));
  return JSON.parse(text) as Record<string, unknown>;
}

/** What differs between two end states, one line per object: missing, unexpected, or changed. */
export function stateDiff(actual: Record<string, unknown>, expected: Record<string, unknown>): string[] {
  const lines: string[] = [];
  for (const key of Object.keys(expected)) if (!(key in actual)) lines.push(`missing ${key}`);
  for (const key of Object.keys(actual)) {
    if (!(key in expected)) lines.push(`unexpected ${key}`);
    else if (JSON.stringify(actual[key]) !== JSON.stringify(expected[key])) lines.push(`changed ${key}: ${JSON.stringify(actual[key]).slice(0, 600)} (expected ${JSON.stringify(expected[key]).slice(0, 600)})`);
  }
  return lines;
}

/**
 * Objects of this federation that exist more than once under different names: the member's
 * credentials Secrets on the host (join writes one per cluster), the Clusters per member server.
 * Everything else has one fixed name, so a second copy cannot exist; the end-state comparison
 * catches anything left over.
 */
export function duplicates(world: World): string[] {
  const found: string[] = [];
  const secrets = [...world.emu.cluster(HOST).snapshot()]
    .map(([, o]) => o)
    .filter((o) => o.kind === 'Secret' && o.metadata.namespace === NAMESPACE && o.metadata.annotations?.[CLUSTER_NAME_ANNOTATION] === MEMBER);
  if (secrets.length > 1) found.push(`${secrets.length} credentials Secrets for ${MEMBER}: ${secrets.map((s) => s.metadata.name).join(', ')}`);
  const endpoint = world.emu.cluster(HOST).federation(NAMESPACE);
  const type = endpoint?.store.typeFor('federation/v1beta1', 'Cluster');
  const clusters = endpoint && type ? endpoint.store.list(type) : [];
  const servers = clusters.map((c) => JSON.stringify((c.spec as { serverAddressByClientCIDRs?: unknown }).serverAddressByClientCIDRs));
  if (new Set(servers).size !== servers.length) found.push(`${clusters.length} Clusters share a server`);
  return found;
}
