// Times `kubefed join` of 1, 10 and 50 emulated member clusters in one process (spec §8).
// Usage: npm run build && node scripts/bench-join.mjs   (figures only; nothing is asserted)
//
// The API emulator is TypeScript under test/. To run it with plain node, this script compiles it
// with tsc into node_modules/.cache (inside the project, so its imports of js-yaml and
// node-forge resolve), then drives the built CLI (dist/cli.js) in process against it.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { randomBytes, generateKeyPair } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = (process.env.BENCH_JOIN_SIZES ?? '1,10,50').split(',').map(Number);
const cli = join(root, 'dist', 'cli.js');
if (!existsSync(cli)) {
  console.error('dist/cli.js is missing: run `npm run build` first');
  process.exit(1);
}

const outDir = join(root, 'node_modules', '.cache', 'kubefed-bench');
const tsc = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    '--outDir', outDir, '--rootDir', join(root, 'test', 'emulator'),
    '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--target', 'ES2022',
    '--strict', '--skipLibCheck', '--esModuleInterop', '--types', 'node',
    join(root, 'test', 'emulator', 'index.ts'),
  ],
  { stdio: 'inherit', cwd: root },
);
// tsc emits even when it finds type errors; only a missing output stops the benchmark.
if (tsc.status !== 0 && !existsSync(join(outDir, 'index.js'))) process.exit(tsc.status ?? 1);

const { startEmulator } = await import(pathToFileURL(join(outDir, 'index.js')).href);
const { runCli } = await import(pathToFileURL(cli).href);
const { createLazyClientFactory } = await import(pathToFileURL(join(root, 'dist', 'k8s', 'lazy-factory.js')).href);

function benchDeps(kubeconfig) {
  let out = '';
  let err = '';
  const stream = (append) => ({ isTTY: false, write: (s) => (append(s), true) });
  return {
    env: { KUBECONFIG: kubeconfig },
    cwd: root,
    homeDir: tmpdir(),
    stdout: stream((s) => (out += s)),
    stderr: stream((s) => (err += s)),
    interactive: false,
    prompt: async () => '',
    now: () => new Date(),
    randomBytes: (n) => randomBytes(n),
    generateKeyPair: () =>
      new Promise((resolve, reject) =>
        generateKeyPair(
          'rsa',
          { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs1', format: 'pem' } },
          (e, publicKeyPem, privateKeyPem) => (e ? reject(e) : resolve({ publicKeyPem, privateKeyPem })),
        ),
      ),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    clients: createLazyClientFactory(),
    output: () => ({ out, err }),
  };
}

async function kubefed(argv, kubeconfig) {
  const deps = benchDeps(kubeconfig);
  const start = performance.now();
  const code = await runCli(argv, deps);
  const ms = performance.now() - start;
  if (code !== 0) throw new Error(`kubefed ${argv.slice(0, 3).join(' ')} … exited ${code}:\n${deps.output().err}`);
  return ms;
}

const largest = Math.max(...SIZES);
const members = Array.from({ length: largest }, (_, i) => `m${i + 1}`);
const dir = mkdtempSync(join(tmpdir(), 'kubefed-bench-join-'));
const kubeconfig = join(dir, 'config');
console.log(`starting ${largest + 1} emulated clusters…`);
const emu = await startEmulator([{ name: 'host' }, ...members.map((name) => ({ name }))]);
try {
  emu.writeKubeconfig(kubeconfig, { currentContext: 'host' });
  const conf = join(dir, 'coredns.conf');
  writeFileSync(conf, '[Global]\netcd-endpoints = http://etcd.dns:2379\nzones = example.com.\ncoredns-endpoints = 127.0.0.1:30053\n');
  await kubefed(
    ['init', 'bench', '--host-cluster-context=host', '--dns-provider=coredns', '--dns-zone-name=example.com.', `--dns-provider-config=${conf}`,
      '--api-server-service-type=NodePort', '--api-server-advertise-address=127.0.0.1', '--timeout=2m', '--set-current-context'],
    kubeconfig,
  );
  console.log(`kubefed join benchmarks on node ${process.version} (emulated clusters, same process)`);
  for (const size of SIZES) {
    const names = members.slice(0, size);
    const ms = await kubefed(['join', ...names, '-q'], kubeconfig);
    console.log(`join of ${String(size).padStart(2)} cluster(s): total ${ms.toFixed(0)} ms, ${(ms / size).toFixed(1)} ms per cluster`);
    await kubefed(['unjoin', ...names, '-q'], kubeconfig);
    await Promise.all(names.map((n) => emu.cluster(n).settle()));
  }
} finally {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
}
