import { describe, expect, it } from 'vitest';
import { planMember, withTokenData, type MemberPlanInput } from '../../../src/join/plan.js';
import type { K8sObject } from '../../../src/k8s/types.js';

const OURS = { 'federation.alpha.kubernetes.io/federation-name': 'fellowship', 'federation.alpha.kubernetes.io/cluster-name': 'gondor' };

const INPUT: MemberPlanInput = {
  clusterName: 'gondor',
  federationName: 'fellowship',
  namespace: 'federation-system',
  hostContext: 'gke_proj_us-east1-b_c0',
  memberServer: 'gondor.example:6443',
  secretName: 'gondor-b2c4d',
  rbacVersion: 'v1',
  credentials: { type: 'token' },
  kubeDns: { federationName: 'fellowship', federationsEntry: 'fellowship=example.com' },
};

describe('planMember, token path', () => {
  const plan = planMember(INPUT);

  it('names everything after the cluster, the safe host context and the federation', () => {
    expect(plan).toMatchObject({
      clusterName: 'gondor',
      secretName: 'gondor-b2c4d',
      serviceAccount: 'gondor-gke-proj-us-east1-b-c0',
      tokenSecret: 'gondor-gke-proj-us-east1-b-c0-token',
      clusterRole: 'federation-controller-manager:fellowship-gondor-gke-proj-us-east1-b-c0',
    });
  });

  it("orders the steps: member objects, token wait, RBAC, host secret, the controller manager's grant of it, Cluster, kube-dns", () => {
    expect(plan.steps.map((s) => (s.kind === 'apply' ? `${s.where}:${s.object.kind}:${s.policy}` : s.kind))).toEqual([
      'member:Namespace:keep',
      'member:ServiceAccount:converge',
      'member:Secret:keep',
      'wait-token',
      'member:ClusterRole:converge',
      'member:ClusterRoleBinding:converge',
      'host:Secret:converge',
      'grant-secret',
      'federation:Cluster:converge',
      'kube-dns',
    ]);
  });

  it('builds the exact objects', () => {
    const objects = plan.steps.flatMap((s) => (s.kind === 'apply' ? [s.object] : []));
    expect(objects).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'federation-system', annotations: OURS } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'gondor-gke-proj-us-east1-b-c0', namespace: 'federation-system', annotations: OURS } },
      {
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'kubernetes.io/service-account-token',
        metadata: {
          name: 'gondor-gke-proj-us-east1-b-c0-token',
          namespace: 'federation-system',
          annotations: { ...OURS, 'kubernetes.io/service-account.name': 'gondor-gke-proj-us-east1-b-c0' },
        },
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'federation-controller-manager:fellowship-gondor-gke-proj-us-east1-b-c0', annotations: OURS },
        rules: [
          { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
          { nonResourceURLs: ['/healthz'], verbs: ['get'] },
        ],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'federation-controller-manager:fellowship-gondor-gke-proj-us-east1-b-c0', annotations: OURS },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'federation-controller-manager:fellowship-gondor-gke-proj-us-east1-b-c0' },
        subjects: [{ kind: 'ServiceAccount', name: 'gondor-gke-proj-us-east1-b-c0', namespace: 'federation-system' }],
      },
      { apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: 'gondor-b2c4d', namespace: 'federation-system', annotations: OURS } },
      {
        apiVersion: 'federation/v1beta1',
        kind: 'Cluster',
        metadata: {
          name: 'gondor',
          annotations: {
            'federation.kubernetes.io/service-account-name': 'gondor-gke-proj-us-east1-b-c0',
            'federation.kubernetes.io/cluster-role-name': 'federation-controller-manager:fellowship-gondor-gke-proj-us-east1-b-c0',
          },
        },
        spec: {
          serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: 'https://gondor.example:6443' }],
          secretRef: { name: 'gondor-b2c4d' },
        },
      },
    ]);
  });

  it('never writes the misspelt annotation key of the original', () => {
    expect(JSON.stringify(plan)).not.toContain('servive');
  });
});

describe('planMember, kubeconfig path', () => {
  const plan = planMember({ ...INPUT, credentials: { type: 'kubeconfig', kubeconfigYaml: 'apiVersion: v1\nkind: Config\n' } });

  it('creates no ServiceAccount or RBAC and stores the kubeconfig', () => {
    expect(plan.serviceAccount).toBeUndefined();
    expect(plan.steps.map((s) => (s.kind === 'apply' ? `${s.where}:${s.object.kind}` : s.kind))).toEqual([
      'member:Namespace',
      'host:Secret',
      'grant-secret',
      'federation:Cluster',
      'kube-dns',
    ]);
    const secret = plan.steps[1].kind === 'apply' ? plan.steps[1].object : undefined;
    expect(secret?.data).toEqual({ kubeconfig: Buffer.from('apiVersion: v1\nkind: Config\n').toString('base64') });
    const cluster = plan.steps[3].kind === 'apply' ? plan.steps[3].object : undefined;
    expect(cluster?.metadata).toEqual({ name: 'gondor' });
  });
});

describe('withTokenData', () => {
  it('copies only ca.crt, namespace and token from the token Secret', () => {
    const token: K8sObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 't' },
      data: { 'ca.crt': 'Q0E=', namespace: 'bnM=', token: 'dG9r', extra: 'eA==' },
    };
    const host: K8sObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'h' } };
    expect(withTokenData(host, token).data).toEqual({ 'ca.crt': 'Q0E=', namespace: 'bnM=', token: 'dG9r' });
  });
});

describe('every Kubernetes object join generates validates against the OpenAPI models', () => {
  it.each([
    ['token path', planMember(INPUT)],
    ['kubeconfig path', planMember({ ...INPUT, credentials: { type: 'kubeconfig', kubeconfigYaml: 'kind: Config\n' } })],
  ])('%s', async (_name, plan) => {
    const core = await import('kubernetes-models/v1');
    const rbac = await import('kubernetes-models/rbac.authorization.k8s.io/v1');
    const { mergeKubeDns } = await import('../../../src/dns/kube-dns.js');
    const models: Record<string, new (o: never) => { validate(): void }> = {
      Namespace: core.Namespace,
      ServiceAccount: core.ServiceAccount,
      Secret: core.Secret,
      ConfigMap: core.ConfigMap,
      ClusterRole: rbac.ClusterRole,
      ClusterRoleBinding: rbac.ClusterRoleBinding,
    };
    const host = plan.steps.find((s) => s.kind === 'apply' && s.where === 'host');
    const token: K8sObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 't' }, data: { 'ca.crt': 'Q0E=', namespace: 'bnM=', token: 'dG9r' } };
    const objects = plan.steps.flatMap((s) => (s.kind === 'apply' && s.object.kind !== 'Cluster' ? [s === host ? withTokenData(s.object, token) : s.object] : []));
    objects.push(mergeKubeDns(undefined, { ...INPUT.kubeDns, stubDomain: { zone: 'example.com', nameserver: '10.0.0.1:53' } }, 'gondor').object as K8sObject);
    for (const object of objects) {
      const Model = models[object.kind];
      expect(Model, object.kind).toBeDefined();
      expect(() => new Model(object as never).validate(), `${object.kind} ${object.metadata.name}`).not.toThrow();
    }
  });
});
