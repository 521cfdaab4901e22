/**
 * The names of what join creates for a member, and of the member's Cluster. Context names such
 * as GKE's `gke_proj_us-east1-b_c1` are not valid object names, so the ServiceAccount name derived
 * from them is made safe here (the original sent them as is and the API server refused them).
 */
import { createHash } from 'node:crypto';

const HASH_LENGTH = 8;

/**
 * Turns any text into a DNS-1123 label: lower case, every other character becomes '-', runs of
 * '-' collapse, and '-' is trimmed from both ends. A result longer than `max` is cut and given a
 * hash of the whole original, so two long inputs that share a prefix still get distinct names.
 */
export function toSafeName(raw: string, max = 63): string {
  const cleaned = raw
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (cleaned.length <= max && cleaned !== '') return cleaned;
  const hash = createHash('sha256').update(raw).digest('hex').slice(0, HASH_LENGTH);
  const head = cleaned.slice(0, max - HASH_LENGTH - 1).replace(/-+$/, '');
  return head === '' ? hash : `${head}-${hash}`;
}

/** `<cluster>-<host context>`, as the original named it, made a valid name. */
export function serviceAccountName(clusterName: string, hostContext: string): string {
  return toSafeName(`${clusterName}-${hostContext}`);
}

export function clusterRoleName(federationName: string, serviceAccount: string): string {
  return `federation-controller-manager:${federationName}-${serviceAccount}`;
}

export function tokenSecretName(serviceAccount: string): string {
  return `${serviceAccount}-token`;
}

const SECRET_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const SUFFIX_LENGTH = 5;
const MAX_BASE_LENGTH = 58;

/**
 * The name of the host Secret that holds a member's credentials: `<cluster>-` plus five
 * characters from the alphabet Kubernetes uses for generated names (no vowels, so no words), the
 * base cut to 58 characters, as the original's `generateName` gave it. The suffix is a hash of
 * the cluster name, not random, so every run of join for a cluster writes the same Secret: a
 * re-run after a lost answer or an interrupted run finds (and adopts) the first one instead of
 * leaving it behind with a revoked token. Secrets of earlier versions, named at random, carry
 * the same annotations and are still found by them (unjoin's `removeHostSecrets`).
 */
export function hostSecretName(clusterName: string): string {
  const base = `${clusterName}-`.slice(0, MAX_BASE_LENGTH);
  const digest = createHash('sha256').update(`kubefed host credentials:${clusterName}`).digest();
  let suffix = '';
  for (let i = 0; suffix.length < SUFFIX_LENGTH; i++) suffix += SECRET_ALPHABET[digest[i] % SECRET_ALPHABET.length];
  return `${base}${suffix}`;
}

/** `https://` is assumed when a kubeconfig server has no scheme, as the original did. */
export function serverAddress(server: string): string {
  return server.includes('://') ? server : `https://${server}`;
}
