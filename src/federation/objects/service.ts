import { APISERVER_NAME, APISERVER_POD_LABELS } from '../../constants.js';
import type { K8sObject } from '../../k8s/types.js';
import { SERVICE_PORT } from './layout.js';
import type { ControlPlaneSpec } from './spec.js';
import { objectMeta } from './meta.js';

/**
 * Service `apiserver` (README, kubefed init). init creates it first (src/federation/catalogue.ts),
 * because its address (load-balancer ingress or node port) goes into the server certificate and
 * the kubeconfig.
 */
export function buildApiserverService(options: ControlPlaneSpec): K8sObject {
  const port: Record<string, unknown> = { name: 'https', protocol: 'TCP', port: SERVICE_PORT, targetPort: 'https' };
  if (options.service.type === 'NodePort' && options.service.nodePort !== undefined) port.nodePort = options.service.nodePort;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(options, APISERVER_NAME, { labels: true }),
    spec: {
      type: options.service.type,
      selector: { ...APISERVER_POD_LABELS },
      ports: [port],
    },
  };
}
