import { X509Certificate, createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { CliError } from '../errors.js';
import type { KeyPairPem } from '../deps.js';
import type { CertKeyPair } from './types.js';

/*
 * Certificate building: node-forge lays out the TBSCertificate (subject, validity, extensions),
 * Node's crypto signs it (RSA PKCS#1 v1.5 or ECDSA, SHA-256), so RSA output is byte-identical to
 * forge's own signing, about 6× faster, and EC keys (`--key-algorithm=ecdsa-p256`) work, which
 * forge cannot sign with. The profile is the one that kubectl, client-node and openssl all
 * accept (node-ecosystem notes §4): SHA-256 signatures, a critical keyUsage on every
 * certificate, an extended key usage on leaves and an authorityKeyIdentifier that points at the
 * CA's subjectKeyIdentifier.
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
  const subjectKey = publicKeyInfo(spec.keyPair.publicKeyPem);
  const cert = forge.pki.createCertificate();
  cert.serialNumber = spec.serialHex;
  setValidity(cert, spec);
  const subject = commonNameAttributes(spec.commonName);
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier', value: forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.OCTETSTRING, false, subjectKey.keyIdentifier) },
  ]);
  const certPem = signTbs(cert, subjectKey, undefined, readPrivateKey(spec.keyPair.privateKeyPem));
  return { certPem, keyPem: normaliseNewlines(spec.keyPair.privateKeyPem) };
}

/** A leaf certificate signed by `ca` (whose `keyPem` must be known). */
export function issueLeafCertificate(ca: CertKeyPair, spec: LeafSpec): CertKeyPair {
  const caCert = readCaForSigning(ca);
  const subjectKey = publicKeyInfo(spec.keyPair.publicKeyPem);
  const cert = forge.pki.createCertificate();
  cert.serialNumber = spec.serialHex;
  setValidity(cert, spec);
  cert.setSubject(commonNameAttributes(spec.commonName));
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
  const certPem = signTbs(cert, subjectKey, caCert.subject, caCert.key);
  return { certPem, keyPem: normaliseNewlines(spec.keyPair.privateKeyPem) };
}

interface SigningCa {
  /** The CA's subject, as encoded in its certificate: the leaf's issuer. */
  subject: forge.asn1.Asn1;
  key: KeyObject;
  /** The CA's subjectKeyIdentifier as a forge byte string, if it has one. */
  keyIdentifier?: string;
}

const OID_SUBJECT_KEY_IDENTIFIER = '2.5.29.14';

/** The CA's subject, key and key identifier, read from its DER so RSA and EC CAs alike work. */
function readCaForSigning(ca: CertKeyPair): SigningCa {
  let key: KeyObject;
  let matches: boolean;
  let signing: SigningCa;
  try {
    const certAsn1 = forge.asn1.fromDer(forge.util.decode64(pemBody(ca.certPem)));
    const tbs = certAsn1.value[0] as forge.asn1.Asn1;
    const fields = tbs.value as forge.asn1.Asn1[];
    // An explicit [0] version shifts the fields by one.
    const at = fields[0].tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && fields[0].type === 0 ? 1 : 0;
    const subject = fields[at + 4];
    const extensions = fields.find((f) => f.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && f.type === 3);
    let keyIdentifier: string | undefined;
    for (const ext of ((extensions?.value[0] as forge.asn1.Asn1 | undefined)?.value ?? []) as forge.asn1.Asn1[]) {
      const parts = ext.value as forge.asn1.Asn1[];
      if (forge.asn1.derToOid(parts[0].value as string) !== OID_SUBJECT_KEY_IDENTIFIER) continue;
      const octets = parts[parts.length - 1].value as string;
      keyIdentifier = forge.asn1.fromDer(octets).value as string;
    }
    // Through Node, so PKCS#1, PKCS#8 and SEC1 keys written by another tool are accepted too.
    key = createPrivateKey(ca.keyPem);
    matches = new X509Certificate(ca.certPem).checkPrivateKey(key);
    signing = { subject, key, keyIdentifier };
  } catch (err) {
    throw new CliError('cannot sign with the federation CA: its certificate or key cannot be read', {
      cause: err,
      hint: 'Run `kubefed destroy` and then `kubefed init` again to create a new CA.',
    });
  }
  if (!matches) {
    throw new CliError('cannot sign with the federation CA: its key does not belong to its certificate', {
      hint: 'Run `kubefed destroy` and then `kubefed init` again to create a new CA.',
    });
  }
  return signing;
}

function readPrivateKey(pem: string): KeyObject {
  return createPrivateKey(pem);
}

interface PublicKeyInfo {
  /** SubjectPublicKeyInfo as forge ASN.1. */
  asn1: forge.asn1.Asn1;
  /** RFC 5280 §4.2.1.2 (1): SHA-1 of the subjectPublicKey bits, as a forge byte string. */
  keyIdentifier: string;
}

function publicKeyInfo(publicKeyPem: string): PublicKeyInfo {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  const asn1 = fromDerRaw(der.toString('binary'));
  // The BIT STRING's first octet counts unused bits (0); the key is what follows.
  const bits = Buffer.from((asn1.value[1] as forge.asn1.Asn1).value as string, 'binary').subarray(1);
  return { asn1, keyIdentifier: createHash('sha1').update(bits).digest().toString('binary') };
}

const OID_SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const OID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';

/** The signature AlgorithmIdentifier: RSA's carries NULL parameters, ECDSA's none (RFC 5758). */
function signatureAlgorithm(signer: KeyObject): forge.asn1.Asn1 {
  const { asn1 } = forge;
  const ec = signer.asymmetricKeyType === 'ec';
  const oid = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(ec ? OID_ECDSA_WITH_SHA256 : OID_SHA256_WITH_RSA).getBytes());
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, ec ? [oid] : [oid, asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')]);
}

/** forge lays out the TBSCertificate; the subject key, issuer and algorithm go in as DER; Node signs. */
function signTbs(cert: forge.pki.Certificate, subjectKey: PublicKeyInfo, issuer: forge.asn1.Asn1 | undefined, signer: KeyObject): string {
  const { asn1 } = forge;
  // forge's layout needs an RSA key object in the SubjectPublicKeyInfo slot; the real key replaces it.
  cert.publicKey = PLACEHOLDER_KEY;
  (cert as unknown as { siginfo: { algorithmOid: string } }).siginfo.algorithmOid = OID_SHA256_WITH_RSA;
  const tbs = (forge.pki as unknown as ForgeTbs).getTBSCertificate(cert);
  const fields = tbs.value as forge.asn1.Asn1[];
  fields[2] = signatureAlgorithm(signer);
  if (issuer) fields[3] = issuer;
  fields[6] = subjectKey.asn1;
  const tbsDer = asn1.toDer(tbs).getBytes();
  const signature = sign('sha256', Buffer.from(tbsDer, 'binary'), signer);
  const certificate = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    tbs,
    signatureAlgorithm(signer),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, `\0${signature.toString('binary')}`),
  ]);
  return normaliseNewlines(forge.pem.encode({ type: 'CERTIFICATE', body: asn1.toDer(certificate).getBytes() }));
}

/** Parts of forge's API its type declarations leave out. */
interface ForgeTbs {
  getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1;
}

/** forge's DER reader with BIT STRINGs left as bytes (its typings only know the boolean form). */
function fromDerRaw(bytes: string): forge.asn1.Asn1 {
  return (forge.asn1.fromDer as unknown as (b: string, o: object) => forge.asn1.Asn1)(bytes, { decodeBitStrings: false });
}

const PLACEHOLDER_KEY = forge.pki.setRsaPublicKey(new forge.jsbn.BigInteger('3', 10), new forge.jsbn.BigInteger('3', 10));

function pemBody(pem: string): string {
  return pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
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
function normaliseNewlines(pem: string): string {
  return pem.replace(/\r\n/g, '\n');
}
