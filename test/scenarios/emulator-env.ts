/**
 * Scenario clusters from the local API emulator: a host (rivendell) and two members (gondor,
 * rohan), a kubeconfig with a context for each, and the federation on a free node port.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, type Emulator, type EmulatedClusterOptions } from '../emulator/index.js';
import { COREDNS_CONFIG, freeNodePort, kubefed, tempDir, writeTemp } from '../helpers/cli.js';
import { listObjectsVia, type ScenarioEnv } from './env.js';
import type { WorldScenarioEnv } from './world.js';

export interface EmulatorScenarioEnv extends ScenarioEnv {
  /** The emulated clusters, for checks a real cluster cannot offer (request logs, the store). */
  emu: Emulator;
}

export interface EmulatorEnvOptions {
  host?: EmulatedClusterOptions;
  members?: EmulatedClusterOptions[];
  federationName?: string;
  namespace?: string;
}

export async function emulatorEnv(options: EmulatorEnvOptions = {}): Promise<EmulatorScenarioEnv> {
  const host = options.host ?? { name: 'rivendell' };
  const members = options.members ?? [{ name: 'gondor' }, { name: 'rohan' }];
  const emu = await startEmulator([host, ...members]);
  const dir = tempDir('kubefed-scenario-');
  const kubeconfig = join(dir, 'config');
  emu.writeKubeconfig(kubeconfig, { currentContext: host.name });
  const env = { KUBECONFIG: kubeconfig };
  const self: EmulatorScenarioEnv = {
    emu,
    kubeconfig,
    env,
    hostContext: host.name,
    memberContexts: members.map((m) => m.name),
    serviceType: 'NodePort',
    // The emulated kube-proxy serves node ports on the loopback address of the node.
    advertiseAddress: '127.0.0.1',
    nodePort: await freeNodePort(),
    dnsProviderConfig: writeTemp(dir, 'coredns-provider.conf', COREDNS_CONFIG),
    namespace: options.namespace ?? 'federation-system',
    timeout: '60s',
    federationName: options.federationName ?? 'fellowship',
    kubefed: (argv) => kubefed(argv, { env }),
    listObjects: (context, kind, namespace) => listObjectsVia(self, context, kind, namespace),
    async cleanup() {
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return self;
}

/** The GKE-style context of the fourth emulated cluster, and the name it joins as. */
export const GKE_MEMBER = { context: 'gke_middle-earth_europe-west1-b_isengard', name: 'isengard' };

/**
 * The scenario world on the emulator: rivendell (host), gondor, rohan and isengard, the last one
 * behind a GKE-style context name. A refused create is an injected 403 on its POSTs.
 */
export async function emulatorWorldEnv(): Promise<EmulatorScenarioEnv & WorldScenarioEnv> {
  const base = await emulatorEnv({ members: [{ name: 'gondor' }, { name: 'rohan' }, { name: GKE_MEMBER.name }] });
  base.emu.writeKubeconfig(base.kubeconfig, { currentContext: base.hostContext, contextNames: { [GKE_MEMBER.name]: GKE_MEMBER.context } });
  const contextOf = (name: string) => (name === GKE_MEMBER.name ? GKE_MEMBER.context : name);
  // Members carry the kube-dns ConfigMap a real cluster's DNS add-on creates (empty until configured).
  for (const name of base.memberContexts) {
    const store = base.emu.cluster(name).store;
    store.create(store.typeFor('v1', 'ConfigMap')!, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-dns', namespace: 'kube-system', labels: { 'addonmanager.kubernetes.io/mode': 'EnsureExists' } },
    });
  }
  return {
    ...base,
    memberContexts: base.memberContexts.map(contextOf),
    gke: GKE_MEMBER,
    loadBalancers: true,
    volatileKinds: [],
    async refuseCreates(context, resource) {
      const name = context === GKE_MEMBER.context ? GKE_MEMBER.name : context;
      const faults = base.emu.cluster(name).faults;
      faults.add({ method: 'POST', path: new RegExp(`/${resource}(\\?|$)`), times: Infinity, action: { type: 'status', status: 403, message: `creating ${resource} is refused here` } });
      return async () => faults.clear();
    },
  };
}
