/**
 * `kubefed certs check-expiration`: resolve (no network) → read the Secrets on the host and the
 * admin user of the local kubeconfig → print every certificate with its expiry; exit 1 when one
 * is missing, expired, or expires within --warn-days.
 */
import type { Deps } from '../deps.js';
import { CliError } from '../errors.js';
import { readStoredSecrets, storedPki } from '../federation/stored-pki.js';
import { computeExpiry, needsAttention, renderExpiryJson, renderExpiryTable, type ExpiryRow } from './expiry.js';
import { listCertificates } from './inventory.js';
import { hostClient, resolveCertsTargets } from './locate.js';
import type { CheckExpirationOptions } from './options.js';

export async function runCheckExpiration(options: CheckExpirationOptions, deps: Deps): Promise<void> {
  const targets = resolveCertsTargets(options, deps);
  const now = deps.now();
  const host = await hostClient(targets, options, deps);
  const secrets = await readStoredSecrets(host, targets.namespace);
  const { userName, user } = targets.federation;
  const pki = storedPki(secrets, user);
  const rows = computeExpiry(listCertificates(pki, targets.namespace, userName, user), now, options.warnDays);
  deps.stdout.write(options.output === 'json' ? renderExpiryJson(targets.federationName, now, options.warnDays, rows) : renderExpiryTable(rows));
  const attention = needsAttention(rows);
  if (attention.length > 0) throw attentionError(attention, options.warnDays);
}

function attentionError(rows: readonly ExpiryRow[], warnDays: number): CliError {
  const list = rows.map((r) => `${r.certificate} (${r.status === 'expiring' ? `expires in ${r.daysLeft} days` : r.status})`).join(', ');
  const fix = rows.some((r) => r.certificate === 'ca') ? 'kubefed certs renew ca' : 'kubefed certs renew all';
  return new CliError(`certificates need renewal within --warn-days=${warnDays}: ${list}`, { hint: `Run \`${fix}\` to issue new ones.` });
}
