import { describe, expect, it } from 'vitest';
import { ExitCode, UsageError } from '../../../src/errors.js';
import { resolveInitOptions } from '../../../src/init/options.js';
import type { InitFlagKey } from '../../../src/init/settings.js';
import { BASE_VALUES, COREDNS_CONF, flagsOf, memoryIo, problemsOf } from './helpers.js';

type Values = Partial<Record<InitFlagKey, string | boolean | undefined>>;

interface Case {
  name: string;
  values?: Values;
  args?: string[];
  files?: Record<string, string>;
  problems: string[];
}

const RULE_LABEL = "at most 63 characters of a-z, 0-9 and '-', starting and ending with a letter or digit";
const RULE_SUBDOMAIN = "lowercase letters, digits, '-' and '.', at most 253 characters, starting and ending with a letter or digit";
const IMAGE_FIX = 'use [registry/]repository[:tag][@digest], e.g. registry.k8s.io/hyperkube-amd64:v1.8.15';
const OVERRIDE_FIX = '; write key=value pairs separated by commas';

const CASES: Case[] = [
  {
    name: '--dns-provider missing',
    values: { dnsProvider: undefined },
    problems: ['--dns-provider is mandatory; pass one of google-clouddns, aws-route53, azure-azuredns, coredns'],
  },
  {
    name: '--dns-provider unknown',
    values: { dnsProvider: 'route53' },
    problems: ['invalid --dns-provider: "route53", should be one of google-clouddns, aws-route53, azure-azuredns, coredns'],
  },
  {
    name: 'NAME missing',
    args: [],
    problems: ['NAME is required; pass the federation name first, e.g. kubefed init fellowship --host-cluster-context=rivendell'],
  },
  {
    name: 'NAME not an RFC 1123 label',
    args: ['Fellow_ship'],
    problems: [`invalid federation name "Fellow_ship": must be an RFC 1123 label (${RULE_LABEL})`],
  },
  {
    name: 'NAME longer than 63 characters',
    args: ['a'.repeat(64)],
    problems: [`invalid federation name "${'a'.repeat(64)}": must be an RFC 1123 label (${RULE_LABEL})`],
  },
  {
    name: 'extra positional argument',
    args: ['fellowship', 'rivendell'],
    problems: ['unexpected argument "rivendell": kubefed init takes one FEDERATION_NAME; write flag values with "=", e.g. --dry-run=client'],
  },
  {
    name: 'service type not LoadBalancer or NodePort',
    values: { apiServerServiceType: 'ClusterIP' },
    problems: ['invalid api-server-service-type: ClusterIP, should be either LoadBalancer or NodePort'],
  },
  {
    name: 'service type is case-sensitive',
    values: { apiServerServiceType: 'nodeport' },
    problems: ['invalid api-server-service-type: nodeport, should be either LoadBalancer or NodePort'],
  },
  {
    name: 'advertise address not an IP',
    values: { apiServerServiceType: 'NodePort', apiServerAdvertiseAddress: '10.0.0.300' },
    problems: ['invalid api-server-advertise-address: 10.0.0.300, should be a valid ip address'],
  },
  {
    name: 'advertise address without NodePort',
    values: { apiServerAdvertiseAddress: '10.0.0.3' },
    problems: ["api-server-advertise-address should be passed only with 'api-server-service-type=NodePort'; add --api-server-service-type=NodePort"],
  },
  {
    name: 'port without NodePort',
    values: { apiServerPort: '32111' },
    problems: ["api-server-port should be passed only with 'api-server-service-type=NodePort'; add --api-server-service-type=NodePort"],
  },
  {
    name: 'port above 65535',
    values: { apiServerServiceType: 'NodePort', apiServerPort: '70000' },
    problems: ['Please provide a valid port number for api-server-port; use 30000 to 32767, or 0 to let the cluster pick one'],
  },
  {
    name: 'port negative',
    values: { apiServerServiceType: 'NodePort', apiServerPort: '-1' },
    problems: ['Please provide a valid port number for api-server-port; use 30000 to 32767, or 0 to let the cluster pick one'],
  },
  {
    name: 'port not a number',
    values: { apiServerServiceType: 'NodePort', apiServerPort: '32k' },
    problems: ['Please provide a valid port number for api-server-port; use 30000 to 32767, or 0 to let the cluster pick one'],
  },
  {
    name: 'port below the node-port range',
    values: { apiServerServiceType: 'NodePort', apiServerPort: '80' },
    problems: [
      "invalid --api-server-port 80: node ports are 30000-32767 (the API server's default --service-node-port-range); pass a port in that range, or 0 to let the cluster pick one",
    ],
  },
  {
    name: 'port above the node-port range',
    values: { apiServerServiceType: 'NodePort', apiServerPort: '32768' },
    problems: [
      "invalid --api-server-port 32768: node ports are 30000-32767 (the API server's default --service-node-port-range); pass a port in that range, or 0 to let the cluster pick one",
    ],
  },
  {
    name: 'apiserver override without the leading dashes',
    values: { apiserverArgOverrides: '--v=4,noprefix=1' },
    problems: [
      'invalid --apiserver-arg-overrides argument "noprefix=1": an argument name starts with "--"; write --flag=value pairs separated by commas, e.g. --apiserver-arg-overrides=--noprefix=1',
    ],
  },
  {
    name: 'controller-manager override without the leading dashes',
    values: { controllermanagerArgOverrides: 'v=2' },
    problems: [
      'invalid --controllermanager-arg-overrides argument "v=2": an argument name starts with "--"; write --flag=value pairs separated by commas, e.g. --controllermanager-arg-overrides=--v=2',
    ],
  },
  {
    name: 'coredns without --dns-provider-config',
    values: { dnsProviderConfig: undefined },
    problems: ['--dns-provider=coredns needs --dns-provider-config: pass its config file with zones, etcd-endpoints under [Global]'],
  },
  {
    name: 'azure-azuredns without --dns-provider-config',
    values: { dnsProvider: 'azure-azuredns', dnsProviderConfig: undefined },
    problems: ['--dns-provider=azure-azuredns needs --dns-provider-config: pass its config file with subscription-id, client-id, secret, tenant-id, resourceGroup under [Global]'],
  },
  {
    name: 'apiserver override without "="',
    values: { apiserverArgOverrides: '--v=4,--anonymous-auth' },
    problems: [`error marshalling --apiserver-arg-overrides: wrong format for override arg: --anonymous-auth${OVERRIDE_FIX}`],
  },
  {
    name: 'controller-manager override with an empty name',
    values: { controllermanagerArgOverrides: '=x' },
    problems: [`error marshalling --controllermanager-arg-overrides: wrong format for override arg: =x, arg name cannot be empty${OVERRIDE_FIX}`],
  },
  {
    name: 'node selector without "="',
    values: { nodeSelector: 'disktype' },
    problems: [`error marshalling --node-selector: wrong format for override arg: disktype${OVERRIDE_FIX}`],
  },
  {
    name: 'node selector key not a label key',
    values: { nodeSelector: 'disk type=ssd,Example.com/zone=a' },
    problems: [
      `invalid --node-selector key "disk type": its name must be at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit`,
      `invalid --node-selector key "Example.com/zone": its prefix "Example.com" must be a DNS subdomain (${RULE_SUBDOMAIN})`,
    ],
  },
  {
    name: 'node selector value not a label value',
    values: { nodeSelector: 'disktype=-ssd' },
    problems: [
      `invalid --node-selector value "-ssd" for "disktype": must be at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit`,
    ],
  },
  {
    name: '--dns-provider-config file missing',
    values: { dnsProviderConfig: 'nonexistent.conf' },
    problems: ['error reading file provided to --dns-provider-config flag, err: stat nonexistent.conf: no such file or directory'],
  },
  {
    name: '--dns-provider-config content checked for the provider',
    values: { dnsProviderConfig: 'coredns.conf' },
    files: { '/work/coredns.conf': '[Global]\netcd-endpoints = http://etcd:2379\n' },
    problems: ['--dns-provider-config coredns.conf: [Global] zones is required for coredns'],
  },
  {
    name: '--dns-zone-name missing',
    values: { dnsZoneName: undefined },
    problems: ['--dns-zone-name is required: a DNS name ending with a dot, e.g. --dns-zone-name=example.com.'],
  },
  {
    name: '--dns-zone-name without the trailing dot',
    values: { dnsZoneName: 'example.com' },
    problems: ['invalid --dns-zone-name "example.com": must end with a dot, e.g. --dns-zone-name=example.com.'],
  },
  {
    name: 'namespace not an RFC 1123 label',
    values: { federationSystemNamespace: 'federation_system' },
    problems: [`invalid --federation-system-namespace "federation_system": must be an RFC 1123 label (${RULE_LABEL})`],
  },
  {
    name: 'PV capacity with a unit Kubernetes does not know',
    values: { etcdPvCapacity: '10GB' },
    problems: ['invalid --etcd-pv-capacity "10GB": must be a Kubernetes quantity such as 10Gi, 500M or 1.5Gi'],
  },
  {
    name: 'PV capacity not a number',
    values: { etcdPvCapacity: 'abc' },
    problems: ['invalid --etcd-pv-capacity "abc": must be a Kubernetes quantity such as 10Gi, 500M or 1.5Gi'],
  },
  {
    name: 'PV capacity negative',
    values: { etcdPvCapacity: '-1Gi' },
    problems: ['invalid --etcd-pv-capacity "-1Gi": must be greater than zero, e.g. 10Gi'],
  },
  {
    name: 'PV capacity zero',
    values: { etcdPvCapacity: '0' },
    problems: ['invalid --etcd-pv-capacity "0": must be greater than zero, e.g. 10Gi'],
  },
  {
    name: 'storage class not a DNS subdomain',
    values: { etcdPvStorageClass: 'Fast_SSD' },
    problems: [`invalid --etcd-pv-storage-class "Fast_SSD": must be a StorageClass name (${RULE_SUBDOMAIN})`],
  },
  {
    name: 'pull policy in the wrong case',
    values: { imagePullPolicy: 'always' },
    problems: ['invalid --image-pull-policy "always": should be one of Always, IfNotPresent, Never'],
  },
  {
    name: 'unknown key algorithm',
    values: { keyAlgorithm: 'rsa-4096' },
    problems: ['invalid --key-algorithm "rsa-4096": should be one of rsa-2048, ecdsa-p256'],
  },
  {
    name: 'pull secret not a Secret name',
    values: { imagePullSecrets: 'regcred,Reg_Cred' },
    problems: [`invalid --image-pull-secrets name "Reg_Cred": must be a Secret name (${RULE_SUBDOMAIN})`],
  },
  {
    name: '--image not an image reference (the original default of unversioned builds)',
    values: { image: 'gcr.io/k8s-jkns-e2e-gce-federation/fcp-amd64:v0.0.0-master_$Format:%h$' },
    problems: [`invalid --image "gcr.io/k8s-jkns-e2e-gce-federation/fcp-amd64:v0.0.0-master_$Format:%h$": not a valid image reference; ${IMAGE_FIX}`],
  },
  {
    name: '--apiserver-image and --etcd-image not image references',
    values: { apiserverImage: 'Registry.example.com/Hyperkube:v1', etcdImage: 'etcd:' },
    problems: [
      `invalid --apiserver-image "Registry.example.com/Hyperkube:v1": not a valid image reference; ${IMAGE_FIX}`,
      `invalid --etcd-image "etcd:": not a valid image reference; ${IMAGE_FIX}`,
    ],
  },
  {
    name: '--controllermanager-image empty',
    values: { controllermanagerImage: 'a b' },
    problems: [`invalid --controllermanager-image "a b": not a valid image reference; ${IMAGE_FIX}`],
  },
  {
    name: '--etcd-servers entry without a scheme',
    values: { etcdServers: 'https://etcd-0:2379,etcd-1:2379,ftp://etcd-2' },
    problems: [
      'invalid --etcd-servers entry "etcd-1:2379": use http:// or https:// URLs separated by commas, e.g. https://etcd-0.example.com:2379',
      'invalid --etcd-servers entry "ftp://etcd-2": use http:// or https:// URLs separated by commas, e.g. https://etcd-0.example.com:2379',
    ],
  },
  {
    name: '--timeout not a duration',
    values: { timeout: 'soon' },
    problems: ['invalid --timeout: "soon", use a duration such as 30s, 5m or 1h'],
  },
  {
    name: '--request-timeout not a duration',
    values: { requestTimeout: '5 minutes' },
    problems: ['invalid --request-timeout: "5 minutes", use a duration such as 30s, 5m or 1h'],
  },
  {
    name: '--dry-run mode unknown (a name swallowed by the optional value)',
    values: { dryRun: 'fellowship' },
    problems: ['invalid --dry-run "fellowship": use --dry-run, --dry-run=client or --dry-run=server'],
  },
  {
    name: 'boolean flag with a value that is not a boolean',
    values: { etcdPersistentStorage: 'nope', apiserverEnableTokenAuth: 'yes' },
    problems: [
      'invalid --etcd-persistent-storage value "nope": use true or false, written as --etcd-persistent-storage=false',
      'invalid --apiserver-enable-token-auth value "yes": use true or false, written as --apiserver-enable-token-auth=false',
    ],
  },
  {
    name: 'nothing at all: every missing required value at once, in the original order',
    args: [],
    values: { hostClusterContext: undefined, dnsProvider: undefined, dnsZoneName: undefined },
    problems: [
      '--dns-provider is mandatory; pass one of google-clouddns, aws-route53, azure-azuredns, coredns',
      'NAME is required; pass the federation name first, e.g. kubefed init fellowship --host-cluster-context=rivendell',
      '--dns-zone-name is required: a DNS name ending with a dot, e.g. --dns-zone-name=example.com.',
    ],
  },
  {
    name: 'several problems of different flags together',
    args: ['Fellowship'],
    values: { apiServerServiceType: 'LoadBalancer', apiServerPort: '32111', etcdPvCapacity: '10GB', imagePullPolicy: 'Sometimes' },
    problems: [
      `invalid federation name "Fellowship": must be an RFC 1123 label (${RULE_LABEL})`,
      "api-server-port should be passed only with 'api-server-service-type=NodePort'; add --api-server-service-type=NodePort",
      'invalid --image-pull-policy "Sometimes": should be one of Always, IfNotPresent, Never',
      'invalid --etcd-pv-capacity "10GB": must be a Kubernetes quantity such as 10Gi, 500M or 1.5Gi',
    ],
  },
];

