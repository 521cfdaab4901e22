/**
 * Every certificate a federation uses and where it is kept: the CA and the API server's serving
 * certificate in their Secrets, the controller manager's client certificate in its kubeconfig
 * Secret, and the admin credential of the federation's context in the local kubeconfig.
 */
import type { FederationPki } from '../certs/types.js';
import { APISERVER_CREDENTIALS_SECRET, CA_KEY_SECRET, CONTROLLER_MANAGER_KUBECONFIG_SECRET } from '../constants.js';
import type { UserFields } from '../kubeconfig/model.js';

export type CertificateName = 'ca' | 'apiserver' | 'controller-manager' | 'admin';

export interface InventoryEntry {
  readonly name: CertificateName | 'admin-token';
  /** Where it is kept, for people: `Secret <ns>/<name>` or `kubeconfig user "<name>"`. */
  readonly source: string;
  /** The certificate; undefined when it is missing (or for a token). */
  readonly certPem?: string;
  /** A bearer token: it has no expiry of its own. */
  readonly token?: boolean;
}

export function listCertificates(pki: Partial<FederationPki>, namespace: string, userName: string | undefined, user: UserFields | undefined): InventoryEntry[] {
  const secret = (name: string) => `Secret ${namespace}/${name}`;
  const kubeconfigUser = `kubeconfig user "${userName ?? ''}"`;
  const entries: InventoryEntry[] = [
    { name: 'ca', source: secret(CA_KEY_SECRET), certPem: pki.ca?.certPem },
    { name: 'apiserver', source: secret(APISERVER_CREDENTIALS_SECRET), certPem: pki.server?.certPem },
    { name: 'controller-manager', source: secret(CONTROLLER_MANAGER_KUBECONFIG_SECRET), certPem: pki.controllerManager?.certPem },
  ];
  if (pki.admin || !user?.token) entries.push({ name: 'admin', source: kubeconfigUser, certPem: pki.admin?.certPem });
  if (user?.token) entries.push({ name: 'admin-token', source: kubeconfigUser, token: true });
  return entries;
}
