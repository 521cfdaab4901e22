/**
 * The TLS material a federation keeps on its host (README, kubefed init): the CA in Secret
 * federation-ca, the API server's certificate in apiserver-credentials, and the controller
 * manager's client certificate inside the kubeconfig of controller-manager-kubeconfig. init
 * reads it to reuse it; `certs check-expiration` and `certs renew` to inspect and replace it.
 */
import * as yaml from 'js-yaml';
import type { CertKeyPair, FederationPki } from '../certs/types.js';
import { APISERVER_CREDENTIALS_SECRET, CA_KEY_SECRET, CONTROLLER_MANAGER_KUBECONFIG_SECRET } from '../constants.js';
import type { ClusterClient, K8sObject } from '../k8s/types.js';
import type { UserFields } from '../kubeconfig/model.js';

export interface StoredSecrets {
  credentials?: K8sObject;
  ca?: K8sObject;
  controllerManager?: K8sObject;
}

/** The value of one key of a Secret, decoded; undefined when the Secret or the key is missing. */
export function decodeSecretValue(secret: K8sObject | undefined, key: string): string | undefined {
  const value = (secret as { data?: Record<string, string> } | undefined)?.data?.[key];
  return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
}

export function fromBase64(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? Buffer.from(value, 'base64').toString('utf8') : undefined;
}

export function certKeyPair(certPem: string | undefined, keyPem: string | undefined): CertKeyPair | undefined {
  return certPem ? { certPem, keyPem: keyPem ?? '' } : undefined;
}

/** The client certificate of the kubeconfig held in Secret controller-manager-kubeconfig. */
export function controllerManagerPair(secret: K8sObject | undefined): CertKeyPair | undefined {
  const text = decodeSecretValue(secret, 'kubeconfig');
  if (!text) return undefined;
  try {
    const doc = yaml.load(text) as { users?: { user?: UserFields }[] } | undefined;
    const user = doc?.users?.[0]?.user;
    return certKeyPair(fromBase64(user?.['client-certificate-data']), fromBase64(user?.['client-key-data']));
  } catch {
    return undefined; // an unreadable kubeconfig counts as missing
  }
}

/** The admin client certificate of a kubeconfig user. */
export function adminPair(user: UserFields | undefined): CertKeyPair | undefined {
  return certKeyPair(fromBase64(user?.['client-certificate-data']), fromBase64(user?.['client-key-data']));
}

/** The PKI found in the three Secrets (and the admin user), each part only when present. */
export function storedPki(secrets: StoredSecrets, adminUser: UserFields | undefined): Partial<FederationPki> {
  const pki: Partial<FederationPki> = {};
  const ca = certKeyPair(decodeSecretValue(secrets.ca, 'ca.crt') ?? decodeSecretValue(secrets.credentials, 'ca.crt'), decodeSecretValue(secrets.ca, 'ca.key'));
  if (ca) pki.ca = ca;
  const server = certKeyPair(decodeSecretValue(secrets.credentials, 'server.crt'), decodeSecretValue(secrets.credentials, 'server.key'));
  if (server) pki.server = server;
  const cm = controllerManagerPair(secrets.controllerManager);
  if (cm) pki.controllerManager = cm;
  const admin = adminPair(adminUser);
  if (admin) pki.admin = admin;
  return pki;
}

/** Reads the three Secrets of a federation's TLS material (missing ones stay undefined). */
export async function readStoredSecrets(host: ClusterClient, namespace: string): Promise<StoredSecrets> {
  const secret = (name: string) => host.get({ apiVersion: 'v1', kind: 'Secret', name, namespace });
  const [credentials, ca, controllerManager] = await Promise.all([
    secret(APISERVER_CREDENTIALS_SECRET),
    secret(CA_KEY_SECRET),
    secret(CONTROLLER_MANAGER_KUBECONFIG_SECRET),
  ]);
  return { credentials, ca, controllerManager };
}
