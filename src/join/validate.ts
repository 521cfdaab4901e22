/**
 * Validate step of join (pure): every problem with the flags, the names join would generate and
 * the federation found on the host, all at once, before the first write.
 */
import { CLUSTER_NAME_ANNOTATION, FEDERATION_NAME_ANNOTATION } from '../constants.js';
import { validateMemberArgs } from '../federation/member-target.js';
import { dns1123LabelProblem, dns1123SubdomainProblem, pathSegmentProblem } from '../k8s/name-rules.js';
import type { K8sObject } from '../k8s/types.js';
import type { JoinOptions } from './options.js';

export function validateJoinOptions(options: JoinOptions): string[] {
  const problems = validateMemberArgs(options);
  if (options.secretName !== undefined) {
    if (options.clusters.length > 1) {
      problems.push('--secret-name names the secret of one cluster; leave it out to generate a name for each cluster');
    }
    const problem = dns1123SubdomainProblem(options.secretName);
    if (problem) problems.push(`invalid --secret-name "${options.secretName}": a secret name ${problem}`);
  }
  return problems;
}

/** The names one member's join would create. */
export interface GeneratedNames {
  clusterName: string;
  secretName: string;
  serviceAccount?: string;
  clusterRole?: string;
  tokenSecret?: string;
}

/** Belt and braces: generated names are made safe, but a bad flag or context can still leak in. */
export function validateGeneratedNames(names: GeneratedNames): string[] {
  const checks: [string, string | undefined, (n: string) => string | undefined][] = [
    ['secret', names.secretName, dns1123SubdomainProblem],
    ['service account', names.serviceAccount, dns1123LabelProblem],
    ['token secret', names.tokenSecret, dns1123SubdomainProblem],
    ['cluster role', names.clusterRole, pathSegmentProblem],
  ];
  const problems: string[] = [];
  for (const [what, name, check] of checks) {
    const problem = name === undefined ? undefined : check(name);
    if (problem) problems.push(`cluster "${names.clusterName}": the ${what} name "${name}" ${problem}`);
  }
  return problems;
}

/**
 * An object join would create already exists but was not made by a join of this cluster to this
 * federation: taking it over would let a later unjoin delete someone else's object.
 */
export function foreignObjectProblem(
  existing: K8sObject | undefined,
  owner: { federationName: string; clusterName: string; contextName: string },
): string | undefined {
  if (!existing) return undefined;
  const a = existing.metadata.annotations ?? {};
  if (a[FEDERATION_NAME_ANNOTATION] === owner.federationName && a[CLUSTER_NAME_ANNOTATION] === owner.clusterName) return undefined;
  const ns = existing.metadata.namespace ? `${existing.metadata.namespace}/` : '';
  return `${existing.kind.toLowerCase()} "${ns}${existing.metadata.name}" already exists in cluster context "${owner.contextName}" and was not created by joining cluster "${owner.clusterName}" to federation "${owner.federationName}"; remove it or pick another cluster name`;
}
