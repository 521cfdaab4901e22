import { X509Certificate, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../../src/errors.js';
import type { KeyPairPem } from '../../../src/deps.js';
import { inspectCertificate, isIssuedBy } from '../../../src/certs/inspect.js';
import { createCaCertificate, issueLeafCertificate } from '../../../src/certs/issue.js';
import type { CertKeyPair } from '../../../src/certs/types.js';
import { fixedKeyPool } from '../../helpers/deps.js';
import { PINNED_NOW, daysAfter } from './pki-input.js';

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const validity = { notBefore: PINNED_NOW, notAfter: daysAfter(PINNED_NOW, 365) };
let keys: KeyPairPem[];
let ca: CertKeyPair;

beforeAll(async () => {
  const pool = fixedKeyPool();
  keys = [await pool(), await pool(), await pool()];
  ca = createCaCertificate({ commonName: 'myfed', serialHex: '0102', keyPair: keys[0], ...validity });
});

describe('createCaCertificate', () => {
  it('makes a self-signed CA with the given subject, serial and validity', () => {
    const x = new X509Certificate(ca.certPem);
    expect(x.subject).toBe('CN=myfed');
    expect(x.issuer).toBe('CN=myfed');
    expect(x.serialNumber).toBe('0102');
    expect(x.ca).toBe(true);
    expect(x.verify(x.publicKey)).toBe(true);
    expect(inspectCertificate(ca.certPem).notBefore).toEqual(PINNED_NOW);
    expect(inspectCertificate(ca.certPem).notAfter).toEqual(daysAfter(PINNED_NOW, 365));
    expect(ca.keyPem).toBe(keys[0].privateKeyPem);
  });

  it('writes a subjectKeyIdentifier that leaves point at', () => {
    const leaf = issueLeafCertificate(ca, { commonName: 'admin', usage: 'client', serialHex: '03', keyPair: keys[1], ...validity });
    const caSki = forge.pki.certificateFromPem(ca.certPem).getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier: string };
    const aki = forge.pki.certificateFromPem(leaf.certPem).getExtension('authorityKeyIdentifier') as { value: string };
    // AKI value: SEQUENCE { [0] keyIdentifier } — the last 20 bytes are the key identifier.
    expect(forge.util.bytesToHex(aki.value).slice(-40)).toBe(caSki.subjectKeyIdentifier);
  });
});

describe('issueLeafCertificate', () => {
  it('issues a server certificate with serverAuth and the SANs in order', () => {
    const leaf = issueLeafCertificate(ca, {
      commonName: 'federation-apiserver',
      usage: 'server',
      dnsNames: ['fed.example.com', 'apiserver'],
      ips: ['127.0.0.1', '2001:db8::1'],
      serialHex: '7f00aa',
      keyPair: keys[1],
      ...validity,
    });
    const x = new X509Certificate(leaf.certPem);
    expect(x.subject).toBe('CN=federation-apiserver');
    expect(x.issuer).toBe('CN=myfed');
    expect(x.serialNumber).toBe('7F00AA');
    expect(x.ca).toBe(false);
    expect(x.keyUsage).toEqual([SERVER_AUTH]);
    expect(x.subjectAltName).toBe('DNS:fed.example.com, DNS:apiserver, IP Address:127.0.0.1, IP Address:2001:DB8:0:0:0:0:0:1');
    expect(x.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x.checkHost('fed.example.com')).toBe('fed.example.com');
    expect(x.checkHost('localhost')).toBeUndefined();
    expect(isIssuedBy(leaf.certPem, ca.certPem)).toBe(true);
    expect(leaf.keyPem).toBe(keys[1].privateKeyPem);
  });

  it('issues a client certificate with clientAuth and no SANs', () => {
    const leaf = issueLeafCertificate(ca, { commonName: 'admin', usage: 'client', serialHex: '05', keyPair: keys[2], ...validity });
    const x = new X509Certificate(leaf.certPem);
    expect(x.subject).toBe('CN=admin');
    expect(x.keyUsage).toEqual([CLIENT_AUTH]);
    expect(x.subjectAltName).toBeUndefined();
  });

  it('signs with a CA key given as PKCS#8', () => {
    const pkcs8 = createPrivateKey(ca.keyPem).export({ type: 'pkcs8', format: 'pem' }).toString();
    const leaf = issueLeafCertificate({ certPem: ca.certPem, keyPem: pkcs8 }, { commonName: 'admin', usage: 'client', serialHex: '06', keyPair: keys[2], ...validity });
    expect(isIssuedBy(leaf.certPem, ca.certPem)).toBe(true);
  });

  it('leaves out the authorityKeyIdentifier when the CA has no subjectKeyIdentifier', () => {
    const bare = forge.pki.createCertificate();
    bare.publicKey = forge.pki.publicKeyFromPem(keys[0].publicKeyPem);
    bare.serialNumber = '01';
    bare.validity.notBefore = validity.notBefore;
    bare.validity.notAfter = validity.notAfter;
    bare.setSubject([{ shortName: 'CN', value: 'bare' }]);
    bare.setIssuer([{ shortName: 'CN', value: 'bare' }]);
    bare.setExtensions([{ name: 'basicConstraints', cA: true, critical: true }]);
    bare.sign(forge.pki.privateKeyFromPem(keys[0].privateKeyPem), forge.md.sha256.create());
    const bareCa = { certPem: forge.pki.certificateToPem(bare), keyPem: keys[0].privateKeyPem };
    const leaf = issueLeafCertificate(bareCa, { commonName: 'admin', usage: 'client', serialHex: '07', keyPair: keys[2], ...validity });
    expect(forge.pki.certificateFromPem(leaf.certPem).getExtension('authorityKeyIdentifier')).toBeNull();
    expect(isIssuedBy(leaf.certPem, bareCa.certPem)).toBe(true);
  });

  it('refuses a CA whose key does not belong to its certificate, with a CliError', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const mismatched = { certPem: ca.certPem, keyPem: ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    const run = () => issueLeafCertificate(mismatched, { commonName: 'admin', usage: 'client', serialHex: '08', keyPair: keys[2], ...validity });
    expect(run).toThrow(CliError);
    expect(run).toThrow('cannot sign with the federation CA: its key does not belong to its certificate');
  });
});

