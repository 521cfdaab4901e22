// npm run sandbox — emulated clusters to try kubefed on, with no real cluster: three EMULATED
// Kubernetes API servers (the project's local API emulator, the one the tests and the demo use)
// run in this process, in the foreground, until Ctrl-C. It writes a kubeconfig with their
// contexts and a bin folder with `kubefed` and `kubectl-kubefed` (links to this checkout's CLI),
// prints the two exports and the commands to try, and on Ctrl-C (SIGINT) or SIGTERM stops the
// clusters and removes everything it wrote.
import { mkdtempSync, rmSync, symlinkSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { startEmulator } = await import(join(root, '.build', 'emulator', 'index.js'));

const dir = mkdtempSync(join(tmpdir(), 'kubefed-sandbox-'));
const bin = join(dir, 'bin');
const kubeconfig = join(dir, 'kubeconfig');
mkdirSync(bin);
for (const name of ['kubefed', 'kubectl-kubefed']) symlinkSync(join(root, 'bin', 'kubefed.js'), join(bin, name));
const conf = join(dir, 'coredns-provider.conf');
writeFileSync(conf, '[Global]\netcd-endpoints = http://etcd-cluster.dns:2379\nzones = example.com.\ncoredns-endpoints = 127.0.0.1:30053\n');

const emu = await startEmulator([{ name: 'rivendell' }, { name: 'gondor' }, { name: 'rohan' }]);
emu.writeKubeconfig(kubeconfig, { currentContext: 'rivendell' });

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping the emulated clusters...\n`);
  try {
    await emu.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
    process.stdout.write(`sandbox stopped; removed ${dir}\n`);
    process.exit(0);
  }
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

process.stdout.write(`kubefed sandbox: three EMULATED clusters (not real Kubernetes) run in this process:
  rivendell (the host), gondor and rohan — contexts of the same names.

In another terminal:

export KUBECONFIG=${kubeconfig}
export PATH=${bin}:$PATH

Then try:

kubectl config get-contexts
kubefed init fellowship --host-cluster-context=rivendell --dns-provider=coredns --dns-zone-name=example.com. --dns-provider-config=${conf} --api-server-service-type=NodePort --api-server-advertise-address=127.0.0.1
kubectl --context fellowship get --raw /healthz
kubefed join gondor rohan --context fellowship
kubectl --context fellowship get clusters
kubectl kubefed unjoin rohan --context fellowship
kubefed destroy fellowship --yes

Press Ctrl-C here to stop the clusters and remove ${dir}.
`);
