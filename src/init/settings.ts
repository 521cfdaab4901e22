/**
 * The flags of `kubefed init` that carry settings (not the command's runtime switches), with the
 * key commander gives them, the kind of value they take and their help. `--config` files use the
 * same keys, in camelCase or as flag names; every setting reaches the run typed by its kind
 * (InitOptions.settings). A setting without help text is declared by a registrar shared with the
 * other commands (src/commands/flags.ts, src/commands/shared.ts).
 */
export const INIT_SETTINGS = [
  { flag: 'kubeconfig', key: 'kubeconfig', kind: 'path' },
  { flag: 'host-cluster-context', key: 'hostClusterContext', kind: 'string' },
  { flag: 'federation-system-namespace', key: 'federationSystemNamespace', kind: 'string' },
  { flag: 'credentials-kubeconfig', key: 'credentialsKubeconfig', kind: 'path', value: '<file>', help: 'Kubeconfig file path on local file system, which should be used to authenticate with host cluster or the joining cluster (instead of the default kubeconfig). This can be used to override the RBAC based authentication while initialising the federation control plane or joining a cluster to one, even when the cluster exposes the RBAC API.' },
  { flag: 'dns-provider', key: 'dnsProvider', kind: 'string', value: '<provider>', help: 'Dns provider to be used for this deployment: google-clouddns, aws-route53, azure-azuredns or coredns.' },
  { flag: 'dns-zone-name', key: 'dnsZoneName', kind: 'string', value: '<zone>', help: 'DNS suffix for this federation. Federated Service DNS names are published with this suffix (end it with a dot).' },
  { flag: 'dns-provider-config', key: 'dnsProviderConfig', kind: 'path', value: '<file>', help: 'Config file path on local file system for configuring DNS provider. Required for coredns and azure-azuredns.' },
  { flag: 'image', key: 'image', kind: 'string', value: '<image>', help: 'Image to use for federation API server and controller manager binaries.' },
  { flag: 'apiserver-image', key: 'apiserverImage', kind: 'string', value: '<image>', help: 'Image for the federation API server (default: --image).' },
  { flag: 'controllermanager-image', key: 'controllermanagerImage', kind: 'string', value: '<image>', help: 'Image for the federation controller manager (default: --image).' },
  { flag: 'etcd-image', key: 'etcdImage', kind: 'string', value: '<image>', help: 'Image to use for etcd server.' },
  { flag: 'image-pull-policy', key: 'imagePullPolicy', kind: 'string', value: '<policy>', help: 'PullPolicy describes a policy for if/when to pull a container image. The default pull policy is IfNotPresent which will not pull an image if it already exists.' },
  { flag: 'image-pull-secrets', key: 'imagePullSecrets', kind: 'list', value: '<names>', help: 'Provide secrets that can access the private registry (one name, or several separated by commas).' },
  { flag: 'etcd-servers', key: 'etcdServers', kind: 'list', value: '<urls>', help: 'External pre-deployed etcd server to be used to store federation state (comma-separated URLs).' },
  { flag: 'etcd-pv-capacity', key: 'etcdPvCapacity', kind: 'string', value: '<quantity>', help: 'Size of persistent volume claim to be used for etcd.' },
  { flag: 'etcd-pv-storage-class', key: 'etcdPvStorageClass', kind: 'string', value: '<class>', help: 'The storage class of the persistent volume claim used for etcd. Must be provided if a default storage class is not enabled for the host cluster.' },
  { flag: 'etcd-persistent-storage', key: 'etcdPersistentStorage', kind: 'bool', value: '[bool]', help: "Use persistent volume for etcd. Defaults to 'true'." },
  { flag: 'apiserver-arg-overrides', key: 'apiserverArgOverrides', kind: 'map', value: '<args>', help: overridesHelp('federation-apiserver') },
  { flag: 'controllermanager-arg-overrides', key: 'controllermanagerArgOverrides', kind: 'map', value: '<args>', help: overridesHelp('federation-controller-manager') },
  { flag: 'api-server-service-type', key: 'apiServerServiceType', kind: 'string', value: '<type>', help: "The type of service to create for federation API server. Options: 'LoadBalancer' (default), 'NodePort'." },
  { flag: 'api-server-advertise-address', key: 'apiServerAdvertiseAddress', kind: 'string', value: '<ip>', help: "Preferred address to advertise api server nodeport service. Valid only if 'api-server-service-type=NodePort'." },
  { flag: 'api-server-port', key: 'apiServerPort', kind: 'int', value: '<port>', help: "Preferred port to use for api server nodeport service (0 for random port assignment). Valid only if 'api-server-service-type=NodePort'. A node port: 30000 to 32767." },
  { flag: 'apiserver-enable-basic-auth', key: 'apiserverEnableBasicAuth', kind: 'bool', value: '[bool]', help: 'Enables HTTP Basic authentication for the federation-apiserver. Defaults to false.' },
  { flag: 'apiserver-enable-token-auth', key: 'apiserverEnableTokenAuth', kind: 'bool', value: '[bool]', help: 'Enables token authentication for the federation-apiserver. Defaults to false.' },
  { flag: 'node-selector', key: 'nodeSelector', kind: 'map', value: '<labels>', help: 'comma separated list of nodeSelector arguments: Example "arg1=value1,arg2=value2..."' },
  { flag: 'key-algorithm', key: 'keyAlgorithm', kind: 'string', value: '<algorithm>', help: 'Key type of the new CA and certificates: rsa-2048 (like the original) or ecdsa-p256 (faster to generate, smaller).' },
  { flag: 'wait', key: 'wait', kind: 'bool', help: 'Wait for the load-balancer address, the pods and /healthz (default).', negated: 'Return once the objects are created and the kubeconfig is written.' },
  { flag: 'timeout', key: 'timeout', kind: 'string' },
  { flag: 'request-timeout', key: 'requestTimeout', kind: 'string' },
  { flag: 'set-current-context', key: 'setCurrentContext', kind: 'bool', help: "Switch the kubeconfig's current context to the new federation." },
  { flag: 'overwrite', key: 'overwrite', kind: 'bool', help: 'Replace kubeconfig entries of the same name that point elsewhere.' },
] as const satisfies readonly SettingSpec[];

