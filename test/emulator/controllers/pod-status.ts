/**
 * Turns what the emulated kubelet knows about a pod's containers into the Pod status a
 * Kubernetes 1.32 kubelet reports: phase, conditions, and one containerStatus per container.
 */
import { createHash } from 'node:crypto';
import type { StoredObject } from '../contracts.js';
import type { FederationEndpoint } from '../federation.js';
import type { ServedPort } from './container-outcome.js';

export interface Termination {
  exitCode: number;
  reason: string;
  message: string;
  startedAt: string;
  finishedAt: string;
  containerID: string;
}

export interface ContainerRuntime {
  name: string;
  image: string;
  /** creating: not started yet; running; crashed: exited, waiting for a restart; pull-error / pull-backoff: image missing. */
  phase: 'creating' | 'running' | 'crashed' | 'pull-error' | 'pull-backoff';
  restartCount: number;
  /** Failed start attempts so far (the first crash is shown as terminated, later ones as CrashLoopBackOff). */
  failures: number;
  /** What the container's inputs looked like at its last failed start (no change → no new attempt). */
  failedWith?: string;
  containerID?: string;
  startedAt?: string;
  waitingMessage?: string;
  lastTerminated?: Termination;
  ports: ServedPort[];
  endpoint?: FederationEndpoint;
  stop?: () => Promise<void>;
}

export interface PodRuntime {
  uid: string;
  namespace: string;
  name: string;
  podIP: string;
  hostIP: string;
  startTime: string;
  containers: Map<string, ContainerRuntime>;
  /** Set while a volume cannot be mounted: every container waits in ContainerCreating. */
  mountBlocked: boolean;
}

/** `nginx:1` → `docker.io/library/nginx:1`, as containerd names images in its messages. */
export function fullImageName(image: string): string {
  const firstPart = image.split('/')[0];
  const hasRegistry = image.includes('/') && (firstPart.includes('.') || firstPart.includes(':') || firstPart === 'localhost');
  let name = hasRegistry ? image : image.includes('/') ? `docker.io/${image}` : `docker.io/library/${image}`;
  const last = name.slice(name.lastIndexOf('/') + 1);
  if (!last.includes(':') && !name.includes('@')) name += ':latest';
  return name;
}

export function imageID(image: string): string {
  const full = fullImageName(image);
  const at = full.indexOf('@');
  const colon = full.indexOf(':', full.lastIndexOf('/'));
  const repo = at >= 0 ? full.slice(0, at) : colon >= 0 ? full.slice(0, colon) : full;
  return `${repo}@sha256:${createHash('sha256').update(full).digest('hex')}`;
}

export function backoffSeconds(restartCount: number): string {
  const seconds = Math.min(300, 10 * 2 ** Math.max(0, restartCount - 1));
  return seconds >= 60 ? `${Math.floor(seconds / 60)}m${seconds % 60 ? `${seconds % 60}s` : ''}` : `${seconds}s`;
}

function containerState(c: ContainerRuntime, pod: PodRuntime, mountBlocked: boolean): Record<string, unknown> {
  if (mountBlocked && c.phase !== 'running') return { waiting: { reason: 'ContainerCreating' } };
  switch (c.phase) {
    case 'running':
      return { running: { startedAt: c.startedAt } };
    case 'pull-error':
      return { waiting: { reason: 'ErrImagePull', message: c.waitingMessage } };
    case 'pull-backoff':
      return { waiting: { reason: 'ImagePullBackOff', message: c.waitingMessage } };
    case 'crashed':
      if (c.failures <= 1 && c.lastTerminated) {
        const { containerID: _id, ...terminated } = c.lastTerminated;
        return { terminated };
      }
      return { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${backoffSeconds(c.restartCount)} restarting failed container=${c.name} pod=${pod.name}_${pod.namespace}(${pod.uid})` } };
    default:
      return { waiting: { reason: 'ContainerCreating' } };
  }
}

function containerStatus(c: ContainerRuntime, pod: PodRuntime): Record<string, unknown> {
  const state = containerState(c, pod, pod.mountBlocked);
  const showLast = c.phase !== 'crashed' || c.failures > 1;
  const lastState = showLast && c.lastTerminated ? { terminated: (({ containerID: _id, ...t }) => t)(c.lastTerminated) } : {};
  const everStarted = c.containerID !== undefined;
  return {
    name: c.name,
    state,
    lastState,
    ready: c.phase === 'running',
    restartCount: c.restartCount,
    image: c.image,
    imageID: everStarted ? imageID(c.image) : '',
    ...(c.containerID ? { containerID: c.containerID } : {}),
    started: c.phase === 'running',
  };
}

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastProbeTime: null;
  lastTransitionTime: string;
}

function condition(previous: Condition[], type: string, ok: boolean, now: string, reason?: string, message?: string): Condition {
  const status = ok ? 'True' : 'False';
  const before = previous.find((c) => c.type === type);
  const since = before && before.status === status ? before.lastTransitionTime : now;
  return { type, status, ...(ok || !reason ? {} : { reason, message }), lastProbeTime: null, lastTransitionTime: since };
}

/** The whole status block for a pod the kubelet runs. */
export function buildPodStatus(pod: StoredObject, runtime: PodRuntime, order: string[], now: string): Record<string, unknown> {
  const previous = ((pod.status ?? {}) as { conditions?: Condition[] }).conditions ?? [];
  const containers = order.map((name) => runtime.containers.get(name)).filter((c): c is ContainerRuntime => c !== undefined);
  const unready = containers.filter((c) => c.phase !== 'running').map((c) => c.name);
  const ready = unready.length === 0 && containers.length > 0;
  const anyStarted = containers.some((c) => c.containerID !== undefined);
  const notReady = `containers with unready status: [${unready.join(' ')}]`;
  const scheduled = previous.find((c) => c.type === 'PodScheduled');
  return {
    phase: anyStarted ? 'Running' : 'Pending',
    conditions: [
      condition(previous, 'PodReadyToStartContainers', !runtime.mountBlocked, now),
      condition(previous, 'Initialized', true, now),
      condition(previous, 'Ready', ready, now, 'ContainersNotReady', notReady),
      condition(previous, 'ContainersReady', ready, now, 'ContainersNotReady', notReady),
      scheduled ?? condition(previous, 'PodScheduled', true, now),
    ],
    hostIP: runtime.hostIP,
    hostIPs: [{ ip: runtime.hostIP }],
    podIP: runtime.podIP,
    podIPs: [{ ip: runtime.podIP }],
    startTime: runtime.startTime,
    containerStatuses: containers.map((c) => containerStatus(c, runtime)),
    qosClass: 'BestEffort',
  };
}
