/**
 * The cloud provider's service controller: a Service of type LoadBalancer gets a load-balancer
 * address in status.loadBalancer.ingress. On this machine the only addresses that can be served
 * are loopback ones, so `ip` clusters hand out a fresh 127.x.y.z (never 127.0.0.1), and
 * `hostname` clusters hand out the name `localhost`; `never` clusters behave like a cluster
 * without a cloud provider: the Service stays without an address forever.
 */
import { randomBytes } from 'node:crypto';
import type { StoredObject } from '../contracts.js';
import { ignoreGone, recordEvent, typeOf, watchKinds, type ControllerContext, type Stop } from './kit.js';

export type LoadBalancerMode = 'ip' | 'hostname' | 'never';
const COMPONENT = 'service-controller';

export interface ServiceControllerOptions {
  mode: LoadBalancerMode;
  /** Addresses that must not be handed out (node addresses, other clusters' load balancers). */
  reserved: Set<string>;
}

interface ServiceStatus {
  loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] };
}

function randomLoopback(reserved: Set<string>): string {
  for (;;) {
    const [a, b, c] = randomBytes(3);
    const ip = `127.${a}.${b}.${c % 254 + 1}`;
    if (ip !== '127.0.0.1' && !reserved.has(ip)) return ip;
  }
}

export function startServiceController(ctx: ControllerContext, options: ServiceControllerOptions): Stop {
  const { store } = ctx;
  const svcType = typeOf(store, 'v1', 'Service');

  function setIngress(svc: StoredObject, ingress: { ip?: string; hostname?: string; ipMode?: string }[]): void {
    const status = { ...((svc.status ?? {}) as ServiceStatus), loadBalancer: ingress.length ? { ingress } : {} };
    ignoreGone(() => store.update(svcType, { ...svc, status }));
  }

  function ensureLoadBalancer(svc: StoredObject): void {
    const spec = (svc.spec ?? {}) as { type?: string; loadBalancerIP?: string };
    const ingress = ((svc.status ?? {}) as ServiceStatus).loadBalancer?.ingress ?? [];
    if (spec.type !== 'LoadBalancer') {
      if (ingress.length) {
        for (const entry of ingress) if (entry.ip) options.reserved.delete(entry.ip);
        setIngress(svc, []);
      }
      return;
    }
    if (ingress.length || options.mode === 'never') return;
    recordEvent(ctx, svc, { type: 'Normal', reason: 'EnsuringLoadBalancer', message: 'Ensuring load balancer', component: COMPONENT });
    if (options.mode === 'hostname') {
      setIngress(svc, [{ hostname: 'localhost' }]);
    } else {
      const wanted = spec.loadBalancerIP;
      const ip = wanted && wanted.startsWith('127.') && !options.reserved.has(wanted) ? wanted : randomLoopback(options.reserved);
      options.reserved.add(ip);
      setIngress(svc, [{ ip, ipMode: 'VIP' }]);
    }
    recordEvent(ctx, svc, { type: 'Normal', reason: 'EnsuredLoadBalancer', message: 'Ensured load balancer', component: COMPONENT });
  }

  return watchKinds(ctx, COMPONENT, ['Service'], (event) => {
    if (event.type === 'DELETED') {
      for (const entry of ((event.object.status ?? {}) as ServiceStatus).loadBalancer?.ingress ?? []) if (entry.ip) options.reserved.delete(entry.ip);
      return;
    }
    const current = store.get(svcType, event.object.metadata.namespace, event.object.metadata.name);
    if (current) ensureLoadBalancer(current);
  });
}
