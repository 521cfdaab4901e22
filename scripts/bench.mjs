// npm run bench — kubefed's speed, each figure as a ratio against a baseline measured in the same
// run, alternating subject and baseline so drift in machine load hits both. Figures only; nothing
// here asserts a time. The clusters are the project's API emulator (built by `npm run
// build:emulator`), serving from this process; kubefed runs as child processes, and each child's
// own peak RSS and CPU come from process.resourceUsage() at its exit (a --require'd probe), so the
// emulator's work is never counted as kubefed's.
//   BENCH_RUNS (default 7): runs per paired figure (start-up figures: at least 25).
//   BENCH_ONLY=build,startup,imports,keys,init,join: only those parts.
//   BENCH_MEMBER_PROCESSES (default 6): processes the 54 emulated members of the join part run in.
import { spawn } from 'node:child_process';
import { generateKeyPair, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import yaml from 'js-yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'kubefed.js');
const node = process.execPath;
const runs = Number(process.env.BENCH_RUNS ?? 7);
const work = mkdtempSync(join(tmpdir(), 'kubefed-bench-'));
const { startEmulator } = await import(join(root, '.build', 'emulator', 'index.js'));

// Written by each child at exit: its own peak RSS (KB) and CPU (µs).
const probe = join(work, 'usage.cjs');
writeFileSync(probe, "process.on('exit', () => { try { require('fs').writeFileSync(process.env.KUBEFED_BENCH_USAGE, JSON.stringify(process.resourceUsage())); } catch {} });\n");
let usageSeq = 0;

/** Runs a command; resolves with its wall time, and for node children their peak RSS (MB) and CPU (ms). */
function measure(cmd, args, env = {}) {
  const usageFile = join(work, `usage-${usageSeq++}.json`);
  const childEnv = { ...process.env, ...env, KUBEFED_BENCH_USAGE: usageFile, NODE_OPTIONS: `--require ${probe}` };
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const startedAt = Date.now();
    let out = '';
    let err = '';
    const child = spawn(cmd, args, { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) return reject(new Error(`${cmd} ${args.slice(0, 4).join(' ')} exited ${code}: ${err.slice(-600)}`));
      let usage;
      try {
        usage = JSON.parse(readFileSync(usageFile, 'utf8'));
      } catch {
        usage = undefined;
      }
      resolve({ ms, out, startedAt, rssMb: usage ? usage.maxRSS / 1024 : NaN, cpuMs: usage ? (usage.userCPUTime + usage.systemCPUTime) / 1000 : NaN });
    });
  });
}

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const f0 = (n) => n.toFixed(0);
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;
const lines = [];
function report(figure, value, baseline, result) {
  const line = `| ${figure} | ${value} | ${baseline} | ${result} |`;
  lines.push(line);
  console.log(line);
}

/** Alternates baseline and subject `n` times (after one warm-up each); medians of wall, RSS and CPU. */
async function paired(baseline, subject, n = runs) {
  await baseline();
  await subject();
  const a = [];
  const b = [];
  for (let i = 0; i < n; i++) {
    a.push(await baseline());
    b.push(await subject());
  }
  const stats = (xs) => ({ ms: median(xs.map((x) => x.ms)), rssMb: median(xs.map((x) => x.rssMb)), cpuMs: median(xs.map((x) => x.cpuMs)), all: xs });
  return [stats(a), stats(b)];
}

const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : undefined;
const want = (part) => !only || only.has(part);
const nodeE0 = () => measure(node, ['-e', '0']);

console.log(`kubefed benchmarks: node ${process.version}, ${runs} alternating runs per paired figure (medians)\n`);
console.log('| figure | kubefed | baseline | ratio |');
console.log('|---|---|---|---|');

// --- build -------------------------------------------------------------------------------
if (want('build')) {
  const cli = await measure(node, [join(root, 'scripts', 'build.mjs'), 'cli', '--outdir', join(work, 'dist')]);
  const emu = await measure(node, [join(root, 'scripts', 'build.mjs'), 'emulator', '--outdir', join(work, 'emulator')]);
  report('`npm run build` (esbuild, code-split)', `${f0(cli.ms)} ms`, 'budget 10 000 ms', ratio(cli.ms, 10_000));
  report('`npm run build:emulator`', `${f0(emu.ms)} ms`, 'budget 10 000 ms', ratio(emu.ms, 10_000));
}

