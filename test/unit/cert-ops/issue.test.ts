import { describe, expect, it } from 'vitest';
import { issueRenewal, leavesFor } from '../../../src/cert-ops/issue.js';
import { createFederationPki, inspectCertificate, isIssuedBy } from '../../../src/certs/index.js';
import { fixedKeyPool, makeTestDeps, seededRandom } from '../../helpers/deps.js';

const NOW = new Date('2026-01-02T03:04:05Z');

async function initPki() {
  const { pki } = await createFederationPki({
    federationName: 'fellowship', namespace: 'federation-system', serviceName: 'apiserver', ips: ['127.0.0.1'], hostnames: ['fed.example.com'],
    now: NOW, randomBytes: seededRandom(), generateKeyPair: fixedKeyPool(),
  });
  return pki;
}

describe('issueRenewal', () => {
  it('re-issues the server certificate from the kept CA with the SANs init gave it', async () => {
    const pki = await initPki();
    const later = new Date(NOW.getTime() + 360 * 86_400_000);
    const renewal = await issueRenewal(pki, 'apiserver', { federationName: 'fellowship', namespace: 'federation-system' }, makeTestDeps({ now: () => later, randomBytes: seededRandom('renew') }));
    expect(renewal.renewed).toEqual(['server']);
    const before = inspectCertificate(pki.server.certPem);
    const after = inspectCertificate(renewal.pki.server!.certPem);
    expect(after.dnsNames).toEqual(before.dnsNames);
    expect(after.ips).toEqual(before.ips);
    expect(after.notAfter.toISOString()).toBe('2027-12-28T03:04:05.000Z');
    expect(isIssuedBy(renewal.pki.server!.certPem, pki.ca.certPem)).toBe(true);
    expect(renewal.pki.admin).toBe(pki.admin);
  });

  it('names the Secret and the way out when the CA key is missing', async () => {
    const pki = await initPki();
    const without = { ...pki, ca: { certPem: pki.ca.certPem, keyPem: '' } };
    await expect(issueRenewal(without, 'all', { federationName: 'fellowship', namespace: 'federation-system' }, makeTestDeps())).rejects.toMatchObject({
      message: 'cannot renew certificates: the CA key is missing from Secret federation-ca in namespace federation-system',
      hint: "Put the CA's private key (PEM) back under key ca.key of that Secret, or run `kubefed certs renew ca` to issue a new CA and every certificate under it.",
    });
  });

  it('renews the admin certificate with all only when there is one', () => {
    expect(leavesFor('all', true)).toEqual(['server', 'controller-manager', 'admin']);
    expect(leavesFor('all', false)).toEqual(['server', 'controller-manager']);
    expect(leavesFor('controller-manager', true)).toEqual(['controller-manager']);
  });
});
