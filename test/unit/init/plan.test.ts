import * as yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { buildApiserverService } from '../../../src/federation/objects/service.js';
import { planInit, planObjects, type InitPlan } from '../../../src/init/plan.js';
import type { K8sObject } from '../../../src/k8s/types.js';
import { COREDNS_CONF, memoryIo, resolveOk } from './helpers.js';
import { validateWithModels } from './models.js';
import { decode, factsWith } from './plan-fixtures.js';

function find(plan: InitPlan, kind: string, name: string): K8sObject | undefined {
  return planObjects(plan).find((o) => o.kind === kind && o.metadata.name === name);
}

function podSpec(deployment: K8sObject | undefined): any {
  return (deployment?.spec as any).template.spec;
}

describe('planInit', () => {
  it('orders the objects as the original and names every step', () => {
    const options = resolveOk({ dnsProviderConfig: 'coredns.conf' }, memoryIo({ '/work/coredns.conf': COREDNS_CONF }));
    const plan = planInit(options, factsWith());
    expect(plan.steps.map((s) => [s.step, s.objects.map((o) => `${o.kind}/${o.metadata.name}`)])).toEqual([
      ['namespace', ['Namespace/federation-system']],
      ['service', ['Service/apiserver']],
      ['credentials', ['Secret/apiserver-credentials', 'Secret/federation-ca', 'Secret/controller-manager-kubeconfig', 'PersistentVolumeClaim/apiserver-etcd-claim']],
      [
        'deployments',
        [
          'Deployment/apiserver',
          'ServiceAccount/federation-controller-manager',
          'Role/federation-system:federation-controller-manager',
          'RoleBinding/federation-system:federation-controller-manager',
          'Secret/federation-dns-provider.conf',
          'Deployment/controller-manager',
        ],
      ],
    ]);
  });

  it('skips the namespace when it exists and RBAC objects when the host has no RBAC', () => {
    const plan = planInit(resolveOk({}), factsWith({ namespaceExists: true, rbacVersion: undefined }));
    expect(plan.steps[0]).toEqual({ step: 'namespace', title: 'Creating a namespace federation-system for federation system components', objects: [] });
    expect(planObjects(plan).map((o) => o.kind)).not.toContain('Role');
    expect(podSpec(find(plan, 'Deployment', 'controller-manager')).serviceAccountName).toBeUndefined();
  });

  it('uses the discovered RBAC version', () => {
    const plan = planInit(resolveOk({}), factsWith({ rbacVersion: 'v1beta1' }));
    expect(find(plan, 'Role', 'federation-system:federation-controller-manager')?.apiVersion).toBe('rbac.authorization.k8s.io/v1beta1');
    expect(podSpec(find(plan, 'Deployment', 'controller-manager')).serviceAccountName).toBe('federation-controller-manager');
  });

  it('runs etcd without a volume when persistence is off, as the original', () => {
    const plan = planInit(resolveOk({ etcdPersistentStorage: 'false' }), factsWith());
    expect(find(plan, 'PersistentVolumeClaim', 'apiserver-etcd-claim')).toBeUndefined();
    const spec = podSpec(find(plan, 'Deployment', 'apiserver'));
    expect(spec.containers[1]).toEqual({ name: 'etcd', image: 'registry.k8s.io/etcd:3.1.10', command: ['/usr/local/bin/etcd', '--data-dir', '/var/etcd/data'] });
    expect(spec.volumes.map((v: { name: string }) => v.name)).toEqual(['apiserver-credentials']);
  });

  it('sets the storage class and capacity of the claim', () => {
    const plan = planInit(resolveOk({ etcdPvCapacity: '1.5Gi', etcdPvStorageClass: 'fast-ssd' }), factsWith());
    expect(find(plan, 'PersistentVolumeClaim', 'apiserver-etcd-claim')?.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1.5Gi' } },
      storageClassName: 'fast-ssd',
    });
  });

  it.each([
    { name: 'the advertise flag', values: { apiServerServiceType: 'NodePort', apiServerAdvertiseAddress: '10.0.0.9' }, facts: {}, expected: '10.0.0.9' },
    { name: 'the first load-balancer IP', values: {}, facts: { endpoint: { ips: ['35.1.2.3', '35.1.2.4'], hostnames: [] } }, expected: '35.1.2.3' },
    { name: 'the facts, first', values: {}, facts: { advertiseAddress: '10.1.1.1' }, expected: '10.1.1.1' },
    { name: 'nothing for a host-name-only load balancer', values: {}, facts: { endpoint: { ips: [], hostnames: ['lb.example'] } }, expected: undefined },
  ])('advertises $name', ({ values, facts, expected }) => {
    const plan = planInit(resolveOk(values), factsWith(facts));
    const command: string[] = podSpec(find(plan, 'Deployment', 'apiserver')).containers[0].command;
    expect(command.find((a) => a.startsWith('--advertise-address='))).toBe(expected === undefined ? undefined : `--advertise-address=${expected}`);
  });

  it('writes the auth files and points the API server at them', () => {
    const plan = planInit(
      resolveOk({ apiserverEnableBasicAuth: true, apiserverEnableTokenAuth: true }),
      factsWith({ auth: { token: 'tok', tokenUid: 'uid-1', password: 'pw', passwordUid: 'uid-2' } }),
    );
    const secret = find(plan, 'Secret', 'apiserver-credentials');
    expect(Object.keys(secret?.data as object)).toEqual(['ca.crt', 'server.crt', 'server.key', 'basicauth.csv', 'token.csv']);
    expect(decode(secret?.data, 'basicauth.csv')).toBe('pw,admin,uid-2\n');
    expect(decode(secret?.data, 'token.csv')).toBe('tok,admin,uid-1\n');
    const command: string[] = podSpec(find(plan, 'Deployment', 'apiserver')).containers[0].command;
    expect(command).toContain('--basic-auth-file=/etc/federation/apiserver/basicauth.csv');
    expect(command).toContain('--token-auth-file=/etc/federation/apiserver/token.csv');
  });

  it('refuses to plan enabled token auth without a token', () => {
    expect(() => planInit(resolveOk({ apiserverEnableTokenAuth: true }), factsWith())).toThrow('--apiserver-enable-token-auth is on but no token and uid were generated');
  });

  it('keeps the CA key in its own Secret', () => {
    const secret = find(planInit(resolveOk({}), factsWith()), 'Secret', 'federation-ca');
    expect([decode(secret?.data, 'ca.crt'), decode(secret?.data, 'ca.key')]).toEqual(['CA CERT\n', 'CA KEY\n']);
  });

  it('gives the controller manager a kubeconfig for https://apiserver', () => {
    const secret = find(planInit(resolveOk({}), factsWith()), 'Secret', 'controller-manager-kubeconfig');
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    expect(yaml.load(decode(secret?.data, 'kubeconfig'))).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      preferences: {},
      clusters: [{ name: 'fellowship', cluster: { server: 'https://apiserver', 'certificate-authority-data': b64('CA CERT\n') } }],
      users: [{ name: 'federation-controller-manager', user: { 'client-certificate-data': b64('CM CERT\n'), 'client-key-data': b64('CM KEY\n') } }],
      contexts: [{ name: 'federation-controller-manager@fellowship', context: { cluster: 'fellowship', user: 'federation-controller-manager' } }],
      'current-context': 'federation-controller-manager@fellowship',
    });
  });

  it('prefers the DNS provider config from the facts and appends its flag after the sorted args', () => {
    const options = resolveOk({ dnsProviderConfig: 'coredns.conf', controllermanagerArgOverrides: '--z=1' }, memoryIo({ '/work/coredns.conf': COREDNS_CONF }));
    const plan = planInit(options, factsWith({ dnsProviderConfig: { text: 'other', nameserver: '10.9.9.9:53' } }));
    expect(decode(find(plan, 'Secret', 'federation-dns-provider.conf')?.data, 'federation-dns-provider.conf')).toBe('other');
    const deployment = find(plan, 'Deployment', 'controller-manager');
    expect(deployment?.metadata.annotations?.nameserver).toBe('10.9.9.9:53');
    expect(podSpec(deployment).containers[0].command.slice(-2)).toEqual([
      '--zone-name=example.com.',
      '--dns-provider-config=/etc/federation/dns-provider/federation-dns-provider.conf',
    ]);
  });

  it('writes no empty imagePullSecrets entry and no empty nodeSelector', () => {
    const spec = podSpec(find(planInit(resolveOk({}), factsWith()), 'Deployment', 'apiserver'));
    expect('imagePullSecrets' in spec || 'nodeSelector' in spec).toBe(false);
  });

  it('builds a valid object of every kind, with the fake PKI too', () => {
    const options = resolveOk({ dnsProviderConfig: 'coredns.conf' }, memoryIo({ '/work/coredns.conf': COREDNS_CONF }));
    const objects = planObjects(planInit(options, factsWith({ rbacVersion: 'v1' })));
    expect(new Set(objects.map((o) => o.kind))).toEqual(new Set(['Namespace', 'Service', 'Secret', 'PersistentVolumeClaim', 'Deployment', 'ServiceAccount', 'Role', 'RoleBinding']));
    for (const obj of objects) expect(() => validateWithModels(obj), `${obj.kind}/${obj.metadata.name}`).not.toThrow();
  });
});

