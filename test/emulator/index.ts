/**
 * The local Kubernetes API emulator: `startEmulator([...clusters])` starts one emulated cluster
 * per entry and can write a kubeconfig with a context for each of them.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as yaml from 'js-yaml';
import { startCluster, type EmulatedCluster, type EmulatedClusterOptions, type RunningCluster } from './cluster.js';

export type { EmulatedCluster, EmulatedClusterOptions } from './cluster.js';
export type { FederationEndpoint } from './federation.js';

export interface KubeconfigOptions {
  currentContext?: string;
  /** Renames contexts (and their cluster and user entries), e.g. `{ c1: 'gke_proj_us-east1-b_c1' }`. */
  contextNames?: Record<string, string>;
  /** Only these clusters (by emulator name). */
  only?: string[];
}

export interface Emulator {
  cluster(name: string): EmulatedCluster;
  readonly clusters: EmulatedCluster[];
  /** Writes a kubeconfig with one context per cluster (admin client certificate inline), mode 0600. */
  writeKubeconfig(path: string, opts?: KubeconfigOptions): void;
  close(): Promise<void>;
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export function kubeconfigFor(clusters: EmulatedCluster[], opts: KubeconfigOptions = {}): Record<string, unknown> {
  const chosen = opts.only ? clusters.filter((c) => opts.only?.includes(c.name)) : clusters;
  const nameOf = (c: EmulatedCluster) => opts.contextNames?.[c.name] ?? c.name;
  return {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: chosen.map((c) => ({ name: nameOf(c), cluster: { server: c.server, 'certificate-authority-data': b64(c.caPem) } })),
    users: chosen.map((c) => ({ name: nameOf(c), user: { 'client-certificate-data': b64(c.adminCertPem), 'client-key-data': b64(c.adminKeyPem) } })),
    contexts: chosen.map((c) => ({ name: nameOf(c), context: { cluster: nameOf(c), user: nameOf(c) } })),
    'current-context': opts.currentContext ?? '',
  };
}

export async function startEmulator(clusters: EmulatedClusterOptions[], opts: { now?: () => Date } = {}): Promise<Emulator> {
  const names = new Set<string>();
  for (const c of clusters) {
    if (names.has(c.name)) throw new Error(`two emulated clusters are named "${c.name}"`);
    names.add(c.name);
  }
  const env = { now: opts.now ?? (() => new Date()), reservedAddresses: new Set<string>() };
  const running: RunningCluster[] = [];
  try {
    for (const options of clusters) running.push(await startCluster(options, env));
  } catch (error) {
    await Promise.all(running.map((c) => c.close()));
    throw error;
  }
  return {
    clusters: running,
    cluster(name) {
      const found = running.find((c) => c.name === name);
      if (!found) throw new Error(`no emulated cluster named "${name}"`);
      return found;
    },
    writeKubeconfig(path, kubeconfigOpts = {}) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, yaml.dump(kubeconfigFor(running, kubeconfigOpts), { lineWidth: -1, noRefs: true }), { mode: 0o600 });
      chmodSync(path, 0o600);
    },
    async close() {
      await Promise.all(running.map((c) => c.close()));
    },
  };
}
