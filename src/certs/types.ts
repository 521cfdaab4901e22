import type { KeyPairPem } from '../deps.js';

/** A certificate and its private key, both PEM. `keyPem` is '' when the key is not known. */
export interface CertKeyPair {
  certPem: string;
  keyPem: string;
}

/** All TLS material of one federation (docs/architecture.md, src/certs). */
export interface FederationPki {
  ca: CertKeyPair;
  server: CertKeyPair;
  controllerManager: CertKeyPair;
  admin: CertKeyPair;
}

export interface PkiInput {
  federationName: string;
  namespace: string;
  /** The federation API server Service name ('apiserver'). */
  serviceName: string;
  /** Load-balancer ingress IPs, or the advertise address, or the node addresses. */
  ips: readonly string[];
  /** Load-balancer ingress host names. */
  hostnames: readonly string[];
  now: Date;
  randomBytes(n: number): Buffer;
  generateKeyPair(): Promise<KeyPairPem>;
  /** What a previous run left in the cluster or kubeconfig; `ca.keyPem` may be '' if unknown. */
  existing?: Partial<FederationPki>;
}

/** The names used in `reused` / `generated` reports, in the order they are produced. */
export type PkiItemName = 'ca' | 'server' | 'controller-manager' | 'admin';

export interface PkiResult {
  pki: FederationPki;
  reused: PkiItemName[];
  generated: PkiItemName[];
}

/** What Node's X509Certificate tells us about a certificate, in plain values. */
export interface CertificateInfo {
  subjectCN: string;
  issuerCN: string;
  notBefore: Date;
  notAfter: Date;
  dnsNames: string[];
  ips: string[];
  isCA: boolean;
}

/** Subjects as the original kubefed wrote them: no Organization on the client certificates. */
export const SERVER_CN = 'federation-apiserver';
export const CONTROLLER_MANAGER_CN = 'federation-controller-manager';
export const ADMIN_CN = 'admin';

const DAY_MS = 24 * 60 * 60 * 1000;
export const CA_VALIDITY_MS = 10 * 365 * DAY_MS;
export const LEAF_VALIDITY_MS = 365 * DAY_MS;
/** A leaf that expires sooner than this is re-issued rather than reused. */
export const MIN_REMAINING_VALIDITY_MS = 30 * DAY_MS;
/**
 * notBefore is set this far before `now` so that an API server whose clock is slightly behind
 * the operator's machine still accepts fresh certificates (kubeadm back-dates by the same amount).
 */
export const BACKDATE_MS = 5 * 60 * 1000;