function definedValues(values: Values): Partial<Record<InitFlagKey, string | boolean>> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}

describe('resolveInitOptions: validation', () => {
  it.each(CASES)('$name', ({ values = {}, args = ['fellowship'], files = {}, problems }) => {
    const flags = flagsOf(args, definedValues({ ...BASE_VALUES, ...values }));
    expect(problemsOf(flags, memoryIo(files))).toEqual(problems);
  });

  it('throws one UsageError (exit code 2) whose message has one line per problem', () => {
    let caught: unknown;
    try {
      resolveInitOptions(flagsOf([], {}), memoryIo());
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UsageError);
    const usage = caught as UsageError;
    expect(usage.exitCode).toBe(ExitCode.Usage);
    expect(usage.message.split('\n')).toEqual(usage.problems);
    expect(usage.problems).toHaveLength(3);
  });

  it('reports a problem only once when both components share a bad --image', () => {
    const flags = flagsOf(['fellowship'], { ...BASE_VALUES, image: 'registry.example.com/Fed:v1' });
    expect(problemsOf(flags)).toEqual([`invalid --image "registry.example.com/Fed:v1": not a valid image reference; ${IMAGE_FIX}`]);
  });

  it('accepts a valid coredns config and keeps its nameserver and zones', () => {
    const flags = flagsOf(['fellowship'], { ...BASE_VALUES, dnsProviderConfig: 'conf/coredns.conf' });
    const options = resolveInitOptions(flags, memoryIo({ '/work/conf/coredns.conf': COREDNS_CONF }));
    expect(options.dns.providerConfig).toEqual({
      path: 'conf/coredns.conf',
      text: COREDNS_CONF,
      nameserver: '172.16.1.12:30630',
      zones: ['example.com.'],
    });
  });

  it('reports the reader error text when a file cannot be read', () => {
    const io = {
      cwd: '/work',
      readFile: () => {
        throw new Error('EISDIR: illegal operation on a directory, read');
      },
    };
    const flags = flagsOf(['fellowship'], { ...BASE_VALUES, dnsProviderConfig: 'conf' });
    expect(problemsOf(flags, io)).toEqual(['error reading file provided to --dns-provider-config flag, err: EISDIR: illegal operation on a directory, read']);
  });
});
