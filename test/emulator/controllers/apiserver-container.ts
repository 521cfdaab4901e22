/**
 * The emulated `federation-apiserver` binary. It is configured only from its command line and
 * the files its volumes provide, and refuses to start, with the real binary's kind of message,
 * when something is missing or inconsistent — so a wiring mistake in the objects the tool
 * created shows up as a crashing container, exactly as it would on a real cluster.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { isIP } from 'node:net';
import type { Identity } from '../contracts.js';
import type { BasicCredential } from '../auth.js';
import { createEmulatorCa, issueServerCert } from '../auth.js';
import { startFederationEndpoint } from '../federation.js';
import { exited, type ContainerOutcome } from './container-outcome.js';
import type { ContainerFiles } from './pod-files.js';
import { parseFlags, parsePasswordFile, parseTokenFile } from './process-args.js';
import type { FederationStores } from './federation-stores.js';
import type { Store } from '../contracts.js';

const KNOWN_ADMISSION_PLUGINS = new Set([
  'AlwaysAdmit', 'AlwaysDeny', 'AlwaysPullImages', 'NamespaceLifecycle', 'NamespaceExists', 'NamespaceAutoProvision',
  'MutatingAdmissionWebhook', 'ValidatingAdmissionWebhook', 'Initializers', 'SchedulingPolicy',
]);
const BOOTSTRAP_NAMESPACES = ['default', 'kube-system', 'kube-public'];

export interface LocalEtcd {
  /** Whether the etcd container of the same pod is running. */
  running: boolean;
  /** The client URLs it listens on (etcd's default is http://localhost:2379). */
  clientUrls: string[];
  /** Where its data lives (see federation-stores.ts). */
  dataKey: string;
}

export interface ApiserverInput {
  namespace: string;
  podIP: string;
  args: string[];
  files: ContainerFiles;
  localEtcd?: LocalEtcd;
  stores: FederationStores;
}

class StartError extends Error {}

function readText(files: ContainerFiles, path: string, wrap: (reason: string) => string): string {
  try {
    return files.read(path).toString('utf8');
  } catch (error) {
    throw new StartError(wrap((error as Error).message));
  }
}

function checkIpFlag(flags: Map<string, string>, name: string): void {
  const value = flags.get(name);
  if (value !== undefined && value !== '' && !isIP(value)) throw new StartError(`invalid argument "${value}" for "--${name}" flag: failed to parse IP: "${value}"`);
}

function securePortOf(flags: Map<string, string>): number {
  const raw = flags.get('secure-port') ?? '6443';
  if (!/^-?\d+$/.test(raw)) throw new StartError(`invalid argument "${raw}" for "--secure-port" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`);
  const port = Number(raw);
  if (port < 1 || port > 65535) throw new StartError(`--secure-port ${port} must be between 1 and 65535, inclusive. It cannot be turned off: 0 is not allowed`);
  return port;
}

function checkAdmission(flags: Map<string, string>): void {
  for (const flag of ['admission-control', 'enable-admission-plugins', 'disable-admission-plugins']) {
    for (const plugin of (flags.get(flag) ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
      if (!KNOWN_ADMISSION_PLUGINS.has(plugin)) throw new StartError(`${flag} plugin "${plugin}" is unknown`);
    }
  }
}

async function servingPair(flags: Map<string, string>, files: ContainerFiles, podIP: string): Promise<{ certPem: string; keyPem: string }> {
  const certPath = flags.get('tls-cert-file') ?? '';
  const keyPath = flags.get('tls-private-key-file') ?? '';
  if (!certPath && !keyPath) {
    // As kube-apiserver does without serving flags: a self-signed certificate of its own.
    const ca = await createEmulatorCa('federation-apiserver-self-signed');
    return issueServerCert(ca, { ips: ['127.0.0.1', podIP], dns: ['localhost'] });
  }
  if (!certPath || !keyPath) throw new StartError('unable to load server certificate: --tls-cert-file and --tls-private-key-file must be given together');
  const fail = (reason: string) => `unable to load server certificate: ${reason}`;
  const certPem = readText(files, certPath, fail);
  const keyPem = readText(files, keyPath, fail);
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch {
    throw new StartError(fail('tls: failed to find any PEM data in certificate input'));
  }
  try {
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) throw new StartError(fail('tls: private key does not match public key'));
  } catch (error) {
    if (error instanceof StartError) throw error;
    throw new StartError(fail('tls: failed to find any PEM data in key input'));
  }
  return { certPem, keyPem };
}

