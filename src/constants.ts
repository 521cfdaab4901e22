/** Names, labels and annotations shared with the original kubefed (README: every guide written for the original still works). */
export const DEFAULT_FEDERATION_NAMESPACE = 'federation-system';

export const FEDERATION_NAME_ANNOTATION = 'federation.alpha.kubernetes.io/federation-name';
export const CLUSTER_NAME_ANNOTATION = 'federation.alpha.kubernetes.io/cluster-name';
/** The original wrote this misspelt key; we write the correct spelling and read both. */
export const SERVICE_ACCOUNT_ANNOTATION = 'federation.kubernetes.io/service-account-name';
export const SERVICE_ACCOUNT_ANNOTATION_ORIGINAL = 'federation.kubernetes.io/servive-account-name';
export const CLUSTER_ROLE_ANNOTATION = 'federation.kubernetes.io/cluster-role-name';

export const COMPONENT_LABEL = { app: 'federated-cluster' } as const;
export const APISERVER_POD_LABELS = { app: 'federated-cluster', module: 'federation-apiserver' } as const;
export const CONTROLLER_MANAGER_POD_LABELS = {
  app: 'federated-cluster',
  module: 'federation-controller-manager',
} as const;

export const APISERVER_NAME = 'apiserver';
export const APISERVER_CREDENTIALS_SECRET = 'apiserver-credentials';
export const CONTROLLER_MANAGER_NAME = 'controller-manager';
export const CONTROLLER_MANAGER_KUBECONFIG_SECRET = 'controller-manager-kubeconfig';
export const ETCD_CLAIM_NAME = 'apiserver-etcd-claim';
export const CA_KEY_SECRET = 'federation-ca';
export const DNS_PROVIDER_SECRET = 'federation-dns-provider.conf';

export const CONTROLLER_MANAGER_SA = 'federation-controller-manager';
export const CONTROLLER_MANAGER_ROLE = 'federation-system:federation-controller-manager';
export const CONTROLLER_MANAGER_USER = 'federation-controller-manager';

/** Controller-manager deployment annotations that join reads back (src/federation/controller-manager.ts). */
export const FEDERATIONS_ANNOTATION = 'federations';
export const DNS_ZONE_NAME_ANNOTATION = 'dns-zone-name';
export const NAMESERVER_ANNOTATION = 'nameserver';
export const DNS_PROVIDER_ANNOTATION = 'dns-provider';

export const KUBE_DNS_NAMESPACE = 'kube-system';
export const KUBE_DNS_CONFIGMAP = 'kube-dns';

/** Name of the kubeconfig context extension in which init records the host context. */
export const KUBECONFIG_EXTENSION = 'kubefed';

export const FIELD_MANAGER = 'kubefed';
