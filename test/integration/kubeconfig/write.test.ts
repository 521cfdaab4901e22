import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../src/errors.js';
import type { KubeconfigEdit } from '../../../src/kubeconfig/edit.js';
import { loadKubeconfig } from '../../../src/kubeconfig/load.js';
import { parseKubeconfigText } from '../../../src/kubeconfig/parse.js';
import { updateKubeconfig } from '../../../src/kubeconfig/write.js';
import { seededRandom } from '../../helpers/deps.js';
import { giveToOtherUser, runNodeAs, sourcesUnder, transpileSources } from '../../helpers/transpiled.js';
import { useTempDir, writeText } from '../../unit/kubeconfig/temp-files.js';

const tempDir = useTempDir();

const EXISTING = `apiVersion: v1
kind: Config
current-context: rivendell
preferences: {}
clusters:
- name: rivendell
  cluster: {server: https://rivendell.example}
users:
- name: elrond
  user: {token: t}
contexts:
- name: rivendell
  context: {cluster: rivendell, user: elrond}
`;

const ADD_FELLOWSHIP: KubeconfigEdit = {
  clusters: [{ name: 'fellowship', cluster: { server: 'https://fed.example' } }],
  users: [{ name: 'fellowship', user: { token: 'f' } }],
  contexts: [{ name: 'fellowship', context: { cluster: 'fellowship', user: 'fellowship' } }],
};

const mode = (path: string) => statSync(path).mode & 0o777;
const noWait = async () => undefined;

describe('updateKubeconfig: files and modes', () => {
  it('creates a new file with mode 0600 and its directories with 0755', async () => {
    const dir = tempDir();
    const file = join(dir, 'deep', 'er', 'config');
    const report = await updateKubeconfig({ paths: [file], explicit: true }, ADD_FELLOWSHIP, { overwrite: false });
    expect(report.added).toEqual(['cluster "fellowship"', 'user "fellowship"', 'context "fellowship"']);
    expect(mode(file)).toBe(0o600);
    expect(mode(join(dir, 'deep'))).toBe(0o755 & ~process.umask());
    expect(mode(join(dir, 'deep', 'er'))).toBe(0o755 & ~process.umask());
    expect(parseKubeconfigText(readFileSync(file, 'utf8'), file)).toEqual({ apiVersion: 'v1', kind: 'Config', ...ADD_FELLOWSHIP });
    expect(readdirSync(join(dir, 'deep', 'er'))).toEqual(['config']);
  });

  it('keeps the mode of an existing 0644 file and leaves no temporary or lock file', async () => {
    const dir = tempDir();
    const file = writeText(dir, 'config', EXISTING);
    chmodSync(file, 0o644);
    await updateKubeconfig({ paths: [file], explicit: true }, ADD_FELLOWSHIP, { overwrite: false });
    expect(mode(file)).toBe(0o644);
    expect(readdirSync(dir)).toEqual(['config']);
    const loaded = loadKubeconfig({ paths: [file], explicit: true });
    expect([...loaded.contexts.keys()]).toEqual(['rivendell', 'fellowship']);
    expect(loaded.currentContext).toBe('rivendell');
  });

  it('does not rewrite a file when every entry is already there', async () => {
    const dir = tempDir();
    const file = writeText(dir, 'config', EXISTING);
    const before = statSync(file).ino;
    const report = await updateKubeconfig(
      { paths: [file], explicit: true },
      { contexts: [{ name: 'rivendell', context: { user: 'elrond', cluster: 'rivendell' } }] },
      { overwrite: false },
    );
    expect(report.kept).toEqual(['context "rivendell"']);
    expect(statSync(file).ino).toBe(before);
    expect(readFileSync(file, 'utf8')).toBe(EXISTING);
  });

  it('writes through a symlinked kubeconfig to the file it points to', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'real'));
    const real = writeText(join(dir, 'real'), 'config', EXISTING);
    const link = join(dir, 'config');
    symlinkSync(real, link);
    await updateKubeconfig({ paths: [link], explicit: false }, ADD_FELLOWSHIP, { overwrite: false });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toContain('name: fellowship');
  });

  it('writes only the files that change with $KUBECONFIG a:b', async () => {
    const dir = tempDir();
    const a = writeText(dir, 'a', EXISTING);
    const b = writeText(dir, 'b', 'clusters:\n- name: in-b\n  cluster: {server: https://b}\n');
    await updateKubeconfig({ paths: [a, b], explicit: false }, { clusters: [{ name: 'in-b', cluster: { server: 'https://b2' } }] }, { overwrite: true });
    expect(readFileSync(a, 'utf8')).toBe(EXISTING);
    expect(parseKubeconfigText(readFileSync(b, 'utf8'), b)).toEqual({ clusters: [{ name: 'in-b', cluster: { server: 'https://b2' } }] });
  });
});

