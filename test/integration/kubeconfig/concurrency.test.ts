import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKubeconfig } from '../../../src/kubeconfig/load.js';
import { resolveContext } from '../../../src/kubeconfig/resolve.js';
import { parseKubeconfigText } from '../../../src/kubeconfig/parse.js';
import { updateKubeconfig } from '../../../src/kubeconfig/write.js';
import { sourcesUnder, transpileSources } from '../../helpers/transpiled.js';
import { useTempDir, writeText } from '../../unit/kubeconfig/temp-files.js';

const tempDir = useTempDir();
const SOURCES = ['src/errors.ts', 'src/run-state.ts', ...sourcesUnder('src/kubeconfig')];

const contextEdit = (name: string) => ({ contexts: [{ name, context: { cluster: 'shared', user: 'shared' } }] });

/** Transpile the kubeconfig modules to plain JavaScript so separate `node` processes can run them. */
function buildChildRunner(dir: string): string {
  transpileSources(dir, SOURCES);
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

  it('a read racing kubectl config set-context (which rewrites the file in place) still finds the context', async () => {
    const dir = tempDir();
    const others = Array.from({ length: 40 }, (_, i) => `- name: other-${i}\n  context: {cluster: shared, user: shared, namespace: ns-${i}}`).join('\n');
    const file = writeText(dir, 'config', `apiVersion: v1\nkind: Config\nclusters:\n- name: shared\n  cluster: {server: 'https://s'}\nusers:\n- name: shared\n  user: {token: t}\ncontexts:\n${others}\n- name: rivendell\n  context: {cluster: shared, user: shared}\n`);
    const script = 'i=0; while [ $i -lt 100 ]; do kubectl --kubeconfig "$0" config set-context other-$((i % 7)) --namespace=n$i >/dev/null || exit 1; i=$((i+1)); done';
    const writer = spawn('sh', ['-c', script, file], { stdio: 'ignore', env: { PATH: process.env.PATH ?? '', HOME: dir } });
    const done = new Promise<number | null>((resolve) => writer.on('close', resolve));
    let finished = false;
    void done.then(() => (finished = true));
    let reads = 0;
    const failures: string[] = [];
    while (!finished) {
      try {
        resolveContext(loadKubeconfig({ paths: [file], explicit: true }), 'rivendell', '--context');
      } catch (err) {
        failures.push((err as Error).message);
      }
      reads++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await done).toBe(0);
    expect(reads).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  }, 120_000);
});
