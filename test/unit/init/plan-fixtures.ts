import type { FederationPki } from '../../../src/certs/types.js';
import type { InitFacts } from '../../../src/init/plan.js';

/** Placeholder PEM text: the planner only copies certificates, it never parses them. */
export const FAKE_PKI: FederationPki = {
  ca: { certPem: 'CA CERT\n', keyPem: 'CA KEY\n' },
  server: { certPem: 'SERVER CERT\n', keyPem: 'SERVER KEY\n' },
  controllerManager: { certPem: 'CM CERT\n', keyPem: 'CM KEY\n' },
  admin: { certPem: 'ADMIN CERT\n', keyPem: 'ADMIN KEY\n' },
};

export function factsWith(overrides: Partial<InitFacts> = {}): InitFacts {
  return {
    rbacVersion: 'v1',
    endpoint: { ips: ['35.1.2.3'], hostnames: [] },
    pki: FAKE_PKI,
    auth: {},
    namespaceExists: false,
    ...overrides,
  };
}

export function decode(data: unknown, key: string): string {
  return Buffer.from((data as Record<string, string>)[key], 'base64').toString('utf8');
}
