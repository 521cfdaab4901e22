import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { kubefed, tempDir, writeTemp } from '../../helpers/cli.js';
import { giveToOtherUser, runNodeAs, transpiledCli } from '../../helpers/transpiled.js';
import { aliasChainKubeconfig } from '../../unit/kubeconfig/alias-chain.js';

/**
 * A matrix of bad inputs: each exits 2 with one line naming the flag and the fix, sends nothing to
 * the host cluster (not even a read) and leaves the kubeconfig byte-for-byte as it was.
 */
describe('kubefed init rejects bad input before sending anything', () => {
  let emu: Emulator;
  let dir: string;
  let kubeconfig: string;

  beforeAll(async () => {
    emu = await startEmulator([{ name: 'rivendell' }]);
    dir = tempDir();
    kubeconfig = join(dir, 'config');
    emu.writeKubeconfig(kubeconfig, { currentContext: 'rivendell' });
  });
  afterAll(() => emu?.close());

  const base = (...extra: string[]) => ['init', 'fellowship', '--host-cluster-context=rivendell', '--dns-provider=google-clouddns', '--dns-zone-name=example.com.', ...extra];

  const cases: { name: string; argv: () => string[]; message: RegExp; env?: () => Record<string, string> }[] = [
    { name: 'missing --dns-provider', argv: () => ['init', 'fellowship', '--host-cluster-context=rivendell', '--dns-zone-name=example.com.'], message: /--dns-provider is mandatory/ },
    { name: 'unknown provider', argv: () => base('--dns-provider=route66'), message: /--dns-provider.*route66.*google-clouddns, aws-route53, azure-azuredns, coredns|route66/ },
    { name: 'zone without trailing dot', argv: () => base('--dns-zone-name=example.com'), message: /--dns-zone-name.*example\.com.*dot/ },
    { name: 'federation name not an RFC 1123 label', argv: () => ['init', 'Fellow_Ship', '--host-cluster-context=rivendell', '--dns-provider=google-clouddns', '--dns-zone-name=example.com.'], message: /Fellow_Ship.*RFC 1123|RFC 1123.*Fellow_Ship/ },
    { name: 'bad quantity', argv: () => base('--etcd-pv-capacity=10GB'), message: /--etcd-pv-capacity.*10GB/ },
    { name: 'override without =', argv: () => base('--apiserver-arg-overrides=--v'), message: /^error: error marshalling --apiserver-arg-overrides: wrong format for override arg: --v/ },
    { name: 'service type', argv: () => base('--api-server-service-type=ClusterIP'), message: /invalid api-server-service-type: ClusterIP, should be either LoadBalancer or NodePort/ },
    { name: 'advertise address without NodePort', argv: () => base('--api-server-advertise-address=10.0.0.1'), message: /api-server-advertise-address should be passed only with 'api-server-service-type=NodePort'/ },
    { name: 'advertise address not an IP', argv: () => base('--api-server-service-type=NodePort', '--api-server-advertise-address=nope'), message: /invalid api-server-advertise-address: nope, should be a valid ip address/ },
    { name: 'port out of range', argv: () => base('--api-server-service-type=NodePort', '--api-server-port=70000'), message: /api-server-port/ },
    { name: 'missing provider config file', argv: () => base('--dns-provider=coredns', '--dns-provider-config=/nonexistent/coredns.conf'), message: /error reading file provided to --dns-provider-config flag, err: .*nonexistent/ },
    { name: 'coredns config without zones', argv: () => base('--dns-provider=coredns', `--dns-provider-config=${writeTemp(dir, 'nozones.conf', '[Global]\netcd-endpoints = http://etcd:2379\n')}`), message: /zones/ },
    { name: 'missing host context', argv: () => ['init', 'fellowship', '--host-cluster-context=mordor', '--dns-provider=google-clouddns', '--dns-zone-name=example.com.'], message: /context "mordor" not found .*--host-cluster-context/ },
    { name: 'bad --timeout', argv: () => base('--timeout=soon'), message: /--timeout/ },
    { name: 'bad --dry-run mode', argv: () => base('--dry-run=maybe'), message: /--dry-run/ },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const cluster = emu.cluster('rivendell');
      const seen = cluster.requests.length;
      const before = readFileSync(kubeconfig);
      const mtime = statSync(kubeconfig).mtimeMs;
      const run = await kubefed(c.argv(), { env: { KUBECONFIG: kubeconfig } });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(c.message);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr.startsWith('error: ')).toBe(true);
      expect(cluster.requests.length).toBe(seen);
      expect(readFileSync(kubeconfig).equals(before)).toBe(true);
      expect(statSync(kubeconfig).mtimeMs).toBe(mtime);
    });
  }

  /** The first messages a newcomer meets, word for word: one line, the cause and the fix. */
  const exact: { name: string; argv: () => string[]; env?: () => Record<string, string>; stderr: () => string }[] = [
    {
      name: '$KUBECONFIG naming a file that does not exist',
      argv: () => base(),
      env: () => ({ KUBECONFIG: join(dir, 'nope') }),
      stderr: () => `context "rivendell" not found: kubeconfig file ${join(dir, 'nope')} (from $KUBECONFIG) does not exist; point $KUBECONFIG at your kubeconfig file, or pass it to --kubeconfig`,
    },
    {
      name: '$KUBECONFIG naming a missing file, no context given',
      argv: () => ['init', 'fellowship', '--dns-provider=google-clouddns', '--dns-zone-name=example.com.'],
      env: () => ({ KUBECONFIG: join(dir, 'nope') }),
      stderr: () => `no current context: kubeconfig file ${join(dir, 'nope')} (from $KUBECONFIG) does not exist; point $KUBECONFIG at your kubeconfig file, or pass it to --kubeconfig`,
    },
    {
      name: '--kubeconfig naming a file that does not exist',
      argv: () => base(`--kubeconfig=${join(dir, 'nope')}`),
      stderr: () => `kubeconfig file ${join(dir, 'nope')} does not exist; pass an existing file to --kubeconfig`,
    },
    {
      name: '--credentials-kubeconfig naming a file that does not exist',
      argv: () => base('--credentials-kubeconfig=/nope'),
      stderr: () => 'credentials kubeconfig /nope does not exist; pass an existing file to --credentials-kubeconfig',
    },
    {
      name: 'a mistyped flag written with "="',
      argv: () => ['init', 'fellowship', '--host-cluster-contxt=rivendell', '--dns-provider=google-clouddns', '--dns-zone-name=example.com.'],
      stderr: () => "unknown option '--host-cluster-contxt'; did you mean --host-cluster-context?",
    },
    {
      name: 'CoreDNS without --dns-provider-config',
      argv: () => base('--dns-provider=coredns'),
      stderr: () => '--dns-provider=coredns needs --dns-provider-config: pass its config file with zones, etcd-endpoints under [Global]',
    },
    {
      name: 'Azure DNS without --dns-provider-config',
      argv: () => base('--dns-provider=azure-azuredns'),
      stderr: () => '--dns-provider=azure-azuredns needs --dns-provider-config: pass its config file with subscription-id, client-id, secret, tenant-id, resourceGroup under [Global]',
    },
    {
      name: 'a node port outside the range the API server enforces',
      argv: () => base('--api-server-service-type=NodePort', '--api-server-port=80'),
      stderr: () =>
        "invalid --api-server-port 80: node ports are 30000-32767 (the API server's default --service-node-port-range); pass a port in that range, or 0 to let the cluster pick one",
    },
    {
      name: 'an argument override without its dashes',
      argv: () => base('--apiserver-arg-overrides=noprefix=1'),
      stderr: () =>
        'invalid --apiserver-arg-overrides argument "noprefix=1": an argument name starts with "--"; write --flag=value pairs separated by commas, e.g. --apiserver-arg-overrides=--noprefix=1',
    },
  ];

  for (const c of exact) {
    it(`exact message: ${c.name}`, async () => {
      const cluster = emu.cluster('rivendell');
      const seen = cluster.requests.length;
      const before = readFileSync(kubeconfig);
      const run = await kubefed(c.argv(), { env: c.env?.() ?? { KUBECONFIG: kubeconfig } });
      expect(run.stderr).toBe(`error: ${c.stderr()}\n`);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(cluster.requests.length).toBe(seen);
      expect(readFileSync(kubeconfig).equals(before)).toBe(true);
    });
  }

  it('a kubeconfig with excessive YAML aliasing (kubectl refuses it too) is named, exit 2, nothing sent, not rewritten', async () => {
    const aliased = join(dir, 'aliased');
    writeFileSync(aliased, aliasChainKubeconfig(readFileSync(kubeconfig, 'utf8'), 6));
    const before = readFileSync(aliased, 'utf8');
    const cluster = emu.cluster('rivendell');
    const seen = cluster.requests.length;
    const run = await kubefed(base(), { env: { KUBECONFIG: aliased } });
    expect(run.stderr).toBe(
      `error: kubeconfig ${aliased} is not valid: excessive aliasing (its YAML aliases expand to far more than the file holds; kubectl refuses it too); fix or remove the file\n`,
    );
    expect(run.code).toBe(2);
    expect(cluster.requests.length).toBe(seen);
    expect(readFileSync(aliased, 'utf8')).toBe(before);
  });

  it('a kubeconfig its user cannot write (0400) stops init before anything is sent, as kubectl would refuse to write it', async () => {
    const shared = tempDir();
    const runner = transpiledCli(shared);
    const home = join(shared, 'home');
    mkdirSync(home);
    giveToOtherUser(home);
    const readOnly = join(home, 'config');
    writeFileSync(readOnly, readFileSync(kubeconfig));
    giveToOtherUser(readOnly);
    chmodSync(readOnly, 0o400);
    const cluster = emu.cluster('rivendell');
    const seen = cluster.requests.length;
    const run = await runNodeAs(runner, base(), { KUBECONFIG: readOnly, HOME: home });
    expect(run.stderr).toBe(
      `error: kubeconfig ${readOnly} is not writable (EACCES, mode 0400); make it writable (chmod u+w ${readOnly}), or pass another file to --kubeconfig\n`,
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(cluster.requests.length).toBe(seen);
    expect(readFileSync(readOnly).equals(readFileSync(kubeconfig))).toBe(true);
    expect(readdirSync(home)).toEqual(['config']);
  });

  it('a malformed kubeconfig is named, exit 2, nothing sent', async () => {
    const broken = join(dir, 'broken');
    writeFileSync(broken, 'clusters: [unclosed\n');
    const cluster = emu.cluster('rivendell');
    const seen = cluster.requests.length;
    const run = await kubefed(base(), { env: { KUBECONFIG: broken } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^error: kubeconfig ${broken} is not valid: .*; fix or remove the file\\n$`));
    expect(cluster.requests.length).toBe(seen);
    expect(readFileSync(broken, 'utf8')).toBe('clusters: [unclosed\n');
  });

  it('a host user with the removed gcp auth provider is refused at once, exit 2, its command never run, nothing sent', async () => {
    // The provider's command would block for 5 s each time it ran (client-node runs it synchronously).
    const legacy = writeTemp(dir, 'legacy', [
      'contexts:',
      '- name: old-gke',
      '  context: {cluster: rivendell, user: old-gke}',
      'users:',
      '- name: old-gke',
      '  user:',
      '    auth-provider:',
      '      name: gcp',
      '      config: {cmd-path: /bin/sleep, cmd-args: "5", token-key: "{.token}", expiry-key: "{.expiry}"}',
      '',
    ].join('\n'));
    const cluster = emu.cluster('rivendell');
    const seen = cluster.requests.length;
    const started = Date.now();
    const run = await kubefed(['init', 'fellowship', '--host-cluster-context=old-gke', '--dns-provider=google-clouddns', '--dns-zone-name=example.com.'], {
      env: { KUBECONFIG: `${kubeconfig}:${legacy}` },
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error: user "old-gke" of context "old-gke" uses the gcp auth provider, which kubectl and kubefed no longer run; switch the user to the gke-gcloud-auth-plugin credential plugin (gcloud components install gke-gcloud-auth-plugin, then gcloud container clusters get-credentials again)\n',
    );
    expect(cluster.requests.length).toBe(seen);
  });

  it('several problems are reported together, one per line', async () => {
    const run = await kubefed(['init', 'fellowship', '--dns-provider=route66', '--dns-zone-name=example.com', '--etcd-pv-capacity=lots'], { env: { KUBECONFIG: kubeconfig } });
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n').length).toBeGreaterThanOrEqual(3);
  });
});

describe('a kubeconfig locked by another process', () => {
  it('stops init before anything is sent, naming the lock file', async () => {
    const emu = await startEmulator([{ name: 'rivendell' }]);
    try {
      const dir = tempDir();
      const kubeconfig = join(dir, 'config');
      emu.writeKubeconfig(kubeconfig, { currentContext: 'rivendell' });
      writeFileSync(`${kubeconfig}.lock`, '');
      const run = await kubefed(['init', 'fellowship', '--dns-provider=google-clouddns', '--dns-zone-name=example.com.'], { env: { KUBECONFIG: kubeconfig } });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `error: kubeconfig ${kubeconfig} is locked by another process (${kubeconfig}.lock exists); retry, or remove the lock file if no kubectl or kubefed is running\n`,
      );
      expect(emu.cluster('rivendell').requests).toEqual([]);
    } finally {
      await emu.close();
    }
  });
});

describe('an unreachable host cluster', () => {
  it('names the context and the flag, exit 1, nothing written', async () => {
    const emu = await startEmulator([{ name: 'rivendell' }]);
    const dir = tempDir();
    const kubeconfig = join(dir, 'config');
    emu.writeKubeconfig(kubeconfig, { currentContext: 'rivendell' });
    await emu.close(); // the cluster is gone; its kubeconfig entry stays
    const run = await kubefed(['init', 'fellowship', '--dns-provider=google-clouddns', '--dns-zone-name=example.com.', '--request-timeout=5s', '--timeout=2s'], {
      env: { KUBECONFIG: kubeconfig },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: host cluster \(context "rivendell"\): could not reach the API server https:\/\/127\.0\.0\.1:\d+: the connection was refused \(ECONNREFUSED\); nothing was sent\n/);
    expect(run.stderr).toContain('Check --host-cluster-context, and that this machine can reach that cluster with those credentials.\n');
  });
});
