import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { loadKubeconfig } from '../../../src/kubeconfig/load.js';
import { parseKubeconfigText } from '../../../src/kubeconfig/parse.js';
import { updateKubeconfig } from '../../../src/kubeconfig/write.js';
import { useTempDir, writeText } from '../../unit/kubeconfig/temp-files.js';

const tempDir = useTempDir();
const REPO = join(import.meta.dirname, '..', '..', '..');
const SOURCES = ['src/errors.ts', ...readdirSync(join(REPO, 'src', 'kubeconfig')).map((name) => `src/kubeconfig/${name}`)];

const contextEdit = (name: string) => ({ contexts: [{ name, context: { cluster: 'shared', user: 'shared' } }] });

/** Transpile the kubeconfig modules to plain JavaScript so separate `node` processes can run them. */
function buildChildRunner(dir: string): string {
  for (const source of SOURCES.filter((s) => s.endsWith('.ts'))) {
    const output = ts.transpileModule(readFileSync(join(REPO, source), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const target = join(dir, source.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output);
  }
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  const runner = join(dir, 'add-contexts.js');
  writeFileSync(
    runner,
    [
      "import { updateKubeconfig } from './src/kubeconfig/write.js';",
      'const [file, prefix, count] = process.argv.slice(2);',
      'for (let i = 0; i < Number(count); i++) {',
      '  const contexts = [{ name: `${prefix}-${i}`, context: { cluster: "shared", user: "shared" } }];',
      '  await updateKubeconfig({ paths: [file], explicit: true }, { contexts }, { overwrite: false, lockWaitMs: 60000 });',
      '}',
      '',
    ].join('\n'),
  );
  return runner;
}

function runNode(script: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('concurrent kubeconfig writers', () => {
  it('lose no entries when ten updates run at once in one process', async () => {
    const dir = tempDir();
    const file = writeText(dir, 'config', 'apiVersion: v1\nkind: Config\npreferences: {}\n');
    const names = Array.from({ length: 10 }, (_, i) => `ctx-${i}`);
    const reports = await Promise.all(names.map((name) => updateKubeconfig({ paths: [file], explicit: true }, contextEdit(name), { overwrite: false })));
    expect(reports.map((r) => r.added)).toEqual(names.map((name) => [`context "${name}"`]));
    const loaded = loadKubeconfig({ paths: [file], explicit: true });
    expect([...loaded.contexts.keys()].sort()).toEqual([...names].sort());
    expect(readdirSync(dir)).toEqual(['config']);
  });

  it('lose no entries when several node processes and this one write the same $KUBECONFIG pair', async () => {
    const dir = tempDir();
    const runner = buildChildRunner(join(dir, 'runner'));
    mkdirSync(join(dir, 'kube'));
    const a = writeText(join(dir, 'kube'), 'a', 'apiVersion: v1\nkind: Config\n');
    const b = writeText(dir, 'b', 'clusters:\n- name: shared\n  cluster: {server: https://s}\n');
    // Children write a alone; this process writes through a:b, so it also locks b.
    const children = ['p0', 'p1', 'p2', 'p3'].map((prefix) => runNode(runner, [a, prefix, '5']));
    const local = (async () => {
      for (let i = 0; i < 5; i++) {
        await updateKubeconfig({ paths: [a, b], explicit: false }, contextEdit(`local-${i}`), { overwrite: false, lockWaitMs: 60000 });
      }
    })();
    const results = await Promise.all(children);
    await local;
    expect(results).toEqual(results.map(() => ({ code: 0, stderr: '' })));
    const doc = parseKubeconfigText(readFileSync(a, 'utf8'), a);
    const expected = ['p0', 'p1', 'p2', 'p3', 'local'].flatMap((prefix) => Array.from({ length: 5 }, (_, i) => `${prefix}-${i}`));
    expect(doc.contexts?.map((c) => c.name).sort()).toEqual(expected.sort());
    expect(readdirSync(join(dir, 'kube'))).toEqual(['a']);
    expect(readFileSync(b, 'utf8')).toBe('clusters:\n- name: shared\n  cluster: {server: https://s}\n');
  });
});
