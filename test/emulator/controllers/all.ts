/**
 * Starts every controller of an emulated cluster's control plane (kubelet and kube-proxy are
 * started separately: they need each other).
 */
import type { ControllerContext, Stop } from './kit.js';
import { startDeploymentController } from './deployment.js';
import { startEndpointsController } from './endpoints.js';
import { startGarbageCollector } from './garbage-collector.js';
import { startNamespaceController } from './namespace.js';
import { startPvcBinder } from './pvc-binder.js';
import { startReplicaSetController } from './replica-set.js';
import { startScheduler } from './scheduler.js';
import { startServiceController, type LoadBalancerMode } from './service.js';
import { startTokenController, type TokenSink } from './token.js';
import { startVolumeProtection } from './volume-protection.js';

export interface ControllerSettings {
  caPem: string;
  tokens: TokenSink;
  tokenController: boolean;
  loadBalancer: LoadBalancerMode;
  reservedAddresses: Set<string>;
}

export function startControllers(ctx: ControllerContext, settings: ControllerSettings): Stop {
  const stops: Stop[] = [
    startNamespaceController(ctx, { caPem: settings.caPem }),
    startGarbageCollector(ctx),
    startPvcBinder(ctx),
    startVolumeProtection(ctx),
    startDeploymentController(ctx),
    startReplicaSetController(ctx),
    startScheduler(ctx),
    startServiceController(ctx, { mode: settings.loadBalancer, reserved: settings.reservedAddresses }),
    startEndpointsController(ctx),
  ];
  if (settings.tokenController) stops.push(startTokenController(ctx, { caPem: settings.caPem, tokens: settings.tokens }));
  return () => {
    for (const stop of stops) stop();
  };
}
