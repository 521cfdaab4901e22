import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { tempDir } from '../../helpers/cli.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..', '..');

/**
 * The packed CLI, installed from its tarball the way a user installs it, answers --help and runs
 * a client dry run against an emulated host (the CLI is a child process; the emulator serves here).
 */
describe('the npm package', () => {
  let prefix: string;
  let bin: string;
  let emu: Emulator;

  beforeAll(async () => {
    const dir = tempDir('kubefed-pack-');
    // npm pack compiles dist/ first (the prepack script), so the tarball never holds a stale build.
    const { stdout } = await run('npm', ['pack', '--pack-destination', dir, '--json'], { cwd: ROOT });
    const tarball = join(dir, (JSON.parse(stdout) as { filename: string }[])[0].filename);
    prefix = join(dir, 'install');
    await run('npm', ['install', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: dir });
    bin = join(prefix, 'node_modules', '.bin', 'kubefed');
    emu = await startEmulator([{ name: 'rivendell' }]);
  }, 300_000);
  afterAll(() => emu?.close());

  it('installs the kubefed bin, which prints its help', async () => {
    const { stdout } = await run(bin, ['--help']);
    expect(stdout).toContain('kubefed controls a Kubernetes Cluster Federation');
    expect(stdout).toMatch(/init \[options\] \[FEDERATION_NAME\]/);
  });

  it('installs kubectl-kubefed, the kubectl plugin, beside it', async () => {
    const { stdout } = await run(join(prefix, 'node_modules', '.bin', 'kubectl-kubefed'), ['version']);
    expect(stdout).toMatch(/^kubefed version: v\d+\.\d+\.\d+/);
  });

  it('needs no dependency at run time: every one is in the bundle', () => {
    expect(readdirSync(join(prefix, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual(['kubefed']);
  });

  it("carries client-node's client without its typed models or node-fetch's URL tables (scripts/build.mjs)", () => {
    const chunks = join(prefix, 'node_modules', 'kubefed', 'dist', 'chunks');
    const texts = readdirSync(chunks).map((name) => readFileSync(join(chunks, name), 'utf8'));
    // client-node's object API is there: the client is bundled, not left out.
    expect(texts.some((text) => /apiVersionResourceCache ?= ?\{\}/.test(text))).toBe(true);
    // A model class and the punycode code of tr46, both in the bundle before these were left out.
    expect(texts.filter((text) => text.includes('V1PodSpec') || text.includes('punycode'))).toEqual([]);
  });

  it('is CommonJS throughout, so no start sets up the ES module loader (scripts/build.mjs)', async () => {
    const dist = join(prefix, 'node_modules', 'kubefed', 'dist');
    expect(JSON.parse(readFileSync(join(dist, 'package.json'), 'utf8'))).toEqual({ type: 'commonjs' });
    const files = ['main.js', ...readdirSync(join(dist, 'chunks')).map((name) => join('chunks', name))];
    const esm = files.filter((name) => /(?:^|[;}\n])(?:import\s*[{"*]|import [\w$]+ from|export\s*[{*]|export (?:const|let|var|function|class|default) )|import\.meta/.test(readFileSync(join(dist, name), 'utf8')));
    expect(esm).toEqual([]);
    expect(files.every((name) => readFileSync(join(dist, name), 'utf8').startsWith('"use strict";'))).toBe(true);
    // What a start loads, seen from inside: `--help` through bin/ sets up no more of Node's ES
    // module loader than `node -e 0` does (none on Node 20; Node 22 and later load it at start).
    const probe = join(prefix, 'probe.cjs');
    writeFileSync(probe, "process.on('exit', () => process.stderr.write(`loaded: ${process.moduleLoadList.join(',')}`));\n");
    const esmModules = async (args: string[]) => {
      const { stderr } = await run(process.execPath, ['--require', probe, ...args]);
      expect(stderr).toContain('loaded: ');
      return stderr.slice(stderr.indexOf('loaded: ') + 8).split(',').filter((name) => name.includes('internal/modules/esm/'));
    };
    const baseline = new Set(await esmModules(['-e', '0']));
    const help = await esmModules([bin, '--help']);
    expect(help.filter((name) => !baseline.has(name))).toEqual([]);
    if (process.versions.node.startsWith('20.')) expect(help).not.toContain('NativeModule internal/modules/esm/loader');
  });

  it('runs a client dry run of init against a host cluster', async () => {
    const kubeconfig = join(prefix, 'kubeconfig');
    emu.writeKubeconfig(kubeconfig, { currentContext: 'rivendell' });
    const { stdout } = await run(bin, ['init', 'fellowship', '--dns-provider=google-clouddns', '--dns-zone-name=example.com.', '--dry-run', '-o', 'name'], {
      env: { ...process.env, KUBECONFIG: kubeconfig },
    });
    expect(stdout.split('\n')).toContain('deployment/controller-manager');
    expect(emu.cluster('rivendell').mutatingRequests()).toEqual([]);
  });
});
