import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
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
