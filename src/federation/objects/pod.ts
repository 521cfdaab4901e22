import type { ControlPlaneSpec } from './spec.js';
import { federationAnnotation } from './meta.js';

/**
 * The parts both Deployments share (README "Deviations": apps/v1 with a selector, no empty pull secret): one replica, an explicit selector equal to
 * the pod labels (apps/v1 requires it), the pod template named after the Deployment, and the
 * node selector and pull secrets only when given — no empty imagePullSecrets entry.
 */
export function deploymentSpec(
  options: ControlPlaneSpec,
  name: string,
  podLabels: Readonly<Record<string, string>>,
  podSpec: Record<string, unknown>,
): Record<string, unknown> {
  const spec: Record<string, unknown> = { ...podSpec };
  if (Object.keys(options.nodeSelector).length > 0) spec.nodeSelector = { ...options.nodeSelector };
  if (options.images.pullSecrets.length > 0) spec.imagePullSecrets = options.images.pullSecrets.map((secret) => ({ name: secret }));
  return {
    replicas: 1,
    selector: { matchLabels: { ...podLabels } },
    template: {
      metadata: { name, labels: { ...podLabels }, annotations: federationAnnotation(options) },
      spec,
    },
  };
}

export function secretVolume(name: string, secretName: string): Record<string, unknown> {
  return { name, secret: { secretName } };
}

export function readOnlyMount(name: string, mountPath: string): Record<string, unknown> {
  return { name, mountPath, readOnly: true };
}
