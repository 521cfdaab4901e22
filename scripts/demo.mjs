// npm run demo — the whole kubefed flow on this machine, with no real cluster:
// three EMULATED Kubernetes clusters (the project's local API emulator, the same one the tests
// use) stand in for real ones. kubefed and kubectl talk to them over HTTPS exactly as they would
// to real clusters.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { startEmulator } = await import(join(root, '.build', 'emulator', 'index.js'));

const dir = mkdtempSync(join(tmpdir(), 'kubefed-demo-'));
const kubeconfig = join(dir, 'kubeconfig');
const env = { ...process.env, KUBECONFIG: kubeconfig };

function banner(text) {
  process.stdout.write(`\n\x1b[1m# ${text}\x1b[0m\n`);
}

function sh(cmd, args) {
  process.stdout.write(`$ ${[cmd, ...args].join(' ')}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}`))));
  });
}

const kubefed = (...args) => sh(process.execPath, [join(root, 'bin', 'kubefed.js'), ...args]);
const kubectl = (...args) => sh('kubectl', args);
const CLUSTER_COLUMNS = 'custom-columns=NAME:.metadata.name,SERVER:.spec.serverAddressByClientCIDRs[0].serverAddress,READY:.status.conditions[0].status';

banner('Starting three EMULATED clusters (not real Kubernetes): rivendell (host), gondor, rohan');
const emu = await startEmulator([{ name: 'rivendell' }, { name: 'gondor' }, { name: 'rohan' }]);
let failed = false;
try {
  emu.writeKubeconfig(kubeconfig, { currentContext: 'rivendell' });
  const conf = join(dir, 'coredns-provider.conf');
  writeFileSync(conf, '[Global]\netcd-endpoints = http://etcd-cluster.dns:2379\nzones = example.com.\ncoredns-endpoints = 127.0.0.1:30053\n');
  process.stdout.write(`kubeconfig: ${kubeconfig}\n`);
  await kubectl('config', 'get-contexts');

  banner('Deploy the federation control plane into rivendell');
  await kubefed('init', 'fellowship', '--host-cluster-context=rivendell', '--dns-provider=coredns', '--dns-zone-name=example.com.',
    `--dns-provider-config=${conf}`, '--api-server-service-type=NodePort', '--api-server-advertise-address=127.0.0.1');
  await kubectl('--context', 'fellowship', 'get', '--raw', '/healthz');
  process.stdout.write('\n');

  banner('Join gondor and rohan (the federation context is found through --context; the host was recorded by init)');
  await kubefed('join', 'gondor', 'rohan', '--context', 'fellowship');
  await kubectl('--context', 'fellowship', 'get', 'clusters', '-o', CLUSTER_COLUMNS);
  await kubectl('--context', 'gondor', 'get', 'configmap', 'kube-dns', '-n', 'kube-system', '-o', 'jsonpath={.data}');
  process.stdout.write('\n');

  banner('Unjoin rohan');
  await kubefed('unjoin', 'rohan', '--context', 'fellowship');
  await kubectl('--context', 'fellowship', 'get', 'clusters', '-o', CLUSTER_COLUMNS);
  banner('Turn the whole federation down: unjoin gondor, remove the control plane and the kubeconfig entries');
  await kubefed('destroy', 'fellowship', '--yes');
  await kubectl('config', 'get-contexts');
  banner('Done. Everything above ran against emulated clusters that exist only inside this process.');
} catch (err) {
  failed = true;
  process.stderr.write(`demo failed: ${err.message}\n`);
} finally {
  await emu.close();
}
process.exit(failed ? 1 : 0);
