// A shard of emulated member clusters in a process of its own, for `npm run bench`: so that at 50
// members the single emulator process is not what the join's wall time measures.
//   node scripts/bench-shard.mjs KUBECONFIG_FILE NAME...
// Writes a kubeconfig with the clusters' contexts, prints "ready", serves until SIGTERM.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { startEmulator } = await import(join(root, '.build', 'emulator', 'index.js'));
const [file, ...names] = process.argv.slice(2);
const emu = await startEmulator(names.map((name) => ({ name })));
emu.writeKubeconfig(file, {});
process.on('SIGTERM', () => void emu.close().then(() => process.exit(0)));
process.stdout.write('ready\n');
