import {
  DNS_PROVIDER_ANNOTATION,
  DNS_ZONE_NAME_ANNOTATION,
  FEDERATIONS_ANNOTATION,
  NAMESERVER_ANNOTATION,
} from '../constants.js';
import type { DnsProvider } from './providers.js';

export interface DnsAnnotationInput {
  federationName: string;
  /** `--dns-zone-name` as given, normally with its trailing dot. */
  zoneName: string;
  provider: DnsProvider;
  /** `coredns-endpoints` from the provider config, when known. */
  nameserver?: string;
  /** Whether `--dns-provider-config` was given. */
  hasConfig: boolean;
}

/**
 * The DNS annotations on the controller-manager Deployment (README, kubefed init). They are the only
 * channel by which join learns the zone and the CoreDNS nameserver, so their keys and values
 * follow the original exactly: kube-dns wants the zone without trailing dots, and the CoreDNS
 * keys appear only for coredns with a config file. The federation-name annotation is not DNS
 * specific and is left to the Deployment builder.
 */
export function controllerManagerDnsAnnotations(input: DnsAnnotationInput): Record<string, string> {
  const zone = stripTrailingDots(input.zoneName);
  const annotations: Record<string, string> = { [FEDERATIONS_ANNOTATION]: `${input.federationName}=${zone}` };
  if (input.provider === 'coredns' && input.hasConfig) {
    annotations[DNS_PROVIDER_ANNOTATION] = 'coredns';
    annotations[DNS_ZONE_NAME_ANNOTATION] = zone;
    if (input.nameserver) annotations[NAMESERVER_ANNOTATION] = input.nameserver;
  }
  return annotations;
}

/** `example.com..` → `example.com`: every trailing dot goes, as the original's TrimRight did. */
export function stripTrailingDots(zone: string): string {
  return zone.replace(/\.+$/, '');
}
