/**
 * The flags of `kubefed init` that carry settings (not the command's runtime switches), with the
 * key commander gives them. `--config` files use the same keys, in camelCase or as flag names.
 */
export const INIT_SETTINGS = [
  { flag: 'kubeconfig', key: 'kubeconfig', kind: 'path' },
  { flag: 'host-cluster-context', key: 'hostClusterContext', kind: 'string' },
  { flag: 'federation-system-namespace', key: 'federationSystemNamespace', kind: 'string' },
  { flag: 'credentials-kubeconfig', key: 'credentialsKubeconfig', kind: 'path' },
  { flag: 'dns-provider', key: 'dnsProvider', kind: 'string' },
  { flag: 'dns-zone-name', key: 'dnsZoneName', kind: 'string' },
  { flag: 'dns-provider-config', key: 'dnsProviderConfig', kind: 'path' },
  { flag: 'image', key: 'image', kind: 'string' },
  { flag: 'apiserver-image', key: 'apiserverImage', kind: 'string' },
  { flag: 'controllermanager-image', key: 'controllermanagerImage', kind: 'string' },
  { flag: 'etcd-image', key: 'etcdImage', kind: 'string' },
  { flag: 'image-pull-policy', key: 'imagePullPolicy', kind: 'string' },
  { flag: 'image-pull-secrets', key: 'imagePullSecrets', kind: 'list' },
  { flag: 'etcd-servers', key: 'etcdServers', kind: 'list' },
  { flag: 'etcd-pv-capacity', key: 'etcdPvCapacity', kind: 'string' },
  { flag: 'etcd-pv-storage-class', key: 'etcdPvStorageClass', kind: 'string' },
  { flag: 'etcd-persistent-storage', key: 'etcdPersistentStorage', kind: 'bool' },
  { flag: 'apiserver-arg-overrides', key: 'apiserverArgOverrides', kind: 'map' },
  { flag: 'controllermanager-arg-overrides', key: 'controllermanagerArgOverrides', kind: 'map' },
  { flag: 'api-server-service-type', key: 'apiServerServiceType', kind: 'string' },
  { flag: 'api-server-advertise-address', key: 'apiServerAdvertiseAddress', kind: 'string' },
  { flag: 'api-server-port', key: 'apiServerPort', kind: 'int' },
  { flag: 'apiserver-enable-basic-auth', key: 'apiserverEnableBasicAuth', kind: 'bool' },
  { flag: 'apiserver-enable-token-auth', key: 'apiserverEnableTokenAuth', kind: 'bool' },
  { flag: 'node-selector', key: 'nodeSelector', kind: 'map' },
  { flag: 'wait', key: 'wait', kind: 'bool' },
  { flag: 'timeout', key: 'timeout', kind: 'string' },
  { flag: 'request-timeout', key: 'requestTimeout', kind: 'string' },
  { flag: 'set-current-context', key: 'setCurrentContext', kind: 'bool' },
  { flag: 'overwrite', key: 'overwrite', kind: 'bool' },
] as const;

export type SettingKey = (typeof INIT_SETTINGS)[number]['key'];
export type SettingKind = (typeof INIT_SETTINGS)[number]['kind'];

/** Switches that only make sense on the command line, never in a `--config` file. */
export const SWITCH_KEYS = ['config', 'dryRun', 'showSecrets', 'context', 'verbose', 'quiet', 'output'] as const;
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
