/**
 * Pure: what `certs renew` changes on the host and in the kubeconfig for a renewal — the keys of
 * the Secrets that hold the renewed certificates, the pod template annotation that rolls the
 * Deployments mounting them, and the federation's kubeconfig user (and cluster, for a new CA).
 */
import * as yaml from 'js-yaml';
import type { FederationPki } from '../certs/types.js';
import type { StoredSecrets } from '../federation/stored-pki.js';
import type { K8sObject } from '../k8s/types.js';
import type { KubeconfigEdit } from '../kubeconfig/edit.js';
import type { ResolvedContext, UserFields } from '../kubeconfig/model.js';
import type { Renewal } from './issue.js';

export const RENEWED_AT_ANNOTATION = 'federation.alpha.kubernetes.io/certs-renewed-at';

export interface HostChange {
  /** For people: `Secret federation-system/apiserver-credentials (server.crt, server.key)`. */
  readonly description: string;
  /** The live object with the change made, written back with its resourceVersion. */
  readonly object: K8sObject;
}

export interface RenewPlan {
  readonly host: readonly HostChange[];
  readonly kubeconfig?: { readonly description: string; readonly edit: KubeconfigEdit };
}

export interface LiveObjects extends StoredSecrets {
  apiserver?: K8sObject;
  controllerManager?: K8sObject;
  cmDeployment?: K8sObject;
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

export function planRenewal(renewal: Renewal, live: LiveObjects, federation: ResolvedContext, now: Date): RenewPlan {
  const pki = renewal.pki as FederationPki;
  const has = (name: string) => (renewal.renewed as readonly string[]).includes(name);
  const newCa = has('ca');
  const host: HostChange[] = [];
  if (newCa && live.ca) host.push(secretChange(live.ca, { 'ca.crt': pki.ca.certPem, 'ca.key': pki.ca.keyPem }));
  if ((newCa || has('server')) && live.credentials) {
    host.push(secretChange(live.credentials, { 'ca.crt': pki.ca.certPem, 'server.crt': pki.server.certPem, 'server.key': pki.server.keyPem }));
  }
  if ((newCa || has('controller-manager')) && live.controllerManager) {
    host.push(secretChange(live.controllerManager, { kubeconfig: withClientCertificate(live.controllerManager, pki) }));
  }
  const stamp = now.toISOString();
  if ((newCa || has('server')) && live.apiserver) host.push(rollChange(live.apiserver, stamp));
  if ((newCa || has('controller-manager')) && live.cmDeployment) host.push(rollChange(live.cmDeployment, stamp));
  return { host, kubeconfig: kubeconfigChange(pki, federation, has('admin'), newCa) };
}

function secretChange(secret: K8sObject, values: Record<string, string>): HostChange {
  const data = { ...((secret as { data?: Record<string, string> }).data ?? {}) };
  for (const [key, value] of Object.entries(values)) data[key] = b64(value);
  const ref = `${secret.metadata.namespace}/${secret.metadata.name}`;
  return { description: `Secret ${ref} (${Object.keys(values).join(', ')})`, object: { ...secret, data } as K8sObject };
}

/** The controller manager's kubeconfig with the new client certificate (and CA), nothing else changed. */
function withClientCertificate(secret: K8sObject, pki: FederationPki): string {
  const text = Buffer.from((secret as { data?: Record<string, string> }).data?.kubeconfig ?? '', 'base64').toString('utf8');
  const doc = (yaml.load(text) ?? {}) as { clusters?: { cluster?: Record<string, unknown> }[]; users?: { user?: UserFields }[] };
  for (const entry of doc.clusters ?? []) if (entry.cluster) entry.cluster['certificate-authority-data'] = b64(pki.ca.certPem);
  for (const entry of doc.users ?? []) {
    if (!entry.user) continue;
    entry.user['client-certificate-data'] = b64(pki.controllerManager.certPem);
    entry.user['client-key-data'] = b64(pki.controllerManager.keyPem);
  }
  return yaml.dump(doc, { lineWidth: -1, noRefs: true, sortKeys: true });
}

/** A new pod template annotation: the Deployment rolls and its new pods read the new files. */
function rollChange(deployment: K8sObject, stamp: string): HostChange {
  const spec = (deployment.spec ?? {}) as { template?: { metadata?: { annotations?: Record<string, string> } } };
  const template = spec.template ?? {};
  const metadata = template.metadata ?? {};
  const annotations = { ...(metadata.annotations ?? {}), [RENEWED_AT_ANNOTATION]: stamp };
  const object = { ...deployment, spec: { ...spec, template: { ...template, metadata: { ...metadata, annotations } } } } as K8sObject;
  return { description: `Deployment ${deployment.metadata.namespace}/${deployment.metadata.name} (pods restarted)`, object };
}

function kubeconfigChange(pki: FederationPki, federation: ResolvedContext, admin: boolean, newCa: boolean): RenewPlan['kubeconfig'] {
  const edit: KubeconfigEdit = {};
  const parts: string[] = [];
  if (admin && federation.userName && federation.user) {
    edit.users = [{ name: federation.userName, user: { ...federation.user, 'client-certificate-data': b64(pki.admin.certPem), 'client-key-data': b64(pki.admin.keyPem) } }];
    parts.push(`user "${federation.userName}"`);
  }
  if (newCa) {
    edit.clusters = [{ name: federation.clusterName, cluster: { ...federation.cluster, 'certificate-authority-data': b64(pki.ca.certPem) } }];
    parts.push(`cluster "${federation.clusterName}"`);
  }
  return parts.length > 0 ? { description: `kubeconfig ${parts.join(' and ')}`, edit } : undefined;
}

