import { X509Certificate, createPrivateKey } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { CertificateInfo } from './types.js';

/*
 * Reading certificates uses Node's X509Certificate rather than node-forge: forge cannot parse
 * EC certificates, and a cluster's existing material may have been made by another tool.
 */

/** Subject, issuer, validity, SANs and CA flag of a PEM certificate; throws if it cannot be parsed. */
export function inspectCertificate(pem: string): CertificateInfo {
  const cert = new X509Certificate(pem);
  const legacy = cert.toLegacyObject();
  const { dnsNames, ips } = parseSubjectAltName(cert.subjectAltName ?? '');
  return {
    subjectCN: firstValue(legacy.subject?.CN),
    issuerCN: firstValue(legacy.issuer?.CN),
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    dnsNames,
    ips,
    isCA: cert.ca,
  };
}

/** True when `keyPem` is the private key of the certificate; false for anything unreadable. */
export function certificateMatchesKey(certPem: string, keyPem: string): boolean {
  try {
    return new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    return false;
  }
}

/** True when `certPem` names `caCertPem` as its issuer and carries a valid signature by it. */
export function isIssuedBy(certPem: string, caCertPem: string): boolean {
  try {
    const cert = new X509Certificate(certPem);
    const ca = new X509Certificate(caCertPem);
    return cert.checkIssued(ca) && cert.verify(ca.publicKey);
  } catch {
    return false;
  }
}

/**
 * One spelling per address, so that SANs compare equal however they were written: IPv4 as is,
 * IPv6 in RFC 5952 form (lower case, longest zero run compressed). Undefined if not an IP.
 */
export function canonicalIp(ip: string): string | undefined {
  if (isIPv4(ip)) return ip;
  if (isIPv6(ip)) return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  return undefined;
}

function firstValue(value: string | string[] | undefined): string {
  if (Array.isArray(value)) return value[0] ?? '';
  return value ?? '';
}

/**
 * Node prints SANs as `DNS:a, IP Address:1.2.3.4`; an entry holding a comma or quote is written
 * as a JSON string (`DNS:"a\u002cb"`), so a plain split on ", " is not enough.
 */
function parseSubjectAltName(text: string): { dnsNames: string[]; ips: string[] } {
  const dnsNames: string[] = [];
  const ips: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    const colon = rest.indexOf(':');
    if (colon < 0) break;
    const type = rest.slice(0, colon);
    rest = rest.slice(colon + 1);
    let value: string;
    if (rest.startsWith('"')) {
      const end = closingQuote(rest);
      value = JSON.parse(rest.slice(0, end + 1)) as string;
      rest = rest.slice(end + 1);
    } else {
      const comma = rest.indexOf(', ');
      value = comma < 0 ? rest : rest.slice(0, comma);
      rest = comma < 0 ? '' : rest.slice(comma);
    }
    rest = rest.replace(/^, /, '');
    if (type === 'DNS') dnsNames.push(value);
    if (type === 'IP Address') ips.push(canonicalIp(value) ?? value);
  }
  return { dnsNames, ips };
}

function closingQuote(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}
