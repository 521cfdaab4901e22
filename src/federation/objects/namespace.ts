import type { K8sObject } from '../../k8s/types.js';
import type { ControlPlaneSpec } from './spec.js';
import { objectMeta } from './meta.js';

/** The federation's namespace; no label, only the federation-name annotation (as the original's). */
export function buildNamespace(options: ControlPlaneSpec): K8sObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: objectMeta(options, options.namespace, { namespaced: false }) };
}
