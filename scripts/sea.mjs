// `npm run build:sea`: kubefed as one executable file, dist-sea/kubefed, that needs neither Node
// nor node_modules where it runs (Node 20's single executable applications). It runs after
// `node scripts/build.mjs sea` has written dist-sea/kubefed.cjs and dist-sea/sea-config.json:
//   1. node --experimental-sea-config   turns the script into a preparation blob;
//   2. a copy of this node binary        becomes the executable;
//   3. postject                          injects the blob into it (the fuse tells Node to run it).
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `--outdir DIR`: where `node scripts/build.mjs sea --outdir DIR` wrote its output.
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt >= 0 ? process.argv[outdirAt + 1] : join(root, 'dist-sea');
const exe = join(outdir, process.platform === 'win32' ? 'kubefed.exe' : 'kubefed');
const started = process.hrtime.bigint();

execFileSync(process.execPath, ['--experimental-sea-config', join(outdir, 'sea-config.json')], { stdio: ['ignore', 'ignore', 'inherit'] });
rmSync(exe, { force: true });
copyFileSync(process.execPath, exe);
chmodSync(exe, 0o755);
const postject = join(dirname(createRequire(import.meta.url).resolve('postject/package.json')), 'dist', 'cli.js');
execFileSync(
  process.execPath,
  [postject, exe, 'NODE_SEA_BLOB', join(outdir, 'sea-prep.blob'), '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2', ...(process.platform === 'darwin' ? ['--macho-segment-name', 'NODE_SEA'] : [])],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
rmSync(join(outdir, 'sea-prep.blob'), { force: true });
console.error(`built ${exe} in ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(0)} ms`);
