import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/cli.js';
import { stageBuild } from './stage.js';

const run = promisify(execFile);

/** Resolves with everything printed once `text` has appeared on the child's stdout. */
function printed(child: ChildProcess, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(text)) resolve(out);
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited ${code} before printing "${text}": ${out}`)));
  });
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/**
 * `npm run sandbox` is scripts/sandbox.mjs after the two builds: here it runs from a staged copy
 * of the checkout, as a child process in the foreground, the way a newcomer runs it.
 */
describe('the sandbox', () => {
  let child: ChildProcess;
  let output: string;
  let env: NodeJS.ProcessEnv;
  let workDir: string;
  let ports: number[];
  let stage: string;
  let warnings = '';

  beforeAll(async () => {
    stage = tempDir('kubefed-sandbox-stage-');
    await stageBuild(stage, { emulator: true, scripts: ['sandbox.mjs'] });
    // --pending-deprecation: what Node 20 only notes here, Node 22 and later print to every user
    // (a built-in module such as `punycode` loaded by a bundled dependency).
    child = spawn(process.execPath, [join(stage, 'scripts', 'sandbox.mjs')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --pending-deprecation`.trim() },
    });
    child.stderr?.on('data', (d: Buffer) => (warnings += d.toString()));
    output = await printed(child, 'Press Ctrl-C');
    const kubeconfig = /^export KUBECONFIG=(.+)$/m.exec(output)?.[1];
    const path = /^export PATH=(.+):\$PATH$/m.exec(output)?.[1];
    if (!kubeconfig || !path) throw new Error(`no exports in the sandbox's output: ${output}`);
    workDir = join(path, '..');
    ports = [...readFileSync(kubeconfig, 'utf8').matchAll(/server: https:\/\/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
    env = { ...process.env, KUBECONFIG: kubeconfig, PATH: `${path}:${process.env.PATH ?? ''}` };
  }, 180_000);
  afterAll(() => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    if (stage) rmSync(stage, { recursive: true, force: true });
  });

  it('prints the exports and the commands to try', () => {
    expect(output).toContain('EMULATED clusters');
    expect(output).toMatch(/^kubefed init fellowship --host-cluster-context=rivendell /m);
    expect(output).toMatch(/^kubefed join gondor rohan --context fellowship$/m);
  });

  it('runs the printed init command against its clusters', async () => {
    const init = /^kubefed init .+$/m.exec(output)?.[0];
    expect(init).toBeDefined();
    const { stdout } = await run('sh', ['-c', init as string], { env });
    expect(stdout).toMatch(/^Federation API server is running at: 127\.0\.0\.1:\d+\n$/);
    const health = await run('sh', ['-c', 'kubectl --context fellowship get --raw /healthz'], { env });
    expect(health.stdout.trim()).toBe('ok');
    // The emulated clusters served all of it without a deprecation warning in the sandbox's output.
    expect(warnings).not.toContain('DeprecationWarning');
  });

  it('stops the clusters and removes its folder on SIGINT', async () => {
    expect(existsSync(workDir)).toBe(true);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let tail = '';
    child.stdout?.on('data', (d: Buffer) => (tail += d.toString()));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(tail).toContain(`sandbox stopped; removed ${workDir}`);
    expect(existsSync(workDir)).toBe(false);
    // The three clusters' API servers no longer listen.
    expect(ports.length).toBeGreaterThanOrEqual(3);
    for (const port of ports) expect(await refused(port)).toBe(true);
  });
});
