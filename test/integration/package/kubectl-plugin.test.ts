import { execFile } from 'node:child_process';
import { symlinkSync, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/cli.js';
import { stageBuild } from './stage.js';

const run = promisify(execFile);

/**
 * kubectl finds plugins as executables named kubectl-<name> on PATH: a folder holding a
 * kubectl-kubefed link to the built CLI (what `npm install -g` puts on PATH) makes
 * `kubectl kubefed …` run kubefed through the real kubectl.
 */
describe('kubefed as a kubectl plugin', () => {
  let env: NodeJS.ProcessEnv;
  let link: string;

  beforeAll(async () => {
    const dir = tempDir('kubefed-plugin-');
    const cli = await stageBuild(join(dir, 'pkg'));
    const path = join(dir, 'path');
    mkdirSync(path);
    link = join(path, 'kubectl-kubefed');
    symlinkSync(cli, link);
    env = { ...process.env, PATH: `${path}${delimiter}${process.env.PATH ?? ''}`, KUBECONFIG: join(dir, 'no-kubeconfig') };
  }, 120_000);

  it('kubectl plugin list finds kubectl-kubefed on PATH', async () => {
    const { stdout } = await run('kubectl', ['plugin', 'list'], { env }).catch((err: { stdout: string }) => err);
    expect(stdout).toContain(link);
  });

  it('kubectl kubefed version runs kubefed', async () => {
    const { stdout } = await run('kubectl', ['kubefed', 'version'], { env });
    expect(stdout).toMatch(/^kubefed version: v\d+\.\d+\.\d+/);
  });

  it('kubectl kubefed passes flags and exit codes through: bad input exits 2', async () => {
    const failure = await run('kubectl', ['kubefed', 'init', 'fellowship', '--dns-provider=nope'], { env }).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain('invalid --dns-provider: "nope"');
  });
});
