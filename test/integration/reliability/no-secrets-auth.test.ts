import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { COREDNS_CONFIG, freeNodePort, initArgs, kubefed, tempDir, writeTemp, type CliRun } from '../../helpers/cli.js';
import { findLeak, kubeconfigNeedles, storedSecretNeedles, type Needle } from './secret-needles.js';

/**
 * The federation's basic-auth password and token-auth token (README, kubefed init: random, from a
 * cryptographic source) stay out of every output of init unless --show-secrets is given.
 */
describe('init with --apiserver-enable-basic-auth and --apiserver-enable-token-auth', () => {
  let emu: Emulator;
  let kubeconfig: string;
  let conf: string;
  let port: number;

  beforeAll(async () => {
    emu = await startEmulator([{ name: 'rivendell' }]);
    const dir = tempDir('kubefed-auth-');
    kubeconfig = join(dir, 'config');
    emu.writeKubeconfig(kubeconfig, { currentContext: 'rivendell' });
    conf = writeTemp(dir, 'coredns.conf', COREDNS_CONFIG);
    port = await freeNodePort();
  });
  afterAll(async () => emu?.close());

  const init = (...extra: string[]) =>
    kubefed(initArgs(conf, port, '--apiserver-enable-basic-auth', '--apiserver-enable-token-auth', '--timeout=60s', ...extra), { env: { KUBECONFIG: kubeconfig } });

  // Also guards against a past defect: init once planned its namespace step with empty credentials
  // and failed with basic or token auth enabled.
  it('succeeds, and neither the password nor the token appears in any output unless --show-secrets', async () => {
    const runs: [string, CliRun][] = [];
    for (const [label, extra] of [
      ['init', []],
      ['init -v', ['-v']],
      ['init -o json', ['-o', 'json']],
      ['init -o yaml', ['-o', 'yaml']],
      ['init --dry-run', ['--dry-run']],
      ['init --dry-run=server -v', ['--dry-run=server', '-v']],
    ] as const) {
      const run = await init(...extra);
      expect(run.code, `${label}: ${run.stderr}`).toBe(0);
      runs.push([label, run]);
    }

    const stored = storedSecretNeedles(emu, 'rivendell');
    const local = kubeconfigNeedles('local kubeconfig', readFileSync(kubeconfig, 'utf8'), (name) => name.startsWith('fellowship'));
    const pick = (needles: Needle[], pattern: RegExp) => needles.filter((n) => pattern.test(n.label));
    const password = pick(stored, /basicauth\.csv first field/);
    const token = pick(stored, /token\.csv first field/);
    expect(password.length).toBeGreaterThan(0);
    expect(token.length).toBeGreaterThan(0);
    expect(pick(local, /user fellowship token/).map((n) => n.text)).toEqual(token.map((n) => n.text));
    expect(pick(local, /user fellowship-basic-auth password/).map((n) => n.text)).toEqual(password.map((n) => n.text));

    for (const [label, run] of runs) {
      const leak = findLeak(`${run.stdout}\n${run.stderr}`, [...stored, ...local]);
      expect(leak?.label, `${label} prints ${leak?.label}`).toBeUndefined();
    }

    const shown = await init('--dry-run', '--show-secrets');
    expect(shown.code).toBe(0);
    expect(findLeak(shown.stdout, password)).toBeDefined();
    expect(findLeak(shown.stdout, token)).toBeDefined();
  });
});
