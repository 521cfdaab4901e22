import { X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CertKeyPair } from '../../../src/certs/types.js';
import { LAYOUT_CASES, LAYOUT_DIR, issueLayoutCases, type LayoutCase } from './layout-cases.js';

function der(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

/** Offset of a DER element's contents and its end, read independently of src/certs/der.ts. */
function element(buf: Buffer, at: number): { start: number; end: number } {
  const first = buf[at + 1];
  if (first < 0x80) return { start: at + 2, end: at + 2 + first };
  const n = first & 0x7f;
  const length = buf.readUIntBE(at + 2, n);
  return { start: at + 2 + n, end: at + 2 + n + length };
}

/** A certificate without its signature value: the TBSCertificate and the outer algorithm. */
function unsignedParts(pem: string): Buffer {
  const cert = der(pem);
  const outer = element(cert, 0);
  const tbs = element(cert, outer.start);
  const algorithm = element(cert, tbs.end);
  return cert.subarray(outer.start, algorithm.end);
}

const signedByEc = (issuer: CertKeyPair) => createPrivateKey(issuer.keyPem).asymmetricKeyType === 'ec';

let issued: ReturnType<typeof issueLayoutCases>;

beforeAll(() => {
  issued = issueLayoutCases();
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(LAYOUT_DIR, { recursive: true });
    for (const [name, { pair }] of issued) writeFileSync(join(LAYOUT_DIR, `${name}.pem`), pair.certPem);
  }
});

describe('certificate layout against the golden certificates (UPDATE_GOLDEN=1 rewrites them)', () => {
  const golden = (c: LayoutCase): string => {
    const path = join(LAYOUT_DIR, `${c.name}.pem`);
    expect(existsSync(path), `${path} is missing; run with UPDATE_GOLDEN=1`).toBe(true);
    return readFileSync(path, 'utf8');
  };

  it.each(LAYOUT_CASES.filter((c) => !signedByEcCase(c)).map((c) => [c.name, c] as const))('%s (RSA-signed) is byte-identical', (_name, c) => {
    expect(issued.get(c.name)!.pair.certPem).toBe(golden(c));
  });

  it.each(LAYOUT_CASES.filter((c) => signedByEcCase(c)).map((c) => [c.name, c] as const))(
    '%s (ECDSA-signed) has the identical TBSCertificate and a signature that verifies',
    (_name, c) => {
      const { pair, issuer } = issued.get(c.name)!;
      expect(unsignedParts(pair.certPem).toString('hex')).toBe(unsignedParts(golden(c)).toString('hex'));
      expect(new X509Certificate(pair.certPem).verify(new X509Certificate(issuer.certPem).publicKey)).toBe(true);
      // The golden file itself still verifies under the CA issued now: the CA's key and subject are pinned.
      expect(new X509Certificate(golden(c)).verify(new X509Certificate(issuer.certPem).publicKey)).toBe(true);
    },
  );

  it('covers ECDSA-signed and RSA-signed certificates both', () => {
    expect(LAYOUT_CASES.filter(signedByEcCase).length).toBeGreaterThanOrEqual(3);
    expect(LAYOUT_CASES.filter((c) => !signedByEcCase(c)).length).toBeGreaterThanOrEqual(8);
  });

  it('writes validity as UTCTime before 2050 and GeneralizedTime otherwise, without milliseconds', () => {
    const late = der(issued.get('server-dates-around-2050')!.pair.certPem);
    expect(late.includes(Buffer.from('\x17\x0d491231235959Z', 'latin1'))).toBe(true);
    expect(late.includes(Buffer.from('\x18\x0f20500101000000Z', 'latin1'))).toBe(true);
    const old = der(issued.get('client-dates-outside-utctime')!.pair.certPem);
    expect(old.includes(Buffer.from('\x18\x0f19491231235959Z', 'latin1'))).toBe(true);
    expect(old.includes(Buffer.from('\x18\x0f21000228120000Z', 'latin1'))).toBe(true);
  });

  it('writes the serial hex as the INTEGER contents, a leading zero byte included', () => {
    expect(new X509Certificate(issued.get('ca-ec')!.pair.certPem).serialNumber).toBe('FF01');
    expect(der(issued.get('ca-ec')!.pair.certPem).includes(Buffer.from('020300ff01', 'hex'))).toBe(true);
  });

  it('writes UTF-8 common names as UTF8String, as subject and as issuer', () => {
    const x = new X509Certificate(issued.get('client-utf8-by-utf8-ca')!.pair.certPem);
    expect(x.subject).toBe('CN=Åsa Ölund — 联邦 ✓ 🚀');
    expect(x.issuer).toBe('CN=fédération-Ωμέγα-連邦');
  });

  it('copies the subject of a CA written by another tool as the issuer, byte for byte', () => {
    const x = new X509Certificate(issued.get('server-by-openssl-ca')!.pair.certPem);
    expect(x.issuer).toBe('C=DE\nO=Example Org\nCN=Other Tool CA');
    expect(x.checkIssued(new X509Certificate(issued.get('server-by-openssl-ca')!.issuer.certPem))).toBe(true);
  });
});

function signedByEcCase(c: LayoutCase): boolean {
  if (c.kind === 'ca') return createPrivateKey(c.spec.keyPair.privateKeyPem).asymmetricKeyType === 'ec';
  if (typeof c.issuer !== 'string') return signedByEc(c.issuer());
  const name = c.issuer;
  const ca = LAYOUT_CASES.find((other) => other.name === name);
  return ca !== undefined && signedByEcCase(ca);
}
