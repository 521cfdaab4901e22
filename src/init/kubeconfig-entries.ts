import type { FederationPki } from '../certs/types.js';
import { KUBECONFIG_EXTENSION } from '../constants.js';
import type { NamedCluster, NamedContext, NamedUser } from '../kubeconfig/model.js';
import { base64 } from '../federation/objects/meta.js';
import type { ServiceType } from '../federation/objects/spec.js';

/** Where the federation API server was found (README, kubefed init). */
export interface EndpointFacts {
  ips: readonly string[];
  hostnames: readonly string[];
  nodePort?: number;
}

/** The stanzas init adds to the local kubeconfig (README, "Kubeconfig handling"). */
export interface KubeconfigEntries {
  clusters: NamedCluster[];
  users: NamedUser[];
  contexts: NamedContext[];
}

/** Shown instead of an address that is not known yet (a client dry run of a LoadBalancer). */
export const UNKNOWN_ADDRESS = '<pending>';

/**
 * The first IP, else the first host name; IPv6 addresses in brackets so a port can follow. Of
 * these only an IPv6 address holds a colon (and the test spares node:net's large IPv6 pattern).
 */
function firstAddress(endpoint: EndpointFacts): string {
  const address = endpoint.ips[0] ?? endpoint.hostnames[0] ?? UNKNOWN_ADDRESS;
  return address.includes(':') ? `[${address}]` : address;
}

/** `https://<first address>[:<node port>]`, the server of the federation's kubeconfig cluster. */
export function endpointUrl(endpoint: EndpointFacts): string {
  const port = endpoint.nodePort !== undefined ? `:${endpoint.nodePort}` : '';
  return `https://${firstAddress(endpoint)}${port}`;
}

/** The text after "Federation API server is running at: " (README, kubefed init). */
export function runningAt(type: ServiceType, endpoint: EndpointFacts): string {
  if (type === 'NodePort') {
    const more = endpoint.ips.length > 1 ? ', ...' : '';
    return `${firstAddress(endpoint)}:${endpoint.nodePort ?? UNKNOWN_ADDRESS}${more}`;
  }
  const all = [...endpoint.ips, ...endpoint.hostnames];
  return all.length > 0 ? all.join(', ') : UNKNOWN_ADDRESS;
}

export interface LocalEntriesInput {
  federationName: string;
  namespace: string;
  /** The resolved host context; recorded so join and destroy need no --host-cluster-context. */
  hostContext?: string;
  server: string;
  pki: FederationPki;
  token?: string;
  password?: string;
}

/**
 * Cluster, user and context `<fed>` (admin client certificate, plus the token with token auth),
 * and with basic auth a user `<fed>-basic-auth` that no context refers to, as the original.
 */
export function buildLocalKubeconfigEntries(input: LocalEntriesInput): KubeconfigEntries {
  const name = input.federationName;
  const user: NamedUser['user'] = {
    'client-certificate-data': base64(input.pki.admin.certPem),
    'client-key-data': base64(input.pki.admin.keyPem),
  };
  if (input.token !== undefined) user.token = input.token;
  const record: Record<string, string> = {};
  if (input.hostContext !== undefined) record['host-context'] = input.hostContext;
  record['federation-system-namespace'] = input.namespace;
  record['federation-name'] = name;
  const users: NamedUser[] = [{ name, user }];
  if (input.password !== undefined) users.push({ name: `${name}-basic-auth`, user: { username: 'admin', password: input.password } });
  return {
    clusters: [{ name, cluster: { server: input.server, 'certificate-authority-data': base64(input.pki.ca.certPem) } }],
    users,
    contexts: [{ name, context: { cluster: name, user: name, extensions: [{ name: KUBECONFIG_EXTENSION, extension: record }] } }],
  };
}
