/**
 * Kubeconfig documents are kept as the plain objects js-yaml reads, so that every field we do not
 * own survives a round trip. Only the fields we read or write are typed.
 */
export type RawMap = Record<string, unknown>;

export interface ClusterFields extends RawMap {
  server?: string;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'tls-server-name'?: string;
  'proxy-url'?: string;
}

export interface UserFields extends RawMap {
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
  token?: string;
  tokenFile?: string;
  username?: string;
  password?: string;
  exec?: RawMap;
  'auth-provider'?: RawMap;
}

export interface NamedExtension extends RawMap {
  name: string;
  extension: unknown;
}

export interface ContextFields extends RawMap {
  cluster?: string;
  user?: string;
  namespace?: string;
  extensions?: NamedExtension[];
}

export interface NamedCluster extends RawMap {
  name: string;
  cluster: ClusterFields;
}
export interface NamedUser extends RawMap {
  name: string;
  user: UserFields;
}
export interface NamedContext extends RawMap {
  name: string;
  context: ContextFields;
}

export interface KubeconfigDoc extends RawMap {
  apiVersion?: string;
  kind?: string;
  clusters?: NamedCluster[];
  users?: NamedUser[];
  contexts?: NamedContext[];
  'current-context'?: string;
  preferences?: RawMap;
  extensions?: NamedExtension[];
}

/** A context with its cluster and user looked up, file paths made absolute against their origin file. */
export interface ResolvedContext {
  name: string;
  context: ContextFields;
  clusterName: string;
  cluster: ClusterFields;
  userName?: string;
  user?: UserFields;
  /** The file each stanza came from. */
  origin: { context: string; cluster: string; user?: string };
}

/** The files to read, in precedence order, and whether they came from `--kubeconfig`. */
export interface KubeconfigPaths {
  paths: string[];
  explicit: boolean;
  /** Who named them, for messages about a file that does not exist (`--kubeconfig` when explicit). */
  from?: '$KUBECONFIG' | 'default';
}

/** One kubeconfig file that exists, as parsed. */
export interface LoadedFile {
  path: string;
  doc: KubeconfigDoc;
}

/** A stanza of the merged view and the file that defined it first (where edits must go back to). */
export interface MergedEntry<T> {
  entry: T;
  origin: string;
}

/** The merged view of every file in the precedence list, kubectl-style (first definition wins). */
export interface LoadedKubeconfig {
  paths: string[];
  explicit: boolean;
  from?: KubeconfigPaths['from'];
  files: LoadedFile[];
  clusters: Map<string, MergedEntry<NamedCluster>>;
  users: Map<string, MergedEntry<NamedUser>>;
  contexts: Map<string, MergedEntry<NamedContext>>;
  currentContext?: string;
  /** Where new stanzas and a new current-context go. */
  writeTarget: string;
}
