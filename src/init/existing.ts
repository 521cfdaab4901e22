import type { FederationPki } from '../certs/types.js';
import {
  APISERVER_CREDENTIALS_SECRET,
  APISERVER_NAME,
  CA_KEY_SECRET,
  CONTROLLER_MANAGER_KUBECONFIG_SECRET,
  CONTROLLER_MANAGER_NAME,
  CONTROLLER_MANAGER_ROLE,
  FEDERATION_NAME_ANNOTATION,
} from '../constants.js';
import { UsageError } from '../errors.js';
import { isBeingDeleted } from '../k8s/namespace-deletion.js';
import { describeRef } from '../k8s/refs.js';
import type { ClusterClient, K8sObject } from '../k8s/types.js';
import type { UserFields } from '../kubeconfig/model.js';
import type { AuthSecrets } from '../federation/objects/spec.js';
import { decodeSecretValue, storedPki } from '../federation/stored-pki.js';
import { grantedSecrets, joinedSecretNames, RBAC_GROUP } from '../federation/secret-access.js';

/** What an earlier init left behind, so a re-run reuses it instead of regenerating it. */
export interface ExistingState {
  namespaceExists: boolean;
  pki: Partial<FederationPki>;
  auth: AuthSecrets;
  /** The member credential Secrets the controller manager's Role grants (join's), kept on a re-run. */
  memberSecrets: string[];
}

/** `<secret>,admin,<uid>` → the secret and the uid (the first line of an auth CSV file). */
function readCsv(text: string | undefined): { secret?: string; uid?: string } {
  const line = text?.split('\n').find((l) => l.trim() !== '');
  if (!line) return {};
  const [secret, , uid] = line.split(',');
  return { secret: secret?.trim(), uid: uid?.trim() };
}

/**
 * Objects of these names that belong to another federation, or that kubefed did not create,
 * are never taken over: reusing another federation's CA or "repairing" its deployments would
 * hijack it (exit 2, before anything is written).
 */
function refuseForeign(objects: (K8sObject | undefined)[], federationName: string, namespace: string, hostContext: string): void {
  for (const obj of objects) {
    if (!obj) continue;
    const owner = obj.metadata.annotations?.[FEDERATION_NAME_ANNOTATION];
    if (owner === federationName) continue;
    const what = `${describeRef({ kind: obj.kind, name: obj.metadata.name })} in namespace ${namespace} of context "${hostContext}"`;
    throw new UsageError(
      owner
        ? `${what} belongs to federation "${owner}"; choose another --federation-system-namespace, or remove that federation first (kubefed destroy ${owner})`
        : `${what} was not created by kubefed; choose another --federation-system-namespace, or remove it first`,
    );
  }
}

/**
 * Reads the namespace and the objects of an earlier run (all reads; nothing is written). A
 * namespace being deleted (a destroy or `kubectl delete namespace` moments ago) is waited for with
 * `untilGone`, and then counts as absent: everything is created anew.
 */
export async function readExistingState(
  host: ClusterClient,
  target: { namespace: string; federationName: string; hostContext: string },
  adminUser: UserFields | undefined,
  rbacVersion: string | undefined,
  untilGone: (namespace: string) => Promise<void>,
): Promise<ExistingState> {
  const { namespace } = target;
  const ns = await host.get({ apiVersion: 'v1', kind: 'Namespace', name: namespace });
  if (!ns || isBeingDeleted(ns)) {
    if (ns) await untilGone(namespace);
    return { namespaceExists: false, pki: {}, auth: {}, memberSecrets: [] };
  }
  const secret = (name: string) => host.get({ apiVersion: 'v1', kind: 'Secret', name, namespace });
  const deployment = (name: string) => host.get({ apiVersion: 'apps/v1', kind: 'Deployment', name, namespace });
  const [credentials, caSecret, cmSecret, service, apiserver, controllerManager] = await Promise.all([
    secret(APISERVER_CREDENTIALS_SECRET),
    secret(CA_KEY_SECRET),
    secret(CONTROLLER_MANAGER_KUBECONFIG_SECRET),
    host.get({ apiVersion: 'v1', kind: 'Service', name: APISERVER_NAME, namespace }),
    deployment(APISERVER_NAME),
    deployment(CONTROLLER_MANAGER_NAME),
  ]);
  refuseForeign([controllerManager, apiserver, service, credentials, caSecret, cmSecret], target.federationName, namespace, target.hostContext);
  const pki = storedPki({ credentials, ca: caSecret, controllerManager: cmSecret }, adminUser);
  const token = readCsv(decodeSecretValue(credentials, 'token.csv'));
  const basic = readCsv(decodeSecretValue(credentials, 'basicauth.csv'));
  return {
    namespaceExists: true,
    pki,
    auth: { token: token.secret, tokenUid: token.uid, password: basic.secret, passwordUid: basic.uid },
    memberSecrets: rbacVersion ? await readMemberSecrets(host, namespace, target.federationName, rbacVersion) : [],
  };
}

/**
 * The Secrets the controller manager's Role grants by name. A Role of an older init granted every
 * Secret: then the member credential Secrets join annotated for this federation take its place.
 */
async function readMemberSecrets(host: ClusterClient, namespace: string, federationName: string, rbacVersion: string): Promise<string[]> {
  const role = await host.get({ apiVersion: `${RBAC_GROUP}/${rbacVersion}`, kind: 'Role', name: CONTROLLER_MANAGER_ROLE, namespace });
  const granted = grantedSecrets(role);
  if (!granted.unrestricted) return granted.names;
  return [...new Set([...granted.names, ...(await joinedSecretNames(host, namespace, federationName))])].sort();
}