describe('updateKubeconfig: refusals', () => {
  it('refuses conflicting names without --overwrite, changing nothing and releasing the locks', async () => {
    const dir = tempDir();
    const file = writeText(dir, 'config', EXISTING);
    const edit: KubeconfigEdit = {
      clusters: [{ name: 'rivendell', cluster: { server: 'https://elsewhere' } }, { name: 'new', cluster: { server: 'https://n' } }],
      users: [{ name: 'elrond', user: { token: 'other' } }],
    };
    const attempt = updateKubeconfig({ paths: [file], explicit: true }, edit, { overwrite: false });
    await expect(attempt).rejects.toThrow(CliError);
    await expect(updateKubeconfig({ paths: [file], explicit: true }, edit, { overwrite: false })).rejects.toThrow(
      new CliError('kubeconfig already has cluster "rivendell", user "elrond" pointing elsewhere; pass --overwrite to replace them, or choose another name'),
    );
    expect(readFileSync(file, 'utf8')).toBe(EXISTING);
    expect(readdirSync(dir)).toEqual(['config']);
    const report = await updateKubeconfig({ paths: [file], explicit: true }, edit, { overwrite: true });
    expect(report).toMatchObject({ added: ['cluster "new"'], updated: ['cluster "rivendell"', 'user "elrond"'], conflicts: [] });
  });

  it('gives up on a lock held by a stuck process after a bounded, jittered wait', async () => {
    const dir = tempDir();
    const a = writeText(dir, 'a', EXISTING);
    const b = writeText(dir, 'b', EXISTING);
    writeFileSync(`${b}.lock`, '');
    const sleeps: number[] = [];
    const sleep = async (ms: number) => {
      sleeps.push(ms);
    };
    const attempt = updateKubeconfig({ paths: [b, a], explicit: false }, ADD_FELLOWSHIP, { overwrite: false, sleep, randomBytes: seededRandom() });
    await expect(attempt).rejects.toThrow(
      new CliError(`kubeconfig ${b} is locked by another process (${b}.lock exists); retry, or remove the lock file if no kubectl or kubefed is running`),
    );
    const total = sleeps.reduce((sum, ms) => sum + ms, 0);
    expect(total).toBeLessThanOrEqual(5000);
    expect(total).toBeGreaterThan(4000);
    expect(new Set(sleeps).size).toBeGreaterThan(5);
    // The stuck lock is not ours to remove; the one we took on a is released.
    expect(existsSync(`${b}.lock`)).toBe(true);
    expect(existsSync(`${a}.lock`)).toBe(false);
    expect(readFileSync(a, 'utf8')).toBe(EXISTING);
  });

  it('waits for a lock that is released, then writes', async () => {
    const dir = tempDir();
    const file = writeText(dir, 'config', EXISTING);
    writeFileSync(`${file}.lock`, '');
    let waits = 0;
    const sleep = async () => {
      // The other writer finishes while we wait the third time.
      if (++waits === 3) unlinkSync(`${file}.lock`);
    };
    const report = await updateKubeconfig({ paths: [file], explicit: true }, ADD_FELLOWSHIP, { overwrite: false, sleep });
    expect(waits).toBe(3);
    expect(report.added).toHaveLength(3);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('fails at once with a lock budget of zero', async () => {
    const dir = tempDir();
    const file = writeText(dir, 'config', EXISTING);
    writeFileSync(`${file}.lock`, '');
    await expect(updateKubeconfig({ paths: [file], explicit: true }, ADD_FELLOWSHIP, { overwrite: false, sleep: noWait, lockWaitMs: 0 })).rejects.toThrow(
      `kubeconfig ${file} is locked by another process`,
    );
  });
});

describe('updateKubeconfig: permissions and ownership, as kubectl keeps them', () => {
  /** A directory every user may enter, holding the transpiled kubeconfig modules and a runner. */
  function childRunner(): { base: string; runner: string } {
    const base = tempDir();
    chmodSync(base, 0o755);
    transpileSources(join(base, 'runner'), ['src/errors.ts', 'src/run-state.ts', ...sourcesUnder('src/kubeconfig')]);
    const runner = join(base, 'runner', 'add-fellowship.js');
    writeFileSync(
      runner,
      [
        "import { updateKubeconfig } from './src/kubeconfig/write.js';",
        `const edit = ${JSON.stringify(ADD_FELLOWSHIP)};`,
        'try {',
        '  await updateKubeconfig({ paths: [process.argv[2]], explicit: true }, edit, { overwrite: false });',
        '} catch (err) {',
        '  process.stderr.write(`${err.message}\\n`);',
        '  process.exitCode = 1;',
        '}',
        '',
      ].join('\n'),
    );
    return { base, runner };
  }

  it('refuses to replace a kubeconfig its user cannot write (mode 0400), even in a writable directory', async () => {
    const { base, runner } = childRunner();
    const home = join(base, 'home');
    mkdirSync(home);
    giveToOtherUser(home);
    const file = writeText(home, 'config', EXISTING);
    giveToOtherUser(file);
    chmodSync(file, 0o400);
    const run = await runNodeAs(runner, [file]);
    expect(run.stderr).toBe(`kubeconfig ${file} is not writable (EACCES, mode 0400); make it writable (chmod u+w ${file}), or pass another file to --kubeconfig\n`);
    expect(run.code).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe(EXISTING);
    expect(mode(file)).toBe(0o400);
    expect(readdirSync(home)).toEqual(['config']);
  });

  it("keeps the owner, group and mode of a file it rewrites (root writing another user's kubeconfig)", async () => {
    const dir = tempDir();
    const file = writeText(dir, 'config', EXISTING);
    chmodSync(file, 0o640);
    giveToOtherUser(file);
    const before = statSync(file);
    await updateKubeconfig({ paths: [file], explicit: true }, ADD_FELLOWSHIP, { overwrite: false });
    const after = statSync(file);
    expect([after.uid, after.gid, after.mode & 0o7777]).toEqual([before.uid, before.gid, 0o640]);
    expect(after.ino).not.toBe(before.ino); // replaced atomically, not rewritten in place
    expect([...loadKubeconfig({ paths: [file], explicit: true }).contexts.keys()]).toEqual(['rivendell', 'fellowship']);
  });
});
