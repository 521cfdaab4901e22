/**
 * The new certificates `certs renew` issues: leaves signed by the kept CA with the subjects and
 * SANs init gave them (the API server's addresses are those of its current certificate), or,
 * for `renew ca`, a new CA and every leaf under it.
 */
import { federationLeaves, inspectCertificate, issueFederationCa, issueFederationLeaf, requiredServerNames, type LeafName } from '../certs/index.js';
import type { FederationPki } from '../certs/types.js';
import { APISERVER_NAME, CA_KEY_SECRET } from '../constants.js';
import type { Deps } from '../deps.js';
import { CliError } from '../errors.js';
import type { RenewTarget } from './options.js';

export interface Renewal {
  /** The PKI after renewal: renewed parts replaced, the rest as found. */
  readonly pki: Partial<FederationPki>;
  readonly renewed: readonly (LeafName | 'ca')[];
}

const LEAVES_OF: Record<Exclude<RenewTarget, 'all' | 'ca'>, LeafName> = { apiserver: 'server', 'controller-manager': 'controller-manager', admin: 'admin' };

/** Which leaves a target renews; `ca` renews the CA and all of them. */
export function leavesFor(target: RenewTarget, hasAdminCertificate: boolean): LeafName[] {
  if (target === 'all' || target === 'ca') return ['server', 'controller-manager', ...(hasAdminCertificate ? (['admin'] as const) : [])];
  return [LEAVES_OF[target]];
}

export async function issueRenewal(found: Partial<FederationPki>, target: RenewTarget, context: { federationName: string; namespace: string }, deps: Deps): Promise<Renewal> {
  const names = leavesFor(target, found.admin !== undefined);
  const renewed: (LeafName | 'ca')[] = [];
  let ca = found.ca;
  if (target === 'ca') {
    ca = issueFederationCa(context.federationName, await deps.generateKeyPair(), { now: deps.now(), randomBytes: deps.randomBytes });
    renewed.push('ca');
  } else if (!ca?.keyPem) {
    throw new CliError(`cannot renew certificates: the CA key is missing from Secret ${CA_KEY_SECRET} in namespace ${context.namespace}`, {
      hint: "Put the CA's private key (PEM) back under key ca.key of that Secret, or run `kubefed certs renew ca` to issue a new CA and every certificate under it.",
    });
  }
  const leaves = federationLeaves(serverNamesOf(found, context.namespace)).filter((leaf) => names.includes(leaf.name));
  const pki: Partial<FederationPki> = { ...found, ca };
  for (const leaf of leaves) {
    pki[leaf.field] = issueFederationLeaf(ca, leaf, await deps.generateKeyPair(), { now: deps.now(), randomBytes: deps.randomBytes });
    renewed.push(leaf.name);
  }
  return { pki, renewed };
}

/** The SANs init computed: the addresses of the current server certificate, plus the Service names. */
function serverNamesOf(found: Partial<FederationPki>, namespace: string): { dns: string[]; ips: string[] } {
  if (!found.server?.certPem) {
    throw new CliError(`cannot renew certificates: the API server certificate is missing from Secret apiserver-credentials in namespace ${namespace}`, {
      hint: 'Run `kubefed init` again for this federation: it issues the missing certificate from the kept CA.',
    });
  }
  const info = inspectCertificate(found.server.certPem);
  const inCluster = new Set(requiredServerNames({ namespace, serviceName: APISERVER_NAME, ips: [], hostnames: [] }).dns);
  return requiredServerNames({ namespace, serviceName: APISERVER_NAME, ips: info.ips, hostnames: info.dnsNames.filter((name) => !inCluster.has(name)) });
}
