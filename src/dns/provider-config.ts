import { isIP } from 'node:net';
import { parseGcfg } from './gcfg.js';
import { describeDnsNameProblem, type DnsProvider } from './providers.js';

export { parseGcfg } from './gcfg.js';
export type { GcfgDocument } from './gcfg.js';

export interface DnsProviderConfigCheck {
  problems: string[];
  /** coredns only: `coredns-endpoints`, which join puts into the members' kube-dns stubDomains. */
  nameserver?: string;
  /** coredns only: the zones the CoreDNS provider serves; `--dns-zone-name` should be one of them. */
  zones?: string[];
}

/*
 * The [Global] keys each provider reads (test/unit/dns/provider-config.test.ts has a case for each). Every gcfg-based provider loads the
 * file with gcfg.ReadInto, which fails on a section or variable its struct does not declare, so
 * an unknown key here would crash the controller manager at start-up: reject it now instead.
 */
const KNOWN_KEYS: Record<Exclude<DnsProvider, 'aws-route53'>, readonly string[]> = {
  coredns: ['etcd-endpoints', 'etcd-cert-file', 'etcd-key-file', 'etcd-ca-file', 'zones', 'coredns-endpoints'],
  'azure-azuredns': ['subscription-id', 'client-id', 'secret', 'tenant-id', 'resourceGroup'],
  'google-clouddns': ['project-id', 'token-url', 'token-body'],
};
const REQUIRED_KEYS: Record<Exclude<DnsProvider, 'aws-route53'>, readonly string[]> = {
  coredns: ['zones', 'etcd-endpoints'],
  'azure-azuredns': ['subscription-id', 'client-id', 'secret', 'tenant-id', 'resourceGroup'],
  'google-clouddns': [],
};

/** Providers that cannot start without a config file: those with required keys. */
export function providerNeedsConfig(provider: DnsProvider): boolean {
  return requiredProviderKeys(provider).length > 0;
}

/** The [Global] keys a provider's config file must set. */
export function requiredProviderKeys(provider: DnsProvider): readonly string[] {
  return provider === 'aws-route53' ? [] : REQUIRED_KEYS[provider];
}

/**
 * All problems with a `--dns-provider-config` file for `provider`, each one line naming the flag
 * and the file. No value from the file is ever quoted in a problem, except coredns zones and
 * endpoints, which are addresses rather than credentials.
 */
export function checkDnsProviderConfig(provider: DnsProvider, text: string, file: string): DnsProviderConfigCheck {
  // The Route 53 provider never reads the file (credentials come from the AWS SDK chain);
  // it is still shipped to the controller manager as given, as the original did.
  if (provider === 'aws-route53') return { problems: [] };

  const prefix = `--dns-provider-config ${file}: `;
  const doc = parseGcfg(text);
  const problems = doc.problems.map((p) => prefix + p);
  const known = KNOWN_KEYS[provider];
  for (const section of Object.keys(doc.sections)) {
    if (section !== 'global') problems.push(`${prefix}[${section}] is unknown to ${provider}; only [Global] is read`);
  }
  const global = doc.sections.global ?? {};
  for (const key of Object.keys(global)) {
    if (!known.some((k) => k.toLowerCase() === key)) {
      problems.push(`${prefix}[Global] ${key} is unknown to ${provider}; known settings: ${known.join(', ')}`);
    }
  }
  for (const key of REQUIRED_KEYS[provider]) {
    if ((global[key.toLowerCase()] ?? '') === '') problems.push(`${prefix}[Global] ${key} is required for ${provider}`);
  }
  if (provider !== 'coredns') return { problems };

  const zones = checkList(global.zones, 'zones', describeZoneProblem, prefix, problems);
  checkList(global['etcd-endpoints'], 'etcd-endpoints', describeEtcdEndpointProblem, prefix, problems);
  const nameserver = checkNameserver(global['coredns-endpoints'], prefix, problems);
  return { problems, nameserver, zones };
}

/**
 * The provider splits these lists on "," and uses each piece untrimmed, so " b.com." would be a
 * zone with a leading space: spaces are a problem, not something to tidy away.
 */
function checkList(
  raw: string | undefined,
  key: string,
  describe: (entry: string) => string | undefined,
  prefix: string,
  problems: string[],
): string[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  const entries = raw.split(',');
  for (const entry of entries) {
    if (entry === '') {
      problems.push(`${prefix}[Global] ${key} has an empty entry; separate entries with single commas`);
    } else if (entry.trim() !== entry) {
      problems.push(`${prefix}[Global] ${key} entry "${entry.trim()}" has spaces around it; separate entries with commas only`);
    } else {
      const problem = describe(entry);
      if (problem) problems.push(`${prefix}[Global] ${key} entry "${entry}" ${problem}`);
    }
  }
  return entries.filter((e) => e !== '').map((e) => e.trim());
}

function describeZoneProblem(zone: string): string | undefined {
  const problem = describeDnsNameProblem(zone.endsWith('.') ? zone.slice(0, -1) : zone);
  return problem === undefined ? undefined : `is not a valid DNS name: ${problem}`;
}

function describeEtcdEndpointProblem(endpoint: string): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'is not a URL; write it as http://host:port or https://host:port';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must start with http:// or https://';
  return undefined;
}

/*
 * coredns-endpoints is optional. The controller manager never reads it; only join does, to point
 * the members' kube-dns stubDomains at CoreDNS. A zone that is delegated to CoreDNS in public
 * DNS resolves without stubDomains, so requiring the key would reject working setups (the
 * original did not require it either). When present it must be an IP address with an optional
 * port: kube-dns hands stubDomain servers to dnsmasq, which forwards only to IP addresses, and
 * kube-dns rejects "host:port" outright, which would break the member's whole DNS config.
 */
function checkNameserver(raw: string | undefined, prefix: string, problems: string[]): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (isNameserverAddress(raw)) return raw;
  problems.push(
    `${prefix}[Global] coredns-endpoints "${raw}" must be the IP address of the CoreDNS server with an optional port, ` +
      'e.g. 172.16.1.12:30630 or [fd00::12]:53; kube-dns stubDomains accept only IP addresses',
  );
  return undefined;
}

function isNameserverAddress(value: string): boolean {
  if (isIP(value) !== 0) return true;
  const bracketed = /^\[([^\]]+)\]:(\d{1,5})$/.exec(value);
  if (bracketed) return isIP(bracketed[1]) === 6 && isPort(bracketed[2]);
  const v4 = /^([^:]+):(\d{1,5})$/.exec(value);
  return v4 !== null && isIP(v4[1]) === 4 && isPort(v4[2]);
}

function isPort(text: string): boolean {
  const port = Number(text);
  return port >= 1 && port <= 65535;
}