describe('validateWithModels', () => {
  it('catches what the Kubernetes schema rejects, so the checks above can fail', () => {
    const deployment = find(planInit(resolveOk({}), factsWith()), 'Deployment', 'apiserver') as K8sObject;
    const broken = { ...deployment, spec: { ...(deployment.spec as object), selector: undefined, replicas: 'one' } };
    expect(() => validateWithModels(broken)).toThrow();
    expect(() => validateWithModels({ apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: { name: 'x' } })).toThrow('no kubernetes-models class');
  });
});

describe('buildApiserverService', () => {
  it('is a LoadBalancer on 443 to the named https port by default', () => {
    expect(buildApiserverService(resolveOk({}))).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'apiserver',
        namespace: 'federation-system',
        labels: { app: 'federated-cluster' },
        annotations: { 'federation.alpha.kubernetes.io/federation-name': 'fellowship' },
      },
      spec: {
        type: 'LoadBalancer',
        selector: { app: 'federated-cluster', module: 'federation-apiserver' },
        ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 'https' }],
      },
    });
  });

  it('asks for the node port only when one was given', () => {
    const ports = (o: K8sObject) => (o.spec as { ports: unknown[] }).ports;
    expect(ports(buildApiserverService(resolveOk({ apiServerServiceType: 'NodePort' })))).toEqual([
      { name: 'https', protocol: 'TCP', port: 443, targetPort: 'https' },
    ]);
    expect(ports(buildApiserverService(resolveOk({ apiServerServiceType: 'NodePort', apiServerPort: '30443' })))).toEqual([
      { name: 'https', protocol: 'TCP', port: 443, targetPort: 'https', nodePort: 30443 },
    ]);
  });
});
