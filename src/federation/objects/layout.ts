/**
 * Where the control plane's containers find things: the mount points of the Secrets init creates,
 * etcd's data directory, the ports, and the binary and admission flag each image understands.
 * The API server and controller manager arguments are built from these (apiserver-deployment.ts,
 * controller-manager-deployment.ts), so they always agree with the volumes.
 */

/** Where the apiserver-credentials Secret is mounted and what the API server reads from it. */
export const APISERVER_CREDENTIALS_DIR = '/etc/federation/apiserver';
export const CONTROLLER_MANAGER_KUBECONFIG_DIR = '/etc/federation/controller-manager';
export const DNS_PROVIDER_CONFIG_DIR = '/etc/federation/dns-provider';

/** In-pod etcd: the API server reaches it on localhost, which is etcd 3.1's default listen address. */
export const LOCAL_ETCD_SERVERS = 'http://localhost:2379';
export const ETCD_DATA_DIR = '/var/etcd/data';
export const ETCD_VOLUME_MOUNT = '/var/etcd';

export const APISERVER_SECURE_PORT = 8443;
export const APISERVER_LOCAL_PORT = 8080;
export const SERVICE_PORT = 443;

/**
 * The binary the federation images start from. hyperkube images (the default, and what the
 * deploy.sh values keys name) put every component behind `/hyperkube <component>`; the
 * federation's own `fcp` images, which the original defaulted to at the end, use `/fcp`.
 * The rule looks only at the repository's last path component, so mirrors and private
 * registries of either image keep working.
 */
export function binaryForImage(image: string): '/hyperkube' | '/fcp' {
  const withoutDigest = image.split('@')[0];
  const lastComponent = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const repository = lastComponent.split(':')[0];
  return repository.startsWith('hyperkube') ? '/hyperkube' : '/fcp';
}

/**
 * The admission flag the API server understands. The federation API server in hyperkube (up to
 * Kubernetes 1.8) only knows `--admission-control`; fed HEAD's `fcp` build replaced it with
 * `--enable-admission-plugins`, and an unknown flag stops the server from starting.
 */
export function admissionFlagForImage(image: string): '--admission-control' | '--enable-admission-plugins' {
  return binaryForImage(image) === '/hyperkube' ? '--admission-control' : '--enable-admission-plugins';
}
