import { DEFAULT_FEDERATION_NAMESPACE } from '../constants.js';
import type { PullPolicy, ServiceType } from '../federation/objects/spec.js';
import type { SettingKey } from './settings.js';

/** Defaults of `kubefed init`'s flags (the original's, but for the images, see README "Deviations"). */

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

export const DEFAULT_SERVICE_TYPE: ServiceType = 'LoadBalancer';
export const DEFAULT_PULL_POLICY: PullPolicy = 'IfNotPresent';

export const DEFAULT_PV_CAPACITY = '10Gi';
export const DEFAULT_TIMEOUT = '5m';
export const DEFAULT_REQUEST_TIMEOUT = '30s';

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
  keyAlgorithm: 'rsa-2048',
  wait: true,
  timeout: DEFAULT_TIMEOUT,
  requestTimeout: DEFAULT_REQUEST_TIMEOUT,
  setCurrentContext: false,
  overwrite: false,
};
