import { CA_KEY_SECRET } from '../constants.js';
import { CliError } from '../errors.js';
import { certificateMatchesKey, inspectCertificate, isIssuedBy } from './inspect.js';
import { missingServerNames } from './server-names.js';
import { MIN_REMAINING_VALIDITY_MS, type CertKeyPair, type CertificateInfo } from './types.js';

/*
 * Decisions about material found from an earlier run. The rule is "never silently regenerate":
 * a CA we cannot use is an error for the operator to resolve, while a leaf that no longer fits
 * is re-issued from the same CA, so nothing that trusts the CA has to change.
 */

export type CaDecision =
  | { kind: 'new' }
  | { kind: 'reuse'; ca: CertKeyPair }
  | { kind: 'reuse-without-key'; ca: CertKeyPair };

const REUSE_HINT = 'Run `kubefed destroy` and then `kubefed init` again to start with a new CA.';

/** Whether an existing CA can be reused; throws a CliError when it is present but unusable. */
export function decideCa(existing: CertKeyPair | undefined, now: Date): CaDecision {
  if (!existing?.certPem) return { kind: 'new' };
  let info: CertificateInfo;
  try {
    info = inspectCertificate(existing.certPem);
  } catch (err) {
    throw new CliError('the existing federation CA certificate cannot be read', { cause: err, hint: REUSE_HINT });
  }
  if (!info.isCA) {
    throw new CliError(`the existing federation CA certificate (CN=${info.subjectCN}) is not a CA certificate`, {
      hint: REUSE_HINT,
    });
  }
  if (info.notAfter.getTime() <= now.getTime()) {
    throw new CliError(`the existing federation CA certificate expired on ${formatDate(info.notAfter)}`, {
      hint: REUSE_HINT,
    });
  }
  if (!existing.keyPem) return { kind: 'reuse-without-key', ca: existing };
  if (!certificateMatchesKey(existing.certPem, existing.keyPem)) {
    throw new CliError('the existing federation CA key does not belong to the existing CA certificate', {
      hint: `${REUSE_HINT} Or put the CA's own key back into Secret ${CA_KEY_SECRET}.`,
    });
  }
  return { kind: 'reuse', ca: existing };
}

export interface LeafExpectation {
  commonName: string;
  /** Only for the server certificate: the SANs it must cover. */
  serverNames?: { dns: string[]; ips: string[] };
}

/**
 * Why an existing leaf cannot be reused (a phrase about "it"), or undefined when it can:
 * issued by `caCertPem`, its key matches, the expected subject, valid now and for at least
 * 30 more days, and (server) covering every required name.
 */
export function leafProblem(
  existing: CertKeyPair | undefined,
  caCertPem: string,
  expected: LeafExpectation,
  now: Date,
): string | undefined {
  if (!existing?.certPem) return 'it does not exist';
  let info: CertificateInfo;
  try {
    info = inspectCertificate(existing.certPem);
  } catch {
    return 'it cannot be read';
  }
  if (!isIssuedBy(existing.certPem, caCertPem)) return 'it is not issued by the federation CA';
  if (!existing.keyPem) return 'its private key is missing';
  if (!certificateMatchesKey(existing.certPem, existing.keyPem)) return 'its private key does not match it';
  if (info.subjectCN !== expected.commonName) return `its subject is CN=${info.subjectCN}, not CN=${expected.commonName}`;
  if (info.notBefore.getTime() > now.getTime()) return `it is not valid before ${formatDate(info.notBefore)}`;
  if (info.notAfter.getTime() <= now.getTime()) return `it expired on ${formatDate(info.notAfter)}`;
  if (info.notAfter.getTime() - now.getTime() < MIN_REMAINING_VALIDITY_MS) {
    return `it expires on ${formatDate(info.notAfter)}, in less than 30 days`;
  }
  if (expected.serverNames) {
    const missing = missingServerNames(info, expected.serverNames);
    if (missing.length > 0) return `it does not cover ${missing.join(', ')}`;
  }
  return undefined;
}

function formatDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
