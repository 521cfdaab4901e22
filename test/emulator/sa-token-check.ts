/**
 * The check kube-apiserver makes on every request that carries a legacy (Secret-based)
 * ServiceAccount token, `--service-account-lookup` being on by default: the token stops
 * authenticating at once when its Secret or its ServiceAccount is deleted or being deleted, when
 * the Secret no longer holds that token, when the ServiceAccount was recreated (another uid), or
 * when the Secret carries the invalid-since label. Other bearer tokens are left alone.
 */
import type { Store } from './contracts.js';

const LEGACY_ISSUER = 'kubernetes/serviceaccount';
const INVALID_SINCE_LABEL = 'kubernetes.io/legacy-token-invalid-since';

interface LegacyClaims {
  namespace: string;
  secretName: string;
  serviceAccountName: string;
  serviceAccountUid: string;
}

/** The private claims of a legacy service-account JWT; undefined for any other token. */
function legacyClaims(token: string): LegacyClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof claims !== 'object' || claims === null || claims.iss !== LEGACY_ISSUER) return undefined;
  const claim = (name: string) => (typeof claims[`kubernetes.io/serviceaccount/${name}`] === 'string' ? (claims[`kubernetes.io/serviceaccount/${name}`] as string) : '');
  return { namespace: claim('namespace'), secretName: claim('secret.name'), serviceAccountName: claim('service-account.name'), serviceAccountUid: claim('service-account.uid') };
}

/** Whether a bearer token may still authenticate; true for tokens that are not legacy ones. */
export function createLegacyTokenCheck(store: Store): (token: string) => boolean {
  return (token) => {
    const claims = legacyClaims(token);
    if (!claims) return true;
    const secretType = store.typeFor('v1', 'Secret');
    const saType = store.typeFor('v1', 'ServiceAccount');
    if (!secretType || !saType || !claims.namespace || !claims.secretName || !claims.serviceAccountName || !claims.serviceAccountUid) return false;
    const secret = store.get(secretType, claims.namespace, claims.secretName);
    if (!secret || secret.metadata.deletionTimestamp || secret.metadata.labels?.[INVALID_SINCE_LABEL]) return false;
    const stored = (secret.data as Record<string, string> | undefined)?.token;
    if (!stored || Buffer.from(stored, 'base64').toString('utf8') !== token) return false;
    const sa = store.get(saType, claims.namespace, claims.serviceAccountName);
    return sa !== undefined && !sa.metadata.deletionTimestamp && sa.metadata.uid === claims.serviceAccountUid;
  };
}
