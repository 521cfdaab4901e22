import { beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../../src/errors.js';
import { inspectCertificate, isIssuedBy } from '../../../src/certs/inspect.js';
import { createFederationPki } from '../../../src/certs/pki.js';
import type { FederationPki, PkiResult } from '../../../src/certs/types.js';
import { seededRandom } from '../../helpers/deps.js';
import { PINNED_NOW, countingKeyPool, daysAfter, noKeys, offsetKeyPool, pinnedInput } from './pki-input.js';

let first: FederationPki;
let other: FederationPki;

beforeAll(async () => {
  first = (await createFederationPki(pinnedInput())).pki;
  other = (await createFederationPki(pinnedInput({ randomBytes: seededRandom('other'), generateKeyPair: offsetKeyPool(4) }))).pki;
});

async function rerun(overrides: Parameters<typeof pinnedInput>[0]): Promise<PkiResult & { keyCalls: number }> {
  const keys = countingKeyPool();
  const result = await createFederationPki(
    pinnedInput({ randomBytes: seededRandom('rerun'), generateKeyPair: keys.generateKeyPair, ...overrides }),
  );
  return { ...result, keyCalls: keys.calls() };
}

async function rejection(promise: Promise<unknown>): Promise<CliError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CliError);
  return err as CliError;
}

describe('createFederationPki reuse rules', () => {
  it('reuses everything from an earlier run without generating a key', async () => {
    const result = await createFederationPki(pinnedInput({ existing: first, generateKeyPair: noKeys }));
    expect(result.reused).toEqual(['ca', 'server', 'controller-manager', 'admin']);
    expect(result.generated).toEqual([]);
    expect(result.pki).toEqual(first);
  });

  it('re-issues the server certificate when a new IP must be covered, from the same CA', async () => {
    const result = await rerun({ existing: first, ips: ['10.0.0.5', '127.0.0.1', '10.0.0.9'] });
    expect(result.reused).toEqual(['ca', 'controller-manager', 'admin']);
    expect(result.generated).toEqual(['server']);
    expect(result.keyCalls).toBe(1);
    expect(result.pki.ca).toEqual(first.ca);
    expect(isIssuedBy(result.pki.server.certPem, first.ca.certPem)).toBe(true);
    expect(inspectCertificate(result.pki.server.certPem).ips).toEqual(['10.0.0.5', '127.0.0.1', '10.0.0.9']);
  });

  it('re-issues the server certificate when a new host name must be covered', async () => {
    const result = await rerun({ existing: first, hostnames: ['lb.example.net'] });
    expect(result.generated).toEqual(['server']);
    expect(inspectCertificate(result.pki.server.certPem).dnsNames[0]).toBe('lb.example.net');
  });

  it('keeps a server certificate whose SANs are a superset of what is required', async () => {
    const result = await rerun({ existing: first, ips: ['127.0.0.1'], hostnames: [] });
    expect(result.generated).toEqual([]);
    expect(result.pki.server).toEqual(first.server);
  });

  it('keeps leaves with 31 days left and re-issues them with 25 days left', async () => {
    const kept = await rerun({ existing: first, now: daysAfter(PINNED_NOW, 334) });
    expect(kept.generated).toEqual([]);
    const renewed = await rerun({ existing: first, now: daysAfter(PINNED_NOW, 340) });
    expect(renewed.reused).toEqual(['ca']);
    expect(renewed.generated).toEqual(['server', 'controller-manager', 'admin']);
    expect(inspectCertificate(renewed.pki.admin.certPem).notAfter).toEqual(daysAfter(PINNED_NOW, 340 + 365));
  });

  it('re-issues a leaf that is not yet valid (the clock went backwards)', async () => {
    const result = await rerun({ existing: first, now: daysAfter(PINNED_NOW, -1) });
    expect(result.generated).toEqual(['server', 'controller-manager', 'admin']);
  });

  it('never issues a leaf that outlives a reused CA', async () => {
    const now = daysAfter(PINNED_NOW, 3650 - 90);
    const result = await rerun({ existing: first, now });
    expect(result.generated).toEqual(['server', 'controller-manager', 'admin']);
    const caNotAfter = inspectCertificate(first.ca.certPem).notAfter;
    expect(inspectCertificate(result.pki.server.certPem).notAfter).toEqual(caNotAfter);
  });

  const leafCases: { name: string; existing: () => Partial<FederationPki>; generated: string[] }[] = [
    { name: 'a leaf issued by another CA', existing: () => ({ ...first, admin: other.admin }), generated: ['admin'] },
    {
      name: 'a leaf whose key does not match',
      existing: () => ({ ...first, server: { certPem: first.server.certPem, keyPem: first.admin.keyPem } }),
      generated: ['server'],
    },
    {
      name: 'a leaf without its key',
      existing: () => ({ ...first, controllerManager: { certPem: first.controllerManager.certPem, keyPem: '' } }),
      generated: ['controller-manager'],
    },
    { name: 'a missing leaf', existing: () => ({ ca: first.ca, server: first.server, admin: first.admin }), generated: ['controller-manager'] },
    { name: 'a leaf with the wrong subject', existing: () => ({ ...first, admin: first.controllerManager }), generated: ['admin'] },
    {
      name: 'a leaf that cannot be read',
      existing: () => ({ ...first, server: { certPem: 'garbage', keyPem: first.server.keyPem } }),
      generated: ['server'],
    },
  ];
  for (const c of leafCases) {
    it(`re-issues ${c.name}`, async () => {
      const result = await rerun({ existing: c.existing() });
      expect(result.generated).toEqual(c.generated);
      expect(result.reused).toEqual(['ca', 'server', 'controller-manager', 'admin'].filter((n) => !c.generated.includes(n)));
      expect(result.keyCalls).toBe(c.generated.length);
    });
  }

  it('creates a new CA and new leaves when no CA exists, ignoring leaves left behind', async () => {
    const result = await rerun({ existing: { server: first.server, admin: first.admin } });
    expect(result.generated).toEqual(['ca', 'server', 'controller-manager', 'admin']);
    expect(result.pki.server).not.toEqual(first.server);
    expect(isIssuedBy(result.pki.admin.certPem, result.pki.ca.certPem)).toBe(true);
  });
});

