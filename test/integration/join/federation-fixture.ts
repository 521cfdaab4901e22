/**
 * A federation to join clusters to: emulated clusters, `kubefed init fellowship` on rivendell
 * (CoreDNS, NodePort), and a kubeconfig whose current context is the new federation.
 */
import { join } from 'node:path';
import { startEmulator, type Emulator, type EmulatedClusterOptions, type KubeconfigOptions } from '../../emulator/index.js';
import { COREDNS_CONFIG, freeNodePort, kubefed, tempDir, writeTemp, type CliRun } from '../../helpers/cli.js';
import type { StoredObject } from '../../emulator/contracts.js';

export interface Federation {
  emu: Emulator;
  dir: string;
  kubeconfig: string;
  /** Runs kubefed with this federation's kubeconfig in $KUBECONFIG. */
  run(argv: string[]): Promise<CliRun>;
  /** The arguments of the init that made the federation (to run it again). */
  initArgs: string[];
  close(): Promise<void>;
}

export async function startFederation(
  members: EmulatedClusterOptions[],
  opts: { host?: EmulatedClusterOptions; kubeconfig?: KubeconfigOptions } = {},
): Promise<Federation> {
  const host = opts.host ?? { name: 'rivendell' };
  const emu = await startEmulator([host, ...members]);
  const dir = tempDir('kubefed-join-');
  const kubeconfig = join(dir, 'config');
  const hostContext = opts.kubeconfig?.contextNames?.[host.name] ?? host.name;
  emu.writeKubeconfig(kubeconfig, { ...opts.kubeconfig, currentContext: hostContext });
  const run = (argv: string[]) => kubefed(argv, { env: { KUBECONFIG: kubeconfig } });
  const port = await freeNodePort();
  const conf = writeTemp(dir, 'coredns-provider.conf', COREDNS_CONFIG);
  const initArgs = [
    'init', 'fellowship', `--host-cluster-context=${hostContext}`, '--dns-provider=coredns', '--dns-zone-name=example.com.',
    `--dns-provider-config=${conf}`, '--api-server-service-type=NodePort', '--api-server-advertise-address=127.0.0.1',
    `--api-server-port=${port}`, '--timeout=60s', '--set-current-context',
  ];
  const init = await run(initArgs);
  if (init.code !== 0) {
    await emu.close();
    throw new Error(`kubefed init failed (${init.code}): ${init.stderr}`);
  }
  return { emu, dir, kubeconfig, run, initArgs, close: () => emu.close() };
}

export function decode(secret: StoredObject | undefined, key: string): string {
  const value = (secret?.data as Record<string, string> | undefined)?.[key];
  if (value === undefined) throw new Error(`secret has no key ${key}`);
  return Buffer.from(value, 'base64').toString('utf8');
}

export function getObject(emu: Emulator, cluster: string, apiVersion: string, kind: string, namespace: string | undefined, name: string): StoredObject | undefined {
  const store = emu.cluster(cluster).store;
  const type = store.typeFor(apiVersion, kind);
  if (!type) throw new Error(`${cluster} serves no ${apiVersion} ${kind}`);
  return store.get(type, namespace, name);
}

/** The federation's stored Cluster objects. */
export function federationClusters(emu: Emulator, host = 'rivendell'): StoredObject[] {
  const endpoint = emu.cluster(host).federation('federation-system');
  if (!endpoint) throw new Error('the federation API endpoint is not running');
  const type = endpoint.store.typeFor('federation/v1beta1', 'Cluster');
  if (!type) throw new Error('the federation serves no Cluster');
  return endpoint.store.list(type);
}

/** Mutating requests so far on every emulated cluster and on the federation endpoint. */
export function mutationCounts(emu: Emulator, host = 'rivendell'): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of emu.clusters) counts[c.name] = c.mutatingRequests().length;
  const endpoint = emu.cluster(host).federation('federation-system');
  if (endpoint) counts.federation = endpoint.requests.filter((r) => r.mutating).length;
  return counts;
}

/**
 * A cluster's objects for a before/after comparison: Events are left out, and so are the fields
 * that change without anyone touching the object (resourceVersion, a Pod's status).
 */
export function comparableSnapshot(emu: Emulator, cluster: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, obj] of emu.cluster(cluster).snapshot()) {
    const copy = structuredClone(obj) as StoredObject;
    delete copy.metadata.resourceVersion;
    delete copy.metadata.managedFields;
    if (copy.kind === 'Pod') delete copy.status;
    out[key] = copy;
  }
  return out;
}
