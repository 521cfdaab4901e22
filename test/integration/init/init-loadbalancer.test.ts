import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { COREDNS_CONFIG, kubectl, kubefed, tempDir, writeTemp } from '../../helpers/cli.js';

const BASE = ['init', 'fellowship', '--host-cluster-context=rivendell', '--dns-provider=google-clouddns', '--dns-zone-name=example.com.'];

describe('kubefed init with a LoadBalancer service', () => {
  let emu: Emulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  async function setUp(options: Parameters<typeof startEmulator>[0][number]) {
    emu = await startEmulator([options]);
    const dir = tempDir();
    const kubeconfig = join(dir, 'config');
    emu.writeKubeconfig(kubeconfig, { currentContext: 'rivendell' });
    return { dir, kubeconfig, env: { KUBECONFIG: kubeconfig } };
  }

  it('uses the address the cloud assigns and kubectl reaches the federation on port 443', async () => {
    const { kubeconfig, env } = await setUp({ name: 'rivendell', loadBalancer: 'ip' });
    const run = await kubefed([...BASE, '--timeout=60s'], { env });
    expect(run.stderr).toMatch(/Creating federation control plane service\.*\s*done/);
    expect(run.code).toBe(0);
    const address = /^Federation API server is running at: (127\.\d+\.\d+\.\d+)\n$/.exec(run.stdout)?.[1];
    expect(address).toBeDefined();
    const view = JSON.parse(await kubectl(['--kubeconfig', kubeconfig, 'config', 'view', '-o', 'json']));
    expect(view.clusters.find((c: { name: string }) => c.name === 'fellowship').cluster.server).toBe(`https://${address}`);
    expect((await kubectl(['--kubeconfig', kubeconfig, '--context', 'fellowship', 'get', '--raw', '/healthz'])).trim()).toBe('ok');
  });

  it('times out with exit 3 and names NodePort when no address is ever assigned', async () => {
    const { env } = await setUp({ name: 'rivendell', loadBalancer: 'never' });
    const run = await kubefed([...BASE, '--timeout=8s'], { env });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/Creating federation control plane service\.+ failed\n/);
    expect(run.stderr).toContain('error: timed out waiting for a load-balancer address for service "apiserver" in namespace "federation-system"\n');
    expect(run.stderr).toContain('Re-run with --api-server-service-type=NodePort (and --api-server-advertise-address=<a node address>), or raise --timeout.');
  });

  it('diagnoses a PersistentVolumeClaim that stays Pending', async () => {
    const { env } = await setUp({ name: 'rivendell', storage: 'none' });
    const run = await kubefed([...BASE, '--timeout=8s'], { env });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('waiting for the federation control plane pods in namespace "federation-system" to become ready');
    expect(run.stderr).toMatch(/PersistentVolumeClaim apiserver-etcd-claim is Pending: no persistent volumes available for this claim and no storage class is set\. Pass --etcd-pv-storage-class/);
    expect(run.stderr).toMatch(/pod apiserver-[a-z0-9]+-[a-z0-9]+ is not scheduled: .*pod has unbound immediate PersistentVolumeClaims/);
  });

  it('diagnoses an image that cannot be pulled', async () => {
    const { dir, env } = await setUp({ name: 'rivendell', failingImages: ['registry.example/broken:1'] });
    const conf = writeTemp(dir, 'coredns.conf', COREDNS_CONFIG);
    const run = await kubefed(
      ['init', 'fellowship', '--host-cluster-context=rivendell', '--dns-provider=coredns', '--dns-zone-name=example.com.', `--dns-provider-config=${conf}`, '--image=registry.example/broken:1', '--timeout=8s'],
      { env },
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/pod apiserver-\S+: container apiserver cannot pull image registry\.example\/broken:1 \((ErrImagePull|ImagePullBackOff)/);
    expect(run.stderr).toContain('Check --image / --etcd-image and --image-pull-secrets.');
  });
});
