/**
 * The federation as its controller manager's Deployment on the host describes it: its name (the
 * federation-name annotation) and the kube-dns entries join writes into every member (the
 * `federations`, `dns-zone-name`, `nameserver` and `dns-provider` annotations init set).
 */
import { FEDERATION_NAME_ANNOTATION, FEDERATIONS_ANNOTATION } from '../constants.js';
import { kubeDnsEntriesFrom, type KubeDnsEntries } from '../dns/kube-dns.js';
import type { K8sObject } from '../k8s/types.js';

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

/** The federation's name and kube-dns entries, when the controller manager carries them. */
export function describedFederation(controllerManager: K8sObject | undefined): { federationName?: string; kubeDns?: KubeDnsEntries } {
  const annotations = controllerManager?.metadata.annotations ?? {};
  const federationName = annotations[FEDERATION_NAME_ANNOTATION];
  return federationName ? { federationName, kubeDns: kubeDnsEntriesFrom(federationName, annotations) } : {};
}

/** What join needs of the controller manager, or every reason it cannot join to it. */
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
