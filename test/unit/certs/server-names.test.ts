import { describe, expect, it } from 'vitest';
import { CliError } from '../../../src/errors.js';
import { missingServerNames, requiredServerNames } from '../../../src/certs/server-names.js';
import type { CertificateInfo } from '../../../src/certs/types.js';

const base = { namespace: 'federation-system', serviceName: 'apiserver', ips: [] as string[], hostnames: [] as string[] };
const SERVICE_NAMES = [
  'apiserver',
  'apiserver.federation-system',
  'apiserver.federation-system.svc',
  'apiserver.federation-system.svc.cluster.local',
];

describe('requiredServerNames', () => {
  it.each([
    { name: 'service names only (dry-run)', input: base, dns: SERVICE_NAMES, ips: [] },
    {
      name: 'load-balancer host names come first',
      input: { ...base, hostnames: ['a.elb.example.com', 'b.elb.example.com'] },
      dns: ['a.elb.example.com', 'b.elb.example.com', ...SERVICE_NAMES],
      ips: [],
    },
    {
      name: 'duplicates dropped, first place kept',
      input: { ...base, hostnames: ['apiserver', 'x.example.com', 'x.example.com'], ips: ['10.0.0.1', '10.0.0.2', '10.0.0.1'] },
      dns: ['apiserver', 'x.example.com', 'apiserver.federation-system', 'apiserver.federation-system.svc', 'apiserver.federation-system.svc.cluster.local'],
      ips: ['10.0.0.1', '10.0.0.2'],
    },
    {
      name: 'IPv6 written one way',
      input: { ...base, ips: ['2001:DB8:0:0:0:0:0:1', '2001:db8::1', '::1'] },
      dns: SERVICE_NAMES,
      ips: ['2001:db8::1', '::1'],
    },
    {
      name: 'another namespace and service',
      input: { ...base, namespace: 'fed', serviceName: 'api' },
      dns: ['api', 'api.fed', 'api.fed.svc', 'api.fed.svc.cluster.local'],
      ips: [],
    },
  ])('$name', ({ input, dns, ips }) => {
    expect(requiredServerNames(input)).toEqual({ dns, ips });
  });

  it('never writes the trailing dot the original put on svc.cluster.local', () => {
    expect(requiredServerNames(base).dns.some((name) => name.endsWith('.'))).toBe(false);
  });

  it('rejects an address that is not an IP', () => {
    const run = () => requiredServerNames({ ...base, ips: ['10.0.0.1', 'lb.example.com'] });
    expect(run).toThrow(CliError);
    expect(run).toThrow('cannot put "lb.example.com" into the federation API server certificate: it is not an IP address');
  });
});

describe('missingServerNames', () => {
  const info: CertificateInfo = {
    subjectCN: 'federation-apiserver',
    issuerCN: 'myfed',
    notBefore: new Date(0),
    notAfter: new Date(0),
    dnsNames: ['APISERVER', 'apiserver.federation-system'],
    ips: ['10.0.0.1', '2001:db8::1'],
    isCA: false,
  };
  it.each([
    { name: 'all covered (DNS compared case-insensitively)', required: { dns: ['apiserver'], ips: ['2001:db8::1'] }, missing: [] },
    {
      name: 'lists what is missing, DNS first',
      required: { dns: ['apiserver', 'apiserver.federation-system.svc'], ips: ['10.0.0.1', '10.0.0.2'] },
      missing: ['DNS:apiserver.federation-system.svc', 'IP:10.0.0.2'],
    },
  ])('$name', ({ required, missing }) => {
    expect(missingServerNames(info, required)).toEqual(missing);
  });
});