// --- start-up ----------------------------------------------------------------------------
if (want('startup')) {
  // A start is about 100 ms, and a few ms of noise in either is a large part of the ratio: these
  // two get more runs (at least 25 pairs).
  const startRuns = Math.max(runs, 25);
  const [base, help] = await paired(nodeE0, () => measure(node, [bin, '--help']), startRuns);
  report('`kubefed --help` wall', `${f0(help.ms)} ms`, `\`node -e 0\` ${f0(base.ms)} ms`, ratio(help.ms, base.ms));
  // Against its own baseline, measured alongside it: the machine's load drifts between pairs.
  const [versionBase, version] = await paired(nodeE0, () => measure(node, [bin, 'version']), startRuns);
  report('`kubefed version` wall', `${f0(version.ms)} ms`, `\`node -e 0\` ${f0(versionBase.ms)} ms`, ratio(version.ms, versionBase.ms));
}

// --- loading the heavy dependencies: kubefed's own chunk vs the package from node_modules -----
if (want('imports')) {
  // The chunks of dist/ that carry them, required as init (client-node) and `--config` (zod) load them.
  const chunks = join(root, 'dist', 'chunks');
  const chunkOf = (prefix) => {
    const found = readdirSync(chunks).find((name) => name.startsWith(`${prefix}-`) && name.endsWith('.js'));
    if (!found) throw new Error(`no ${prefix} chunk in ${chunks}: run npm run build`);
    return join(chunks, found);
  };
  for (const [spec, prefix] of [['@kubernetes/client-node', 'client-node-parts'], ['zod', 'config-file']]) {
    const file = chunkOf(prefix);
    const [base, bundled] = await paired(nodeE0, () => measure(node, ['-e', `require(${JSON.stringify(file)})`]));
    const [, plain] = await paired(nodeE0, () => measure(node, ['--input-type=module', '-e', `await import('${spec}')`]));
    report(`load \`${spec}\`: kubefed's chunk (\`${prefix}\`), over \`node -e 0\``, `+${f0(bundled.ms - base.ms)} ms, +${f0(bundled.rssMb - base.rssMb)} MB`, `the package from node_modules: +${f0(plain.ms - base.ms)} ms, +${f0(plain.rssMb - base.rssMb)} MB`, ratio(bundled.ms - base.ms, plain.ms - base.ms));
  }
}

