import { beforeAll, describe, expect, it } from 'vitest';
import type { KeyPairPem } from '../../../src/deps.js';
import { canonicalIp, certificateMatchesKey, inspectCertificate, isIssuedBy } from '../../../src/certs/inspect.js';
import { createCaCertificate, issueLeafCertificate } from '../../../src/certs/issue.js';
import type { CertKeyPair } from '../../../src/certs/types.js';
import { fixedKeyPool } from '../../helpers/deps.js';
import { PINNED_NOW, daysAfter } from './pki-input.js';

const validity = { notBefore: PINNED_NOW, notAfter: daysAfter(PINNED_NOW, 30) };
let keys: KeyPairPem[];
let ca: CertKeyPair;
let otherCa: CertKeyPair;
let server: CertKeyPair;

beforeAll(async () => {
  const pool = fixedKeyPool();
  keys = [await pool(), await pool(), await pool()];
  ca = createCaCertificate({ commonName: 'myfed', serialHex: '01', keyPair: keys[0], ...validity });
  // Same subject as `ca`, different key: only the signature tells them apart.
  otherCa = createCaCertificate({ commonName: 'myfed', serialHex: '02', keyPair: keys[2], ...validity });
  server = issueLeafCertificate(ca, {
    commonName: 'federation-apiserver',
    usage: 'server',
    dnsNames: ['a.example.com', 'odd,name'],
    ips: ['10.1.2.3', '2001:DB8::0:1'],
    serialHex: '03',
    keyPair: keys[1],
    ...validity,
  });
});

describe('inspectCertificate', () => {
  it('reads a CA certificate', () => {
    expect(inspectCertificate(ca.certPem)).toEqual({
      subjectCN: 'myfed',
      issuerCN: 'myfed',
      notBefore: PINNED_NOW,
      notAfter: daysAfter(PINNED_NOW, 30),
      dnsNames: [],
      ips: [],
      isCA: true,
    });
  });

  it('reads a server certificate, including a quoted SAN and IPv6 in canonical form', () => {
    expect(inspectCertificate(server.certPem)).toEqual({
      subjectCN: 'federation-apiserver',
      issuerCN: 'myfed',
      notBefore: PINNED_NOW,
      notAfter: daysAfter(PINNED_NOW, 30),
      dnsNames: ['a.example.com', 'odd,name'],
      ips: ['10.1.2.3', '2001:db8::1'],
      isCA: false,
    });
  });

  it('throws on something that is not a certificate', () => {
    expect(() => inspectCertificate('not a certificate')).toThrow();
  });
});

describe('certificateMatchesKey', () => {
  it.each([
    { name: 'its own key', key: () => keys[1].privateKeyPem, expected: true },
    { name: 'another key', key: () => keys[0].privateKeyPem, expected: false },
    { name: 'an empty key', key: () => '', expected: false },
    { name: 'garbage', key: () => '-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n', expected: false },
  ])('$name → $expected', ({ key, expected }) => {
    expect(certificateMatchesKey(server.certPem, key())).toBe(expected);
  });

  it('is false for an unreadable certificate', () => {
    expect(certificateMatchesKey('garbage', keys[1].privateKeyPem)).toBe(false);
  });
});

describe('isIssuedBy', () => {
  it.each([
    { name: 'the issuing CA', cert: () => server.certPem, issuer: () => ca.certPem, expected: true },
    { name: 'a CA with the same name but another key', cert: () => server.certPem, issuer: () => otherCa.certPem, expected: false },
    { name: 'a self-signed CA by itself', cert: () => ca.certPem, issuer: () => ca.certPem, expected: true },
    { name: 'a leaf as issuer', cert: () => ca.certPem, issuer: () => server.certPem, expected: false },
    { name: 'garbage', cert: () => 'garbage', issuer: () => ca.certPem, expected: false },
  ])('$name → $expected', ({ cert, issuer, expected }) => {
    expect(isIssuedBy(cert(), issuer())).toBe(expected);
  });
});

describe('canonicalIp', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1'],
    ['::1', '::1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['fe80:0:0:1:0:0:0:1', 'fe80:0:0:1::1'],
    ['lb.example.com', undefined],
    ['10.0.0', undefined],
    ['', undefined],
  ])('%s → %s', (input, expected) => {
    expect(canonicalIp(input)).toBe(expected);
  });
});