describe('createFederationPki with a CA whose key is unknown', () => {
  it('reuses leaves that are still good and returns the CA with an empty key', async () => {
    const existing = { ...first, ca: { certPem: first.ca.certPem, keyPem: '' } };
    const result = await createFederationPki(pinnedInput({ existing, generateKeyPair: noKeys }));
    expect(result.reused).toEqual(['ca', 'server', 'controller-manager', 'admin']);
    expect(result.pki.ca).toEqual({ certPem: first.ca.certPem, keyPem: '' });
  });

  it('refuses to re-issue, naming every leaf and why, before generating any key', async () => {
    const existing = { ca: { certPem: first.ca.certPem, keyPem: '' }, server: first.server, admin: first.admin };
    const err = await rejection(
      createFederationPki(pinnedInput({ existing, ips: ['10.0.0.5', '127.0.0.1', '10.0.0.9'], generateKeyPair: noKeys })),
    );
    expect(err.message).toBe(
      'cannot issue the federation API server certificate (it does not cover IP:10.0.0.9) and the controller manager ' +
        'client certificate (it does not exist): the federation CA key is missing, because the CA certificate found in ' +
        'the cluster was created by another tool that did not keep its key.',
    );
    expect(err.hint).toBe(
      'Run `kubefed destroy myfed` and then `kubefed init` again to create a new CA, or store the CA\'s private key ' +
        '(PEM) in Secret federation-ca in namespace federation-system and re-run.',
    );
    expect(err.exitCode).toBe(1);
  });
});

describe('createFederationPki with an unusable CA', () => {
  const hint = 'Run `kubefed destroy` and then `kubefed init` again to start with a new CA.';
  const cases: { name: string; existing: () => Partial<FederationPki>; now?: Date; message: string; hint: string }[] = [
    {
      name: 'a CA key that belongs to another certificate',
      existing: () => ({ ...first, ca: { certPem: first.ca.certPem, keyPem: other.ca.keyPem } }),
      message: 'the existing federation CA key does not belong to the existing CA certificate',
      hint: `${hint} Or put the CA's own key back into Secret federation-ca.`,
    },
    {
      name: 'an expired CA',
      existing: () => first,
      now: daysAfter(PINNED_NOW, 3651),
      message: 'the existing federation CA certificate expired on 2035-12-31T03:04:05Z',
      hint,
    },
    {
      name: 'a CA that is not a CA certificate',
      existing: () => ({ ...first, ca: first.server }),
      message: 'the existing federation CA certificate (CN=federation-apiserver) is not a CA certificate',
      hint,
    },
    {
      name: 'an unreadable CA certificate',
      existing: () => ({ ...first, ca: { certPem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', keyPem: '' } }),
      message: 'the existing federation CA certificate cannot be read',
      hint,
    },
  ];
  for (const c of cases) {
    it(`fails on ${c.name} instead of regenerating`, async () => {
      const err = await rejection(
        createFederationPki(pinnedInput({ existing: c.existing(), now: c.now ?? PINNED_NOW, generateKeyPair: noKeys })),
      );
      expect(err.message).toBe(c.message);
      expect(err.hint).toBe(c.hint);
    });
  }
});
