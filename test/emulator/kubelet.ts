/**
 * The emulated kubelet, one for all nodes: runs every scheduled Pod as a real node would — mounts
 * its volumes (a missing Secret blocks it in ContainerCreating with FailedMount), pulls images
 * (a failing image ends in ImagePullBackOff), starts the containers (the federation API server and
 * controller manager as emulated binaries) and reports the Pod status. Each Pod gets an IP in
 * 10.244.0.0/16 and a port table: which container ports a process really serves, and where.
 */
import { randomBytes } from 'node:crypto';
import type { StoredObject } from './contracts.js';
import type { FederationEndpoint } from './federation.js';
import type { ServedPort } from './controllers/container-outcome.js';
import type { InClusterDialer } from './controllers/controller-manager-container.js';
import { describeLocalEtcd, isFailingImage, pullErrorMessage, roleOf, runContainer, startOrder } from './controllers/container-runner.js';
import { startClusterHealth, type HostAuthorize } from './controllers/cluster-health.js';
import { createFederationStores } from './controllers/federation-stores.js';
import { ignoreGone, recordEvent, timestamp, typeOf, type ControllerContext } from './controllers/kit.js';
import { dialsServices, missingPullSecrets, startInputs, usesVolume, VOLUME_KINDS } from './controllers/kubelet-inputs.js';
import { createPodAddresses } from './controllers/pod-addresses.js';
import { isPodReady, podSpecOf, type Container } from './controllers/pod-defaults.js';
import { containerFiles, resolveVolumes } from './controllers/pod-files.js';
import { buildPodStatus, type ContainerRuntime, type PodRuntime } from './controllers/pod-status.js';

export interface KubeletNode {
  name: string;
  internalIP: string;
}

export interface KubeletOptions {
  nodes: KubeletNode[];
  failingImages: readonly string[];
  /** How processes in pods reach Services (wired to the emulated kube-proxy). */
  dial: InClusterDialer;
  /** The cluster's authorizer, for what processes in pods do with their ServiceAccount; absent: all allowed. */
  authorize?: HostAuthorize;
}

export interface Kubelet {
  /** The newest federation API endpoint running in `namespace` (or anywhere). */
  federation(namespace?: string): FederationEndpoint | undefined;
  /** Where a pod's container port is really served, when a running process serves it. */
  servedPort(podUid: string, containerPort: number): ServedPort | undefined;
  stop(): Promise<void>;
}

const PULL_BACKOFF_MS = 40;
const FIRST_RESTART_MS = 40;

