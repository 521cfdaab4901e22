/**
 * Plan step of init (pure): the catalogue of the control plane (src/federation/catalogue.ts)
 * built for these options and facts — every object in the original's order, grouped in its four
 * steps — and the kubeconfig entries init adds. A client dry run prints exactly this.
 */
import { buildStepObjects, CONTROL_PLANE_STEPS, type StepName } from '../federation/catalogue.js';
import type { AuthSecrets, ControlPlaneFacts } from '../federation/objects/spec.js';
import type { FederationPki } from '../certs/types.js';
import type { K8sObject } from '../k8s/types.js';
import { endpointUrl, runningAt, buildLocalKubeconfigEntries, type EndpointFacts, type KubeconfigEntries } from './kubeconfig-entries.js';
import type { InitOptions } from './options.js';

/** What init learned from the host cluster and generated before planning. */
export interface InitFacts extends ControlPlaneFacts {
  endpoint: EndpointFacts;
  pki: FederationPki;
  auth: AuthSecrets;
  /** The resolved host context name, recorded in the kubeconfig extension; defaults to --host-cluster-context. */
  hostContext?: string;
}

export type InitStepName = StepName;

export interface InitPlan {
  steps: { step: InitStepName; title: string; objects: K8sObject[] }[];
  kubeconfig: KubeconfigEntries;
  endpointUrl: string;
  /** The text after "Federation API server is running at: ". */
  runningAt: string;
}

/**
 * The facts the builders read, with the defaults filled in: the advertise address is the one
 * given, else --api-server-advertise-address, else the first endpoint IP (the original's rule);
 * the DNS provider config is the file read while validating.
 */
export function controlPlaneFacts(options: InitOptions, facts: ControlPlaneFacts & { endpoint?: EndpointFacts }): ControlPlaneFacts {
  return {
    ...facts,
    advertiseAddress: facts.advertiseAddress ?? options.service.advertiseAddress ?? facts.endpoint?.ips[0],
    dnsProviderConfig: facts.dnsProviderConfig ?? options.dns.providerConfig,
  };
}

/** Every object init creates, in the original's order, and the kubeconfig entries. */
export function planInit(options: InitOptions, facts: InitFacts): InitPlan {
  const resolved = controlPlaneFacts(options, facts);
  const url = endpointUrl(facts.endpoint);
  return {
    steps: CONTROL_PLANE_STEPS.map((step) => ({ step: step.name, title: step.creating(options.namespace), objects: buildStepObjects(step.name, options, resolved) })),
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
