import { X509Certificate, createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { CliError } from '../errors.js';
import type { KeyPairPem } from '../deps.js';
import * as der from './der.js';
import type { CertKeyPair } from './types.js';

/*
 * Certificate building with Node's crypto and a small DER writer (der.ts): the TBSCertificate
 * (subject, validity, extensions) is laid out here, Node signs it (RSA PKCS#1 v1.5 or ECDSA,
 * SHA-256), and the CA's subject and key identifier are read back from its DER. No certificate
 * library is loaded, so init does not parse one at start-up, and EC keys
 * (`--key-algorithm=ecdsa-p256`) work like RSA ones. The layout is byte for byte the one the
 * node-forge version of this file wrote (fixtures/golden/certs-layout/). The profile is the one
 * that kubectl, client-node and openssl all accept (node-ecosystem notes §4): SHA-256
 * signatures, a critical keyUsage on every certificate, an extended key usage on leaves and an
 * authorityKeyIdentifier that points at the CA's subjectKeyIdentifier.
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
  const subject = commonNameName(spec.commonName);
  const extensions = [
    extension(OID.basicConstraints, true, der.sequence(der.TRUE)),
    extension(OID.keyUsage, true, der.namedBits([KEY_USAGE.digitalSignature, KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign])),
    extension(OID.subjectKeyIdentifier, false, der.octetString(subjectKey.keyIdentifier)),
  ];
  const signer = createPrivateKey(spec.keyPair.privateKeyPem);
  const certPem = signTbs({ serialHex: spec.serialHex, issuer: subject, validity: spec, subject, subjectKey, extensions }, signer);
  return { certPem, keyPem: normaliseNewlines(spec.keyPair.privateKeyPem) };
}

/** A leaf certificate signed by `ca` (whose `keyPem` must be known). */
export function issueLeafCertificate(ca: CertKeyPair, spec: LeafSpec): CertKeyPair {
  const caCert = readCaForSigning(ca);
  const subjectKey = publicKeyInfo(spec.keyPair.publicKeyPem);
  const altNames = [
    ...(spec.dnsNames ?? []).map((name) => der.tlv(der.contextTag(GENERAL_NAME.dNSName, false), Buffer.from(name, 'latin1'))),
    ...(spec.ips ?? []).map((ip) => der.tlv(der.contextTag(GENERAL_NAME.iPAddress, false), der.ipBytes(ip))),
  ];
  const extensions = [
    // cA FALSE is the DEFAULT, so DER leaves it out: an empty SEQUENCE.
    extension(OID.basicConstraints, true, der.sequence()),
    extension(OID.keyUsage, true, der.namedBits([KEY_USAGE.digitalSignature, KEY_USAGE.keyEncipherment])),
    extension(OID.extKeyUsage, false, der.sequence(der.oid(spec.usage === 'server' ? OID.serverAuth : OID.clientAuth))),
    ...(altNames.length > 0 ? [extension(OID.subjectAltName, false, der.sequence(...altNames))] : []),
    // Only when the CA has a key identifier: a dangling one would stop chain building.
    ...(caCert.keyIdentifier ? [extension(OID.authorityKeyIdentifier, false, der.sequence(der.tlv(der.contextTag(0, false), caCert.keyIdentifier)))] : []),
  ];
  const subject = commonNameName(spec.commonName);
  const certPem = signTbs({ serialHex: spec.serialHex, issuer: caCert.subject, validity: spec, subject, subjectKey, extensions }, caCert.key);
  return { certPem, keyPem: normaliseNewlines(spec.keyPair.privateKeyPem) };
}

const OID = {
  commonName: '2.5.4.3',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
} as const;

/** KeyUsage bit numbers (RFC 5280 §4.2.1.3). */
const KEY_USAGE = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 } as const;

/** GeneralName choices (RFC 5280 §4.2.1.6). */
const GENERAL_NAME = { dNSName: 2, iPAddress: 7 } as const;

/** Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }. */
function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return der.sequence(der.oid(id), ...(critical ? [der.TRUE] : []), der.octetString(value));
}

/** A Name of one RDN, the common name, as a UTF8String (which holds any name). */
function commonNameName(commonName: string): Buffer {
  return der.sequence(der.set(der.sequence(der.oid(OID.commonName), der.utf8String(commonName))));
}

interface SigningCa {
  /** The CA's subject, as encoded in its certificate: the leaf's issuer. */
  subject: Buffer;
  key: KeyObject;
  /** The CA's subjectKeyIdentifier, if it has one. */
  keyIdentifier?: Buffer;
}

