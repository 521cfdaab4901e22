import { CONTROLLER_MANAGER_ROLE, CONTROLLER_MANAGER_SA } from '../../constants.js';
import type { K8sObject } from '../../k8s/types.js';
import type { InitOptions } from '../options.js';
import { objectMeta } from './meta.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/**
 * ServiceAccount, Role and RoleBinding of the controller manager (reference §2.4 #7–9): it may
 * read the Secrets in the federation namespace, where join stores the member credentials. The
 * Role keeps the original's fixed name whatever the namespace.
 */
export function buildControllerManagerRbac(options: InitOptions, rbacVersion: string): K8sObject[] {
  const apiVersion = `${RBAC_GROUP}/${rbacVersion}`;
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: objectMeta(options, CONTROLLER_MANAGER_SA, { labels: true }) },
    {
      apiVersion,
      kind: 'Role',
      metadata: objectMeta(options, CONTROLLER_MANAGER_ROLE, { labels: true }),
      rules: [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['secrets'] }],
    },
    {
      apiVersion,
      kind: 'RoleBinding',
      metadata: objectMeta(options, CONTROLLER_MANAGER_ROLE, { labels: true }),
      roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: CONTROLLER_MANAGER_ROLE },
      // The API server drops an empty apiGroup (omitempty), so sending none keeps re-runs at "kept".
      subjects: [{ kind: 'ServiceAccount', name: CONTROLLER_MANAGER_SA, namespace: options.namespace }],
    },
  ];
}
