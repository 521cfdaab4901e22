import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = join(import.meta.dirname, '..', '..', '..');

/**
 * A private copy of the built CLI laid out like the checkout (bin/ as the package ships it, dist/, and with
 * `emulator` the API emulator's bundle in .build/emulator and the named scripts), built with the
 * project's own build script. Tests use it so that another test rebuilding the checkout's dist/
 * (npm pack's prepack) never changes the files under them.
 */
export async function stageBuild(dir: string, options: { emulator?: boolean; scripts?: string[] } = {}): Promise<string> {
  const build = join(ROOT, 'scripts', 'build.mjs');
  mkdirSync(join(dir, 'bin'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const file of ['kubefed.js', 'package.json']) copyFileSync(join(ROOT, 'bin', file), join(dir, 'bin', file));
  await run(process.execPath, [build, 'cli', '--outdir', join(dir, 'dist')], { cwd: ROOT });
  if (options.emulator) await run(process.execPath, [build, 'emulator', '--outdir', join(dir, '.build', 'emulator')], { cwd: ROOT });
  if (options.scripts) mkdirSync(join(dir, 'scripts'), { recursive: true });
  for (const script of options.scripts ?? []) copyFileSync(join(ROOT, 'scripts', script), join(dir, 'scripts', script));
  return join(dir, 'bin', 'kubefed.js');
}
