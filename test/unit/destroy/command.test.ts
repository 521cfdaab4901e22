import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { kubefed, tempDir, writeTemp } from '../../helpers/cli.js';
import { giveToOtherUser, runNodeAs, transpiledCli } from '../../helpers/transpiled.js';
import { kubeconfigAfterInit } from './kubeconfig-fixture.js';

const dir = tempDir('kubefed-destroy-cmd-');
const KUBECONFIG = writeTemp(dir, 'config', yaml.dump(kubeconfigAfterInit()));

describe('kubefed destroy: flags and arguments (nothing is sent)', () => {
  it.each([
    [[], "error: FEDERATION_NAME is required\nSee 'kubefed destroy -h' for help and examples.\n"],
    [['fellowship', '--dry-run=maybe'], 'error: invalid --dry-run "maybe": use --dry-run, --dry-run=client or --dry-run=server\n'],
    [['fellowship', '--timeout=soon'], 'error: invalid --timeout: "soon", use a duration such as 30s, 5m or 1h\n'],
  ])('destroy %j exits 2', async (args, stderr) => {
    const result = await kubefed(['destroy', ...args, '--kubeconfig', KUBECONFIG]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(stderr);
  });

  it('accepts -o json and yaml only', async () => {
    const result = await kubefed(['destroy', 'fellowship', '-o', 'name', '--kubeconfig', KUBECONFIG]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: option '-o, --output <format>' argument 'name' is invalid. Allowed choices are yaml, json.`);
  });

  it('reports every resolve problem at once, before the consent check', async () => {
    const result = await kubefed(['destroy', 'fellowship', '--context', 'nope', '--host-cluster-context', 'nowhere', '--kubeconfig', KUBECONFIG]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: context "nope" not found in kubeconfig (${KUBECONFIG}); pass an existing context to --context\n` +
        `context "nowhere" not found in kubeconfig (${KUBECONFIG}); pass an existing context to --host-cluster-context\n`,
    );
  });

  it('names the federation a mistyped name is close to, instead of asking for the host context', async () => {
    const asked: string[] = [];
    const clients = { forContext: async (ctx: { name: string }) => Promise.reject(new Error(`client for ${asked.push(ctx.name) && ctx.name}`)) };
    const result = await kubefed(['destroy', 'fellowshp', '--yes', '--kubeconfig', KUBECONFIG], { clients });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('error: federation "fellowshp" not found in kubeconfig (no context "fellowshp"); did you mean "fellowship"?\n');
    expect(asked).toEqual([]);
  });

  it('with --ignore-not-found, a mistyped name is nothing to destroy, and the likely name is given', async () => {
    const result = await kubefed(['destroy', 'fellowshp', '--yes', '--ignore-not-found', '--kubeconfig', KUBECONFIG]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'federation "fellowshp" not found: kubeconfig has no context "fellowshp" and --host-cluster-context is not given; nothing to destroy (did you mean "fellowship"?)\n',
    );
  });

  it('refuses a kubeconfig its user cannot write (0400) before anything is deleted', async () => {
    const shared = tempDir('kubefed-destroy-ro-');
    const runner = transpiledCli(shared);
    const home = join(shared, 'home');
    mkdirSync(home);
    giveToOtherUser(home);
    const file = writeTemp(home, 'config', yaml.dump(kubeconfigAfterInit()));
    giveToOtherUser(file);
    chmodSync(file, 0o400);
    // Its clusters (rivendell.example, …) do not exist: had anything been sent, the error would be another.
    const run = await runNodeAs(runner, ['destroy', 'fellowship', '--yes'], { KUBECONFIG: file, HOME: home });
    expect(run.stderr).toBe(`error: kubeconfig ${file} is not writable (EACCES, mode 0400); make it writable (chmod u+w ${file}), or pass another file to --kubeconfig\n`);
    expect(run.code).toBe(2);
  }, 120_000);

  it('documents its flags and examples in --help', async () => {
    const result = await kubefed(['destroy', '--help']);
    expect(result.code).toBe(0);
    for (const flag of ['--host-cluster-context', '--federation-system-namespace', '-y, --yes', '--keep-members', '--keep-data', '--force', '--ignore-not-found', '--dry-run [mode]', '--timeout', '--kubeconfig', '--context']) {
      expect(result.stdout).toContain(flag);
    }
    expect(result.stdout).toContain('kubefed destroy fellowship --yes --keep-data');
    expect(result.stdout).toContain('kubefed destroy fellowship --yes --ignore-not-found');
    expect(result.stdout).toContain('(default: "5m")');
    expect(result.stdout).toContain('The kubeconfig context of the federation API server (default: FEDERATION_NAME, the context kubefed init wrote).');
  });

  it('needs --yes when stdin is not a terminal, even with everything else resolved', async () => {
    const result = await kubefed(['destroy', 'fellowship'], { env: { KUBECONFIG: join(dir, 'config') } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pass --yes to confirm');
  });
});
