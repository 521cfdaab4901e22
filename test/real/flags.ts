/**
 * Command lines of the real control-plane programs. Everything listens on 127.0.0.1 only and
 * keeps its state under the world's temporary folder.
 */

export interface EtcdLayout {
  dataDir: string;
  clientPort: number;
  peerPort: number;
}

export function etcdArgs(l: EtcdLayout): string[] {
  const client = `http://127.0.0.1:${l.clientPort}`;
  const peer = `http://127.0.0.1:${l.peerPort}`;
  return [
    '--name=kubefed-real',
    `--data-dir=${l.dataDir}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=kubefed-real=${peer}`,
    // Test data: losing it on a crash is fine, and fsync on every write slows every API call.
    '--unsafe-no-fsync',
    '--log-level=warn',
  ];
}

export interface ApiServerLayout {
  name: string;
  etcdUrl: string;
  port: number;
  /** Files: CA, serving pair, service-account key pair. */
  caFile: string;
  certFile: string;
  keyFile: string;
  saPublicKeyFile: string;
  saPrivateKeyFile: string;
  serviceCidr: string;
  nodePortRange: [number, number];
}

export function apiServerArgs(l: ApiServerLayout): string[] {
  return [
    `--etcd-servers=${l.etcdUrl}`,
    // One etcd serves every cluster; the prefix keeps their objects apart.
    `--etcd-prefix=/${l.name}/registry`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${l.port}`,
    `--tls-cert-file=${l.certFile}`,
    `--tls-private-key-file=${l.keyFile}`,
    `--client-ca-file=${l.caFile}`,
    '--authorization-mode=RBAC',
    `--service-account-issuer=https://127.0.0.1:${l.port}`,
    `--service-account-key-file=${l.saPublicKeyFile}`,
    `--service-account-signing-key-file=${l.saPrivateKeyFile}`,
    `--service-cluster-ip-range=${l.serviceCidr}`,
    // Distinct per cluster: node ports are served on 127.0.0.1 and must not collide across clusters.
    `--service-node-port-range=${l.nodePortRange[0]}-${l.nodePortRange[1]}`,
    // Nothing could reach 127.0.0.1 as an endpoint of the `kubernetes` Service (Endpoints reject
    // loopback addresses), so the reconciler would only log errors.
    '--endpoint-reconciler-type=none',
    '--allow-privileged=true',
    '--profiling=false',
  ];
}

export interface ControllerManagerLayout {
  name: string;
  kubeconfig: string;
  caFile: string;
  saPrivateKeyFile: string;
  serviceCidr: string;
}

/**
 * The controllers a cluster needs to behave as a real one for what kubefed creates and deletes.
 * Node lifecycle, IPAM, cloud, route and attach/detach controllers are left out: the nodes of
 * this world send no heartbeats and have no cloud.
 */
export const CONTROLLERS = [
  'serviceaccount-token-controller',
  'serviceaccount-controller',
  'namespace-controller',
  'garbage-collector-controller',
  'deployment-controller',
  'replicaset-controller',
  'replicationcontroller-controller',
  'statefulset-controller',
  'daemonset-controller',
  'job-controller',
  'cronjob-controller',
  'endpoints-controller',
  'endpointslice-controller',
  'endpointslice-mirroring-controller',
  'persistentvolume-binder-controller',
  'persistentvolume-protection-controller',
  'persistentvolumeclaim-protection-controller',
  'ephemeral-volume-controller',
  'root-ca-certificate-publisher-controller',
  // The admin, edit and view ClusterRoles get their rules from this controller.
  'clusterrole-aggregation-controller',
  'disruption-controller',
  'pod-garbage-collector-controller',
  'service-cidr-controller',
  'ttl-after-finished-controller',
  'legacy-serviceaccount-token-cleaner-controller',
];

export function controllerManagerArgs(l: ControllerManagerLayout): string[] {
  return [
    `--kubeconfig=${l.kubeconfig}`,
    `--cluster-name=${l.name}`,
    // One instance per cluster: leader election would only delay the start.
    '--leader-elect=false',
    `--controllers=${CONTROLLERS.join(',')}`,
    `--service-account-private-key-file=${l.saPrivateKeyFile}`,
    `--root-ca-file=${l.caFile}`,
    // As kubeadm does: each controller acts with its own service account, so RBAC applies to it.
    '--use-service-account-credentials=true',
    `--service-cluster-ip-range=${l.serviceCidr}`,
    // No health or metrics endpoint is needed; not serving saves a port and a certificate.
    '--secure-port=0',
    '--profiling=false',
  ];
}
