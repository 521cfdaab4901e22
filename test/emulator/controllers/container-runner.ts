/**
 * Starts one container the way the kubelet and the container runtime would: a missing image
 * fails the pull; `federation-apiserver` and `federation-controller-manager` run the emulated
 * binaries; anything else (etcd, …) simply runs.
 */
import posix from 'node:path/posix';
import type { ApiserverInput, LocalEtcd } from './apiserver-container.js';
import { runFederationApiserver } from './apiserver-container.js';
import type { ContainerOutcome } from './container-outcome.js';
import { runFederationControllerManager, type InClusterDialer } from './controller-manager-container.js';
import type { Container } from './pod-defaults.js';
import type { ContainerFiles } from './pod-files.js';
import { fullImageName } from './pod-status.js';
import { argvOf, parseFlags, subcommandArgs } from './process-args.js';
import type { FederationStores } from './federation-stores.js';

export type ContainerRole = 'apiserver' | 'controller-manager' | 'etcd' | 'other';

export function roleOf(container: Container): ContainerRole {
  const argv = argvOf(container);
  if (subcommandArgs(argv, 'federation-apiserver')) return 'apiserver';
  if (subcommandArgs(argv, 'federation-controller-manager')) return 'controller-manager';
  const program = argv.length ? posix.basename(argv[0]) : '';
  if (program === 'etcd' || (argv.length === 0 && /(^|\/)etcd[:@]?/.test(container.image ?? ''))) return 'etcd';
  return 'other';
}

/** Start order inside a pod: etcd and the rest first, then the API server, then its clients. */
export function startOrder(containers: Container[]): Container[] {
  const rank: Record<ContainerRole, number> = { etcd: 0, other: 0, apiserver: 1, 'controller-manager': 2 };
  return [...containers].sort((a, b) => rank[roleOf(a)] - rank[roleOf(b)]);
}

export function isFailingImage(image: string | undefined, failing: readonly string[]): boolean {
  if (!image) return false;
  return failing.some((bad) => bad === image || fullImageName(bad) === fullImageName(image));
}

/** The message containerd gives for an image that does not exist. */
export function pullErrorMessage(image: string): string {
  const full = fullImageName(image);
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${full}": failed to resolve reference "${full}": ${full}: not found`;
}

/** What the etcd container of a pod offers to an API server in the same pod. */
export function describeLocalEtcd(container: Container, files: ContainerFiles, running: boolean, claimUid: (claim: string) => string | undefined, podUid: string): LocalEtcd {
  const { flags } = parseFlags(argvOf(container).slice(1));
  const clientUrls = (flags.get('listen-client-urls') ?? 'http://localhost:2379').split(',').map((u) => u.trim());
  const dataDir = flags.get('data-dir') ?? '/default.etcd';
  const claim = files.claimAt(dataDir);
  const uid = claim ? claimUid(claim) : undefined;
  return { running, clientUrls, dataKey: uid ? `pvc:${uid}` : `pod:${podUid}` };
}

export interface RunContext {
  namespace: string;
  podIP: string;
  files: ContainerFiles;
  localEtcd?: LocalEtcd;
  stores: FederationStores;
  dial: InClusterDialer;
  monitor?: (via: { host: string; port: number }) => (() => void) | undefined;
}

export async function runContainer(container: Container, ctx: RunContext): Promise<ContainerOutcome> {
  const argv = argvOf(container);
  const role = roleOf(container);
  if (role === 'apiserver') {
    const input: ApiserverInput = { namespace: ctx.namespace, podIP: ctx.podIP, args: subcommandArgs(argv, 'federation-apiserver') ?? [], files: ctx.files, localEtcd: ctx.localEtcd, stores: ctx.stores };
    return runFederationApiserver(input);
  }
  if (role === 'controller-manager') {
    return runFederationControllerManager({ namespace: ctx.namespace, args: subcommandArgs(argv, 'federation-controller-manager') ?? [], files: ctx.files, dial: ctx.dial, monitor: ctx.monitor });
  }
  return { running: true, ports: [] };
}
