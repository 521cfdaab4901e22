/**
 * Objects shaped like the ones `kubefed init` creates (fed HEAD shapes, apps/v1), built by hand
 * and independent of the tool, with knobs to break them; and the certificates they carry.
 */
import * as yaml from 'js-yaml';
import type { StoredObject } from '../contracts.js';
import { createEmulatorCa, issueClientCert, issueServerCert, type CertPair } from '../auth.js';

export interface FederationPki {
  ca: CertPair;
  server: CertPair;
  controllerManager: CertPair;
  admin: CertPair;
}

export async function makeFederationPki(ips: string[], hostnames: string[] = [], ns = 'federation-system'): Promise<FederationPki> {
  const ca = await createEmulatorCa('myfed');
  const dns = [...hostnames, 'apiserver', `apiserver.${ns}`, `apiserver.${ns}.svc`, `apiserver.${ns}.svc.cluster.local`];
  const [server, controllerManager, admin] = await Promise.all([
    issueServerCert(ca, { ips, dns, commonName: 'federation-apiserver' }),
    issueClientCert(ca, 'federation-controller-manager'),
    issueClientCert(ca, 'admin'),
  ]);
  return { ca, server, controllerManager, admin };
}

function b64(text: string): string {
  return Buffer.from(text).toString('base64');
}

export interface InitShape {
  ns?: string;
  serviceType?: 'NodePort' | 'LoadBalancer';
  nodePort?: number;
  targetPort?: string | number;
  securePort?: number;
  containerPort?: number;
  token?: string;
  persistence?: boolean;
  etcdServers?: string;
  image?: string;
  dnsProviderConfig?: boolean;
  /** Leave out objects by `Kind/name`. */
  omit?: string[];
}

const FED = 'myfed';
const ANNOTATIONS = { 'federation.alpha.kubernetes.io/federation-name': FED };
const LABELS = { app: 'federated-cluster' };