// --- keys ------------------------------------------------------------------------------
const gen = promisify(generateKeyPair);
async function keyWall(type, opts, n) {
  const samples = [];
  for (let i = 0; i < 7; i++) {
    const start = process.hrtime.bigint();
    await Promise.all(Array.from({ length: n }, () => gen(type, opts)));
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}
const rsaOne = median(Array.from({ length: 9 }, () => {
  const start = process.hrtime.bigint();
  generateKeyPairSync('rsa', { modulusLength: 2048 });
  return Number(process.hrtime.bigint() - start) / 1e6;
}));
if (want('keys')) {
  const rsa4 = await keyWall('rsa', { modulusLength: 2048 }, 4);
  const ec4 = await keyWall('ec', { namedCurve: 'P-256' }, 4);
  report("init's 4 keys, `--key-algorithm=ecdsa-p256`, thread pool", `${ec4.toFixed(1)} ms`, `rsa-2048 ${f0(rsa4)} ms`, ratio(ec4, rsa4));
}

// --- init ------------------------------------------------------------------------------
const INIT = ['init', 'fellowship', '--host-cluster-context=rivendell', '--dns-provider=google-clouddns', '--dns-zone-name=example.com.',
  '--api-server-service-type=NodePort', '--api-server-advertise-address=127.0.0.1'];

/** A fresh emulated host, the subject run against it, then the host is closed. */
async function onFreshHost(fn) {
  const emu = await startEmulator([{ name: 'rivendell' }]);
  const dir = mkdtempSync(join(work, 'host-'));
  const kubeconfig = join(dir, 'config');
  emu.writeKubeconfig(kubeconfig, { currentContext: 'rivendell' });
  try {
    const result = await fn({ KUBECONFIG: kubeconfig }, dir);
    const requests = emu.cluster('rivendell').requests;
    return { ...result, requests: requests.length, firstRequestMs: requests.length ? requests[0].time - result.startedAt : NaN };
  } finally {
    await emu.close();
  }
}

if (want('init')) {
  // The floor: `kubectl create -f` of the very objects init creates (its own client dry run
  // writes them out) plus one native RSA-2048 key generation.
  const kubectlCreate = () => onFreshHost(async (env, dir) => {
    const { out } = await measure(node, [bin, ...INIT, '--dry-run=client', '--show-secrets', '-o', 'yaml'], env);
    const file = join(dir, 'objects.yaml');
    writeFileSync(file, out.split(/^---$/m).filter((doc) => !/^kind: Config$/m.test(doc)).join('---\n'));
    return measure('kubectl', ['create', '--validate=false', '-f', file], env);
  });
  const initNoWait = (...extra) => () => onFreshHost((env) => measure(node, [bin, ...INIT, '--no-wait', ...extra], env));
  const [floor, noWait] = await paired(kubectlCreate, initNoWait());
  const floorMs = floor.ms + rsaOne;
  report('`kubefed init --no-wait` (RSA) vs the floor', `${f0(noWait.ms)} ms`, `kubectl create -f ${f0(floor.ms)} ms + one RSA-2048 keygen ${f0(rsaOne)} ms = ${f0(floorMs)} ms`, ratio(noWait.ms, floorMs));
  report('`kubefed init --no-wait` own CPU (keys included)', `${f0(noWait.cpuMs)} ms`, `wall ${f0(noWait.ms)} ms`, ratio(noWait.cpuMs, noWait.ms));
  const first = median(noWait.all.map((r) => r.firstRequestMs));
  report('start → init\'s first request', `${f0(first)} ms`, `\`init --no-wait\` ${f0(noWait.ms)} ms`, ratio(first, noWait.ms));
  report('requests sent by `init --no-wait`', `${median(noWait.all.map((r) => r.requests))}`, '-', '-');

  const [, waited] = await paired(initNoWait(), () => onFreshHost((env) => measure(node, [bin, ...INIT], env)));
  report('`kubefed init` waiting for pods and /healthz', `${f0(waited.ms)} ms`, `\`--no-wait\` ${f0(noWait.ms)} ms (+${f0(waited.ms - noWait.ms)} ms)`, ratio(waited.ms, noWait.ms));
  report('`kubefed init` peak RSS', `${f0(waited.rssMb)} MB`, 'budget 100 MB', ratio(waited.rssMb, 100));
  const [, ec] = await paired(initNoWait(), initNoWait('--key-algorithm=ecdsa-p256'));
  report('`init --no-wait --key-algorithm=ecdsa-p256`', `${f0(ec.ms)} ms`, `rsa-2048 ${f0(noWait.ms)} ms`, ratio(ec.ms, noWait.ms));
}

// --- join --------------------------------------------------------------------------------
/** Emulated members in `shards` processes of their own; resolves with their kubeconfig files and a stop(). */
async function memberShards(names, shards, dir) {
  const children = [];
  const files = [];
  for (let i = 0; i < shards; i++) {
    const part = names.filter((_, n) => n % shards === i);
    if (part.length === 0) continue;
    const file = join(dir, `members-${i}.config`);
    const child = spawn(node, [join(root, 'scripts', 'bench-shard.mjs'), file, ...part], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    files.push(file);
    await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('ready')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`member shard exited ${code}`)));
    });
  }
  const stop = () => Promise.all(children.map((c) => new Promise((resolve) => {
    c.removeAllListeners('exit');
    c.on('exit', resolve);
    c.kill('SIGTERM');
  })));
  return { files, stop };
}

