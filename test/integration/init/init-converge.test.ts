import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { COREDNS_CONFIG, freeNodePort, kubefed, tempDir, writeTemp } from '../../helpers/cli.js';

describe('re-running kubefed init with different options', () => {
  let emu: Emulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  async function host(options: Parameters<typeof startEmulator>[0][number]) {
    emu = await startEmulator([options]);
    const dir = tempDir();
    const kubeconfig = join(dir, 'config');
    emu.writeKubeconfig(kubeconfig, { currentContext: options.name });
    return { dir, env: { KUBECONFIG: kubeconfig }, port: await freeNodePort() };
  }

  const deployment = (name: string) => {
    const store = emu!.cluster('rivendell').store;
    return store.get(store.typeFor('apps/v1', 'Deployment')!, 'federation-system', name) as unknown as {
      metadata: { annotations: Record<string, string> };
      spec: { template: { spec: { containers: { name: string; command: string[] }[]; volumes?: { name: string }[]; nodeSelector?: Record<string, string> } } };
    };
  };

  it('follows the diagnosis: --etcd-persistent-storage=false after a Pending claim converges and comes up', async () => {
    const { env, port } = await host({ name: 'rivendell', storage: 'none' });
    const base = ['init', 'fellowship', '--host-cluster-context=rivendell', '--dns-provider=aws-route53', '--dns-zone-name=example.com.',
      '--api-server-service-type=NodePort', '--api-server-advertise-address=127.0.0.1', `--api-server-port=${port}`];
    // --timeout bounds the whole run, the creates too: enough for them on a loaded machine, then the wait runs out.
    const first = await kubefed([...base, '--timeout=8s'], { env });
    expect(first.code).toBe(3);
    expect(first.stderr).toContain('or use --etcd-persistent-storage=false');

    const second = await kubefed([...base, '--etcd-persistent-storage=false', '--timeout=60s', '-o', 'json'], { env });
    expect(second.stderr).not.toMatch(/error|failed/);
    expect(second.code).toBe(0);
    const report = JSON.parse(second.stdout) as { objects: { kind: string; name: string; action: string }[] };
    expect(report.objects).toContainEqual({ kind: 'Deployment', name: 'apiserver', action: 'repaired' });
    expect(deployment('apiserver').spec.template.spec.volumes?.map((v) => v.name)).toEqual(['apiserver-credentials']);
  });

  it('switching from CoreDNS to another provider removes the CoreDNS annotations, argument and volume', async () => {
    const { dir, env, port } = await host({ name: 'rivendell', nodes: [{ name: 'node-1', internalIP: '127.0.0.1', labels: { zone: 'a', disk: 'ssd' } }] });
    const conf = writeTemp(dir, 'coredns.conf', COREDNS_CONFIG);
    const common = ['init', 'fellowship', '--host-cluster-context=rivendell', '--dns-zone-name=example.com.', '--api-server-service-type=NodePort',
      '--api-server-advertise-address=127.0.0.1', `--api-server-port=${port}`, '--timeout=60s'];
    expect((await kubefed([...common, '--dns-provider=coredns', `--dns-provider-config=${conf}`, '--node-selector=zone=a,disk=ssd'], { env })).code).toBe(0);
    expect(deployment('controller-manager').metadata.annotations.nameserver).toBe('127.0.0.1:30053');

    const again = await kubefed([...common, '--dns-provider=google-clouddns', '--node-selector=zone=a'], { env });
    expect(again.stderr).not.toMatch(/error|failed/);
    expect(again.code).toBe(0);
    const cm = deployment('controller-manager');
    expect(cm.metadata.annotations).not.toHaveProperty('nameserver');
    expect(cm.metadata.annotations).not.toHaveProperty('dns-provider');
    const container = cm.spec.template.spec.containers[0];
    expect(container.command).toContain('--dns-provider=google-clouddns');
    expect(container.command.some((a) => a.startsWith('--dns-provider-config'))).toBe(false);
    expect(cm.spec.template.spec.volumes?.map((v) => v.name) ?? []).not.toContain('config-volume');
    expect(cm.spec.template.spec.nodeSelector).toEqual({ zone: 'a' });
  });

  it('refuses to take over a namespace that holds another federation (exit 2, nothing written)', async () => {
    const { env, port } = await host({ name: 'rivendell' });
    const args = (name: string, p: number) => ['init', name, '--host-cluster-context=rivendell', '--dns-provider=aws-route53', '--dns-zone-name=example.com.',
      '--api-server-service-type=NodePort', '--api-server-advertise-address=127.0.0.1', `--api-server-port=${p}`, '--timeout=60s'];
    expect((await kubefed(args('corefed', port), { env })).code).toBe(0);
    const cluster = emu!.cluster('rivendell');
    const writes = cluster.mutatingRequests().length;
    const other = await kubefed(args('otherfed', await freeNodePort()), { env });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(
      /^error: deployment "controller-manager" in namespace federation-system of context "rivendell" belongs to federation "corefed"; choose another --federation-system-namespace, or remove that federation first \(kubefed destroy corefed\)\n$/m,
    );
    expect(cluster.mutatingRequests().length).toBe(writes);
    expect(deployment('controller-manager').metadata.annotations['federation.alpha.kubernetes.io/federation-name']).toBe('corefed');
  });

  it('a failed run names the object, its namespace and context, and that a re-run resumes; the re-run does', async () => {
    const { env, port } = await host({ name: 'rivendell' });
    const args = ['init', 'fellowship', '--host-cluster-context=rivendell', '--dns-provider=aws-route53', '--dns-zone-name=example.com.',
      '--api-server-service-type=NodePort', '--api-server-advertise-address=127.0.0.1', `--api-server-port=${port}`, '--timeout=60s'];
    const cluster = emu!.cluster('rivendell');
    cluster.faults.add({ method: 'POST', path: /\/secrets$/, times: Infinity, action: { type: 'status', status: 403, message: 'secrets is forbidden' } });
    const first = await kubefed(args, { env });
    expect(first.code).toBe(1);
    expect(first.stdout).toBe('');
    expect(first.stderr.split('\n').filter((line) => line.startsWith('error: '))).toEqual([
      'error: secret "federation-ca" in namespace federation-system of context "rivendell": Error from server (Forbidden): secrets is forbidden; fix that and run the same kubefed init again: it keeps what exists and continues',
    ]);
    cluster.faults.clear();
    const again = await kubefed([...args, '-o', 'json'], { env });
    expect(again.stderr).not.toMatch(/error|failed/);
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout) as { objects: { kind: string; name: string; action: string }[] };
    expect(report.objects).toContainEqual({ kind: 'Service', name: 'apiserver', action: 'kept' });
    expect(report.objects).toContainEqual({ kind: 'Secret', name: 'apiserver-credentials', action: 'created' });
  });
});
