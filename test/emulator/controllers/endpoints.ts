/**
 * The endpoints controller: for every Service with a selector, an Endpoints object of the same
 * name listing the matching Pods (ready ones under addresses, the others under
 * notReadyAddresses) with each Service port's targetPort resolved against the Pod.
 */
import type { StoredObject } from '../contracts.js';
import { ignoreGone, mapSelectorMatches, typeOf, watchKinds, type ControllerContext, type Stop } from './kit.js';
import { isPodReady, podSpecOf } from './pod-defaults.js';

interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
}
interface Address {
  ip: string;
  nodeName?: string;
  targetRef: { kind: string; namespace?: string; name: string; uid?: string };
}
interface Subset {
  addresses?: Address[];
  notReadyAddresses?: Address[];
  ports: { name?: string; port: number; protocol: string }[];
}

function resolvePort(pod: StoredObject, target: number | string): number | undefined {
  if (typeof target === 'number') return target;
  for (const container of podSpecOf(pod).containers) {
    const found = (container.ports ?? []).find((p) => p.name === target);
    if (found) return found.containerPort;
  }
  return undefined;
}

function subsetsFor(svc: StoredObject, pods: StoredObject[]): Subset[] {
  const spec = (svc.spec ?? {}) as { selector?: Record<string, string>; ports?: ServicePort[] };
  const bySignature = new Map<string, Subset>();
  for (const pod of pods) {
    const podIP = (pod.status as { podIP?: string } | undefined)?.podIP;
    if (!podIP || !mapSelectorMatches(spec.selector, pod.metadata.labels)) continue;
    const ports = (spec.ports ?? []).flatMap((p) => {
      const port = resolvePort(pod, p.targetPort ?? p.port);
      return port === undefined ? [] : [{ ...(p.name ? { name: p.name } : {}), port, protocol: p.protocol ?? 'TCP' }];
    });
    if (ports.length === 0) continue;
    const signature = JSON.stringify(ports);
    const subset = bySignature.get(signature) ?? { ports };
    bySignature.set(signature, subset);
    const address: Address = {
      ip: podIP,
      nodeName: podSpecOf(pod).nodeName,
      targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
    };
    const list = isPodReady(pod) ? (subset.addresses ??= []) : (subset.notReadyAddresses ??= []);
    list.push(address);
  }
  return [...bySignature.values()];
}

export function startEndpointsController(ctx: ControllerContext): Stop {
  const { store } = ctx;
  const svcType = typeOf(store, 'v1', 'Service');
  const podType = typeOf(store, 'v1', 'Pod');
  const epType = typeOf(store, 'v1', 'Endpoints');

  function sync(svc: StoredObject): void {
    const selector = ((svc.spec ?? {}) as { selector?: Record<string, string> }).selector;
    if (!selector || Object.keys(selector).length === 0) return;
    const ns = svc.metadata.namespace;
    const subsets = subsetsFor(svc, store.list(podType, ns));
    const existing = store.get(epType, ns, svc.metadata.name);
    if (!existing) {
      ignoreGone(() => store.create(epType, { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: svc.metadata.name, namespace: ns, labels: { ...svc.metadata.labels } }, subsets }));
      return;
    }
    if (JSON.stringify(existing.subsets ?? []) === JSON.stringify(subsets)) return;
    ignoreGone(() => store.update(epType, { ...existing, subsets }));
  }

  return watchKinds(ctx, 'endpoints-controller', ['Service', 'Pod'], (event) => {
    const ns = event.object.metadata.namespace;
    if (event.resource.kind === 'Service') {
      if (event.type === 'DELETED') {
        store.delete(epType, ns, event.object.metadata.name);
        return;
      }
      const svc = store.get(svcType, ns, event.object.metadata.name);
      if (svc) sync(svc);
      return;
    }
    for (const svc of store.list(svcType, ns)) sync(svc);
  });
}
