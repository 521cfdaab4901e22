import type { KeyPairPem } from '../deps.js';
import { CA_KEY_SECRET } from '../constants.js';
import { CliError } from '../errors.js';
import { inspectCertificate } from './inspect.js';
import { createCaCertificate, issueLeafCertificate, type LeafSpec, type Validity } from './issue.js';
import { randomSerialHex } from './random.js';
import { decideCa, leafProblem, type LeafExpectation } from './reuse.js';
import { requiredServerNames } from './server-names.js';
import {
  ADMIN_CN,
  BACKDATE_MS,
  CA_VALIDITY_MS,
  CONTROLLER_MANAGER_CN,
  LEAF_VALIDITY_MS,
  SERVER_CN,
  type CertKeyPair,
  type FederationPki,
  type PkiInput,
  type PkiItemName,
  type PkiResult,
} from './types.js';

export type LeafName = Exclude<PkiItemName, 'ca'>;
type LeafField = Exclude<keyof FederationPki, 'ca'>;

export interface LeafPlan {
  name: LeafName;
  field: LeafField;
  label: string;
  expected: LeafExpectation;
  usage: LeafSpec['usage'];
}

/** The three leaves of a federation: what each must be, and how it is described to people. */
export function federationLeaves(serverNames: { dns: string[]; ips: string[] }): LeafPlan[] {
  return [
    { name: 'server', field: 'server', label: 'federation API server certificate', usage: 'server', expected: { commonName: SERVER_CN, serverNames } },
    { name: 'controller-manager', field: 'controllerManager', label: 'controller manager client certificate', usage: 'client', expected: { commonName: CONTROLLER_MANAGER_CN } },
    { name: 'admin', field: 'admin', label: 'admin client certificate', usage: 'client', expected: { commonName: ADMIN_CN } },
  ];
}

/** A new leaf for `leaf`, signed by `ca`, valid from now for a year (never past the CA). */
export function issueFederationLeaf(ca: CertKeyPair, leaf: LeafPlan, keyPair: KeyPairPem, input: Pick<PkiInput, 'now' | 'randomBytes'>): CertKeyPair {
  return issueLeafCertificate(ca, {
    commonName: leaf.expected.commonName,
    usage: leaf.usage,
    dnsNames: leaf.expected.serverNames?.dns,
    ips: leaf.expected.serverNames?.ips,
    serialHex: randomSerialHex(input.randomBytes),
    keyPair,
    ...validityWithin(ca, input.now),
  });
}

/**
 * Create, or reuse from an earlier run, the federation's CA, API server certificate and the two
 * client certificates. Keys come from `generateKeyPair`, serials from `randomBytes` and validity
 * from `now`, so pinned inputs give byte-identical PEM output.
 */
export async function createFederationPki(input: PkiInput): Promise<PkiResult> {
  const serverNames = requiredServerNames(input);
  const leaves = federationLeaves(serverNames);
  const existing = input.existing ?? {};
  const caDecision = decideCa(existing.ca, input.now);

  // Decide every leaf before generating anything, so a missing CA key fails fast and whole.
  const problems = new Map<LeafName, string>();
  for (const leaf of leaves) {
    const problem =
      caDecision.kind === 'new'
        ? 'it is not issued by the new CA'
        : leafProblem(existing[leaf.field], caDecision.ca.certPem, leaf.expected, input.now);
    if (problem !== undefined) problems.set(leaf.name, problem);
  }
  if (caDecision.kind === 'reuse-without-key' && problems.size > 0) {
    throw missingCaKeyError(input, leaves, problems);
  }

  // Start every key generation at once (they run on the thread pool, in parallel); they are asked
  // for in a fixed order, so a pinned key source still hands out the same key to the same item.
  const keyCount = (caDecision.kind === 'new' ? 1 : 0) + problems.size;
  const pendingKeys = Array.from({ length: keyCount }, () => input.generateKeyPair());
  for (const key of pendingKeys) key.catch(() => undefined); // awaited below; avoid unhandled rejections meanwhile
  const nextKey = (): Promise<KeyPairPem> => pendingKeys.shift() as Promise<KeyPairPem>;

  const reused: PkiItemName[] = [];
  const generated: PkiItemName[] = [];
  let ca: CertKeyPair;
  if (caDecision.kind === 'new') {
    ca = createCaCertificate({
      commonName: input.federationName,
      serialHex: randomSerialHex(input.randomBytes),
      keyPair: await nextKey(),
      notBefore: new Date(input.now.getTime() - BACKDATE_MS),
      notAfter: new Date(input.now.getTime() + CA_VALIDITY_MS),
    });
    generated.push('ca');
  } else {
    ca = caDecision.ca;
    reused.push('ca');
  }

  const pki: Partial<FederationPki> = { ca };
  for (const leaf of leaves) {
    const previous = existing[leaf.field];
    if (!problems.has(leaf.name) && previous) {
      pki[leaf.field] = previous;
      reused.push(leaf.name);
      continue;
    }
    pki[leaf.field] = issueFederationLeaf(ca, leaf, await nextKey(), input);
    generated.push(leaf.name);
  }
  return { pki: pki as FederationPki, reused, generated };
}

/** A new CA for the federation, valid for ten years from now; the key pair becomes its key. */
export function issueFederationCa(federationName: string, keyPair: KeyPairPem, input: Pick<PkiInput, 'now' | 'randomBytes'>): CertKeyPair {
  return createCaCertificate({
    commonName: federationName,
    serialHex: randomSerialHex(input.randomBytes),
    keyPair,
    notBefore: new Date(input.now.getTime() - BACKDATE_MS),
    notAfter: new Date(input.now.getTime() + CA_VALIDITY_MS),
  });
}

/** One year from now, but never past the CA's own expiry: a leaf cannot outlive its issuer. */
function validityWithin(ca: CertKeyPair, now: Date): Validity {
  const caNotAfter = inspectCertificate(ca.certPem).notAfter.getTime();
  return {
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(Math.min(now.getTime() + LEAF_VALIDITY_MS, caNotAfter)),
  };
}

function missingCaKeyError(input: PkiInput, leaves: LeafPlan[], problems: Map<LeafName, string>): CliError {
  const items = leaves
    .filter((leaf) => problems.has(leaf.name))
    .map((leaf) => `the ${leaf.label} (${problems.get(leaf.name)})`);
  return new CliError(
    `cannot issue ${joinList(items)}: the federation CA key is missing, ` +
      'because the CA certificate found in the cluster was created by another tool that did not keep its key.',
    {
      hint:
        `Run \`kubefed destroy ${input.federationName}\` and then \`kubefed init\` again to create a new CA, ` +
        `or store the CA's private key (PEM) in Secret ${CA_KEY_SECRET} in namespace ${input.namespace} and re-run.`,
    },
  );
}

function joinList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
