import { describe, expect, it } from 'vitest';
import { checkDnsProviderConfig } from '../../../src/dns/provider-config.js';
import type { DnsProvider } from '../../../src/dns/providers.js';

const FILE = 'dns.conf';
const P = `--dns-provider-config ${FILE}: `;
const COREDNS_OK = '[Global]\netcd-endpoints = http://etcd-cluster.my-namespace:2379\nzones = example.com.\ncoredns-endpoints = 172.16.1.12:30630\n';
const AZURE_OK = '[Global]\nsubscription-id = sub\nclient-id = cid\nsecret = hunter2\ntenant-id = tid\nresourceGroup = rg\n';

interface Case {
  name: string;
  provider: DnsProvider;
  text: string;
  problems?: string[];
  nameserver?: string;
  zones?: string[];
}

const cases: Case[] = [
  // coredns
  { name: 'coredns: the guide example', provider: 'coredns', text: COREDNS_OK, nameserver: '172.16.1.12:30630', zones: ['example.com.'] },
  {
    name: 'coredns: several zones and endpoints, TLS files, no coredns-endpoints',
    provider: 'coredns',
    text: '[Global]\netcd-endpoints = https://e1:2379,https://e2:2379\netcd-cert-file = /c\netcd-key-file = /k\netcd-ca-file = /ca\nzones = a.com.,b.org\n',
    zones: ['a.com.', 'b.org'],
  },
  {
    name: 'coredns: empty file',
    provider: 'coredns',
    text: '',
    problems: [`${P}[Global] zones is required for coredns`, `${P}[Global] etcd-endpoints is required for coredns`],
  },
  {
    name: 'coredns: empty values count as missing',
    provider: 'coredns',
    text: '[Global]\nzones =\netcd-endpoints = ""\n',
    problems: [`${P}[Global] zones is required for coredns`, `${P}[Global] etcd-endpoints is required for coredns`],
  },
  {
    name: 'coredns: spaces and empty entries in lists',
    provider: 'coredns',
    text: '[Global]\nzones = a.com., b.com.,,c.com.\netcd-endpoints = http://e:2379\n',
    problems: [
      `${P}[Global] zones entry "b.com." has spaces around it; separate entries with commas only`,
      `${P}[Global] zones has an empty entry; separate entries with single commas`,
    ],
    zones: ['a.com.', 'b.com.', 'c.com.'],
  },
  {
    name: 'coredns: invalid zone names',
    provider: 'coredns',
    text: '[Global]\nzones = Example.com.,bad_zone.org.,a..b\netcd-endpoints = http://e:2379\n',
    problems: [
      `${P}[Global] zones entry "Example.com." is not a valid DNS name: label "Example" must be lower case`,
      `${P}[Global] zones entry "bad_zone.org." is not a valid DNS name: label "bad_zone" may contain only lower-case letters, digits and "-", and must start and end with a letter or digit`,
      `${P}[Global] zones entry "a..b" is not a valid DNS name: it has an empty label (two dots in a row, or a leading dot)`,
    ],
    zones: ['Example.com.', 'bad_zone.org.', 'a..b'],
  },
  {
    name: 'coredns: etcd endpoints that are not http(s) URLs',
    provider: 'coredns',
    text: '[Global]\nzones = a.com.\netcd-endpoints = etcd:2379x,unix:///run/etcd.sock\n',
    problems: [
      `${P}[Global] etcd-endpoints entry "etcd:2379x" must start with http:// or https://`,
      `${P}[Global] etcd-endpoints entry "unix:///run/etcd.sock" must start with http:// or https://`,
    ],
    zones: ['a.com.'],
  },
  {
    name: 'coredns: an etcd endpoint that is not a URL at all',
    provider: 'coredns',
    text: '[Global]\nzones = a.com.\netcd-endpoints = 10.0.0.1:2379\n',
    problems: [`${P}[Global] etcd-endpoints entry "10.0.0.1:2379" is not a URL; write it as http://host:port or https://host:port`],
    zones: ['a.com.'],
  },
  ...[
    ['an IPv4 address alone', '10.0.0.53'],
    ['IPv4 with a port', '10.0.0.53:5353'],
    ['IPv6 alone', 'fd00::53'],
    ['IPv6 in brackets with a port', '[fd00::53]:53'],
  ].map(
    ([what, endpoint]): Case => ({
      name: `coredns: coredns-endpoints as ${what}`,
      provider: 'coredns',
      text: `[Global]\nzones = a.com.\netcd-endpoints = http://e:2379\ncoredns-endpoints = ${endpoint}\n`,
      nameserver: endpoint,
      zones: ['a.com.'],
    }),
  ),
  ...['coredns.example.com:53', 'coredns.example.com', '10.0.0.53:0', '10.0.0.53:70000', '10.0.0.53:53,10.0.0.54:53', 'fd00::53:53x'].map(
    (endpoint): Case => ({
      name: `coredns: coredns-endpoints rejected: ${endpoint}`,
      provider: 'coredns',
      text: `[Global]\nzones = a.com.\netcd-endpoints = http://e:2379\ncoredns-endpoints = ${endpoint}\n`,
      problems: [
        `${P}[Global] coredns-endpoints "${endpoint}" must be the IP address of the CoreDNS server with an optional port, ` +
          'e.g. 172.16.1.12:30630 or [fd00::12]:53; kube-dns stubDomains accept only IP addresses',
      ],
      zones: ['a.com.'],
    }),
  ),
  {
    name: 'coredns: unknown keys and sections',
    provider: 'coredns',
    text: COREDNS_OK + 'etcd-prefix = skydns\n[Extra]\nx = 1\n',
    problems: [
      `${P}[extra] is unknown to coredns; only [Global] is read`,
      `${P}[Global] etcd-prefix is unknown to coredns; known settings: etcd-endpoints, etcd-cert-file, etcd-key-file, etcd-ca-file, zones, coredns-endpoints`,
    ],
    nameserver: '172.16.1.12:30630',
    zones: ['example.com.'],
  },
  {
    name: 'coredns: a syntax problem names the flag and the line',
    provider: 'coredns',
    text: COREDNS_OK + 'oops\n',
    problems: [`${P}line 5: a name without "= value"`],
    nameserver: '172.16.1.12:30630',
    zones: ['example.com.'],
  },
  // azure
  { name: 'azure: all five keys', provider: 'azure-azuredns', text: AZURE_OK },
  { name: 'azure: key names in any case', provider: 'azure-azuredns', text: AZURE_OK.replace('resourceGroup', 'RESOURCEGROUP') },
  {
    name: 'azure: every missing key is listed',
    provider: 'azure-azuredns',
    text: '[Global]\nsubscription-id = sub\nsecret =\n',
    problems: [
      `${P}[Global] client-id is required for azure-azuredns`,
      `${P}[Global] secret is required for azure-azuredns`,
      `${P}[Global] tenant-id is required for azure-azuredns`,
      `${P}[Global] resourceGroup is required for azure-azuredns`,
    ],
  },
  {
    name: 'azure: an unknown key',
    provider: 'azure-azuredns',
    text: AZURE_OK + 'client-secret = x\n',
    problems: [`${P}[Global] client-secret is unknown to azure-azuredns; known settings: subscription-id, client-id, secret, tenant-id, resourceGroup`],
  },
  // google
  { name: 'google: empty file', provider: 'google-clouddns', text: '' },
  {
    name: 'google: all optional keys',
    provider: 'google-clouddns',
    text: '[Global]\nproject-id = my-project\ntoken-url = https://t.example.com/token\ntoken-body = "{\\"a\\": 1}"\n',
  },
  {
    name: 'google: an unknown key',
    provider: 'google-clouddns',
    text: '[Global]\nproject = my-project\n',
    problems: [`${P}[Global] project is unknown to google-clouddns; known settings: project-id, token-url, token-body`],
  },
  // aws
  { name: 'aws: the content is not read', provider: 'aws-route53', text: 'anything at all\n[\n' },
];

describe('checkDnsProviderConfig', () => {
  for (const c of cases) {
    it(c.name, () => {
      const result = checkDnsProviderConfig(c.provider, c.text, FILE);
      expect(result.problems).toEqual(c.problems ?? []);
      expect(result.nameserver).toBe(c.nameserver);
      expect(result.zones).toEqual(c.zones);
    });
  }

  it('never quotes a credential in a problem', () => {
    const text = '[Global]\nsecret = "hunter2\nclient-id = hunter2\\x\nhunter2\nsubscription-id = s\n';
    const { problems } = checkDnsProviderConfig('azure-azuredns', text, FILE);
    expect(problems.length).toBeGreaterThan(3);
    for (const p of problems) expect(p).not.toContain('hunter2');
  });
});
