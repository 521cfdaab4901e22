import { describe, expect, it } from 'vitest';
import { DNS_PROVIDERS, describeDnsNameProblem, isDnsProvider, validateZoneName } from '../../../src/dns/providers.js';

describe('DNS providers', () => {
  it('lists the four providers the controller manager registers', () => {
    expect(DNS_PROVIDERS).toEqual(['google-clouddns', 'aws-route53', 'azure-azuredns', 'coredns']);
  });

  it.each([
    ['google-clouddns', true],
    ['aws-route53', true],
    ['azure-azuredns', true],
    ['coredns', true],
    ['CoreDNS', false],
    ['route53', false],
    ['', false],
  ])('isDnsProvider(%j) → %s', (value, expected) => {
    expect(isDnsProvider(value)).toBe(expected);
  });
});

describe('validateZoneName', () => {
  const long63 = 'a'.repeat(63);
  it.each([
    { name: 'a plain zone', zone: 'example.com.', problem: undefined },
    { name: 'one label', zone: 'federation.', problem: undefined },
    { name: 'digits and hyphens', zone: 'fed-1.0x.example.', problem: undefined },
    { name: 'a 63-character label', zone: `${long63}.com.`, problem: undefined },
    { name: 'empty', zone: '', problem: '--dns-zone-name is required: a DNS name ending with a dot, e.g. --dns-zone-name=example.com.' },
    {
      name: 'the root',
      zone: '.',
      problem: 'invalid --dns-zone-name ".": the root zone cannot be a federation zone; e.g. --dns-zone-name=example.com.',
    },
    { name: 'no trailing dot', zone: 'example.com', problem: 'invalid --dns-zone-name "example.com": must end with a dot, e.g. --dns-zone-name=example.com.' },
    {
      name: 'two trailing dots',
      zone: 'example.com..',
      problem: 'invalid --dns-zone-name "example.com..": it has an empty label (two dots in a row, or a leading dot)',
    },
    {
      name: 'a leading dot',
      zone: '.example.com.',
      problem: 'invalid --dns-zone-name ".example.com.": it has an empty label (two dots in a row, or a leading dot)',
    },
    { name: 'upper case', zone: 'Example.com.', problem: 'invalid --dns-zone-name "Example.com.": label "Example" must be lower case' },
    {
      name: 'an underscore',
      zone: 'my_zone.example.',
      problem:
        'invalid --dns-zone-name "my_zone.example.": label "my_zone" may contain only lower-case letters, digits and "-", and must start and end with a letter or digit',
    },
    {
      name: 'a label ending with a hyphen',
      zone: 'fed-.example.',
      problem:
        'invalid --dns-zone-name "fed-.example.": label "fed-" may contain only lower-case letters, digits and "-", and must start and end with a letter or digit',
    },
    {
      name: 'a 64-character label',
      zone: `${long63}a.com.`,
      problem: `invalid --dns-zone-name "${long63}a.com.": label "${long63}a" is 64 characters long; at most 63 are allowed`,
    },
    {
      name: 'a name longer than 253 characters',
      zone: `${[long63, long63, long63, long63].join('.')}.`,
      problem: `invalid --dns-zone-name "${[long63, long63, long63, long63].join('.')}.": it is 255 characters long; at most 253 are allowed`,
    },
  ])('$name', ({ zone, problem }) => {
    expect(validateZoneName(zone)).toBe(problem);
  });
});

describe('describeDnsNameProblem', () => {
  it.each([
    ['a.b', undefined],
    ['', 'it has no labels'],
    ['a b', 'label "a b" may contain only lower-case letters, digits and "-", and must start and end with a letter or digit'],
  ])('%j → %j', (name, problem) => {
    expect(describeDnsNameProblem(name)).toBe(problem);
  });
});