function clientCaOf(flags: Map<string, string>, files: ContainerFiles): string | undefined {
  const path = flags.get('client-ca-file');
  if (!path) return undefined;
  const pem = readText(files, path, (reason) => `unable to load client CA file "${path}": ${reason}`);
  try {
    new X509Certificate(pem);
  } catch {
    throw new StartError(`unable to load client CA file "${path}": data does not contain any valid RSA or ECDSA certificates`);
  }
  return pem;
}

function authFiles(flags: Map<string, string>, files: ContainerFiles): { tokens: Map<string, Identity>; passwords: Map<string, BasicCredential> } {
  const wrap = (reason: string) => `invalid authentication config: ${reason}`;
  let tokens = new Map<string, Identity>();
  let passwords = new Map<string, BasicCredential>();
  const tokenPath = flags.get('token-auth-file');
  const basicPath = flags.get('basic-auth-file');
  try {
    if (tokenPath) tokens = parseTokenFile(tokenPath, readText(files, tokenPath, (r) => r));
    if (basicPath) passwords = parsePasswordFile(basicPath, readText(files, basicPath, (r) => r));
  } catch (error) {
    throw new StartError(wrap((error as Error).message));
  }
  return { tokens, passwords };
}

function isLocalUrl(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/** Which etcd the server talks to, as the key of its data; throws when none is reachable. */
function etcdDataKey(flags: Map<string, string>, localEtcd: LocalEtcd | undefined): string {
  const servers = (flags.get('etcd-servers') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (servers.length === 0) throw new StartError('--etcd-servers must be specified');
  const urls: URL[] = [];
  for (const server of servers) {
    try {
      urls.push(new URL(server));
    } catch {
      throw new StartError(`parse "${server}": invalid URI for request`);
    }
  }
  const external = urls.filter((url) => !isLocalUrl(url));
  if (external.length > 0) return `etcd:${external.map((u) => u.href).sort().join(',')}`;
  const servedPorts = new Set((localEtcd?.running ? localEtcd.clientUrls : []).map((u) => new URL(u).port || '2379'));
  const reachable = urls.find((url) => servedPorts.has(url.port || '2379'));
  if (!reachable || !localEtcd) {
    const target = urls[0];
    throw new StartError(`failed to reach etcd at ${target.href.replace(/\/$/, '')}: dial tcp 127.0.0.1:${target.port || '2379'}: connect: connection refused`);
  }
  return localEtcd.dataKey;
}

function bootstrapNamespaces(store: Store): void {
  const nsType = store.typeFor('v1', 'Namespace');
  if (!nsType) return;
  for (const name of BOOTSTRAP_NAMESPACES) {
    if (!store.get(nsType, undefined, name)) store.create(nsType, { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  }
}

/** Starts the federation API server for this container, or says why the binary would exit. */
export async function runFederationApiserver(input: ApiserverInput): Promise<ContainerOutcome> {
  const { flags } = parseFlags(input.args);
  try {
    checkIpFlag(flags, 'bind-address');
    checkIpFlag(flags, 'advertise-address');
    const securePort = securePortOf(flags);
    checkAdmission(flags);
    const dataKey = etcdDataKey(flags, input.localEtcd);
    const { certPem, keyPem } = await servingPair(flags, input.files, input.podIP);
    const clientCaPem = clientCaOf(flags, input.files);
    const { tokens, passwords } = authFiles(flags, input.files);
    const store = input.stores.get(dataKey);
    bootstrapNamespaces(store);
    const bindAddress = flags.get('bind-address') ?? '0.0.0.0';
    if (!['0.0.0.0', '::', '127.0.0.1', input.podIP].includes(bindAddress)) {
      throw new StartError(`failed to create listener: failed to listen on ${bindAddress}:${securePort}: listen tcp ${bindAddress}:${securePort}: bind: cannot assign requested address`);
    }
    const endpoint = await startFederationEndpoint({ namespace: input.namespace, certPem, keyPem, clientCaPem, tokens, passwords, store });
    return {
      running: true,
      ports: [{ containerPort: securePort, bindAddress, target: { host: '127.0.0.1', port: endpoint.port } }],
      endpoint,
      stop: () => endpoint.close(),
    };
  } catch (error) {
    if (error instanceof StartError) return exited(`Error: ${error.message}`);
    throw error;
  }
}
