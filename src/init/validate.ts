import { DNS_PROVIDERS, isDnsProvider, validateZoneName, type DnsProvider } from '../dns/providers.js';
import { checkDnsProviderConfig, providerNeedsConfig, requiredProviderKeys } from '../dns/provider-config.js';
import { KEY_ALGORITHMS } from '../deps.js';
import { UsageError } from '../errors.js';
import type { ConnectionOverrides, DryRunMode, OutputFormat } from '../options/common.js';
import { parseConnectionOverrides, parseDryRun, parseDuration } from '../options/parse.js';
import { NODE_PORT_RANGE, SERVICE_TYPES, type ServiceType } from '../federation/objects/spec.js';
import { DEFAULT_REQUEST_TIMEOUT, DEFAULT_TIMEOUT } from './defaults.js';
import type { DnsProviderConfigFile, InitIo, InitOptions } from './options.js';
import { CheckContext, readNamedFile } from './problems.js';
import { readSettings } from './setting-values.js';
import type { InitInput } from './settings.js';
import { DNS_LABEL_RULE, isDnsLabel } from '../k8s/name-rules.js';
import { isIpAddress } from './value-checks.js';
import { checkEtcd, checkImages, checkOverrides } from './validate-workload.js';

/**
 * Validation of `kubefed init` (pure but for reading the files the flags name). Problems keep the
 * original's order (test/unit/init/validate.test.ts holds them) and its texts, with a fix appended after "; " where it had
 * none; the checks the original lacked follow. All problems are reported at once.
 */
export function validateInit(input: InitInput, io: InitIo): { options: InitOptions; problems: readonly string[] } {
  const ctx = new CheckContext(input, io);
  const provider = checkProvider(ctx);
  // Before NAME: a bare --dry-run swallows the next word, and then NAME looks missing.
  const dryRun = checkDryRun(ctx, input.switches.dryRun);
  const federationName = checkName(ctx);
  const service = checkService(ctx);
  const overrides = checkOverrides(ctx);
  const providerConfig = checkProviderConfig(ctx, provider);
  const zoneName = checkZoneName(ctx);
  const namespace = checkNamespace(ctx);
  const images = checkImages(ctx);
  const etcd = checkEtcd(ctx);
  const runtime = checkRuntime(ctx);
  checkKeyAlgorithm(ctx);
  const options: InitOptions = {
    federationName,
    hostClusterContext: ctx.text('hostClusterContext') || undefined,
    namespace,
    kubeconfig: ctx.path('kubeconfig'),
    context: stringSwitch(input.switches.context),
    ...withConnection(ctx),
    credentialsKubeconfig: ctx.path('credentialsKubeconfig'),
    dns: { provider, zoneName, providerConfig },
    images,
    etcd,
    ...overrides,
    service,
    auth: {
      basic: ctx.bool('apiserverEnableBasicAuth', 'apiserver-enable-basic-auth', false),
      token: ctx.bool('apiserverEnableTokenAuth', 'apiserver-enable-token-auth', false),
    },
    dryRun,
    ...runtime,
    configFile: input.configFile,
    settings: readSettings(ctx),
  };
  return { options, problems: ctx.problems.all };
}

/** The provider; an invalid one is reported and returned as is, since no options are built then. */
function checkProvider(ctx: CheckContext): DnsProvider {
  const provider = ctx.text('dnsProvider');
  if (provider === '') {
    ctx.add('dnsProvider', `--dns-provider is mandatory; pass one of ${DNS_PROVIDERS.join(', ')}`);
  } else if (!isDnsProvider(provider)) {
    ctx.add('dnsProvider', `invalid --dns-provider: "${provider}", should be one of ${DNS_PROVIDERS.join(', ')}`);
  }
  return provider as DnsProvider;
}

function checkKeyAlgorithm(ctx: CheckContext): void {
  const algorithm = ctx.text('keyAlgorithm');
  if (!(KEY_ALGORITHMS as readonly string[]).includes(algorithm)) {
    ctx.add('keyAlgorithm', `invalid --key-algorithm "${algorithm}": should be one of ${KEY_ALGORITHMS.join(', ')}`);
  }
}

function checkName(ctx: CheckContext): string {
  const { federationName, args } = ctx.input;
  const name = typeof federationName.value === 'string' ? federationName.value : '';
  if (name === '') {
    ctx.problems.add('NAME is required; pass the federation name first, e.g. kubefed init fellowship --host-cluster-context=rivendell');
  } else if (!isDnsLabel(name)) {
    ctx.problems.add(`invalid federation name "${name}": must be an RFC 1123 label (${DNS_LABEL_RULE})`, federationName.from);
  }
  for (const extra of args.slice(1)) {
    ctx.problems.add(`unexpected argument "${extra}": kubefed init takes one FEDERATION_NAME; write flag values with "=", e.g. --dry-run=client`);
  }
  return name;
}

