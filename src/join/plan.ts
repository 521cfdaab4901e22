/**
 * Plan step of join (pure): the objects one member's join creates, in order, and where each
 * goes. The host Secret of the token path gets its data from the member's token Secret at run
 * time; everything else is fixed here, so dry-run prints exactly what would be sent.
 */
import {
  CLUSTER_NAME_ANNOTATION,
  CLUSTER_ROLE_ANNOTATION,
  FEDERATION_NAME_ANNOTATION,
  SERVICE_ACCOUNT_ANNOTATION,
} from '../constants.js';
import type { KubeDnsEntries } from '../dns/kube-dns.js';
import type { K8sObject, ObjectRef } from '../k8s/types.js';
import { CLUSTER_API_VERSION } from '../federation/cluster.js';
import { clusterRoleName, serverAddress, serviceAccountName, tokenSecretName } from '../federation/names.js';
import { SA_NAME_ANNOTATION, SA_TOKEN_TYPE } from '../k8s/well-known.js';
import type { Where } from '../federation/where.js';

/**
 * `keep`: an existing object is left exactly as it is (the member's namespace, and the token
 * Secret, whose token must not be reset); `converge`: an existing object is brought to this shape.
 */
export type ApplyPolicy = 'keep' | 'converge';

export type JoinStep =
  | { kind: 'apply'; where: Where; object: K8sObject; policy: ApplyPolicy; fillFromToken?: boolean }
  | { kind: 'wait-token'; secret: ObjectRef }
  /** The controller manager's Role on the host gets `get` on the member's credentials Secret, by name. */
  | { kind: 'grant-secret'; namespace: string; secret: string }
  | { kind: 'kube-dns'; entries: KubeDnsEntries };

export interface MemberPlanInput {
  clusterName: string;
  federationName: string;
  namespace: string;
  hostContext: string;
  /** The member's API server URL as the kubeconfig has it. */
  memberServer: string;
  secretName: string;
  /** The member's RBAC API version (discovered). */
  rbacVersion: string;
  /** Token path (RBAC on the member, no --credentials-kubeconfig) or kubeconfig path. */
  credentials: { type: 'token' } | { type: 'kubeconfig'; kubeconfigYaml: string };
  kubeDns: KubeDnsEntries;
}

export interface MemberPlan {
  clusterName: string;
  secretName: string;
  serviceAccount?: string;
  clusterRole?: string;
  tokenSecret?: string;
  steps: JoinStep[];
}

export function planMember(input: MemberPlanInput): MemberPlan {
  const ours = {
    [FEDERATION_NAME_ANNOTATION]: input.federationName,
    [CLUSTER_NAME_ANNOTATION]: input.clusterName,
  };
  const ns = input.namespace;
  const steps: JoinStep[] = [
    { kind: 'apply', where: 'member', policy: 'keep', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, annotations: ours } } },
  ];
  const plan: MemberPlan = { clusterName: input.clusterName, secretName: input.secretName, steps };
  let hostData: Record<string, string> | undefined;
  if (input.credentials.type === 'token') {
    const sa = serviceAccountName(input.clusterName, input.hostContext);
    const role = clusterRoleName(input.federationName, sa);
    const token = tokenSecretName(sa);
    Object.assign(plan, { serviceAccount: sa, clusterRole: role, tokenSecret: token });
    steps.push(
      { kind: 'apply', where: 'member', policy: 'converge', object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa, namespace: ns, annotations: ours } } },
      {
        kind: 'apply',
        where: 'member',
        policy: 'keep',
        object: {
          apiVersion: 'v1',
          kind: 'Secret',
          type: SA_TOKEN_TYPE,
          metadata: { name: token, namespace: ns, annotations: { ...ours, [SA_NAME_ANNOTATION]: sa } },
        },
      },
      { kind: 'wait-token', secret: { apiVersion: 'v1', kind: 'Secret', name: token, namespace: ns } },
      { kind: 'apply', where: 'member', policy: 'converge', object: clusterRole(role, input.rbacVersion, ours) },
      { kind: 'apply', where: 'member', policy: 'converge', object: clusterRoleBinding(role, sa, ns, input.rbacVersion, ours) },
    );
  } else {
    hostData = { kubeconfig: Buffer.from(input.credentials.kubeconfigYaml, 'utf8').toString('base64') };
  }
  steps.push(
    {
      kind: 'apply',
      where: 'host',
      policy: 'converge',
      fillFromToken: input.credentials.type === 'token',
      object: { apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: input.secretName, namespace: ns, annotations: ours }, ...(hostData ? { data: hostData } : {}) },
    },
    { kind: 'grant-secret', namespace: ns, secret: input.secretName },
    { kind: 'apply', where: 'federation', policy: 'converge', object: clusterObject(input, plan) },
    { kind: 'kube-dns', entries: input.kubeDns },
  );
  return plan;
}

function clusterObject(input: MemberPlanInput, plan: MemberPlan): K8sObject {
  const annotations =
    plan.serviceAccount && plan.clusterRole
      ? { [SERVICE_ACCOUNT_ANNOTATION]: plan.serviceAccount, [CLUSTER_ROLE_ANNOTATION]: plan.clusterRole }
      : undefined;
  return {
    apiVersion: CLUSTER_API_VERSION,
    kind: 'Cluster',
    metadata: { name: input.clusterName, ...(annotations ? { annotations } : {}) },
    spec: {
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: serverAddress(input.memberServer) }],
      secretRef: { name: input.secretName },
    },
  };
}

function clusterRole(name: string, version: string, annotations: Record<string, string>): K8sObject {
  return {
    apiVersion: `rbac.authorization.k8s.io/${version}`,
    kind: 'ClusterRole',
    metadata: { name, annotations },
    rules: [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['/healthz'], verbs: ['get'] },
    ],
  };
}

function clusterRoleBinding(name: string, sa: string, namespace: string, version: string, annotations: Record<string, string>): K8sObject {
  return {
    apiVersion: `rbac.authorization.k8s.io/${version}`,
    kind: 'ClusterRoleBinding',
    metadata: { name, annotations },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ kind: 'ServiceAccount', name: sa, namespace }],
  };
}

/** The host Secret with the member's token, CA and namespace copied from its token Secret. */
export function withTokenData(hostSecret: K8sObject, tokenSecret: K8sObject): K8sObject {
  const source = (tokenSecret.data ?? {}) as Record<string, string>;
  const data: Record<string, string> = {};
  for (const key of ['ca.crt', 'namespace', 'token']) if (source[key] !== undefined) data[key] = source[key];
  return { ...hostSecret, data };
}

