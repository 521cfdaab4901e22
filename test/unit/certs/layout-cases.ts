import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyPairPem } from '../../../src/deps.js';
import { createCaCertificate, issueLeafCertificate, type CaSpec, type LeafSpec } from '../../../src/certs/issue.js';
import type { CertKeyPair } from '../../../src/certs/types.js';

/**
 * Certificates with every input pinned (keys, serials, validity), covering each part of the
 * layout: RSA and EC CAs, server leaves with DNS, IPv4 and IPv6 SANs or none, client leaves, a
 * leaf of each key type under a CA of the other, UTF-8 names, UTCTime / GeneralizedTime dates
 * (RFC 5280 §4.1.2.5), serials with a leading zero byte, and CAs written by other tools. Their
 * PEMs under fixtures/golden/certs-layout/ were written by the node-forge layout this code
 * replaced; `UPDATE_GOLDEN=1` rewrites them.
 */

const ROOT = join(import.meta.dirname, '..', '..', '..');
export const LAYOUT_DIR = join(ROOT, 'fixtures', 'golden', 'certs-layout');

function keyPair(file: string): KeyPairPem {
  const privateKeyPem = readFileSync(join(ROOT, 'fixtures', 'keys', file), 'utf8');
  const publicKeyPem = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString();
  return { privateKeyPem, publicKeyPem };
}

const RSA_CA = keyPair('key-0.pem');
const RSA_1 = keyPair('key-1.pem');
const RSA_2 = keyPair('key-2.pem');
const EC_CA = keyPair('ec-0.pem');
const EC_1 = keyPair('ec-1.pem');

const NOT_BEFORE = new Date('2026-01-02T03:04:05Z');
const validity = { notBefore: NOT_BEFORE, notAfter: new Date('2036-01-02T03:04:05Z') };

/** A CA read from a file, with the key that signs for it (both written by another tool). */
function inputCa(certFile: string, keyFile: string): CertKeyPair {
  return { certPem: readFileSync(join(LAYOUT_DIR, certFile), 'utf8'), keyPem: readFileSync(join(ROOT, 'fixtures', 'keys', keyFile), 'utf8') };
}

export interface CaCase {
  name: string;
  kind: 'ca';
  spec: CaSpec;
}

export interface LeafCase {
  name: string;
  kind: 'leaf';
  /** A case name above, or a CA read from fixtures. */
  issuer: string | (() => CertKeyPair);
  spec: LeafSpec;
}

export type LayoutCase = CaCase | LeafCase;

export const LAYOUT_CASES: readonly LayoutCase[] = [
  { name: 'ca-rsa', kind: 'ca', spec: { commonName: 'myfed', serialHex: '0102', keyPair: RSA_CA, ...validity } },
  { name: 'ca-ec', kind: 'ca', spec: { commonName: 'myfed-ec', serialHex: '00ff01', keyPair: EC_CA, ...validity } },
  { name: 'ca-rsa-utf8', kind: 'ca', spec: { commonName: 'fédération-Ωμέγα-連邦', serialHex: '00c0ffee', keyPair: RSA_CA, ...validity } },
  {
    name: 'server-rsa',
    kind: 'leaf',
    issuer: 'ca-rsa',
    spec: {
      commonName: 'federation-apiserver',
      usage: 'server',
      dnsNames: ['fed.example.com', 'apiserver', 'apiserver.federation-system', 'apiserver.federation-system.svc.cluster.local'],
      ips: ['10.0.0.5', '127.0.0.1', '2001:db8::1', '::1', 'fe80::1:2:3:4', '2001:db8:85a3::8a2e:370:7334'],
      // 16 bytes, as randomSerialHex makes them.
      serialHex: '5c3e9a0b11d2e4f60718293a4b5c6d7e',
      keyPair: RSA_1,
      ...validity,
    },
  },
  { name: 'server-rsa-no-sans', kind: 'leaf', issuer: 'ca-rsa', spec: { commonName: 'federation-apiserver', usage: 'server', serialHex: '7f00aa', keyPair: RSA_1, ...validity } },
  { name: 'client-rsa', kind: 'leaf', issuer: 'ca-rsa', spec: { commonName: 'admin', usage: 'client', serialHex: '05', keyPair: RSA_2, ...validity } },
  { name: 'client-ec-by-rsa-ca', kind: 'leaf', issuer: 'ca-rsa', spec: { commonName: 'federation-controller-manager', usage: 'client', serialHex: '0e', keyPair: EC_1, ...validity } },
  { name: 'client-rsa-by-ec-ca', kind: 'leaf', issuer: 'ca-ec', spec: { commonName: 'admin', usage: 'client', serialHex: '0d', keyPair: RSA_2, ...validity } },
  {
    name: 'server-ec-by-ec-ca',
    kind: 'leaf',
    issuer: 'ca-ec',
    spec: { commonName: 'apiserver', usage: 'server', dnsNames: ['a.example'], ips: ['10.0.0.1', 'fd00::5'], serialHex: '00800001', keyPair: EC_1, ...validity },
  },
  { name: 'client-utf8-by-utf8-ca', kind: 'leaf', issuer: 'ca-rsa-utf8', spec: { commonName: 'Åsa Ölund — 联邦 ✓ 🚀', usage: 'client', serialHex: '06', keyPair: RSA_2, ...validity } },
  {
    name: 'server-dates-around-2050',
    kind: 'leaf',
    issuer: 'ca-rsa',
    // The last second written as UTCTime, the first as GeneralizedTime; milliseconds are dropped.
    spec: { commonName: 'late', usage: 'server', dnsNames: ['late.example'], serialHex: '07', keyPair: RSA_1, notBefore: new Date('2049-12-31T23:59:59.750Z'), notAfter: new Date('2050-01-01T00:00:00Z') },
  },
  {
    name: 'client-dates-outside-utctime',
    kind: 'leaf',
    issuer: 'ca-rsa',
    spec: { commonName: 'old', usage: 'client', serialHex: '08', keyPair: RSA_2, notBefore: new Date('1949-12-31T23:59:59Z'), notAfter: new Date('2100-02-28T12:00:00Z') },
  },
  { name: 'client-by-ca-without-ski', kind: 'leaf', issuer: () => inputCa('input-ca-without-ski.pem', 'key-3.pem'), spec: { commonName: 'admin', usage: 'client', serialHex: '09', keyPair: RSA_2, ...validity } },
  {
    name: 'server-by-openssl-ca',
    kind: 'leaf',
    issuer: () => inputCa('input-ca-openssl.pem', 'key-4.pem'),
    spec: { commonName: 'federation-apiserver', usage: 'server', dnsNames: ['fed.example.com'], ips: ['192.0.2.7'], serialHex: '0a', keyPair: RSA_1, ...validity },
  },
];

/** Every case, issued in order (a leaf's CA is an earlier case or a CA read from fixtures). */
export function issueLayoutCases(): Map<string, { pair: CertKeyPair; issuer: CertKeyPair }> {
  const out = new Map<string, { pair: CertKeyPair; issuer: CertKeyPair }>();
  for (const c of LAYOUT_CASES) {
    if (c.kind === 'ca') {
      const pair = createCaCertificate(c.spec);
      out.set(c.name, { pair, issuer: pair });
    } else {
      const issuer = typeof c.issuer === 'string' ? out.get(c.issuer)!.pair : c.issuer();
      out.set(c.name, { pair: issueLeafCertificate(issuer, c.spec), issuer });
    }
  }
  return out;
}
