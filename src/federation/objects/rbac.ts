import { CONTROLLER_MANAGER_ROLE, CONTROLLER_MANAGER_SA } from '../../constants.js';
import type { K8sObject } from '../../k8s/types.js';
import { secretRules } from '../secret-access.js';
import { objectMeta } from './meta.js';
import { required, type ControlPlaneFacts, type ControlPlaneSpec } from './spec.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/**
 * ServiceAccount, Role and RoleBinding of the controller manager (the original's objects 7 to 9
 * of init). Unlike the original's Role, which read every Secret of the namespace, it may `get` only
 * the member credential Secrets join stored there, by name (src/federation/secret-access.ts), so the
 * CA key in the same namespace is out of its reach. The Role keeps the original's fixed name
 * whatever the namespace. They exist only when the host serves RBAC (facts.rbacVersion), as in
 * the original.
 */
export function buildControllerManagerServiceAccount(spec: ControlPlaneSpec): K8sObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: objectMeta(spec, CONTROLLER_MANAGER_SA, { labels: true }) };
}

export function buildControllerManagerRole(spec: ControlPlaneSpec, facts: ControlPlaneFacts): K8sObject {
  return {
    apiVersion: `${RBAC_GROUP}/${required(facts.rbacVersion, 'RBAC version')}`,
    kind: 'Role',
    metadata: objectMeta(spec, CONTROLLER_MANAGER_ROLE, { labels: true }),
    rules: secretRules(facts.memberSecrets ?? []),
  };
}

export function buildControllerManagerRoleBinding(spec: ControlPlaneSpec, facts: ControlPlaneFacts): K8sObject {
  return {
    apiVersion: `${RBAC_GROUP}/${required(facts.rbacVersion, 'RBAC version')}`,
    kind: 'RoleBinding',
    metadata: objectMeta(spec, CONTROLLER_MANAGER_ROLE, { labels: true }),
    roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: CONTROLLER_MANAGER_ROLE },
    // The API server drops an empty apiGroup (omitempty), so sending none keeps re-runs at "kept".
    subjects: [{ kind: 'ServiceAccount', name: CONTROLLER_MANAGER_SA, namespace: spec.namespace }],
  };
}