if (want('join')) {
  const joinRuns = 3;
  const memberCount = joinRuns + 50 + 1;
  const names = Array.from({ length: memberCount }, (_, i) => `m${i + 1}`);
  const shardCount = Number(process.env.BENCH_MEMBER_PROCESSES ?? 6);
  const emu = await startEmulator([{ name: 'rivendell' }]);
  const dir = mkdtempSync(join(work, 'join-'));
  const hostConfig = join(dir, 'config');
  emu.writeKubeconfig(hostConfig, { currentContext: 'rivendell' });
  const shards = await memberShards(names, shardCount, dir);
  // init writes the federation's context into the first file; the members' files follow.
  const kubeconfig = [hostConfig, ...shards.files].join(':');
  const env = { KUBECONFIG: kubeconfig };
  try {
    await measure(node, [bin, ...INIT, '--set-current-context'], env);
    const host = emu.cluster('rivendell');
    const ones = [];
    const hostBefore1 = host.requests.length;
    for (let i = 1; i <= joinRuns; i++) ones.push(await measure(node, [bin, 'join', `m${i}`], env));
    const hostPerOne = (host.requests.length - hostBefore1) / joinRuns;
    const before = host.requests.length;
    const fifty = await measure(node, [bin, 'join', ...Array.from({ length: 50 }, (_, i) => `m${joinRuns + 1 + i}`)], env);
    const one = { ms: median(ones.map((r) => r.ms)), cpuMs: median(ones.map((r) => r.cpuMs)), rssMb: median(ones.map((r) => r.rssMb)) };
    const where = `host in this process, members in ${shards.files.length} processes`;
    report(`\`kubefed join\` of 50 members in one call, wall (${where})`, `${f0(fifty.ms)} ms`, `join of 1: ${f0(one.ms)} ms`, ratio(fifty.ms, one.ms));
    report("`kubefed join` of 50, kubefed's own CPU", `${f0(fifty.cpuMs)} ms (${f0(fifty.cpuMs / 50)} ms per member)`, `join of 1: ${f0(one.cpuMs)} ms`, ratio(fifty.cpuMs, one.cpuMs));
    report('`kubefed join` of 50, peak RSS', `${f0(fifty.rssMb)} MB`, `join of 1: ${f0(one.rssMb)} MB`, ratio(fifty.rssMb, one.rssMb));
    report('host requests per member', `${f0((host.requests.length - before) / 50)} in the join of 50`, `${f0(hostPerOne)} in a join of 1`, '-');

    // The three contexts the join needs (host, federation, member), alone and with 10,000 others.
    const last = `m${memberCount}`;
    const docs = kubeconfig.split(':').map((file) => yaml.load(readFileSync(file, 'utf8')));
    const all = { ...docs[0], clusters: docs.flatMap((d) => d.clusters ?? []), users: docs.flatMap((d) => d.users ?? []), contexts: docs.flatMap((d) => d.contexts ?? []) };
    const wanted = new Set(['rivendell', 'fellowship', last]);
    const small = { ...all, contexts: all.contexts.filter((c) => wanted.has(c.name)) };
    const refs = (key) => new Set(small.contexts.map((c) => c.context[key]));
    small.clusters = all.clusters.filter((c) => refs('cluster').has(c.name));
    small.users = all.users.filter((u) => refs('user').has(u.name));
    const smallFile = join(dir, 'small-config');
    writeFileSync(smallFile, yaml.dump(small, { lineWidth: -1, noRefs: true }), { mode: 0o600 });
    const big = JSON.parse(JSON.stringify(small));
    for (let i = 0; i < 10_000; i++) {
      big.clusters.push({ name: `extra-${i}`, cluster: { server: `https://10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:6443` } });
      big.users.push({ name: `extra-${i}`, user: { token: `token-${i}` } });
      big.contexts.push({ name: `extra-${i}`, context: { cluster: `extra-${i}`, user: `extra-${i}` } });
    }
    const bigFile = join(dir, 'big-config');
    writeFileSync(bigFile, yaml.dump(big, { lineWidth: -1, noRefs: true }), { mode: 0o600 });
    // The big file adds about a tenth to a run of about 200 ms, so a few ms of noise in either
    // moves the ratio: like the start-up figures, this one gets at least 25 pairs.
    const [few, many] = await paired(
      () => measure(node, [bin, 'join', last, '--dry-run'], { KUBECONFIG: smallFile }),
      () => measure(node, [bin, 'join', last, '--dry-run'], { KUBECONFIG: bigFile }),
      Math.max(runs, 25),
    );
    report(`\`join --dry-run\` with a 10,000-context kubeconfig`, `${f0(many.ms)} ms`, `${small.contexts.length} contexts: ${f0(few.ms)} ms`, ratio(many.ms, few.ms));
  } finally {
    await shards.stop();
    await emu.close();
  }
}

rmSync(work, { recursive: true, force: true });
