import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { runCli } from '../../src/cli.js';
import type { Deps } from '../../src/deps.js';
import { makeTestDeps, type TestDeps } from './deps.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  deps: TestDeps;
}

/** Runs kubefed in-process with test Deps; integration runs use the real clock so kubectl accepts the certificates. */
export async function kubefed(argv: string[], overrides: Partial<Deps> & { env?: Record<string, string | undefined> } = {}): Promise<CliRun> {
  const deps = makeTestDeps({ now: () => new Date(), ...overrides });
  const code = await runCli(argv, deps);
  return { code, stdout: deps.stdout.text(), stderr: deps.stderr.text(), deps };
}

export function tempDir(prefix = 'kubefed-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeTemp(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A free TCP port in the node-port range (or a cluster's band of it), for --api-server-port. */
export async function freeNodePort([low, high]: [number, number] = [30000, 32767]): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low));
    const ok = await new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error(`no free port in ${low}-${high}`);
}

export const COREDNS_CONFIG = `[Global]
etcd-endpoints = http://etcd-cluster.dns:2379
zones = example.com.
coredns-endpoints = 127.0.0.1:30053
`;

const execFileAsync = promisify(execFile);

/**
 * Runs the real kubectl asynchronously — the emulator serves from this same process, so a
 * synchronous child process would block it.
 */
export async function kubectl(args: string[], env?: Record<string, string>): Promise<string> {
  const { stdout } = await execFileAsync('kubectl', args, { encoding: 'utf8', env: env ? { ...process.env, ...env } : process.env });
  return stdout;
}

/** Arguments of the reference init command, against context rivendell. */
export function initArgs(configFile: string, port: number, ...extra: string[]): string[] {
  return [
    'init', 'fellowship', '--host-cluster-context=rivendell', '--dns-provider=coredns', '--dns-zone-name=example.com.',
    `--dns-provider-config=${configFile}`, '--api-server-service-type=NodePort', '--api-server-advertise-address=127.0.0.1',
    `--api-server-port=${port}`, ...extra,
  ];
}
