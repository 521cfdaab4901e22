/**
 * The emulated kube-proxy and cloud load-balancer data path. For each Service with a selector it
 * finds the ready Pods whose labels match, maps the Service port's targetPort (a container port
 * name, or a number) to what the Pod really serves, and forwards TCP connections to it: on every
 * node address at the nodePort (NodePort and LoadBalancer Services) and on each load-balancer
 * ingress address at the Service port. With no reachable backend nothing listens, so a client
 * gets "connection refused" — a wrong targetPort, containerPort or selector fails like it would.
 * It also answers how a process inside a pod reaches a Service (`dial`).
 */
import { createServer, connect, isIP, type Server, type Socket } from 'node:net';
import type { StoredObject } from './contracts.js';
import type { ServedPort } from './controllers/container-outcome.js';
import { reachableFromOutside } from './controllers/container-outcome.js';
import type { InClusterDialer } from './controllers/controller-manager-container.js';
import { mapSelectorMatches, typeOf, type ControllerContext } from './controllers/kit.js';
import { isPodReady, podSpecOf } from './controllers/pod-defaults.js';

export interface ProxyNode {
  internalIP: string;
  externalIP?: string;
}

export interface ProxyOptions {
  nodes: ProxyNode[];
  servedPort(podUid: string, containerPort: number): ServedPort | undefined;
}

export interface KubeProxy {
  dial: InClusterDialer;
  /** The addresses currently listened on, `ip:port` (for tests and debugging). */
  listening(): string[];
  stop(): Promise<void>;
}

interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
  protocol?: string;
}
interface ServiceSpec {
  type?: string;
  selector?: Record<string, string>;
  clusterIP?: string;
  ports?: ServicePort[];
}
type Target = { host: string; port: number };
interface Route {
  namespace: string;
  service: string;
  port: number;
}
interface Listener {
  route: Route;
  server: Server;
  sockets: Set<Socket>;
}

const CLUSTER_DOMAIN = 'cluster.local';

