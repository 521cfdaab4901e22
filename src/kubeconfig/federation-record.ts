import { KUBECONFIG_EXTENSION } from '../constants.js';
import type { LoadedKubeconfig } from './model.js';

/**
 * The record init keeps on a federation's kubeconfig context (the `kubefed` context extension):
 * where the control plane lives, so later commands need no --host-cluster-context.
 */
export interface FederationRecord {
  'host-context'?: string;
  'federation-system-namespace'?: string;
  'federation-name'?: string;
}

const KEYS = ['host-context', 'federation-system-namespace', 'federation-name'] as const;

/** The record's non-empty string fields, or undefined when the extension is not a record. */
export function parseFederationRecord(extension: unknown): FederationRecord | undefined {
  if (!extension || typeof extension !== 'object') return undefined;
  const fields = extension as Record<string, unknown>;
  const record: FederationRecord = {};
  for (const key of KEYS) {
    const value = fields[key];
    if (typeof value === 'string' && value !== '') record[key] = value;
  }
  return record;
}

/** The record on context `contextName` of the merged kubeconfig. */
export function readFederationRecord(loaded: LoadedKubeconfig, contextName: string): FederationRecord | undefined {
  const extensions = loaded.contexts.get(contextName)?.entry.context.extensions ?? [];
  return parseFederationRecord(extensions.find((e) => e?.name === KUBECONFIG_EXTENSION)?.extension);
}
