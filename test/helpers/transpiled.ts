import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';

export const REPO = join(import.meta.dirname, '..', '..');

/** Every TypeScript file under src/ (or one of its folders), as repository paths. */
export function sourcesUnder(folder = 'src'): string[] {
  return readdirSync(join(REPO, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => `${folder}/${name}`);
}

/**
 * Transpile sources to plain JavaScript under `dir` (same relative paths, no type check), with the
 * repository's node_modules linked, so separate `node` processes can run them.
 */
export function transpileSources(dir: string, sources: readonly string[]): void {
  for (const source of sources) {
    const output = ts.transpileModule(readFileSync(join(REPO, source), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const target = join(dir, source.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output);
  }
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
}

/**
 * Another user than root, for what root is exempt from (file permissions): the tests run
 * processes as `nobody` when they run as root, else as themselves.
 */
export const OTHER_USER = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;

/** Runs `node script args` (as OTHER_USER when set) and collects its exit code and output. */
export function runNodeAs(script: string, args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', ...env },
      ...(OTHER_USER ?? {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Makes `path` belong to OTHER_USER (when set), so that user may write in it. */
export function giveToOtherUser(path: string): void {
  if (OTHER_USER) chownSync(path, OTHER_USER.uid, OTHER_USER.gid);
}

/** The whole CLI, transpiled under `dir` (which every user may enter): the script to run as kubefed. */
export function transpiledCli(dir: string): string {
  chmodSync(dir, 0o755);
  transpileSources(join(dir, 'cli'), sourcesUnder('src'));
  const runner = join(dir, 'cli', 'kubefed.js');
  writeFileSync(runner, "import('./src/main.js').then((m) => m.main());\n");
  return runner;
}
