import type { ClusterClient, K8sObject } from '../k8s/types.js';
import { CliError, TimeoutError } from '../errors.js';
import { pollUntil, type PollOptions } from '../k8s/wait.js';
import { READINESS_POLL } from './wait-ready.js';
import { APISERVER_NAME } from '../constants.js';

/** Where the federation API server can be reached from outside the host cluster. */
export interface Endpoint {
  ips: string[];
  hostnames: string[];
  nodePort?: number;
}

interface ServiceShape {
  spec?: { ports?: { nodePort?: number }[] };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

function ingressOf(service: K8sObject | undefined): Endpoint | undefined {
  const ingress = (service as ServiceShape | undefined)?.status?.loadBalancer?.ingress ?? [];
  const ips = ingress.map((i) => i.ip).filter((v): v is string => Boolean(v));
  const hostnames = ingress.map((i) => i.hostname).filter((v): v is string => Boolean(v));
  return ips.length + hostnames.length > 0 ? { ips, hostnames } : undefined;
}

/**
 * LoadBalancer: poll the Service until the cloud assigns an address — bounded, unlike the original,
 * which waited forever on clusters without a load-balancer controller.
 */
export async function waitForLoadBalancer(host: ClusterClient, namespace: string, wait: Omit<PollOptions, 'intervalMs'>): Promise<Endpoint> {
  const ref = { apiVersion: 'v1', kind: 'Service', name: APISERVER_NAME, namespace };
  const result = await pollUntil(async () => ingressOf(await host.get(ref)), { ...wait, ...READINESS_POLL });
  if (!result.timedOut) return result.value;
  throw new TimeoutError(
    `timed out waiting for a load-balancer address for service "${APISERVER_NAME}" in namespace "${namespace}"`,
    [
      `The host cluster has not assigned an external address to the LoadBalancer Service; clusters without a cloud load-balancer controller (bare metal, kind, k3d, kubeadm) never will.`,
    ],
    'Re-run with --api-server-service-type=NodePort (and --api-server-advertise-address=<a node address>), or raise --timeout.',
  );
}

interface NodeShape {
  status?: { addresses?: { type: string; address: string }[] };
}

/** NodePort: the advertise address if given, else one address per node (ExternalIP, else InternalIP). */
export async function resolveNodePortEndpoint(
  host: ClusterClient,
  service: K8sObject,
  advertiseAddress: string | undefined,
): Promise<Endpoint> {
  const nodePort = (service as ServiceShape).spec?.ports?.[0]?.nodePort;
  if (!nodePort) {
    throw new CliError(`service "${APISERVER_NAME}" has no node port assigned`, {
      hint: 'Check the host cluster\'s service node-port range, or pass --api-server-port.',
    });
  }
  if (advertiseAddress) return { ips: [advertiseAddress], hostnames: [], nodePort };
  const nodes = await host.list('v1', 'Node');
  const ips: string[] = [];
  for (const node of nodes) {
    const addresses = (node as NodeShape).status?.addresses ?? [];
    const pick = addresses.find((a) => a.type === 'ExternalIP') ?? addresses.find((a) => a.type === 'InternalIP');
    if (pick && !ips.includes(pick.address)) ips.push(pick.address);
  }
  if (ips.length === 0) {
    throw new CliError('no node of the host cluster reports an ExternalIP or InternalIP address', {
      hint: 'Pass --api-server-advertise-address=<an address that reaches the nodes>.',
    });
  }
  return { ips, hostnames: [], nodePort };
}
