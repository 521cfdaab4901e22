import { DEFAULT_FEDERATION_NAMESPACE } from '../constants.js';
import type { SettingKey } from './settings.js';

/**
 * Defaults of `kubefed init` and the fixed paths its containers use (reference §2.1, §2.6).
 */

/**
 * The last hyperkube release that still ships the `federation-apiserver` and
 * `federation-controller-manager` binaries. The original's own image (fcp-amd64 on gcr.io) can no
 * longer be pulled, so a guide that relies on the default gets a real image instead.
 */
export const DEFAULT_IMAGE = 'registry.k8s.io/hyperkube-amd64:v1.8.15';
/** The original's etcd version, now served from registry.k8s.io. */
export const DEFAULT_ETCD_IMAGE = 'registry.k8s.io/etcd:3.1.10';

/** Registry and version used for the deploy.sh values keys when only one of the pair is given. */
export const DEFAULT_DEPLOY_REGISTRY = 'registry.k8s.io';
export const DEFAULT_DEPLOY_VERSION = 'v1.8.15';

export const DEFAULT_SERVICE_TYPE = 'LoadBalancer';
export const SERVICE_TYPES = ['LoadBalancer', 'NodePort'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const DEFAULT_PULL_POLICY = 'IfNotPresent';
export const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;
export type PullPolicy = (typeof PULL_POLICIES)[number];

export const DEFAULT_PV_CAPACITY = '10Gi';
export const DEFAULT_TIMEOUT = '5m';
export const DEFAULT_REQUEST_TIMEOUT = '30s';

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

/** The image the deploy.sh values file described: `<registry>/hyperkube-amd64:<version>`. */
export function deployValuesImage(registry: string | undefined, version: string | undefined): string {
  const reg = (registry ?? DEFAULT_DEPLOY_REGISTRY).replace(/\/+$/, '');
  // Image tags cannot contain '+', which Kubernetes build versions do (v1.5.0-alpha.0.1010+892a6d7af59c0b).
  const tag = (version ?? DEFAULT_DEPLOY_VERSION).replaceAll('+', '_');
  return `${reg}/hyperkube-amd64:${tag}`;
}

/** The value of every setting the user leaves unset (shown in --help, used by resolveInitOptions). */
export const INIT_FLAG_DEFAULTS: Readonly<Partial<Record<SettingKey, string | boolean>>> = {
  federationSystemNamespace: DEFAULT_FEDERATION_NAMESPACE,
  image: DEFAULT_IMAGE,
  etcdImage: DEFAULT_ETCD_IMAGE,
  imagePullPolicy: DEFAULT_PULL_POLICY,
  etcdPvCapacity: DEFAULT_PV_CAPACITY,
  etcdPersistentStorage: true,
  apiServerServiceType: DEFAULT_SERVICE_TYPE,
  apiServerPort: '0',
  apiserverEnableBasicAuth: false,
  apiserverEnableTokenAuth: false,
  wait: true,
  timeout: DEFAULT_TIMEOUT,
  requestTimeout: DEFAULT_REQUEST_TIMEOUT,
  setCurrentContext: false,
  overwrite: false,
};