export function startKubelet(ctx: ControllerContext, options: KubeletOptions): Kubelet {
  const { store } = ctx;
  const podType = typeOf(store, 'v1', 'Pod');
  const pvcType = typeOf(store, 'v1', 'PersistentVolumeClaim');
  const stores = createFederationStores(ctx.now);
  const runtimes = new Map<string, PodRuntime>();
  const queues = new Map<string, Promise<void>>();
  /** resourceVersions of the kubelet's own status writes per pod: their events are no news. */
  const ownWrites = new Map<string, Set<string>>();
  const endpoints: { namespace: string; podUid: string; endpoint: FederationEndpoint }[] = [];
  const addresses = createPodAddresses(options.nodes.map((n) => n.name));
  let stopped = false;

  function component(runtime: PodRuntime): { component: string; host: string } {
    const node = options.nodes.find((n) => n.internalIP === runtime.hostIP);
    return { component: 'kubelet', host: node?.name ?? '' };
  }

  function allocateRuntime(pod: StoredObject, nodeIndex: number): PodRuntime {
    return {
      uid: pod.metadata.uid ?? '',
      namespace: pod.metadata.namespace ?? 'default',
      name: pod.metadata.name,
      podIP: addresses.allocate(nodeIndex, [...runtimes.values()].map((r) => r.podIP)),
      hostIP: options.nodes[nodeIndex].internalIP,
      startTime: timestamp(ctx.now),
      containers: new Map(),
      mountBlocked: false,
    };
  }

  function event(runtime: PodRuntime, pod: StoredObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    recordEvent(ctx, pod, { type, reason, message, ...component(runtime) });
  }

  async function stopContainer(runtime: PodRuntime, c: ContainerRuntime): Promise<void> {
    const at = endpoints.findIndex((e) => e.endpoint === c.endpoint);
    if (at >= 0) endpoints.splice(at, 1);
    c.ports = [];
    c.endpoint = undefined;
    const stop = c.stop;
    c.stop = undefined;
    if (stop) await stop();
  }

  async function teardown(uid: string): Promise<void> {
    const runtime = runtimes.get(uid);
    if (!runtime) return;
    runtimes.delete(uid);
    ownWrites.delete(uid);
    for (const c of runtime.containers.values()) await stopContainer(runtime, c);
    stores.drop(`pod:${uid}`);
  }

  function failPull(runtime: PodRuntime, pod: StoredObject, c: ContainerRuntime): void {
    const message = pullErrorMessage(c.image);
    c.phase = 'pull-error';
    c.waitingMessage = message;
    event(runtime, pod, 'Normal', 'Pulling', `Pulling image "${c.image}"`);
    event(runtime, pod, 'Warning', 'Failed', `Failed to pull image "${c.image}": ${message}`);
    event(runtime, pod, 'Warning', 'Failed', 'Error: ErrImagePull');
    ctx.tracker.later(`kubelet pull back-off ${runtime.name}`, PULL_BACKOFF_MS, () =>
      enqueue(runtime.namespace, runtime.name, async () => {
        if (runtimes.get(runtime.uid) !== runtime || c.phase !== 'pull-error') return;
        c.phase = 'pull-backoff';
        c.waitingMessage = `Back-off pulling image "${c.image}": ErrImagePull: ${message}`;
        const current = store.get(podType, runtime.namespace, runtime.name);
        if (!current) return;
        event(runtime, current, 'Normal', 'BackOff', `Back-off pulling image "${c.image}"`);
        event(runtime, current, 'Warning', 'Failed', 'Error: ImagePullBackOff');
        writeStatus(runtime, current);
      }),
    );
  }

  async function start(runtime: PodRuntime, pod: StoredObject, container: Container, c: ContainerRuntime, files: ReturnType<typeof containerFiles>, etcd: ReturnType<typeof describeLocalEtcd> | undefined): Promise<void> {
    const startedAt = timestamp(ctx.now);
    const containerID = `containerd://${randomBytes(32).toString('hex')}`;
    const serviceAccount = String(podSpecOf(pod).serviceAccountName ?? 'default');
    const monitor = (via: { host: string; port: number }) => {
      const inNamespace = endpoints.filter((e) => e.namespace === runtime.namespace);
      const endpoint = (inNamespace.find((e) => e.endpoint.port === via.port) ?? inNamespace[inNamespace.length - 1])?.endpoint;
      return endpoint ? startClusterHealth({ ctx, federationStore: endpoint.store, namespace: runtime.namespace, serviceAccount, authorize: options.authorize }) : undefined;
    };
    const outcome = await runContainer(container, { namespace: runtime.namespace, podIP: runtime.podIP, files, localEtcd: etcd, stores, dial: options.dial, monitor });
    if (runtimes.get(runtime.uid) !== runtime) {
      // The pod went away while the process was starting.
      if (outcome.running && outcome.stop) await outcome.stop();
      return;
    }
    if (c.failures === 0) event(runtime, pod, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`);
    event(runtime, pod, 'Normal', 'Created', `Created container: ${c.name}`);
    event(runtime, pod, 'Normal', 'Started', `Started container ${c.name}`);
    c.containerID = containerID;
    if (outcome.running) {
      Object.assign(c, { phase: 'running', startedAt, ports: outcome.ports, endpoint: outcome.endpoint, stop: outcome.stop });
      if (outcome.endpoint) endpoints.push({ namespace: runtime.namespace, podUid: runtime.uid, endpoint: outcome.endpoint });
      return;
    }
    c.failures++;
    if (c.failures > 1) c.restartCount++;
    c.phase = 'crashed';
    c.lastTerminated = { exitCode: outcome.exitCode, reason: 'Error', message: outcome.message, startedAt, finishedAt: timestamp(ctx.now), containerID };
    if (c.failures > 1) {
      event(runtime, pod, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${runtime.name}_${runtime.namespace}(${runtime.uid})`);
    } else {
      // The kubelet restarts a container that exited once without delay; back-off starts after.
      ctx.tracker.later(`kubelet restart ${runtime.name}/${c.name}`, FIRST_RESTART_MS, () => enqueue(runtime.namespace, runtime.name, () => syncPod(runtime.namespace, runtime.name, true)));
    }
  }

  function writeStatus(runtime: PodRuntime, pod: StoredObject): void {
    const spec = podSpecOf(pod);
    const status = buildPodStatus(pod, runtime, spec.containers.map((c) => c.name), timestamp(ctx.now));
    if (JSON.stringify(status) === JSON.stringify(pod.status)) return;
    const wasReady = isPodReady(pod);
    const written = ignoreGone(() => store.update(podType, { ...pod, status }));
    if (!written) return;
    const mine = ownWrites.get(runtime.uid) ?? new Set<string>();
    mine.add(written.metadata.resourceVersion ?? '');
    ownWrites.set(runtime.uid, mine);
    // Another pod of the namespace may have been waiting for this one (the controller manager for its API server).
    if (isPodReady(written) !== wasReady) retryWaiting(runtime.namespace, (r) => r.uid !== runtime.uid && dialsServices(store, r));
  }

  function warnMissingPullSecrets(runtime: PodRuntime, pod: StoredObject): void {
    if ([...runtime.containers.values()].every((c) => c.phase === 'running')) return;
    const missing = missingPullSecrets(store, pod);
    if (missing.length === 0) return;
    event(runtime, pod, 'Warning', 'FailedToRetrieveImagePullSecret', `Unable to retrieve some image pull secrets (${missing.join(', ')}); attempting to pull the image may not succeed.`);
  }

  async function syncPod(namespace: string, name: string, restartCrashed = false): Promise<void> {
    if (stopped) return;
    const pod = store.get(podType, namespace, name);
    const known = [...runtimes.values()].find((r) => r.namespace === namespace && r.name === name);
    if (known && (!pod || pod.metadata.uid !== known.uid)) await teardown(known.uid);
    if (!pod || pod.metadata.deletionTimestamp) return;
    const spec = podSpecOf(pod);
    const nodeIndex = options.nodes.findIndex((n) => n.name === spec.nodeName);
    if (nodeIndex < 0) return;
    let runtime = runtimes.get(pod.metadata.uid ?? '');
    if (!runtime) {
      runtime = allocateRuntime(pod, nodeIndex);
      runtimes.set(runtime.uid, runtime);
    }
    for (const container of spec.containers) {
      const existing = runtime.containers.get(container.name);
      if (existing && existing.image === (container.image ?? '')) continue;
      if (existing) await stopContainer(runtime, existing);
      runtime.containers.set(container.name, { name: container.name, image: container.image ?? '', phase: 'creating', restartCount: 0, failures: 0, ports: [] });
    }
    const { volumes, problems } = resolveVolumes(store, namespace, spec);
    runtime.mountBlocked = problems.length > 0;
    if (runtime.mountBlocked) {
      for (const problem of problems) event(runtime, pod, 'Warning', 'FailedMount', problem.message);
      return writeStatus(runtime, pod);
    }
    warnMissingPullSecrets(runtime, pod);
    const claimUid = (claim: string) => store.get(pvcType, namespace, claim)?.metadata.uid;
    let etcd: ReturnType<typeof describeLocalEtcd> | undefined;
    for (const container of startOrder(spec.containers)) {
      const c = runtime.containers.get(container.name);
      if (!c || c.phase === 'running' || c.phase === 'pull-backoff' || c.phase === 'pull-error') {
        if (c && roleOf(container) === 'etcd') etcd = describeLocalEtcd(container, containerFiles(container, volumes), c.phase === 'running', claimUid, runtime.uid);
        continue;
      }
      const files = containerFiles(container, volumes);
      const inputs = startInputs(store, pod, container);
      // A crashed container is retried on its restart timer, or when something it reads changed.
      if (c.phase === 'crashed' && !restartCrashed && c.failedWith === inputs) continue;
      c.failedWith = inputs;
      if (isFailingImage(container.image, options.failingImages)) failPull(runtime, pod, c);
      else await start(runtime, pod, container, c, files, etcd);
      // `start` changed c.phase behind the compiler's back.
      if (roleOf(container) === 'etcd') etcd = describeLocalEtcd(container, files, (c as ContainerRuntime).phase === 'running', claimUid, runtime.uid);
    }
    const current = store.get(podType, namespace, name);
    if (current && current.metadata.uid === runtime.uid) writeStatus(runtime, current);
  }

  function enqueue(namespace: string, name: string, work: () => Promise<void>): Promise<void> {
    const key = `${namespace}/${name}`;
    const next = (queues.get(key) ?? Promise.resolve()).then(work, work);
    const tail = next.catch(() => undefined);
    queues.set(key, tail);
    void tail.then(() => {
      if (queues.get(key) === tail) queues.delete(key);
    });
    return next;
  }

  function sync(namespace: string, name: string): void {
    ctx.tracker.run(`kubelet sync ${namespace}/${name}`, () => enqueue(namespace, name, () => syncPod(namespace, name)));
  }

  /** Pods with a container that is not running, and that `affected` selects, get another attempt. */
  function retryWaiting(namespace: string, affected: (runtime: PodRuntime) => boolean): void {
    for (const runtime of runtimes.values()) {
      if (runtime.namespace !== namespace || !affected(runtime)) continue;
      if ([...runtime.containers.values()].some((c) => c.phase !== 'running')) sync(namespace, runtime.name);
    }
  }

  const unsubscribe = store.onChange((ev) => {
    const { kind } = ev.resource;
    const obj = ev.object;
    const ns = obj.metadata.namespace ?? '';
    if (kind === 'Pod') {
      if (ev.type !== 'DELETED' && ownWrites.get(obj.metadata.uid ?? '')?.delete(obj.metadata.resourceVersion ?? '')) return;
      if (ev.type === 'DELETED' && !runtimes.has(obj.metadata.uid ?? '')) return;
      return sync(ns, obj.metadata.name);
    }
    if (kind === 'PersistentVolumeClaim' && ev.type === 'DELETED') stores.drop(`pvc:${obj.metadata.uid}`);
    if (VOLUME_KINDS[kind]) retryWaiting(ns, (r) => usesVolume(store, r, kind, obj.metadata.name));
    if (kind === 'Service') retryWaiting(ns, (r) => dialsServices(store, r));
  });

  return {
    federation(namespace) {
      const matching = namespace === undefined ? endpoints : endpoints.filter((e) => e.namespace === namespace);
      return matching[matching.length - 1]?.endpoint;
    },
    servedPort(podUid, containerPort) {
      const runtime = runtimes.get(podUid);
      if (!runtime) return undefined;
      for (const c of runtime.containers.values()) {
        const port = c.phase === 'running' ? c.ports.find((p) => p.containerPort === containerPort) : undefined;
        if (port) return port;
      }
      return undefined;
    },
    async stop() {
      stopped = true;
      unsubscribe();
      for (const uid of [...runtimes.keys()]) await teardown(uid);
    },
  };
}
