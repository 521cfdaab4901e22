/** The TLS material of a federation (README, kubefed init; docs/architecture.md): one import point for the rest of the CLI. */
export { createFederationPki } from './pki.js';
export { requiredServerNames } from './server-names.js';
export { inspectCertificate, certificateMatchesKey, isIssuedBy } from './inspect.js';
export { randomUuid } from './random.js';
export type { CertKeyPair, CertificateInfo, FederationPki, PkiInput, PkiItemName, PkiResult } from './types.js';
export { ADMIN_CN, CONTROLLER_MANAGER_CN, SERVER_CN } from './types.js';
export { federationLeaves, issueFederationCa, issueFederationLeaf, type LeafName, type LeafPlan } from './pki.js';
export { LEAF_VALIDITY_MS } from './types.js';
