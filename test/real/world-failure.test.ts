/**
 * A world that cannot start fails with the reason and the log of the process concerned, and
 * leaves no process behind. Stand-in programs play the control plane, so no build is needed.
 */
import { chmodSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { processesMentioning } from './leftovers.js';
import { startRealWorld } from './world.js';

function fakeControlPlane(apiserver: string): string {
  const bin = tempDir('kubefed-fake-cp-');
  // No exec: the shell stays, and its command line (program path and flags) shows in /proc.
  const scripts = { etcd: 'sleep 300', 'kube-controller-manager': 'sleep 300', 'kube-apiserver': apiserver };
  for (const [name, body] of Object.entries(scripts)) {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  return bin;
}

describe('a real world that cannot start', () => {
  const saved = process.env.KUBEFED_CONTROL_PLANE_BIN;
  const cleanup: string[] = [];
  afterEach(() => {
    if (saved === undefined) delete process.env.KUBEFED_CONTROL_PLANE_BIN;
    else process.env.KUBEFED_CONTROL_PLANE_BIN = saved;
    for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function failedStart(apiserver: string, timeoutMs?: number): Promise<Error> {
    const bin = fakeControlPlane(apiserver);
    cleanup.push(bin);
    process.env.KUBEFED_CONTROL_PLANE_BIN = bin;
    const error = await startRealWorld({ clusters: [{ name: 'moria' }], timeoutMs }).then(
      () => new Error('the world started'),
      (e: Error) => e,
    );
    const logDir = /logs of this real world kept in (\S+)\)/.exec(error.message)?.[1];
    expect(logDir, error.message).toBeDefined();
    cleanup.push(join(logDir!, '..'));
    // Only the logs stay; no process of the world runs on.
    expect(readdirSync(join(logDir!, '..'))).toEqual(['logs']);
    expect(processesMentioning(bin)).toEqual([]);
    expect(processesMentioning(join(logDir!, '..'))).toEqual([]);
    return error;
  }

  it('names the process that exited, with the end of its log', async () => {
    const error = await failedStart('echo "Error: unknown flag: --frobnicate" >&2; exit 1');
    expect(error.message).toMatch(/^moria kube-apiserver \(pid \d+\) exited while waiting for moria kube-apiserver \/readyz; log \S+moria-kube-apiserver\.log:\nError: unknown flag: --frobnicate\n/);
  });

  it('times out with the last answer and every log', async () => {
    const error = await failedStart('echo "still starting"; sleep 300', 1500);
    expect(error.message).toContain('timed out waiting for moria kube-apiserver /readyz (GET /readyz: no connection');
    expect(error.message).toMatch(/--- moria kube-apiserver, log \S+: *\nstill starting/);
    expect(existsSync(error.message.match(/log (\S+moria-kube-apiserver\.log)/)![1])).toBe(true);
  });
});
