/**
 * The bootstrap RBAC policy kube-apiserver creates at start-up, as far as it concerns the
 * identities an emulated cluster has (its admin, users, ServiceAccounts, anonymous callers).
 * These objects are the only source of default permissions: a user with no bindings of its own
 * gets exactly what they grant, as on a real cluster.
 */
import type { StoredObject } from './contracts.js';
import { RBAC_GROUP, type PolicyRule } from './rbac.js';

const AUTHENTICATED = 'system:authenticated';
const SERVICE_ACCOUNTS = 'system:serviceaccounts';

/** Each role with the groups its same-named ClusterRoleBinding binds it to. */
const POLICY: { name: string; rules: PolicyRule[]; groups: string[] }[] = [
  {
    name: 'cluster-admin',
    rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { nonResourceURLs: ['*'], verbs: ['*'] }],
    groups: ['system:masters'],
  },
  {
    name: 'system:discovery',
    rules: [{ nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'], verbs: ['get'] }],
    groups: [AUTHENTICATED],
  },
  {
    name: 'system:basic-user',
    rules: [
      { apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], verbs: ['create'] },
    ],
    groups: [AUTHENTICATED],
  },
  {
    name: 'system:public-info-viewer',
    rules: [{ nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'], verbs: ['get'] }],
    groups: [AUTHENTICATED, 'system:unauthenticated'],
  },
  {
    name: 'system:service-account-issuer-discovery',
    rules: [{ nonResourceURLs: ['/.well-known/openid-configuration', '/.well-known/openid-configuration/', '/openid/v1/jwks', '/openid/v1/jwks/'], verbs: ['get'] }],
    groups: [SERVICE_ACCOUNTS],
  },
  {
    // The ClusterTrustBundle feature is GA and on by default since Kubernetes 1.37.
    name: 'system:cluster-trust-bundle-discovery',
    rules: [{ apiGroups: ['certificates.k8s.io'], resources: ['clustertrustbundles'], verbs: ['get', 'list', 'watch'] }],
    groups: [SERVICE_ACCOUNTS],
  },
];

function bootstrapMetadata(name: string): StoredObject['metadata'] {
  return {
    name,
    labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
    annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
  };
}

/** The default ClusterRoles and ClusterRoleBindings a fresh cluster has, for seeding a store. */
export function bootstrapRbacObjects(): StoredObject[] {
  const roles = POLICY.map(({ name, rules }) => ({ apiVersion: `${RBAC_GROUP}/v1`, kind: 'ClusterRole', metadata: bootstrapMetadata(name), rules }));
  const bindings = POLICY.map(({ name, groups }) => ({
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: bootstrapMetadata(name),
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name },
    subjects: groups.map((g) => ({ apiGroup: RBAC_GROUP, kind: 'Group', name: g })),
  }));
  return [...roles, ...bindings];
}
