import { beforeAll, describe, expect, it } from 'vitest';
import { computeExpiry, needsAttention, renderExpiryJson, renderExpiryTable } from '../../../src/cert-ops/expiry.js';
import { listCertificates } from '../../../src/cert-ops/inventory.js';
import { createFederationPki } from '../../../src/certs/index.js';
import type { FederationPki } from '../../../src/certs/types.js';
import { fixedKeyPool, seededRandom } from '../../helpers/deps.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const ISSUED = new Date('2026-01-02T03:04:05Z');

describe('certificate expiry', () => {
  let pki: FederationPki;
  beforeAll(async () => {
    const result = await createFederationPki({
      federationName: 'fellowship',
      namespace: 'federation-system',
      serviceName: 'apiserver',
      ips: ['127.0.0.1'],
      hostnames: [],
      now: ISSUED,
      randomBytes: seededRandom(),
      generateKeyPair: fixedKeyPool(),
    });
    pki = result.pki;
  });

  const entries = () => listCertificates(pki, 'federation-system', 'fellowship', { 'client-certificate-data': 'x' });

  it('prints the table with subject, expiry and days left, 360 days after issue', () => {
    const rows = computeExpiry(entries(), new Date(ISSUED.getTime() + 360 * DAY_MS), 30);
    expect(renderExpiryTable(rows)).toBe(
      [
        'CERTIFICATE          SUBJECT                            EXPIRES                DAYS LEFT   STATUS     SOURCE',
        'ca                   CN=fellowship                      2035-12-31T03:04:05Z   3290        ok         Secret federation-system/federation-ca',
        'apiserver            CN=federation-apiserver            2027-01-02T03:04:05Z   5           expiring   Secret federation-system/apiserver-credentials',
        'controller-manager   CN=federation-controller-manager   2027-01-02T03:04:05Z   5           expiring   Secret federation-system/controller-manager-kubeconfig',
        'admin                CN=admin                           2027-01-02T03:04:05Z   5           expiring   kubeconfig user "fellowship"',
        '',
      ].join('\n'),
    );
    expect(needsAttention(rows).map((r) => r.certificate)).toEqual(['apiserver', 'controller-manager', 'admin']);
  });

  it('counts an expired certificate and a missing one, and never a token', () => {
    const list = listCertificates({ ...pki, controllerManager: undefined }, 'federation-system', 'fellowship', { 'client-certificate-data': 'x', token: 'secret-token' });
    const rows = computeExpiry(list, new Date(ISSUED.getTime() + 400 * DAY_MS), 30);
    expect(rows.map((r) => [r.certificate, r.status, r.daysLeft])).toEqual([
      ['ca', 'ok', 3250],
      ['apiserver', 'expired', -35],
      ['controller-manager', 'missing', undefined],
      ['admin', 'expired', -35],
      ['admin-token', 'no expiry', undefined],
    ]);
    expect(needsAttention(rows).map((r) => r.certificate)).toEqual(['apiserver', 'controller-manager', 'admin']);
    expect(renderExpiryTable(rows)).not.toContain('secret-token');
  });

  it('is all ok right after issue with --warn-days 30', () => {
    const rows = computeExpiry(entries(), ISSUED, 30);
    expect(needsAttention(rows)).toEqual([]);
    const doc = JSON.parse(renderExpiryJson('fellowship', ISSUED, 30, rows));
    expect(doc).toMatchObject({ federation: 'fellowship', checkedAt: '2026-01-02T03:04:05Z', warnDays: 30 });
    expect(doc.certificates[1]).toEqual({
      certificate: 'apiserver',
      subject: 'CN=federation-apiserver',
      expires: '2027-01-02T03:04:05Z',
      daysLeft: 365,
      status: 'ok',
      source: 'Secret federation-system/apiserver-credentials',
    });
  });
});
