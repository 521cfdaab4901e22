/**
 * Contracts between the parts of the API emulator: the generic REST server and store
 * (server.ts, store.ts, auth.ts, …) and the controllers, kubelet and assembly (controllers/*,
 * kubelet.ts, federation.ts, index.ts). Keep these shapes stable; both sides code against them.
 */
import type { IncomingMessage } from 'node:http';

export interface ResourceType {
  group: string; // '' for the core group
  version: string;
  resource: string; // plural, e.g. 'deployments'
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  /** Subresources served, e.g. ['status']. */
  subresources?: string[];
}

export interface StoredObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }[];
    finalizers?: string[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export interface WatchEvent {
  type: WatchEventType;
  resource: ResourceType;
  object: StoredObject;
}

/** A metav1.Status failure; the server renders it as the real API server does. */
export interface StatusErrorShape extends Error {
  code: number; // HTTP status
  reason: string; // NotFound, AlreadyExists, Conflict, Invalid, Forbidden, BadRequest, MethodNotAllowed, …
  details?: { name?: string; group?: string; kind?: string; causes?: { reason?: string; message: string; field?: string }[] };
}

/** Storage for one API server. Reads return deep copies; writes fire change events. */
export interface Store {
  readonly types: readonly ResourceType[];
  typeFor(apiVersion: string, kind: string): ResourceType | undefined;
  typeForResource(group: string, version: string, resource: string): ResourceType | undefined;
  get(type: ResourceType, namespace: string | undefined, name: string): StoredObject | undefined;
  list(type: ResourceType, namespace?: string, labelSelector?: string): StoredObject[];
  /** Assigns uid, resourceVersion, creationTimestamp (and generateName suffix); AlreadyExists on clash. */
  create(type: ResourceType, obj: StoredObject): StoredObject;
  /** Replaces the object; Conflict if metadata.resourceVersion is given and stale; NotFound if absent. */
  update(type: ResourceType, obj: StoredObject): StoredObject;
  /** Removes the object now (controllers handle namespace termination and GC); undefined if absent. */
  delete(type: ResourceType, namespace: string | undefined, name: string): StoredObject | undefined;
  /** Listeners are called after the write, asynchronously (never inside the writer's call stack). */
  onChange(listener: (event: WatchEvent) => void): () => void;
}

export interface Identity {
  user: string;
  groups: string[];
}

export interface RequestAttributes {
  verb: string; // get, list, create, update, patch, delete, deletecollection, watch
  group: string;
  version: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** Set for non-resource requests such as /healthz. */
  path?: string;
}

export interface RequestLogEntry {
  time: number;
  method: string;
  path: string;
  query: Record<string, string>;
  user?: string;
  status: number;
  dryRun: boolean;
  /** POST/PUT/PATCH/DELETE without dryRun. */
  mutating: boolean;
}

export type FaultAction =
  | { type: 'status'; status: number; retryAfterSeconds?: number; message?: string }
  /** A slow answer: the request is handled after this delay. */
  | { type: 'latency'; ms: number }
  /** Reset before commit: the socket is destroyed without an answer, nothing is handled. */
  | { type: 'drop' }
  /** Reset after commit: the request is handled (a write is stored), then the socket is destroyed without an answer. */
  | { type: 'drop-after-commit' };

export interface FaultRule {
  method?: string;
  /** Matches the URL path (string prefix or RegExp). */
  path?: string | RegExp;
  /** How many matching requests it applies to; default 1, Infinity for all. */
  times?: number;
  /** Matching requests let through before the rule starts to apply (the Nth request: skip N-1). */
  skip?: number;
  /** Applies to a matching request only with this chance, drawn from `random` (seed it for a replayable run). */
  probability?: number;
  random?: () => number;
  action: FaultAction;
}

export interface FaultInjector {
  add(rule: FaultRule): void;
  clear(): void;
  /** Returns the action for this request, counting it down. */
  take(method: string, path: string): FaultAction | undefined;
}

export interface ApiServerOptions {
  name: string;
  tls: { certPem: string; keyPem: string; clientCaPem?: string };
  host?: string; // default 127.0.0.1
  port?: number; // default 0 (ephemeral)
  store: Store;
  /** undefined → 401 Unauthorized. */
  authenticate(req: IncomingMessage): Identity | undefined;
  /** false → 403 Forbidden. Absent → everything authenticated is allowed. */
  authorize?(identity: Identity, attrs: RequestAttributes): boolean;
  /** Admission: may throw a StatusErrorShape (e.g. Invalid) or mutate the object before it is stored. */
  admit?(op: 'create' | 'update' | 'delete', type: ResourceType, obj: StoredObject, dryRun: boolean): void;
  faults?: FaultInjector;
  requestLog?: RequestLogEntry[];
}

export interface ApiServer {
  readonly url: string; // https://127.0.0.1:PORT
  readonly port: number;
  close(): Promise<void>;
}
