// Cluster-facing benchmarks (run by scripts/bench.mjs after `npm run build` and `npm run build:emulator`):
// - kubefed init against `kubectl create -f` of the very same objects plus the native RSA key-generation floor;
// - kubefed join of 1, 10 and 50 members in one call, with the per-member cost.
// Every cluster is an in-process emulated API server on 127.0.0.1; figures are printed, never asserted.
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { startEmulator } = await import(join(root, '.build', 'emulator', 'index.js'));
const bin = join(root, 'bin', 'kubefed.js');
const runs = Number(process.env.BENCH_INIT_RUNS ?? 5);

function timed(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    let out = '';
    let err = '';
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) reject(new Error(`${cmd} ${args.slice(0, 3).join(' ')} exited ${code}: ${err.slice(-500)}`));
      else resolve({ ms, out });
    });
  });
}

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const INIT = ['init', 'fellowship', '--host-cluster-context=rivendell', '--dns-provider=google-clouddns', '--dns-zone-name=example.com.',
  '--api-server-service-type=NodePort', '--api-server-advertise-address=127.0.0.1'];

async function freshHost() {
  const emu = await startEmulator([{ name: 'rivendell' }]);
  const dir = mkdtempSync(join(tmpdir(), 'kubefed-bench-'));
  const kubeconfig = join(dir, 'config');
  emu.writeKubeconfig(kubeconfig, { currentContext: 'rivendell' });
  return { emu, dir, env: { KUBECONFIG: kubeconfig } };
}

// The key-generation floor: init generates four RSA-2048 keys (CA, server, controller manager, admin).
function keygenFloorMs() {
  const samples = [];
  for (let i = 0; i < 9; i++) {
    const start = process.hrtime.bigint();
    for (let k = 0; k < 4; k++) generateKeyPairSync('rsa', { modulusLength: 2048 });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

async function benchInit() {
  const initMs = [];
  const kubectlMs = [];
  for (let i = 0; i < runs; i++) {
    // The same objects kubefed would create, written out by its own client dry run.
    const a = await freshHost();
    const { out } = await timed(process.execPath, [bin, ...INIT, '--dry-run=client', '--show-secrets', '-o', 'yaml'], a.env);
    const manifests = out.split(/^---$/m).filter((doc) => !/^kind: Config$/m.test(doc)).join('---\n');
    const file = join(a.dir, 'objects.yaml');
    writeFileSync(file, manifests);
    kubectlMs.push((await timed('kubectl', ['create', '--validate=false', '-f', file], a.env)).ms);
    await a.emu.close();

    const b = await freshHost();
    initMs.push((await timed(process.execPath, [bin, ...INIT, '--no-wait'], b.env)).ms);
    await b.emu.close();
  }
  const floor = keygenFloorMs();
  const init = median(initMs);
  const baseline = median(kubectlMs) + floor;
  console.log(`kubefed init --no-wait: ${init.toFixed(0)} ms vs kubectl create -f (${median(kubectlMs).toFixed(0)} ms) + RSA keygen floor (${floor.toFixed(0)} ms) = ${baseline.toFixed(0)} ms -> ratio ${(init / baseline).toFixed(2)}x (median of ${runs})`);

  const c = await freshHost();
  const waited = await timed(process.execPath, [bin, ...INIT], c.env);
  console.log(`kubefed init with waiting for pods and /healthz: ${waited.ms.toFixed(0)} ms (one run)`);
  await c.emu.close();
}

async function benchJoin() {
  const sizes = [1, 10, 50];
  const total = sizes.reduce((a, b) => a + b, 0);
  const members = Array.from({ length: total }, (_, i) => ({ name: `m${i + 1}` }));
  const emu = await startEmulator([{ name: 'rivendell' }, ...members]);
  const dir = mkdtempSync(join(tmpdir(), 'kubefed-bench-'));
  const kubeconfig = join(dir, 'config');
  emu.writeKubeconfig(kubeconfig, { currentContext: 'rivendell' });
  const env = { KUBECONFIG: kubeconfig };
  try {
    await timed(process.execPath, [bin, ...INIT, '--set-current-context'], env);
    let next = 1;
    for (const n of sizes) {
      const names = Array.from({ length: n }, () => `m${next++}`);
      const { ms } = await timed(process.execPath, [bin, 'join', ...names], env);
      console.log(`kubefed join of ${String(n).padStart(2)} member(s) in one call: ${ms.toFixed(0)} ms total, ${(ms / n).toFixed(0)} ms per member`);
    }
  } finally {
    await emu.close();
  }
}

await benchInit();
await benchJoin();