export type SettingKind = 'string' | 'path' | 'bool' | 'int' | 'list' | 'map';

export interface SettingSpec {
  readonly flag: string;
  readonly key: string;
  readonly kind: SettingKind;
  /** How --help shows the value (`<file>`); `[bool]` takes a value only as `--flag=value`; none for a switch. */
  readonly value?: string;
  readonly help?: string;
  /** Help of the `--no-<flag>` form, when there is one. */
  readonly negated?: string;
}

function overridesHelp(component: string): string {
  return `comma separated list of ${component} arguments to override: Example "--arg1=value1,--arg2=value2..."`;
}

export type SettingKey = (typeof INIT_SETTINGS)[number]['key'];

/** Switches that only make sense on the command line, never in a `--config` file. */
export const SWITCH_KEYS = [
  'config', 'dryRun', 'showSecrets', 'context', 'verbose', 'quiet', 'output',
  // kubectl's connection flags: credentials and addresses for this run, never read from a --config file.
  'server', 'token', 'user', 'cluster', 'insecureSkipTlsVerify', 'certificateAuthority',
] as const;
export type SwitchKey = (typeof SWITCH_KEYS)[number];
export type InitFlagKey = SettingKey | SwitchKey;

/** A value as the command line or a `--config` file gave it, before validation. */
export type InputValue = string | number | boolean | readonly string[] | Readonly<Record<string, string>>;

/** Where a value came from: flags win over the file, the file over the defaults. */
export type ValueSource = 'flag' | 'file' | 'default';

export interface Sourced {
  readonly value?: InputValue;
  readonly from: ValueSource;
}

/** The command line and the `--config` file merged, ready for validate.ts. */
export interface InitInput {
  readonly args: readonly string[];
  /** FEDERATION_NAME: the first argument, else `federationName` from the file. */
  readonly federationName: Sourced;
  readonly settings: Readonly<Record<SettingKey, Sourced>>;
  readonly switches: Readonly<Partial<Record<SwitchKey, string | boolean>>>;
  /** The deploy.sh values keys, only ever from the file. */
  readonly deploy: {
    readonly apiserverRegistry?: string;
    readonly apiserverVersion?: string;
    readonly controllerManagerRegistry?: string;
    readonly controllerManagerVersion?: string;
  };
  /** The `--config` path as given, for messages, and the directory its relative paths start from. */
  readonly configFile?: string;
  readonly configDir?: string;
}

/** How a setting of each kind reaches the run (InitOptions.settings). */
interface KindValue {
  string: string | undefined;
  path: string | undefined;
  bool: boolean;
  int: number | undefined;
  list: readonly string[];
  map: Readonly<Record<string, string>>;
}

/** Every setting by its key, typed by its kind. */
export type SettingValues = { readonly [S in (typeof INIT_SETTINGS)[number] as S['key']]: KindValue[S['kind']] };
