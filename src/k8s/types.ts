import type { ResolvedContext } from '../kubeconfig/model.js';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  resourceVersion?: string;
  uid?: string;
  creationTimestamp?: string;
  ownerReferences?: unknown[];
  [key: string]: unknown;
}

/** Any Kubernetes object as plain JSON. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export type PatchType = 'merge' | 'strategic' | 'json';

export interface WriteOptions {
  /** Send with `dryRun=All`: the server validates but persists nothing. */
  dryRun?: boolean;
}

export interface DeleteOptions extends WriteOptions {
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
}

export interface ApiGroupInfo {
  name: string; // '' for the core group
  preferredVersion?: string;
  versions: string[];
}

/** One resource type of a group version, as discovery lists it. */
export interface ApiResourceInfo {
  /** `deployments`, or a subresource such as `pods/log`. */
  name: string;
  kind: string;
  namespaced: boolean;
  verbs?: string[];
}

/** The one interface the rest of the tool uses to talk to an API server. */
export interface ClusterClient {
  /** The kubeconfig context this client was built from. */
  readonly contextName: string;
  /** The server URL, e.g. https://127.0.0.1:6443. */
  readonly server: string;
  get(ref: ObjectRef): Promise<K8sObject | undefined>;
  list(apiVersion: string, kind: string, options?: { namespace?: string; labelSelector?: string }): Promise<K8sObject[]>;
  create(obj: K8sObject, options?: WriteOptions): Promise<K8sObject>;
  replace(obj: K8sObject, options?: WriteOptions): Promise<K8sObject>;
  patch(ref: ObjectRef, patch: unknown, type: PatchType, options?: WriteOptions): Promise<K8sObject>;
  /** Resolves 'not-found' instead of throwing when the object is already gone. */
  delete(ref: ObjectRef, options?: DeleteOptions): Promise<'deleted' | 'not-found'>;
  /** The API groups the server offers (core group first, name ''). */
  groups(): Promise<ApiGroupInfo[]>;
  /** The resource types of one group version (`v1`, `apps/v1`), from the client's discovery cache. */
  resources(apiVersion: string): Promise<ApiResourceInfo[]>;
  /** GET a raw path such as /healthz; resolves status and body text, throws only on transport errors. */
  rawGet(path: string): Promise<{ status: number; body: string }>;
}

/** One request as it goes out, for verbose lines and progress. */
export interface RequestEvent {
  /** The kubeconfig context of the client that sends it. */
  readonly context: string;
  readonly server: string;
  readonly method: string;
  /** The full URL, query included (never credentials: those travel in headers). */
  readonly url: string;
}

/** How a request ended: the HTTP status, or the transport error. */
export type RequestEnd = { readonly status: number; readonly error?: undefined } | { readonly status?: undefined; readonly error: unknown };

export interface RequestObserver {
  /** Called as a request goes out; the function it returns, when the request ends. */
  started(event: RequestEvent): (end: RequestEnd) => void;
}

export interface ClientOptions {
  /** Per-request timeout in milliseconds (--request-timeout); 0 means none. */
  requestTimeoutMs?: number;
  /** The command's --timeout: retries stop before it, and no request runs past it (ms since epoch). */
  deadline?: number;
  /** Clock for the retry deadline (ms since epoch). Retries happen only when `sleep` is given. */
  now?(): number;
  /** Waits between retries. Without it every request is tried once. */
  sleep?(ms: number): Promise<void>;
  /** Jitter source in [0, 1) for the retry backoff; without it the backoff has no jitter. */
  random?(): number;
  /** Attempts per request, the first included (default 6). */
  maxAttempts?: number;
  /** Told about every request (src/output/activity.ts). */
  observer?: RequestObserver;
  /** The environment an exec credential plugin runs with (kubectl passes its own). */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface ClientFactory {
  forContext(context: ResolvedContext, options?: ClientOptions): Promise<ClusterClient>;
}
