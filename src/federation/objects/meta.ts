import { COMPONENT_LABEL, FEDERATION_NAME_ANNOTATION } from '../../constants.js';
import type { ObjectMeta } from '../../k8s/types.js';
import type { ControlPlaneSpec } from './spec.js';

/**
 * Metadata of everything init creates: the federation-name annotation on every object (so
 * destroy and join can tell whose it is) and, where the original had it, the component label.
 */
export function objectMeta(options: ControlPlaneSpec, name: string, extra: { labels?: boolean; namespaced?: boolean } = {}): ObjectMeta {
  const meta: ObjectMeta = { name };
  if (extra.namespaced !== false) meta.namespace = options.namespace;
  if (extra.labels) meta.labels = { ...COMPONENT_LABEL };
  meta.annotations = federationAnnotation(options);
  return meta;
}

export function federationAnnotation(options: ControlPlaneSpec): Record<string, string> {
  return { [FEDERATION_NAME_ANNOTATION]: options.federationName };
}

/** Secret `data` values are base64 of the bytes. */
export function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