describe('issueLeafCertificate with a CA it cannot use', () => {
  const leafSpec = () => ({ commonName: 'admin', usage: 'client' as const, serialHex: '09', keyPair: keys[2], ...validity });
  const hint = 'Run `kubefed destroy` and then `kubefed init` again to create a new CA.';
  const unreadable = 'cannot sign with the federation CA: its certificate or key cannot be read';
  const caDer = () => Buffer.from(ca.certPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const asPem = (der: Buffer) => `-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----\n`;

  it.each([
    ['a certificate that is not PEM', () => ({ certPem: 'garbage', keyPem: ca.keyPem })],
    ['an empty certificate', () => ({ certPem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', keyPem: ca.keyPem })],
    ['a truncated certificate', () => ({ certPem: asPem(caDer().subarray(0, 300)), keyPem: ca.keyPem })],
    ['a certificate whose TBSCertificate runs past its end', () => ({ certPem: asPem(Buffer.from(caDer()).fill(0xff, 6, 8)), keyPem: ca.keyPem })],
    ['a certificate with bytes after its end', () => ({ certPem: asPem(Buffer.concat([caDer(), Buffer.from([0x05, 0x00])])), keyPem: ca.keyPem })],
    ['an unreadable key', () => ({ certPem: ca.certPem, keyPem: 'not a key' })],
    ['no key', () => ({ certPem: ca.certPem, keyPem: '' })],
  ])('refuses %s with a CliError naming the fix', (_name, broken) => {
    let thrown: unknown;
    try {
      issueLeafCertificate(broken(), leafSpec());
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(CliError);
    expect((thrown as CliError).message).toBe(unreadable);
    expect((thrown as CliError).hint).toBe(hint);
  });

  it('names the fix when the key belongs to another certificate', () => {
    const mismatched = { certPem: ca.certPem, keyPem: keys[1].privateKeyPem };
    let thrown: unknown;
    try {
      issueLeafCertificate(mismatched, leafSpec());
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(CliError);
    expect((thrown as CliError).message).toBe('cannot sign with the federation CA: its key does not belong to its certificate');
    expect((thrown as CliError).hint).toBe(hint);
  });
});

describe('ECDSA P-256 keys', () => {
  const ecPair = (): KeyPairPem => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return { privateKeyPem: privateKey.export({ type: 'sec1', format: 'pem' }).toString(), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
  };

  it('makes an EC CA signed with ecdsa-with-SHA256 whose key identifier the leaf points at', () => {
    const ecCa = createCaCertificate({ commonName: 'myfed', serialHex: '0a', keyPair: ecPair(), ...validity });
    const x = new X509Certificate(ecCa.certPem);
    expect(x.publicKey.asymmetricKeyType).toBe('ec');
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.checkPrivateKey(createPrivateKey(ecCa.keyPem))).toBe(true);
    const leafKey = ecPair();
    const leaf = issueLeafCertificate(ecCa, { commonName: 'apiserver', usage: 'server', dnsNames: ['a.example'], ips: ['10.0.0.1'], serialHex: '0b', keyPair: leafKey, ...validity });
    const lx = new X509Certificate(leaf.certPem);
    expect(lx.verify(x.publicKey)).toBe(true);
    expect(lx.checkPrivateKey(createPrivateKey(leafKey.privateKeyPem))).toBe(true);
    expect(lx.subjectAltName).toBe('DNS:a.example, IP Address:10.0.0.1');
    expect(isIssuedBy(leaf.certPem, ecCa.certPem)).toBe(true);
    // 1.2.840.10045.4.3.2 (ecdsa-with-SHA256) with no parameters: 06 08 2a 86 48 ce 3d 04 03 02.
    expect(lx.raw.includes(Buffer.from('06082a8648ce3d040302', 'hex'))).toBe(true);
  });

  it('signs an RSA leaf with an EC CA and an EC leaf with an RSA CA', () => {
    const ecCa = createCaCertificate({ commonName: 'myfed', serialHex: '0c', keyPair: ecPair(), ...validity });
    const rsaLeaf = issueLeafCertificate(ecCa, { commonName: 'admin', usage: 'client', serialHex: '0d', keyPair: keys[1], ...validity });
    expect(new X509Certificate(rsaLeaf.certPem).verify(new X509Certificate(ecCa.certPem).publicKey)).toBe(true);
    const ecLeaf = issueLeafCertificate(ca, { commonName: 'admin', usage: 'client', serialHex: '0e', keyPair: ecPair(), ...validity });
    expect(new X509Certificate(ecLeaf.certPem).verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
  });
});
