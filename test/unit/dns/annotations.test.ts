import { describe, expect, it } from 'vitest';
import { controllerManagerDnsAnnotations, stripTrailingDots } from '../../../src/dns/annotations.js';
import type { DnsAnnotationInput } from '../../../src/dns/annotations.js';

const base: DnsAnnotationInput = { federationName: 'myfed', zoneName: 'example.com.', provider: 'google-clouddns', hasConfig: false };

describe('controllerManagerDnsAnnotations', () => {
  it.each<{ name: string; input: DnsAnnotationInput; expected: Record<string, string> }>([
    { name: 'google, no config', input: base, expected: { federations: 'myfed=example.com' } },
    { name: 'google with a config file: no CoreDNS keys', input: { ...base, hasConfig: true }, expected: { federations: 'myfed=example.com' } },
    { name: 'aws-route53', input: { ...base, provider: 'aws-route53', hasConfig: true }, expected: { federations: 'myfed=example.com' } },
    {
      name: 'every trailing dot stripped',
      input: { ...base, zoneName: 'example.com...' },
      expected: { federations: 'myfed=example.com' },
    },
    {
      name: 'coredns without a config file: as the original, only federations',
      input: { ...base, provider: 'coredns', nameserver: '10.0.0.53:53' },
      expected: { federations: 'myfed=example.com' },
    },
    {
      name: 'coredns with a config file and a nameserver',
      input: { ...base, provider: 'coredns', hasConfig: true, nameserver: '172.16.1.12:30630' },
      expected: {
        federations: 'myfed=example.com',
        'dns-provider': 'coredns',
        'dns-zone-name': 'example.com',
        nameserver: '172.16.1.12:30630',
      },
    },
    {
      name: 'coredns with a config file but no coredns-endpoints',
      input: { ...base, provider: 'coredns', hasConfig: true },
      expected: { federations: 'myfed=example.com', 'dns-provider': 'coredns', 'dns-zone-name': 'example.com' },
    },
  ])('$name', ({ input, expected }) => {
    expect(controllerManagerDnsAnnotations(input)).toEqual(expected);
  });

  it('keeps the original key order', () => {
    const keys = Object.keys(controllerManagerDnsAnnotations({ ...base, provider: 'coredns', hasConfig: true, nameserver: '1.2.3.4:53' }));
    expect(keys).toEqual(['federations', 'dns-provider', 'dns-zone-name', 'nameserver']);
  });
});

describe('stripTrailingDots', () => {
  it.each([
    ['example.com.', 'example.com'],
    ['example.com', 'example.com'],
    ['a..', 'a'],
    ['.', ''],
  ])('%j → %j', (zone, stripped) => {
    expect(stripTrailingDots(zone)).toBe(stripped);
  });
});