export function startKubeProxy(ctx: ControllerContext, options: ProxyOptions): KubeProxy {
  const { store } = ctx;
  const svcType = typeOf(store, 'v1', 'Service');
  const podType = typeOf(store, 'v1', 'Pod');
  const listeners = new Map<string, Listener>();
  let scheduled = false;
  let stopped = false;
  let roundRobin = 0;

  function containerPortFor(pod: StoredObject, target: number | string): number | undefined {
    if (typeof target === 'number') return target;
    if (/^\d+$/.test(target)) return Number(target);
    for (const container of podSpecOf(pod).containers) {
      const port = (container.ports ?? []).find((p) => p.name === target);
      if (port) return port.containerPort;
    }
    return undefined;
  }

  /** Every reachable backend of one Service port. */
  function backends(svc: StoredObject, port: ServicePort): Target[] {
    const spec = (svc.spec ?? {}) as ServiceSpec;
    const out: Target[] = [];
    for (const pod of store.list(podType, svc.metadata.namespace)) {
      if (!isPodReady(pod) || !mapSelectorMatches(spec.selector, pod.metadata.labels)) continue;
      const containerPort = containerPortFor(pod, port.targetPort ?? port.port);
      if (containerPort === undefined) continue;
      const served = options.servedPort(pod.metadata.uid ?? '', containerPort);
      const podIP = String((pod.status as { podIP?: string } | undefined)?.podIP ?? '');
      if (served && reachableFromOutside(served.bindAddress, podIP)) out.push(served.target);
    }
    return out;
  }

  function backendFor(route: Route): Target | undefined {
    const svc = store.get(svcType, route.namespace, route.service);
    const port = ((svc?.spec ?? {}) as ServiceSpec).ports?.find((p) => p.port === route.port);
    if (!svc || !port) return undefined;
    const all = backends(svc, port);
    return all.length ? all[roundRobin++ % all.length] : undefined;
  }

  /** Where each Service port is exposed outside the cluster: `ip:port` → route. */
  function desiredListeners(): Map<string, Route> {
    const wanted = new Map<string, Route>();
    for (const svc of store.list(svcType)) {
      const spec = (svc.spec ?? {}) as ServiceSpec;
      const ingress = ((svc.status ?? {}) as { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } }).loadBalancer?.ingress ?? [];
      for (const port of spec.ports ?? []) {
        if ((port.protocol ?? 'TCP') !== 'TCP') continue;
        const route = { namespace: svc.metadata.namespace ?? 'default', service: svc.metadata.name, port: port.port };
        if (backends(svc, port).length === 0) continue;
        if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && port.nodePort) {
          for (const node of options.nodes) {
            for (const ip of [node.internalIP, node.externalIP]) if (ip) wanted.set(`${ip}:${port.nodePort}`, route);
          }
        }
        if (spec.type === 'LoadBalancer') {
          for (const entry of ingress) {
            const ip = entry.ip ?? (entry.hostname === 'localhost' ? '127.0.0.1' : undefined);
            if (ip) wanted.set(`${ip}:${port.port}`, route);
          }
        }
      }
    }
    return wanted;
  }

  function forward(client: Socket, route: Route): void {
    const target = backendFor(route);
    if (!target) {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
  }

  async function open(key: string, route: Route): Promise<void> {
    const colon = key.lastIndexOf(':');
    const sockets = new Set<Socket>();
    const listener: Listener = { route, sockets, server: createServer() };
    listener.server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      forward(socket, listener.route);
    });
    listeners.set(key, listener);
    await new Promise<void>((resolve, reject) => {
      listener.server.once('error', reject);
      listener.server.listen(Number(key.slice(colon + 1)), key.slice(0, colon), () => resolve());
    }).catch((error: unknown) => {
      listeners.delete(key);
      throw new Error(`kube-proxy cannot listen on ${key}: ${(error as Error).message}`);
    });
  }

  function close(listener: Listener): Promise<void> {
    for (const socket of listener.sockets) socket.destroy();
    return new Promise((resolve) => listener.server.close(() => resolve()));
  }

  async function syncListeners(): Promise<void> {
    scheduled = false;
    if (stopped) return;
    const wanted = desiredListeners();
    const work: Promise<void>[] = [];
    for (const [key, listener] of listeners) {
      const route = wanted.get(key);
      if (route) listener.route = route;
      else {
        listeners.delete(key);
        work.push(close(listener));
      }
    }
    for (const [key, route] of wanted) if (!listeners.has(key)) work.push(open(key, route));
    const results = await Promise.allSettled(work);
    for (const result of results) if (result.status === 'rejected') throw result.reason;
  }

  function scheduleSync(): void {
    if (scheduled || stopped) return;
    scheduled = true;
    ctx.tracker.run('kube-proxy sync', () => new Promise<void>((resolve) => setImmediate(resolve)).then(syncListeners));
  }

  const unsubscribe = store.onChange((event) => {
    if (event.resource.kind === 'Service' || event.resource.kind === 'Pod') scheduleSync();
  });

  function serviceByName(host: string, namespace: string): StoredObject | undefined {
    const name = host.replace(/\.$/, '');
    const parts = name.split('.');
    const suffix = parts.slice(2).join('.');
    if (parts.length > 2 && suffix !== 'svc' && suffix !== `svc.${CLUSTER_DOMAIN}`) return undefined;
    return store.get(svcType, parts[1] ?? namespace, parts[0]);
  }

  const dial: InClusterDialer = (namespace, host, port) => {
    if (isIP(host)) {
      const svc = store.list(svcType).find((s) => ((s.spec ?? {}) as ServiceSpec).clusterIP === host);
      if (!svc) {
        if (listeners.has(`${host}:${port}`)) return { host, port };
        const pod = store.list(podType).find((p) => (p.status as { podIP?: string } | undefined)?.podIP === host);
        const served = pod ? options.servedPort(pod.metadata.uid ?? '', port) : undefined;
        if (served && reachableFromOutside(served.bindAddress, host)) return served.target;
        return { error: pod || options.nodes.some((n) => n.internalIP === host || n.externalIP === host) ? `dial tcp ${host}:${port}: connect: connection refused` : `dial tcp ${host}:${port}: i/o timeout` };
      }
      return dialService(svc, port);
    }
    const svc = serviceByName(host, namespace);
    if (!svc) return { error: `dial tcp: lookup ${host} on 10.96.0.10:53: no such host` };
    return dialService(svc, port);
  };

  function dialService(svc: StoredObject, port: number): Target | { error: string } {
    const spec = (svc.spec ?? {}) as ServiceSpec;
    const entry = spec.ports?.find((p) => p.port === port);
    if (!entry) return { error: `dial tcp ${spec.clusterIP}:${port}: i/o timeout` };
    const target = backendFor({ namespace: svc.metadata.namespace ?? 'default', service: svc.metadata.name, port });
    return target ?? { error: `dial tcp ${spec.clusterIP}:${port}: connect: connection refused` };
  }

  return {
    dial,
    listening: () => [...listeners.keys()].sort(),
    async stop() {
      stopped = true;
      unsubscribe();
      const all = [...listeners.values()];
      listeners.clear();
      await Promise.all(all.map(close));
    },
  };
}
