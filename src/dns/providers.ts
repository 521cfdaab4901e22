/**
 * The DNS providers the federation controller manager registers (README, kubefed init: --dns-provider), and the
 * rules for the DNS zone it manages.
 */
export const DNS_PROVIDERS = ['google-clouddns', 'aws-route53', 'azure-azuredns', 'coredns'] as const;
export type DnsProvider = (typeof DNS_PROVIDERS)[number];

export function isDnsProvider(value: string): value is DnsProvider {
  return (DNS_PROVIDERS as readonly string[]).includes(value);
}

const LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const MAX_LABEL = 63;
const MAX_NAME = 253;

/**
 * Why `name` (without its trailing dot) is not a usable DNS name, or undefined if it is.
 * Lower case is required, not just allowed: kube-dns validates each `federations` domain as an
 * RFC 1123 subdomain and rejects the whole ConfigMap otherwise, so an upper-case zone would
 * break every member cluster's DNS at join time.
 */
export function describeDnsNameProblem(name: string): string | undefined {
  if (name === '') return 'it has no labels';
  if (name.length > MAX_NAME) return `it is ${name.length} characters long; at most ${MAX_NAME} are allowed`;
  for (const label of name.split('.')) {
    if (label === '') return 'it has an empty label (two dots in a row, or a leading dot)';
    if (label.length > MAX_LABEL) return `label "${label}" is ${label.length} characters long; at most ${MAX_LABEL} are allowed`;
    if (/[A-Z]/.test(label) && LABEL.test(label.toLowerCase())) return `label "${label}" must be lower case`;
    if (!LABEL.test(label)) {
      return `label "${label}" may contain only lower-case letters, digits and "-", and must start and end with a letter or digit`;
    }
  }
  return undefined;
}

/**
 * The problem with a `--dns-zone-name` value, or undefined. The zone is a DNS name ending with
 * exactly one dot, as the original documented; the controller manager receives it as given and
 * the `federations` annotation gets it with the dot stripped.
 */
export function validateZoneName(zone: string): string | undefined {
  const example = 'e.g. --dns-zone-name=example.com.';
  if (zone === '') return `--dns-zone-name is required: a DNS name ending with a dot, ${example}`;
  if (zone === '.') return `invalid --dns-zone-name ".": the root zone cannot be a federation zone; ${example}`;
  if (!zone.endsWith('.')) return `invalid --dns-zone-name "${zone}": must end with a dot, e.g. --dns-zone-name=${zone}.`;
  const problem = describeDnsNameProblem(zone.slice(0, -1));
  return problem === undefined ? undefined : `invalid --dns-zone-name "${zone}": ${problem}`;
}
