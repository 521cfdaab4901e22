import { execFile } from 'node:child_process';
import { copyFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { COREDNS_CONFIG, freeNodePort, tempDir, writeTemp } from '../../helpers/cli.js';
import { ROOT } from './stage.js';

const run = promisify(execFile);

/**
 * `npm run build:sea`'s two steps (scripts/build.mjs sea, scripts/sea.mjs), into a private folder;
 * the executable is then copied alone into an empty folder and run from there, so nothing of the
 * checkout (node_modules, dist/) can be what makes it work.
 */
describe('the single executable', () => {
  let exe: string;
  let emu: Emulator;
  let empty: string;
  let buildDir: string;

  beforeAll(async () => {
    buildDir = tempDir('kubefed-sea-build-');
    const out = join(buildDir, 'sea');
    await run(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), 'sea', '--outdir', out], { cwd: ROOT });
    await run(process.execPath, [join(ROOT, 'scripts', 'sea.mjs'), '--outdir', out], { cwd: ROOT });
    empty = tempDir('kubefed-sea-run-');
    exe = join(empty, 'kubefed');
    copyFileSync(join(out, 'kubefed'), exe);
    emu = await startEmulator([{ name: 'rivendell' }]);
  }, 240_000);
  afterAll(async () => {
    await emu?.close();
    // Each copy of the executable is the size of node itself.
    for (const dir of [buildDir, empty]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is the only file in its folder and prints its version', async () => {
    expect(readdirSync(empty)).toEqual(['kubefed']);
    const { stdout } = await run(exe, ['version'], { cwd: empty, env: { PATH: '/usr/bin:/bin' } });
    expect(stdout).toMatch(/^kubefed version: v\d+\.\d+\.\d+/);
  });

  it('runs init against an emulated host, waiting for the control plane', async () => {
    const dir = tempDir('kubefed-sea-conf-');
    const kubeconfig = join(dir, 'config');
    emu.writeKubeconfig(kubeconfig, { currentContext: 'rivendell' });
    const conf = writeTemp(dir, 'coredns-provider.conf', COREDNS_CONFIG);
    const port = await freeNodePort();
    const { stdout, stderr } = await run(
      exe,
      ['init', 'fellowship', '--host-cluster-context=rivendell', '--dns-provider=coredns', '--dns-zone-name=example.com.', `--dns-provider-config=${conf}`,
        '--api-server-service-type=NodePort', '--api-server-advertise-address=127.0.0.1', `--api-server-port=${port}`, '--timeout=60s'],
      { cwd: empty, env: { PATH: '/usr/bin:/bin', HOME: dir, KUBECONFIG: kubeconfig } },
    );
    expect(stdout).toBe(`Federation API server is running at: 127.0.0.1:${port}\n`);
    expect(stderr).toMatch(/Waiting for federation control plane to come up\.* done/);
    expect([...emu.cluster('rivendell').snapshot().keys()]).toContain('Deployment/federation-system/controller-manager');
    expect(readdirSync(empty)).toEqual(['kubefed']);
  });
});
