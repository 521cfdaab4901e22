import * as yaml from 'js-yaml';
import type { FederationPki, CertKeyPair } from '../certs/types.js';
import { APISERVER_CREDENTIALS_SECRET, CA_KEY_SECRET, CONTROLLER_MANAGER_KUBECONFIG_SECRET } from '../constants.js';
import type { ClusterClient, K8sObject } from '../k8s/types.js';
import type { UserFields } from '../kubeconfig/model.js';
import type { AuthSecrets } from './objects/secrets.js';

/** What an earlier init left behind, so a re-run reuses it instead of regenerating it. */
export interface ExistingState {
  namespaceExists: boolean;
  pki: Partial<FederationPki>;
  auth: AuthSecrets;
}

function decode(secret: K8sObject | undefined, key: string): string | undefined {
  const value = (secret as { data?: Record<string, string> } | undefined)?.data?.[key];
  return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
}

function fromBase64(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? Buffer.from(value, 'base64').toString('utf8') : undefined;
}

function pair(certPem: string | undefined, keyPem: string | undefined): CertKeyPair | undefined {
  return certPem ? { certPem, keyPem: keyPem ?? '' } : undefined;
}

/** `<secret>,admin,<uid>` → the secret and the uid (the first line of an auth CSV file). */
function readCsv(text: string | undefined): { secret?: string; uid?: string } {
  const line = text?.split('\n').find((l) => l.trim() !== '');
  if (!line) return {};
  const [secret, , uid] = line.split(',');
  return { secret: secret?.trim(), uid: uid?.trim() };
}

function controllerManagerPair(secret: K8sObject | undefined): CertKeyPair | undefined {
  const text = decode(secret, 'kubeconfig');
  if (!text) return undefined;
  try {
    const doc = yaml.load(text) as { users?: { user?: UserFields }[] } | undefined;
    const user = doc?.users?.[0]?.user;
    return pair(fromBase64(user?.['client-certificate-data']), fromBase64(user?.['client-key-data']));
  } catch {
    return undefined; // an unreadable kubeconfig is re-issued
  }
}

/** Reads the namespace and the Secrets of an earlier run (all reads; nothing is written). */
export async function readExistingState(host: ClusterClient, namespace: string, adminUser: UserFields | undefined): Promise<ExistingState> {
  const ns = await host.get({ apiVersion: 'v1', kind: 'Namespace', name: namespace });
  if (!ns) return { namespaceExists: false, pki: {}, auth: {} };
  const secret = (name: string) => host.get({ apiVersion: 'v1', kind: 'Secret', name, namespace });
  const [credentials, caSecret, cmSecret] = await Promise.all([
    secret(APISERVER_CREDENTIALS_SECRET),
    secret(CA_KEY_SECRET),
    secret(CONTROLLER_MANAGER_KUBECONFIG_SECRET),
  ]);
  const pki: Partial<FederationPki> = {};
  const ca = pair(decode(caSecret, 'ca.crt') ?? decode(credentials, 'ca.crt'), decode(caSecret, 'ca.key'));
  if (ca) pki.ca = ca;
  const server = pair(decode(credentials, 'server.crt'), decode(credentials, 'server.key'));
  if (server) pki.server = server;
  const cm = controllerManagerPair(cmSecret);
  if (cm) pki.controllerManager = cm;
  const admin = pair(fromBase64(adminUser?.['client-certificate-data']), fromBase64(adminUser?.['client-key-data']));
  if (admin) pki.admin = admin;
  const token = readCsv(decode(credentials, 'token.csv'));
  const basic = readCsv(decode(credentials, 'basicauth.csv'));
  return {
    namespaceExists: true,
    pki,
    auth: { token: token.secret, tokenUid: token.uid, password: basic.secret, passwordUid: basic.uid },
  };
}