/** The objects `kubefed init myfed` creates (fed HEAD shapes, apps/v1), with a few knobs to break them. */
export function initObjects(pki: FederationPki, shape: InitShape = {}): StoredObject[] {
  const ns = shape.ns ?? 'federation-system';
  const securePort = shape.securePort ?? 8443;
  const image = shape.image ?? 'registry.k8s.io/fcp-amd64:v1.9.0';
  const apiserverArgs = [
    '--bind-address=0.0.0.0',
    `--client-ca-file=/etc/federation/apiserver/ca.crt`,
    '--enable-admission-plugins=NamespaceLifecycle',
    `--etcd-servers=${shape.etcdServers ?? 'http://localhost:2379'}`,
    `--secure-port=${securePort}`,
    '--tls-cert-file=/etc/federation/apiserver/server.crt',
    '--tls-private-key-file=/etc/federation/apiserver/server.key',
    ...(shape.token ? ['--token-auth-file=/etc/federation/apiserver/token.csv'] : []),
  ].sort();
  const persistence = shape.persistence ?? true;
  const cmKubeconfig = yaml.dump({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: FED, cluster: { server: 'https://apiserver', 'certificate-authority-data': b64(pki.ca.certPem) } }],
    users: [{ name: 'federation-controller-manager', user: { 'client-certificate-data': b64(pki.controllerManager.certPem), 'client-key-data': b64(pki.controllerManager.keyPem) } }],
    contexts: [{ name: `federation-controller-manager@${FED}`, context: { cluster: FED, user: 'federation-controller-manager' } }],
    'current-context': `federation-controller-manager@${FED}`,
  });
  const cmArgs = [
    '--dns-provider=coredns',
    `--federation-name=${FED}`,
    '--kubeconfig=/etc/federation/controller-manager/kubeconfig',
    '--master=https://apiserver',
    '--zone-name=example.com.',
  ];
  const objects: StoredObject[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, annotations: ANNOTATIONS } },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'apiserver', namespace: ns, labels: LABELS, annotations: ANNOTATIONS },
      spec: {
        type: shape.serviceType ?? 'NodePort',
        selector: { app: 'federated-cluster', module: 'federation-apiserver' },
        ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: shape.targetPort ?? 'https', ...(shape.nodePort ? { nodePort: shape.nodePort } : {}) }],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'apiserver-credentials', namespace: ns, annotations: ANNOTATIONS },
      type: 'Opaque',
      data: {
        'ca.crt': b64(pki.ca.certPem),
        'server.crt': b64(pki.server.certPem),
        'server.key': b64(pki.server.keyPem),
        ...(shape.token ? { 'token.csv': b64(`${shape.token},admin,5f9a1c2e-0000-4000-8000-000000000001\n`) } : {}),
      },
    },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'controller-manager-kubeconfig', namespace: ns, annotations: ANNOTATIONS }, type: 'Opaque', data: { kubeconfig: b64(cmKubeconfig) } },
  ];
  if (persistence) {
    objects.push({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'apiserver-etcd-claim', namespace: ns, labels: LABELS, annotations: ANNOTATIONS },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
    });
  }
  const podLabels = { app: 'federated-cluster', module: 'federation-apiserver' };
  objects.push({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'apiserver', namespace: ns, labels: LABELS, annotations: ANNOTATIONS },
    spec: {
      replicas: 1,
      selector: { matchLabels: podLabels },
      template: {
        metadata: { name: 'apiserver', labels: podLabels, annotations: ANNOTATIONS },
        spec: {
          containers: [
            {
              name: 'apiserver',
              image,
              command: ['/fcp', 'federation-apiserver', ...apiserverArgs],
              ports: [{ name: 'https', containerPort: shape.containerPort ?? 8443 }, { name: 'local', containerPort: 8080 }],
              volumeMounts: [{ name: 'apiserver-credentials', mountPath: '/etc/federation/apiserver', readOnly: true }],
            },
            ...(shape.etcdServers
              ? []
              : [{ name: 'etcd', image: 'registry.k8s.io/etcd:3.5.16-0', command: ['/usr/local/bin/etcd', '--data-dir', '/var/etcd/data'], ...(persistence ? { volumeMounts: [{ name: 'etcddata', mountPath: '/var/etcd' }] } : {}) }]),
          ],
          volumes: [
            { name: 'apiserver-credentials', secret: { secretName: 'apiserver-credentials' } },
            ...(persistence && !shape.etcdServers ? [{ name: 'etcddata', persistentVolumeClaim: { claimName: 'apiserver-etcd-claim' } }] : []),
          ],
        },
      },
    },
  });
  const cmLabels = { app: 'federated-cluster', module: 'federation-controller-manager' };
  objects.push({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'controller-manager', namespace: ns, labels: LABELS, annotations: { ...ANNOTATIONS, federations: `${FED}=example.com` } },
    spec: {
      replicas: 1,
      selector: { matchLabels: cmLabels },
      template: {
        metadata: { name: 'controller-manager', labels: cmLabels, annotations: ANNOTATIONS },
        spec: {
          containers: [
            {
              name: 'controller-manager',
              image,
              command: ['/fcp', 'federation-controller-manager', ...cmArgs, ...(shape.dnsProviderConfig ? ['--dns-provider-config=/etc/federation/dns-provider/federation-dns-provider.conf'] : [])],
              env: [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
              volumeMounts: [
                { name: 'controller-manager-kubeconfig', mountPath: '/etc/federation/controller-manager', readOnly: true },
                ...(shape.dnsProviderConfig ? [{ name: 'config-volume', mountPath: '/etc/federation/dns-provider', readOnly: true }] : []),
              ],
            },
          ],
          volumes: [
            { name: 'controller-manager-kubeconfig', secret: { secretName: 'controller-manager-kubeconfig' } },
            ...(shape.dnsProviderConfig ? [{ name: 'config-volume', secret: { secretName: 'federation-dns-provider.conf' } }] : []),
          ],
        },
      },
    },
  });
  const omit = new Set(shape.omit ?? []);
  return objects.filter((o) => !omit.has(`${o.kind}/${o.metadata.name}`));
}

