import { createPrivateKey } from 'node:crypto';
import forge from 'node-forge';
import { CliError } from '../errors.js';
import type { KeyPairPem } from '../deps.js';
import type { CertKeyPair } from './types.js';

/*
 * Certificate building with node-forge. The profile is the one that kubectl, client-node and
 * openssl all accept (node-ecosystem notes §4): SHA-256 signatures, a critical keyUsage on
 * every certificate, an extended key usage on leaves and an authorityKeyIdentifier that points
 * at the CA's subjectKeyIdentifier.
 */

export interface Validity {
  notBefore: Date;
  notAfter: Date;
}

export interface CaSpec extends Validity {
  commonName: string;
  serialHex: string;
  keyPair: KeyPairPem;
}

export interface LeafSpec extends Validity {
  commonName: string;
  usage: 'server' | 'client';
  dnsNames?: readonly string[];
  ips?: readonly string[];
  serialHex: string;
  keyPair: KeyPairPem;
}

/** A self-signed CA certificate; the key pair becomes its `keyPem`. */
export function createCaCertificate(spec: CaSpec): CertKeyPair {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(spec.keyPair.publicKeyPem);
  cert.serialNumber = spec.serialHex;
  setValidity(cert, spec);
  const subject = commonNameAttributes(spec.commonName);
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(spec.keyPair.privateKeyPem), forge.md.sha256.create());
  return { certPem: toPem(cert), keyPem: normaliseNewlines(spec.keyPair.privateKeyPem) };
}

/** A leaf certificate signed by `ca` (whose `keyPem` must be known). */
export function issueLeafCertificate(ca: CertKeyPair, spec: LeafSpec): CertKeyPair {
  const caCert = readCaForSigning(ca);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(spec.keyPair.publicKeyPem);
  cert.serialNumber = spec.serialHex;
  setValidity(cert, spec);
  cert.setSubject(commonNameAttributes(spec.commonName));
  cert.setIssuer(caCert.cert.subject.attributes);
  const altNames = [
    ...(spec.dnsNames ?? []).map((value) => ({ type: 2, value })),
    ...(spec.ips ?? []).map((ip) => ({ type: 7, ip })),
  ];
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    spec.usage === 'server' ? { name: 'extKeyUsage', serverAuth: true } : { name: 'extKeyUsage', clientAuth: true },
    ...(altNames.length > 0 ? [{ name: 'subjectAltName', altNames }] : []),
    // Only when the CA has a key identifier: a dangling one would stop chain building.
    ...(caCert.keyIdentifier ? [{ name: 'authorityKeyIdentifier', keyIdentifier: caCert.keyIdentifier }] : []),
  ]);
  cert.sign(caCert.key, forge.md.sha256.create());
  return { certPem: toPem(cert), keyPem: normaliseNewlines(spec.keyPair.privateKeyPem) };
}

interface SigningCa {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
  /** The CA's subjectKeyIdentifier as a forge byte string, if it has one. */
  keyIdentifier?: string;
}

function readCaForSigning(ca: CertKeyPair): SigningCa {
  let cert: forge.pki.Certificate;
  let key: forge.pki.rsa.PrivateKey;
  try {
    cert = forge.pki.certificateFromPem(ca.certPem);
    // Through Node first, so a PKCS#8 CA key written by another tool is accepted too.
    const pkcs1 = createPrivateKey(ca.keyPem).export({ type: 'pkcs1', format: 'pem' }).toString();
    key = forge.pki.privateKeyFromPem(pkcs1);
  } catch (err) {
    throw new CliError('cannot sign with the federation CA: only RSA CA certificates and keys are supported', {
      cause: err,
      hint: 'Run `kubefed destroy` and then `kubefed init` again to create a new RSA CA.',
    });
  }
  const ski = cert.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier?: string } | null;
  const keyIdentifier = ski?.subjectKeyIdentifier ? forge.util.hexToBytes(ski.subjectKeyIdentifier) : undefined;
  return { cert, key, keyIdentifier };
}

function commonNameAttributes(commonName: string): forge.pki.CertificateField[] {
  // UTF8String rather than forge's default PrintableString, which cannot hold every name.
  return [{ shortName: 'CN', value: commonName, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class }];
}

function setValidity(cert: forge.pki.Certificate, validity: Validity): void {
  cert.validity.notBefore = new Date(validity.notBefore.getTime());
  cert.validity.notAfter = new Date(validity.notAfter.getTime());
}

/** forge writes CRLF line ends; every consumer accepts LF and it keeps golden files plain. */
function toPem(cert: forge.pki.Certificate): string {
  return normaliseNewlines(forge.pki.certificateToPem(cert));
}

function normaliseNewlines(pem: string): string {
  return pem.replace(/\r\n/g, '\n');
}
