import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli.js';
import { makeTestDeps } from '../../helpers/deps.js';

const OK = ['fellowship', '--host-cluster-context=rivendell', '--dns-provider=google-clouddns', '--dns-zone-name=example.com.'];

describe('kubefed init: usage errors', () => {
  it.each([
    {
      name: 'no arguments at all',
      argv: [],
      stderr:
        '--dns-provider is mandatory; pass one of google-clouddns, aws-route53, azure-azuredns, coredns\n' +
        'NAME is required; pass the federation name first, e.g. kubefed init fellowship --host-cluster-context=rivendell\n' +
        '--dns-zone-name is required: a DNS name ending with a dot, e.g. --dns-zone-name=example.com.',
    },
    { name: 'unknown provider', argv: [...OK, '--dns-provider=bind'], stderr: 'invalid --dns-provider: "bind", should be one of google-clouddns, aws-route53, azure-azuredns, coredns' },
    { name: 'bad service type', argv: [...OK, '--api-server-service-type=ClusterIP'], stderr: 'invalid api-server-service-type: ClusterIP, should be either LoadBalancer or NodePort' },
    {
      name: 'advertise address with a LoadBalancer',
      argv: [...OK, '--api-server-advertise-address=10.0.0.1'],
      stderr: "api-server-advertise-address should be passed only with 'api-server-service-type=NodePort'; add --api-server-service-type=NodePort",
    },
    {
      name: 'port out of range',
      argv: [...OK, '--api-server-service-type=NodePort', '--api-server-port=99999'],
      stderr: 'Please provide a valid port number for api-server-port; use 30000 to 32767, or 0 to let the cluster pick one',
    },
    {
      name: 'override without "="',
      argv: [...OK, '--apiserver-arg-overrides=--v'],
      stderr: 'error marshalling --apiserver-arg-overrides: wrong format for override arg: --v; write key=value pairs separated by commas',
    },
    {
      name: 'CoreDNS without its config file',
      argv: [...OK, '--dns-provider=coredns'],
      stderr: '--dns-provider=coredns needs --dns-provider-config: pass its config file with zones, etcd-endpoints under [Global]',
    },
    {
      name: 'a node port the API server would refuse',
      argv: [...OK, '--api-server-service-type=NodePort', '--api-server-port=80'],
      stderr: "invalid --api-server-port 80: node ports are 30000-32767 (the API server's default --service-node-port-range); pass a port in that range, or 0 to let the cluster pick one",
    },
    {
      name: 'an argument override without its dashes',
      argv: [...OK, '--apiserver-arg-overrides=noprefix=1'],
      stderr: 'invalid --apiserver-arg-overrides argument "noprefix=1": an argument name starts with "--"; write --flag=value pairs separated by commas, e.g. --apiserver-arg-overrides=--noprefix=1',
    },
    {
      name: 'missing DNS provider config',
      argv: [...OK, '--dns-provider-config=/nonexistent/coredns.conf'],
      stderr: 'error reading file provided to --dns-provider-config flag, err: stat /nonexistent/coredns.conf: no such file or directory',
    },
    { name: 'zone without a dot', argv: [...OK, '--dns-zone-name=example.com'], stderr: 'invalid --dns-zone-name "example.com": must end with a dot, e.g. --dns-zone-name=example.com.' },
    { name: 'bad capacity', argv: [...OK, '--etcd-pv-capacity=10GB'], stderr: 'invalid --etcd-pv-capacity "10GB": must be a Kubernetes quantity such as 10Gi, 500M or 1.5Gi' },
    { name: 'bad timeout', argv: [...OK, '--timeout=forever'], stderr: 'invalid --timeout: "forever", use a duration such as 30s, 5m or 1h' },
    {
      name: 'missing --config file',
      argv: [...OK, '--config=/nonexistent/fed.yaml'],
      stderr: 'error reading file provided to --config flag, err: stat /nonexistent/fed.yaml: no such file or directory',
    },
  ])('$name: exit 2, the problems on stderr, nothing on stdout', async ({ argv, stderr }) => {
    const deps = makeTestDeps();
    expect(await runCli(['init', ...argv], deps)).toBe(2);
    expect(deps.stderr.text()).toBe(`error: ${stderr}\n`);
    expect(deps.stdout.text()).toBe('');
  });

  it('lists several problems, one per line', async () => {
    const deps = makeTestDeps();
    expect(await runCli(['init', 'Fellowship', '--dns-provider=google-clouddns', '--image-pull-policy=sometimes'], deps)).toBe(2);
    expect(deps.stderr.text().split('\n')).toEqual([
      'error: invalid federation name "Fellowship": must be an RFC 1123 label (at most 63 characters of a-z, 0-9 and \'-\', starting and ending with a letter or digit)',
      '--dns-zone-name is required: a DNS name ending with a dot, e.g. --dns-zone-name=example.com.',
      'invalid --image-pull-policy "sometimes": should be one of Always, IfNotPresent, Never',
      '',
    ]);
  });

  it('rejects an -o format commander does not know with exit 2', async () => {
    const deps = makeTestDeps();
    expect(await runCli(['init', ...OK, '-o', 'table'], deps)).toBe(2);
    expect(deps.stderr.text()).toContain("error: option '-o, --output <format>' argument 'table' is invalid. Allowed choices are yaml, json, name.");
    expect(deps.stdout.text()).toBe('');
  });
});

describe('kubefed init --help', () => {
  it('shows every flag of the original, the additions and the examples', async () => {
    const deps = makeTestDeps();
    expect(await runCli(['init', '--help'], deps)).toBe(0);
    const help = deps.stdout.text();
    for (const flag of [
      '--host-cluster-context', '--federation-system-namespace', '--credentials-kubeconfig', '--dns-provider ', '--dns-zone-name',
      '--dns-provider-config', '--image ', '--etcd-image', '--image-pull-policy', '--image-pull-secrets', '--etcd-servers',
      '--etcd-pv-capacity', '--etcd-pv-storage-class', '--etcd-persistent-storage', '--apiserver-arg-overrides',
      '--controllermanager-arg-overrides', '--api-server-service-type', '--api-server-advertise-address', '--api-server-port',
      '--apiserver-enable-basic-auth', '--apiserver-enable-token-auth', '--node-selector', '--dry-run', '--show-secrets', '--config',
      '--wait', '--no-wait', '--timeout', '--set-current-context', '--overwrite', '--apiserver-image', '--controllermanager-image',
      '--kubeconfig', '--context', '--output', '--request-timeout',
    ]) {
      expect(help, flag).toContain(flag);
    }
    expect(help).toContain('(default: "registry.k8s.io/hyperkube-amd64:v1.8.15")');
    expect(help).toContain('(default: "registry.k8s.io/etcd:3.1.10")');
    expect(help).toContain('(default: "10Gi")');
    expect(help).toContain('(default: "5m")');
    expect(help).toContain('kubefed init fellowship --host-cluster-context=rivendell --dns-provider=coredns \\');
    expect(help).toContain('--api-server-service-type=NodePort');
    expect(help).toContain('--dry-run -o yaml');
  });
});
