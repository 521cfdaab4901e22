import { DNS_PROVIDER_ANNOTATION, DNS_ZONE_NAME_ANNOTATION, NAMESERVER_ANNOTATION } from '../../constants.js';
import type { K8sObject } from '../../k8s/types.js';

const POD = ['spec', 'template', 'spec'];
const DNS_ANNOTATIONS = [DNS_PROVIDER_ANNOTATION, DNS_ZONE_NAME_ANNOTATION, NAMESERVER_ANNOTATION];

function has(obj: unknown, path: readonly string[]): boolean {
  let cur: unknown = obj;
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null) return false;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur !== undefined && cur !== null;
}

function keysOf(obj: unknown, path: readonly string[]): string[] {
  let cur: unknown = obj;
  for (const key of path) cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[key] : undefined;
  return typeof cur === 'object' && cur !== null ? Object.keys(cur) : [];
}

/**
 * Fields init writes only for some options (a node selector, pull secrets, the controller
 * manager's service account and CoreDNS annotations). When this run's plan leaves one out, a
 * value an earlier run wrote must go, so re-running init with an option removed converges.
 */
export function optionalFieldsToClear(desired: K8sObject, live: K8sObject): string[][] {
  if (desired.kind !== 'Deployment') return [];
  const paths: string[][] = [];
  const selector = [...POD, 'nodeSelector'];
  if (!has(desired, selector)) paths.push(selector);
  else for (const key of keysOf(live, selector)) if (!keysOf(desired, selector).includes(key)) paths.push([...selector, key]);
  if (!has(desired, [...POD, 'imagePullSecrets'])) paths.push([...POD, 'imagePullSecrets']);
  if (!has(desired, [...POD, 'serviceAccountName'])) paths.push([...POD, 'serviceAccountName'], [...POD, 'serviceAccount']);
  for (const key of DNS_ANNOTATIONS) if (!has(desired, ['metadata', 'annotations', key])) paths.push(['metadata', 'annotations', key]);
  return paths;
}