/** The CA's subject, key and key identifier, read from its DER so RSA and EC CAs alike work. */
function readCaForSigning(ca: CertKeyPair): SigningCa {
  let key: KeyObject;
  let matches: boolean;
  let signing: SigningCa;
  try {
    const { subject, keyIdentifier } = readSubjectAndKeyIdentifier(der.pemDecode('CERTIFICATE', ca.certPem));
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

/**
 * From a certificate's DER: the subject Name exactly as encoded, and the contents of the
 * subjectKeyIdentifier extension's KeyIdentifier (the last one, if a CA carries several).
 */
function readSubjectAndKeyIdentifier(cert: Buffer): { subject: Buffer; keyIdentifier?: Buffer } {
  const outer = der.readElement(cert, 0);
  if (outer.end !== cert.length) throw new Error('certificate: bytes after its end');
  const [tbs] = der.children(cert, outer);
  if (tbs?.tag !== der.TAG.SEQUENCE) throw new Error('certificate: no TBSCertificate');
  const fields = der.children(cert, tbs);
  // An explicit [0] version shifts the fields by one.
  const at = fields[0]?.tag === der.contextTag(0, true) ? 1 : 0;
  const subject = fields[at + 4];
  if (subject?.tag !== der.TAG.SEQUENCE) throw new Error('certificate: no subject');
  const extensions = fields.find((f) => f.tag === der.contextTag(3, true));
  let keyIdentifier: Buffer | undefined;
  const list = extensions ? der.children(cert, extensions)[0] : undefined;
  for (const ext of list ? der.children(cert, list) : []) {
    const parts = der.children(cert, ext);
    if (parts[0]?.tag !== der.TAG.OID || der.decodeOid(der.contents(cert, parts[0])) !== OID.subjectKeyIdentifier) continue;
    const value = parts[parts.length - 1];
    const inner = der.readElement(cert, value.contentStart, value.end);
    if (value.tag !== der.TAG.OCTET_STRING || inner.tag !== der.TAG.OCTET_STRING) throw new Error('certificate: malformed subjectKeyIdentifier');
    keyIdentifier = der.contents(cert, inner);
  }
  return { subject: der.encoding(cert, subject), keyIdentifier };
}

interface PublicKeyInfo {
  /** The SubjectPublicKeyInfo, DER. */
  der: Buffer;
  /** RFC 5280 §4.2.1.2 (1): SHA-1 of the subjectPublicKey bits. */
  keyIdentifier: Buffer;
}

function publicKeyInfo(publicKeyPem: string): PublicKeyInfo {
  const spki = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  const [, bits] = der.children(spki, der.readElement(spki, 0));
  // The BIT STRING's first octet counts unused bits (0); the key is what follows.
  const key = spki.subarray(bits.contentStart + 1, bits.end);
  return { der: spki, keyIdentifier: createHash('sha1').update(key).digest() };
}

/** The signature AlgorithmIdentifier: RSA's carries NULL parameters, ECDSA's none (RFC 5758). */
function signatureAlgorithm(signer: KeyObject): Buffer {
  return signer.asymmetricKeyType === 'ec' ? der.sequence(der.oid(OID.ecdsaWithSHA256)) : der.sequence(der.oid(OID.sha256WithRSAEncryption), der.NULL);
}

interface TbsFields {
  serialHex: string;
  /** Names, DER. */
  issuer: Buffer;
  subject: Buffer;
  validity: Validity;
  subjectKey: PublicKeyInfo;
  /** Extension elements, DER, in the order written. */
  extensions: readonly Buffer[];
}

/** Lays out the TBSCertificate (RFC 5280 §4.1), signs it with SHA-256 and wraps it as PEM. */
function signTbs(fields: TbsFields, signer: KeyObject): string {
  const algorithm = signatureAlgorithm(signer);
  const tbs = der.sequence(
    der.tlv(der.contextTag(0, true), der.smallInteger(2)), // v3
    der.integerFromHex(fields.serialHex),
    algorithm,
    fields.issuer,
    der.sequence(der.time(fields.validity.notBefore), der.time(fields.validity.notAfter)),
    fields.subject,
    fields.subjectKey.der,
    der.tlv(der.contextTag(3, true), der.sequence(...fields.extensions)),
  );
  const signature = sign('sha256', tbs, signer);
  return der.pemEncode('CERTIFICATE', der.sequence(tbs, algorithm, der.bitString(signature)));
}

/** Keys from other tools may have CRLF line ends; LF keeps the written files plain. */
function normaliseNewlines(pem: string): string {
  return pem.replace(/\r\n/g, '\n');
}
