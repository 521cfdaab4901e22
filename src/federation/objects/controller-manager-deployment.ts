import {
  APISERVER_NAME,
  CONTROLLER_MANAGER_KUBECONFIG_SECRET,
  CONTROLLER_MANAGER_NAME,
  CONTROLLER_MANAGER_POD_LABELS,
  CONTROLLER_MANAGER_SA,
  DNS_PROVIDER_SECRET,
} from '../../constants.js';
import { controllerManagerDnsAnnotations } from '../../dns/annotations.js';
import type { K8sObject } from '../../k8s/types.js';
import { renderArgs } from './args.js';
import { binaryForImage, CONTROLLER_MANAGER_KUBECONFIG_DIR, DNS_PROVIDER_CONFIG_DIR } from './layout.js';
import type { ControlPlaneFacts, ControlPlaneSpec } from './spec.js';
import { objectMeta } from './meta.js';
import { deploymentSpec, readOnlyMount, secretVolume } from './pod.js';

const CONFIG_VOLUME = 'config-volume';

export function controllerManagerDefaultArgs(options: ControlPlaneSpec): Record<string, string> {
  return {
    '--kubeconfig': `${CONTROLLER_MANAGER_KUBECONFIG_DIR}/kubeconfig`,
    '--master': `https://${APISERVER_NAME}`,
    '--dns-provider': options.dns.provider,
    '--federation-name': options.federationName,
    '--zone-name': options.dns.zoneName,
  };
}

/**
 * Deployment `controller-manager` (its annotations are what join reads, src/federation/controller-manager.ts). Its annotations carry the zone and the
 * CoreDNS nameserver to join. With a DNS provider config, `--dns-provider-config` is appended
 * after the sorted arguments, as the original did.
 */
export function buildControllerManagerDeployment(options: ControlPlaneSpec, facts: ControlPlaneFacts): K8sObject {
  // With RBAC the ServiceAccount and its Role exist; a DNS provider config is shipped in its Secret.
  const inputs = { rbac: facts.rbacVersion !== undefined, dnsProviderConfig: facts.dnsProviderConfig };
  const image = options.images.controllerManager;
  const command = [binaryForImage(image), 'federation-controller-manager', ...renderArgs(controllerManagerDefaultArgs(options), options.controllerManagerArgOverrides)];
  const volumeMounts = [readOnlyMount(CONTROLLER_MANAGER_KUBECONFIG_SECRET, CONTROLLER_MANAGER_KUBECONFIG_DIR)];
  const volumes = [secretVolume(CONTROLLER_MANAGER_KUBECONFIG_SECRET, CONTROLLER_MANAGER_KUBECONFIG_SECRET)];
  if (inputs.dnsProviderConfig) {
    command.push(`--dns-provider-config=${DNS_PROVIDER_CONFIG_DIR}/${DNS_PROVIDER_SECRET}`);
    volumeMounts.push(readOnlyMount(CONFIG_VOLUME, DNS_PROVIDER_CONFIG_DIR));
    volumes.push(secretVolume(CONFIG_VOLUME, DNS_PROVIDER_SECRET));
  }
  const container = {
    name: CONTROLLER_MANAGER_NAME,
    image,
    imagePullPolicy: options.images.pullPolicy,
    command,
    env: [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
    volumeMounts,
  };
  const podSpec: Record<string, unknown> = { containers: [container], volumes };
  if (inputs.rbac) podSpec.serviceAccountName = CONTROLLER_MANAGER_SA;
  const metadata = objectMeta(options, CONTROLLER_MANAGER_NAME, { labels: true });
  metadata.annotations = {
    ...metadata.annotations,
    ...controllerManagerDnsAnnotations({
      federationName: options.federationName,
      zoneName: options.dns.zoneName,
      provider: options.dns.provider,
      nameserver: inputs.dnsProviderConfig?.nameserver,
      hasConfig: inputs.dnsProviderConfig !== undefined,
    }),
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: deploymentSpec(options, CONTROLLER_MANAGER_NAME, CONTROLLER_MANAGER_POD_LABELS, podSpec),
  };
}
