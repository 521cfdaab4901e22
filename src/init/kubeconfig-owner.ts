import { KUBECONFIG_EXTENSION } from '../constants.js';
import { UsageError } from '../errors.js';
import type { LoadedKubeconfig } from '../kubeconfig/model.js';

/** The record init keeps on the federation's kubeconfig context. */
export interface FederationRecord {
  'host-context'?: string;
  'federation-system-namespace'?: string;
  'federation-name'?: string;
}

export function readFederationRecord(loaded: LoadedKubeconfig, contextName: string): FederationRecord | undefined {
  const extensions = loaded.contexts.get(contextName)?.entry.context.extensions ?? [];
  const found = extensions.find((e) => e?.name === KUBECONFIG_EXTENSION)?.extension;
  return found && typeof found === 'object' ? (found as FederationRecord) : undefined;
}

/**
 * Entries named after the federation that an earlier init of this same federation wrote are ours
 * to update; anything else of that name is the user's and is only replaced with --overwrite.
 * Checked before anything is sent, so a refusal leaves the cluster untouched.
 */
export function checkKubeconfigOwnership(
  loaded: LoadedKubeconfig,
  federationName: string,
  namespace: string,
  overwrite: boolean,
): { ours: boolean } {
  const record = readFederationRecord(loaded, federationName);
  const ours = record?.['federation-name'] === federationName && record?.['federation-system-namespace'] === namespace;
  const taken: string[] = [];
  if (loaded.clusters.has(federationName)) taken.push(`cluster "${federationName}"`);
  if (loaded.users.has(federationName)) taken.push(`user "${federationName}"`);
  if (loaded.contexts.has(federationName)) taken.push(`context "${federationName}"`);
  if (!ours && !overwrite && taken.length > 0) {
    const where = [...new Set([federationName].flatMap((n) => [loaded.clusters.get(n)?.origin, loaded.contexts.get(n)?.origin, loaded.users.get(n)?.origin]).filter(Boolean))];
    throw new UsageError(
      `kubeconfig already has ${taken.join(', ')} (in ${where.join(', ')}) that kubefed did not create for this federation; pass --overwrite to replace them, or choose another federation name`,
    );
  }
  return { ours };
}
