// Prints kubefed's speed as ratios against baselines measured in the same run (spec §8).
// Usage: npm run bench   (builds first). Figures only; nothing here asserts a time.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'kubefed.js');
const runs = Number(process.env.BENCH_RUNS ?? 15);

function wall(cmd, args, options = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Alternate the two commands so drift in machine load hits both equally. */
function compare(label, baseline, subject) {
  wall(...baseline);
  wall(...subject); // warm the file cache
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    a.push(wall(...baseline));
    b.push(wall(...subject));
  }
  const ma = median(a);
  const mb = median(b);
  console.log(`${label}: ${mb.toFixed(1)} ms vs baseline ${ma.toFixed(1)} ms -> ratio ${(mb / ma).toFixed(2)}x (median of ${runs} alternating runs)`);
  return { baseline: ma, subject: mb, ratio: mb / ma };
}

console.log(`kubefed benchmarks on node ${process.version}, ${runs} runs each`);
compare('kubefed --help vs node -e 0', [process.execPath, ['-e', '0']], [process.execPath, [bin, '--help']]);
compare('kubefed version vs node -e 0', [process.execPath, ['-e', '0']], [process.execPath, [bin, 'version']]);

const extra = join(root, 'scripts', 'bench-cluster.mjs');
const r = spawnSync(process.execPath, [extra], { stdio: 'inherit', cwd: root });
if (r.status !== 0) process.exitCode = r.status ?? 1;
