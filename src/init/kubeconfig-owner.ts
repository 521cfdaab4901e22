import { UsageError } from '../errors.js';
import { readFederationRecord } from '../kubeconfig/federation-record.js';
import type { LoadedKubeconfig } from '../kubeconfig/model.js';

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
