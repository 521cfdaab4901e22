import { CliError } from '../errors.js';
import { canonicalIp } from './inspect.js';
import type { CertificateInfo, PkiInput } from './types.js';

export type ServerNameInput = Pick<PkiInput, 'namespace' | 'serviceName' | 'ips' | 'hostnames'>;

/**
 * The SANs the federation API server certificate must carry: the load-balancer host names, the
 * in-cluster Service names, and every address in `ips` as an IP SAN (type 7, which kubectl and
 * Node need to accept `https://<ip>`). Duplicates are dropped; the first occurrence keeps its place.
 *
 * The original wrote `<svc>.<ns>.svc.cluster.local.` with a trailing dot, which no client ever
 * matches because host names are compared without one; we write it without the dot.
 */
export function requiredServerNames(input: ServerNameInput): { dns: string[]; ips: string[] } {
  const { serviceName: svc, namespace: ns } = input;
  const dns = unique([...input.hostnames, svc, `${svc}.${ns}`, `${svc}.${ns}.svc`, `${svc}.${ns}.svc.cluster.local`]);
  const ips = unique(
    input.ips.map((ip) => {
      const canonical = canonicalIp(ip);
      if (canonical === undefined) {
        throw new CliError(`cannot put "${ip}" into the federation API server certificate: it is not an IP address`);
      }
      return canonical;
    }),
  );
  return { dns, ips };
}

/** The required names a certificate does not cover, as `DNS:x` / `IP:y` (empty when all are present). */
export function missingServerNames(info: CertificateInfo, required: { dns: string[]; ips: string[] }): string[] {
  const dns = new Set(info.dnsNames.map((name) => name.toLowerCase()));
  const ips = new Set(info.ips);
  return [
    ...required.dns.filter((name) => !dns.has(name.toLowerCase())).map((name) => `DNS:${name}`),
    ...required.ips.filter((ip) => !ips.has(ip)).map((ip) => `IP:${ip}`),
  ];
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
