/**
 * Certificates for the emulated clusters themselves (their CA, serving certificate and the
 * admin client certificate). Independent of the product's own certificate code on purpose, so
 * that a bug there cannot hide behind the same bug here.
 */
import { generateKeyPair as generateKeyPairCb, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

const generateKeyPair = promisify(generateKeyPairCb);

export interface CertPair {
  certPem: string;
  keyPem: string;
}

export interface EmulatorCa extends CertPair {
  name: string;
}

export interface CertOptions {
  /** Start of validity; the real clock by default, since kubectl checks it. */
  now?: Date;
  /** Reuse a key (PKCS#1 or PKCS#8 PEM) instead of generating one. */
  keyPem?: string;
}

async function newKeyPem(existing?: string): Promise<string> {
  if (existing) return existing;
  const { privateKey } = await generateKeyPair('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return privateKey;
}

function serialHex(): string {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f; // keep the serial positive
  return bytes.toString('hex');
}

function baseCertificate(keyPem: string, subject: forge.pki.CertificateField[], now: Date, years: number) {
  const privateKey = forge.pki.privateKeyFromPem(keyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);
  cert.serialNumber = serialHex();
  cert.validity.notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now.getTime() + years * 365 * 24 * 60 * 60 * 1000);
  cert.setSubject(subject);
  return { cert, privateKey };
}

export async function createEmulatorCa(name: string, options: CertOptions = {}): Promise<EmulatorCa> {
  const keyPem = await newKeyPem(options.keyPem);
  const { cert, privateKey } = baseCertificate(keyPem, [{ name: 'commonName', value: `${name}-ca` }], options.now ?? new Date(), 10);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(privateKey, forge.md.sha256.create());
  return { name, certPem: forge.pki.certificateToPem(cert), keyPem };
}

function signLeaf(ca: CertPair, cert: forge.pki.Certificate, extensions: object[]): string {
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    ...extensions,
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

export interface ServerCertOptions extends CertOptions {
  ips?: string[];
  dns?: string[];
  commonName?: string;
}

/** A serving certificate: IP and DNS SANs (kubectl ignores the CN) and serverAuth. */
export async function issueServerCert(ca: CertPair, options: ServerCertOptions = {}): Promise<CertPair> {
  const ips = options.ips ?? ['127.0.0.1'];
  const dns = options.dns ?? ['localhost'];
  const keyPem = await newKeyPem(options.keyPem);
  const commonName = options.commonName ?? dns[0] ?? ips[0] ?? 'kube-apiserver';
  const { cert } = baseCertificate(keyPem, [{ name: 'commonName', value: commonName }], options.now ?? new Date(), 1);
  const altNames = [...dns.map((value) => ({ type: 2, value })), ...ips.map((ip) => ({ type: 7, ip }))];
  const certPem = signLeaf(ca, cert, [{ name: 'extKeyUsage', serverAuth: true }, { name: 'subjectAltName', altNames }]);
  return { certPem, keyPem };
}

/** A client certificate: the API server maps CN to the user and each O to a group. */
export async function issueClientCert(ca: CertPair, commonName: string, organizations: string[] = [], options: CertOptions = {}): Promise<CertPair> {
  const keyPem = await newKeyPem(options.keyPem);
  const subject: forge.pki.CertificateField[] = [
    ...organizations.map((value) => ({ name: 'organizationName', value })),
    { name: 'commonName', value: commonName },
  ];
  const { cert } = baseCertificate(keyPem, subject, options.now ?? new Date(), 1);
  const certPem = signLeaf(ca, cert, [{ name: 'extKeyUsage', clientAuth: true }]);
  return { certPem, keyPem };
}
