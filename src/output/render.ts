import * as yaml from 'js-yaml';
import type { K8sObject } from '../k8s/types.js';

/**
 * Printing objects (`--dry-run=client`, `-o yaml|json|name`). Secret values and kubeconfig
 * credentials are replaced by `<redacted>` unless the user asked for them with --show-secrets,
 * so that key material never lands in CI logs by accident.
 */

export const REDACTED = '<redacted>';

export interface RenderOptions {
  showSecrets: boolean;
}

function dumpYaml(value: unknown): string {
  return yaml.dump(value, { lineWidth: -1, noRefs: true });
}

function redactValues(map: unknown): unknown {
  if (typeof map !== 'object' || map === null) return map;
  return Object.fromEntries(Object.keys(map).map((key) => [key, REDACTED]));
}

/** A copy of the object with Secret `data` and `stringData` values redacted. */
export function redactObject(obj: K8sObject): K8sObject {
  if (obj.kind !== 'Secret') return obj;
  const copy: K8sObject = { ...obj };
  if ('data' in obj) copy.data = redactValues(obj.data);
  if ('stringData' in obj) copy.stringData = redactValues(obj.stringData);
  return copy;
}

/** YAML documents separated by `---`, or a JSON `v1` List. */
export function renderObjects(objects: readonly K8sObject[], format: 'yaml' | 'json', options: RenderOptions): string {
  const shown = options.showSecrets ? [...objects] : objects.map(redactObject);
  if (format === 'json') return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: shown }, null, 2)}\n`;
  return shown.map(dumpYaml).join('---\n');
}

/** `kind/name` per object, as `kubectl -o name` prints them. */
export function renderObjectNames(objects: readonly K8sObject[]): string {
  return objects.map((obj) => `${obj.kind.toLowerCase()}/${obj.metadata.name}\n`).join('');
}

const CREDENTIAL_FIELDS = ['client-key-data', 'token', 'password'];

/** A copy of kubeconfig stanzas with private keys, tokens and passwords redacted. */
export function redactKubeconfigEntries<T extends { users?: readonly { name: string; user: Record<string, unknown> }[] }>(entries: T): T {
  if (!entries.users) return entries;
  const users = entries.users.map((named) => {
    const user: Record<string, unknown> = { ...named.user };
    for (const field of CREDENTIAL_FIELDS) if (field in user) user[field] = REDACTED;
    return { ...named, user };
  });
  return { ...entries, users };
}

/** Kubeconfig stanzas (clusters, users, contexts) as YAML or JSON, redacted unless asked. */
export function renderKubeconfigEntries(
  entries: { users?: readonly { name: string; user: Record<string, unknown> }[] },
  format: 'yaml' | 'json',
  options: RenderOptions,
): string {
  const shown = options.showSecrets ? entries : redactKubeconfigEntries(entries);
  return format === 'json' ? `${JSON.stringify(shown, null, 2)}\n` : dumpYaml(shown);
}
