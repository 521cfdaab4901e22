/**
 * Validate step of join (pure): every problem with the flags, the names join would generate and
 * the federation found on the host, all at once, before the first write.
 */
import { CLUSTER_NAME_ANNOTATION, FEDERATION_NAME_ANNOTATION, FEDERATIONS_ANNOTATION } from '../constants.js';
import type { K8sObject } from '../k8s/types.js';
import { dns1123LabelProblem, dns1123SubdomainProblem, pathSegmentProblem } from './names.js';
import type { JoinOptions, TargetOptions } from './options.js';

/** Checks shared by join and unjoin: cluster names and one-cluster-only flags. */
export function validateTargetOptions(options: TargetOptions): string[] {
  const problems: string[] = [];
  if (options.clusters.length === 0) problems.push('CLUSTER_NAME is required');
  const seen = new Set<string>();
  for (const name of options.clusters) {
    const problem = dns1123SubdomainProblem(name);
    if (problem) problems.push(`invalid cluster name "${name}": a cluster name ${problem} (RFC 1123 subdomain)`);
    if (seen.has(name)) problems.push(`cluster "${name}" is named twice; name each cluster once`);
    seen.add(name);
  }
  if (options.clusterContext !== undefined && options.clusters.length > 1) {
    problems.push('--cluster-context names the context of one cluster; with several clusters, name each cluster after its context, or run once per cluster');
  }
  const ns = options.federationSystemNamespace;
  const nsProblem = ns === undefined ? undefined : dns1123LabelProblem(ns);
  if (nsProblem) problems.push(`invalid --federation-system-namespace "${ns}": a namespace name ${nsProblem}`);
  return problems;
}

export function validateJoinOptions(options: JoinOptions): string[] {
  const problems = validateTargetOptions(options);
  if (options.secretName !== undefined) {
    if (options.clusters.length > 1) {
      problems.push('--secret-name names the secret of one cluster; leave it out to generate a name for each cluster');
    }
    const problem = dns1123SubdomainProblem(options.secretName);
    if (problem) problems.push(`invalid --secret-name "${options.secretName}": a secret name ${problem}`);
  }
  return problems;
}

/** The federation as join reads it from its controller manager's Deployment on the host. */
export interface FederationFacts {
  federationName: string;
  /** The controller manager's annotations (`federations`, `dns-provider`, …). */
  annotations: Readonly<Record<string, string>>;
}

/**
 * The first Deployment whose name ends with `controller-manager`, as the original looked it up
 * (names were `<fed>-controller-manager` before fed v1.9.0-alpha.3).
 */
export function findControllerManager(deployments: readonly K8sObject[]): K8sObject | undefined {
  return deployments.find((d) => d.metadata.name.endsWith('controller-manager'));
}

export function readFederationFacts(
  controllerManager: K8sObject | undefined,
  where: { hostContext: string; namespace: string },
): { facts?: FederationFacts; problems: string[] } {
  if (!controllerManager) {
    return {
      problems: [
        `could not find the deployment for controller manager in host cluster (context "${where.hostContext}", namespace "${where.namespace}"); pass the federation's host to --host-cluster-context and its namespace to --federation-system-namespace`,
      ],
    };
  }
  const annotations = controllerManager.metadata.annotations ?? {};
  const problems: string[] = [];
  const federationName = annotations[FEDERATION_NAME_ANNOTATION];
  if (!federationName) {
    problems.push(
      'Federation control manager does not have federation name annotation. Please recreate the federation with a newer version of kubefed, or use an older version of kubefed to join this cluster.',
    );
  }
  if (!annotations[FEDERATIONS_ANNOTATION]) problems.push('kube-dns config map data missing from controller manager annotations');
  if (problems.length > 0 || !federationName) return { problems };
  return { facts: { federationName, annotations }, problems };
}

/**
 * The federation context names one federation (init's record) and the host's controller manager
 * another: a join would write the Cluster into one and the credentials and kube-dns entries for
 * the other, and an unjoin would remove one federation's Cluster with the other's objects.
 */
export function federationMismatchProblem(
  targets: { recordedFederationName?: string; federation: { name: string }; host: { name: string }; namespace: string },
  controllerManager: K8sObject | undefined,
): string | undefined {
  const recorded = targets.recordedFederationName;
  const found = controllerManager?.metadata.annotations?.[FEDERATION_NAME_ANNOTATION];
  if (!recorded || !found || recorded === found) return undefined;
  return (
    `the federation of context "${targets.federation.name}" is "${recorded}", but the controller manager in namespace ${targets.namespace} of host context ` +
    `"${targets.host.name}" belongs to federation "${found}"; pass the matching --host-cluster-context / --federation-system-namespace, or --context`
  );
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
