import type { FederationPki } from '../certs/types.js';
import type { K8sObject } from '../k8s/types.js';
import { endpointUrl, runningAt, buildLocalKubeconfigEntries, type EndpointFacts, type KubeconfigEntries } from './kubeconfig-entries.js';
import { buildApiserverDeployment } from './objects/apiserver-deployment.js';
import { buildControllerManagerDeployment } from './objects/controller-manager-deployment.js';
import { buildNamespace } from './objects/namespace.js';
import { buildEtcdClaim, usesEtcdClaim } from './objects/pvc.js';
import { buildControllerManagerRbac } from './objects/rbac.js';
import {
  buildCaSecret,
  buildControllerManagerKubeconfigSecret,
  buildCredentialsSecret,
  buildDnsProviderSecret,
  type AuthSecrets,
} from './objects/secrets.js';
import { buildApiserverService } from './objects/service.js';
import type { InitOptions } from './options.js';

export { buildApiserverService };

/** What run.ts learned from the host cluster and generated before planning. */
export interface InitFacts {
  /** The RBAC API version the host serves; undefined → no ServiceAccount/Role/RoleBinding, as the original. */
  rbacVersion?: string;
  endpoint: EndpointFacts;
  /** Defaults to --api-server-advertise-address, else the first endpoint IP (reference §2.3 step 8). */
  advertiseAddress?: string;
  pki: FederationPki;
  auth: AuthSecrets;
  /** Defaults to the file read while validating (options.dns.providerConfig). */
  dnsProviderConfig?: { text: string; nameserver?: string };
  namespaceExists: boolean;
  /** The resolved host context name, recorded in the kubeconfig extension; defaults to --host-cluster-context. */
  hostContext?: string;
}

export type InitStepName = 'namespace' | 'service' | 'credentials' | 'deployments';

export interface InitPlan {
  steps: { step: InitStepName; objects: K8sObject[] }[];
  kubeconfig: KubeconfigEntries;
  endpointUrl: string;
  /** The text after "Federation API server is running at: ". */
  runningAt: string;
}

/** Every object init creates, in the original's order (reference §2.3/§2.4), and the kubeconfig entries. */
export function planInit(options: InitOptions, facts: InitFacts): InitPlan {
  const advertiseAddress = facts.advertiseAddress ?? options.service.advertiseAddress ?? facts.endpoint.ips[0];
  const dnsConfig = facts.dnsProviderConfig ?? options.dns.providerConfig;

  const credentials = [
    buildCredentialsSecret(options, facts.pki, facts.auth),
    buildCaSecret(options, facts.pki),
    buildControllerManagerKubeconfigSecret(options, facts.pki),
  ];
  if (usesEtcdClaim(options)) credentials.push(buildEtcdClaim(options));

  const deployments = [buildApiserverDeployment(options, advertiseAddress)];
  if (facts.rbacVersion !== undefined) deployments.push(...buildControllerManagerRbac(options, facts.rbacVersion));
  if (dnsConfig !== undefined) deployments.push(buildDnsProviderSecret(options, dnsConfig.text));
  deployments.push(
    buildControllerManagerDeployment(options, {
      rbac: facts.rbacVersion !== undefined,
      dnsProviderConfig: dnsConfig === undefined ? undefined : { nameserver: dnsConfig.nameserver },
    }),
  );

  const url = endpointUrl(facts.endpoint);
  return {
    steps: [
      { step: 'namespace', objects: facts.namespaceExists ? [] : [buildNamespace(options)] },
      { step: 'service', objects: [buildApiserverService(options)] },
      { step: 'credentials', objects: credentials },
      { step: 'deployments', objects: deployments },
    ],
    kubeconfig: buildLocalKubeconfigEntries({
      federationName: options.federationName,
      namespace: options.namespace,
      hostContext: facts.hostContext ?? options.hostClusterContext,
      server: url,
      pki: facts.pki,
      token: options.auth.token ? facts.auth.token : undefined,
      password: options.auth.basic ? facts.auth.password : undefined,
    }),
    endpointUrl: url,
    runningAt: runningAt(options.service.type, facts.endpoint),
  };
}

/** All objects of a plan in apply order. */
export function planObjects(plan: InitPlan): K8sObject[] {
  return plan.steps.flatMap((s) => s.objects);
}
