/**
 * Scenario clusters from the environment: real clusters (kind, a cloud) named by kubeconfig
 * contexts. Undefined when the variables are not set, so the suite skips. The user's kubeconfig
 * files are only read: the federation's entries go to a file of our own listed first in
 * KUBECONFIG, and everything lives in a namespace of its own, never the cluster's
 * federation-system.
 */
import { generateKeyPair, randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { KeyPairPem } from '../../src/deps.js';
import { COREDNS_CONFIG, kubefed, tempDir, writeTemp } from '../helpers/cli.js';
import { kubectlIn, listObjectsVia, membersOf, type ScenarioEnv } from './env.js';
import { destroyArgv } from './federation-queries.js';

export const E2E_VARIABLES = [
  'KUBEFED_E2E_HOST_CONTEXT',
  'KUBEFED_E2E_MEMBER_CONTEXTS',
  'KUBEFED_E2E_KUBECONFIG',
  'KUBEFED_E2E_SERVICE_TYPE',
  'KUBEFED_E2E_ADVERTISE_ADDRESS',
  'KUBEFED_E2E_NODE_PORT',
  'KUBEFED_E2E_NAMESPACE',
  'KUBEFED_E2E_TIMEOUT',
  'KUBEFED_E2E_IMAGE',
  'KUBEFED_E2E_ETCD_IMAGE',
] as const;

type Source = Readonly<Record<string, string | undefined>>;

function realKeyPair(): Promise<KeyPairPem> {
  return new Promise((resolve, reject) => {
    generateKeyPair(
      'rsa',
      { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs1', format: 'pem' } },
      (err, publicKeyPem, privateKeyPem) => (err ? reject(err) : resolve({ publicKeyPem, privateKeyPem })),
    );
  });
}

/** Five characters that make a name unique per run and are valid in any Kubernetes name. */
function randomSuffix(): string {
  return [...randomBytes(5)].map((b) => 'bcdfghjklmnpqrstvwxz2456789'[b % 27]).join('');
}

function readServiceType(value: string | undefined): 'NodePort' | 'LoadBalancer' {
  if (value === undefined || value === '' || value === 'NodePort') return 'NodePort';
  if (value === 'LoadBalancer') return 'LoadBalancer';
  throw new Error(`KUBEFED_E2E_SERVICE_TYPE must be NodePort or LoadBalancer, not "${value}"`);
}

function readNodePort(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`KUBEFED_E2E_NODE_PORT must be a port number, not "${value}"`);
  return port;
}

/**
 * The clusters named by KUBEFED_E2E_* variables, or undefined when neither context variable is
 * set. Setting only one of them is a mistake worth failing on rather than skipping silently.
 */
export function realClusterEnv(source: Source = process.env): ScenarioEnv | undefined {
  const host = source.KUBEFED_E2E_HOST_CONTEXT?.trim();
  const memberList = source.KUBEFED_E2E_MEMBER_CONTEXTS?.trim();
  if (!host && !memberList) return undefined;
  if (!host || !memberList) throw new Error('set both KUBEFED_E2E_HOST_CONTEXT and KUBEFED_E2E_MEMBER_CONTEXTS (a comma-separated list), or neither');
  const memberContexts = memberList.split(',').map((c) => c.trim()).filter(Boolean);
  membersOf({ memberContexts }); // fails early on contexts that map to the same cluster name

  const userKubeconfig = source.KUBEFED_E2E_KUBECONFIG || source.KUBECONFIG || join(homedir(), '.kube', 'config');
  const dir = tempDir('kubefed-e2e-');
  const kubeconfig = join(dir, 'federation.kubeconfig');
  writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n', { mode: 0o600 });
  const env: Record<string, string> = { KUBECONFIG: [kubeconfig, ...userKubeconfig.split(delimiter).filter(Boolean)].join(delimiter) };
  const suffix = randomSuffix();
  const federationName = `e2e-${suffix}`;

  const self: ScenarioEnv = {
    kubeconfig,
    env,
    hostContext: host,
    memberContexts,
    serviceType: readServiceType(source.KUBEFED_E2E_SERVICE_TYPE),
    ...(source.KUBEFED_E2E_ADVERTISE_ADDRESS ? { advertiseAddress: source.KUBEFED_E2E_ADVERTISE_ADDRESS } : {}),
    ...(readNodePort(source.KUBEFED_E2E_NODE_PORT) ? { nodePort: readNodePort(source.KUBEFED_E2E_NODE_PORT) } : {}),
    dnsProviderConfig: writeTemp(dir, 'coredns-provider.conf', COREDNS_CONFIG),
    namespace: source.KUBEFED_E2E_NAMESPACE || `kubefed-e2e-${suffix}`,
    timeout: source.KUBEFED_E2E_TIMEOUT || '10m',
    federationName,
    ...(source.KUBEFED_E2E_IMAGE ? { image: source.KUBEFED_E2E_IMAGE } : {}),
    ...(source.KUBEFED_E2E_ETCD_IMAGE ? { etcdImage: source.KUBEFED_E2E_ETCD_IMAGE } : {}),
    // Real clusters get real sleeps (no hammering while polling), real randomness and fresh keys.
    kubefed: (argv) =>
      kubefed(argv, {
        env,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        randomBytes: (n) => randomBytes(n),
        generateKeyPair: realKeyPair,
      }),
    listObjects: (context, kind, namespace) => listObjectsVia(self, context, kind, namespace),
    cleanup: () => cleanUpRealClusters(self, dir),
  };
  return self;
}

/**
 * Best effort after a run that may have stopped half-way: destroy the federation if its context is
 * still there (that unjoins every member), then delete the scenario namespace wherever it is left
 * and carries this federation's annotation (a namespace the user named in KUBEFED_E2E_NAMESPACE
 * and that existed before is left alone).
 */
async function cleanUpRealClusters(env: ScenarioEnv, dir: string): Promise<void> {
  const contexts = await kubectlIn(env, ['config', 'get-contexts', '-o', 'name']).catch(() => '');
  if (contexts.split('\n').includes(env.federationName)) await env.kubefed(destroyArgv(env, '--force'));
  for (const context of new Set([env.hostContext, ...env.memberContexts])) {
    const raw = await kubectlIn(env, ['--context', context, 'get', 'namespace', env.namespace, '-o', 'json', '--ignore-not-found']).catch(() => '');
    if (!raw.trim()) continue;
    const ns = JSON.parse(raw) as { metadata: { annotations?: Record<string, string> } };
    if (ns.metadata.annotations?.['federation.alpha.kubernetes.io/federation-name'] !== env.federationName) continue;
    await kubectlIn(env, ['--context', context, 'delete', 'namespace', env.namespace, '--wait=false']).catch(() => undefined);
  }
  rmSync(dir, { recursive: true, force: true });
}