function checkService(ctx: CheckContext): InitOptions['service'] {
  const type = ctx.text('apiServerServiceType');
  const isNodePort = type === 'NodePort';
  if (!(SERVICE_TYPES as readonly string[]).includes(type)) {
    ctx.add('apiServerServiceType', `invalid api-server-service-type: ${type}, should be either LoadBalancer or NodePort`);
  }
  const address = ctx.text('apiServerAdvertiseAddress');
  if (address !== '') {
    if (!isIpAddress(address)) {
      ctx.add('apiServerAdvertiseAddress', `invalid api-server-advertise-address: ${address}, should be a valid ip address`);
    }
    if (!isNodePort) {
      ctx.add(
        'apiServerAdvertiseAddress',
        "api-server-advertise-address should be passed only with 'api-server-service-type=NodePort'; add --api-server-service-type=NodePort",
      );
    }
  }
  const portText = ctx.text('apiServerPort').trim() || '0';
  const port = /^[+-]?\d+$/.test(portText) ? Number(portText) : Number.NaN;
  if (port !== 0 && !isNodePort) {
    ctx.add('apiServerPort', "api-server-port should be passed only with 'api-server-service-type=NodePort'; add --api-server-service-type=NodePort");
  }
  const [low, high] = NODE_PORT_RANGE;
  if (!(port >= 0 && port <= 65535)) {
    ctx.add('apiServerPort', `Please provide a valid port number for api-server-port; use ${low} to ${high}, or 0 to let the cluster pick one`);
  } else if (port !== 0 && (port < low || port > high)) {
    // The API server refuses any other node port (422) once the namespace exists: refuse it now.
    ctx.add(
      'apiServerPort',
      `invalid --api-server-port ${port}: node ports are ${low}-${high} (the API server's default --service-node-port-range); pass a port in that range, or 0 to let the cluster pick one`,
    );
  }
  return {
    type: (isNodePort ? 'NodePort' : 'LoadBalancer') satisfies ServiceType,
    advertiseAddress: address || undefined,
    nodePort: port >= low && port <= high ? port : undefined,
  };
}

function checkProviderConfig(ctx: CheckContext, provider: string): DnsProviderConfigFile | undefined {
  const given = ctx.text('dnsProviderConfig');
  const absolute = ctx.path('dnsProviderConfig');
  if (absolute === undefined) {
    // Without the file these providers have nothing to start from (README: the keys are required).
    if (isDnsProvider(provider) && providerNeedsConfig(provider)) {
      ctx.add('dnsProviderConfig', `--dns-provider=${provider} needs --dns-provider-config: pass its config file with ${requiredProviderKeys(provider).join(', ')} under [Global]`);
    }
    return undefined;
  }
  const read = readNamedFile(ctx.io, given, absolute);
  if (read.text === undefined) {
    ctx.add('dnsProviderConfig', `error reading file provided to --dns-provider-config flag, err: ${read.error}`);
    return undefined;
  }
  if (!isDnsProvider(provider)) return { path: given, text: read.text };
  const checked = checkDnsProviderConfig(provider, read.text, given);
  ctx.problems.addAll(checked.problems, ctx.from('dnsProviderConfig'));
  return { path: given, text: read.text, nameserver: checked.nameserver, zones: checked.zones };
}

function checkZoneName(ctx: CheckContext): string {
  const zone = ctx.text('dnsZoneName');
  const problem = validateZoneName(zone);
  if (problem !== undefined) ctx.add('dnsZoneName', problem);
  return zone;
}

function checkNamespace(ctx: CheckContext): string {
  const namespace = ctx.text('federationSystemNamespace');
  if (!isDnsLabel(namespace)) {
    ctx.add('federationSystemNamespace', `invalid --federation-system-namespace "${namespace}": must be an RFC 1123 label (${DNS_LABEL_RULE})`);
  }
  return namespace;
}

type RuntimeOptions = Pick<
  InitOptions,
  'showSecrets' | 'wait' | 'timeoutMs' | 'requestTimeoutMs' | 'setCurrentContext' | 'overwrite' | 'verbose' | 'quiet' | 'output'
>;

function checkRuntime(ctx: CheckContext): RuntimeOptions {
  const { switches } = ctx.input;
  return {
    showSecrets: switches.showSecrets === true,
    wait: ctx.bool('wait', 'wait', true),
    timeoutMs: checkDuration(ctx, 'timeout', DEFAULT_TIMEOUT),
    requestTimeoutMs: checkDuration(ctx, 'requestTimeout', DEFAULT_REQUEST_TIMEOUT),
    setCurrentContext: ctx.bool('setCurrentContext', 'set-current-context', false),
    overwrite: ctx.bool('overwrite', 'overwrite', false),
    verbose: switches.verbose === true,
    quiet: switches.quiet === true,
    output: stringSwitch(switches.output) as OutputFormat | undefined,
  };
}

/** kubectl's connection flags (command line only), read as every command reads them. */
function withConnection(ctx: CheckContext): { connection?: ConnectionOverrides } {
  try {
    const connection = parseConnectionOverrides(ctx.input.switches);
    return connection ? { connection } : {};
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    ctx.problems.addAll(err.problems);
    return {};
  }
}

/** `--dry-run`, read as every command reads it; a bad value joins the other problems. */
function checkDryRun(ctx: CheckContext, value: string | boolean | undefined): DryRunMode | undefined {
  try {
    return parseDryRun(value);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    ctx.problems.addAll(err.problems);
    return undefined;
  }
}

function checkDuration(ctx: CheckContext, key: 'timeout' | 'requestTimeout', fallback: string): number {
  const flag = key === 'timeout' ? '--timeout' : '--request-timeout';
  try {
    return parseDuration(ctx.text(key) || fallback, flag);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    ctx.add(key, err.message);
    return parseDuration(fallback, flag);
  }
}

function stringSwitch(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
