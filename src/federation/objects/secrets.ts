import * as yaml from 'js-yaml';
import {
  APISERVER_CREDENTIALS_SECRET,
  CA_KEY_SECRET,
  CONTROLLER_MANAGER_KUBECONFIG_SECRET,
  DNS_PROVIDER_SECRET,
} from '../../constants.js';
import type { K8sObject } from '../../k8s/types.js';
import { buildControllerManagerKubeconfig } from './controller-manager-kubeconfig.js';
import { required, type ControlPlaneFacts, type ControlPlaneSpec } from './spec.js';

import { base64, objectMeta } from './meta.js';

function opaqueSecret(options: ControlPlaneSpec, name: string, entries: Record<string, string>): K8sObject {
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(entries)) data[key] = base64(value);
  return { apiVersion: 'v1', kind: 'Secret', metadata: objectMeta(options, name), type: 'Opaque', data };
}

/** One CSV line as the API server's --basic-auth-file / --token-auth-file read it. */
function csvLine(secret: string | undefined, uid: string | undefined, flag: string, noun: string): string {
  if (!secret || !uid) throw new Error(`${flag} is on but no ${noun} and uid were generated`);
  return `${secret},admin,${uid}\n`;
}

/** Secret `apiserver-credentials`: what the API server mounts at /etc/federation/apiserver. */
export function buildCredentialsSecret(options: ControlPlaneSpec, facts: ControlPlaneFacts): K8sObject {
  const pki = required(facts.pki, 'PKI');
  const auth = facts.auth ?? {};
  const entries: Record<string, string> = {
    'ca.crt': pki.ca.certPem,
    'server.crt': pki.server.certPem,
    'server.key': pki.server.keyPem,
  };
  if (options.auth.basic) entries['basicauth.csv'] = csvLine(auth.password, auth.passwordUid, '--apiserver-enable-basic-auth', 'password');
  if (options.auth.token) entries['token.csv'] = csvLine(auth.token, auth.tokenUid, '--apiserver-enable-token-auth', 'token');
  return opaqueSecret(options, APISERVER_CREDENTIALS_SECRET, entries);
}

/**
 * Secret `federation-ca`: the CA certificate and key, kept (unlike the original) so that a later
 * run can issue new certificates under the same CA. Nothing mounts it.
 */
export function buildCaSecret(options: ControlPlaneSpec, facts: ControlPlaneFacts): K8sObject {
  const pki = required(facts.pki, 'PKI');
  return opaqueSecret(options, CA_KEY_SECRET, { 'ca.crt': pki.ca.certPem, 'ca.key': pki.ca.keyPem });
}

/** Secret `controller-manager-kubeconfig`: key `kubeconfig`, a kubeconfig for https://apiserver. */
export function buildControllerManagerKubeconfigSecret(options: ControlPlaneSpec, facts: ControlPlaneFacts): K8sObject {
  const doc = buildControllerManagerKubeconfig(options.federationName, required(facts.pki, 'PKI'));
  const text = yaml.dump(doc, { lineWidth: -1, noRefs: true, sortKeys: true });
  return opaqueSecret(options, CONTROLLER_MANAGER_KUBECONFIG_SECRET, { kubeconfig: text });
}

/** Secret `federation-dns-provider.conf`: the config file's bytes, under the same key. */
export function buildDnsProviderSecret(options: ControlPlaneSpec, facts: ControlPlaneFacts): K8sObject {
  const { text } = required(facts.dnsProviderConfig, 'DNS provider config');
  return opaqueSecret(options, DNS_PROVIDER_SECRET, { [DNS_PROVIDER_SECRET]: text });
}
