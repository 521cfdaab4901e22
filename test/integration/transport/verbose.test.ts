/**
 * -v and kubectl's --v=N (README "Output, errors and exit codes"): one stderr line per request
 * kubefed sends — the same requests as went out on the wire — each carrying
 * kubefed's User-Agent; at level 6 the full URL and the status text.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_USER_AGENT } from '../../../src/k8s/transport.js';
import { REQUEST_LINE } from '../../../src/output/activity.js';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { COREDNS_CONFIG, freeNodePort, initArgs, kubefed, tempDir, writeTemp } from '../../helpers/cli.js';
import { recordRequests, type Exchange } from '../../scenarios/request-record.js';

let emu: Emulator;
let kubeconfig: string;

beforeAll(async () => {
  emu = await startEmulator([{ name: 'rivendell' }, { name: 'gondor' }, { name: 'rohan' }]);
  const dir = tempDir('kubefed-verbose-');
  kubeconfig = join(dir, 'config');
  emu.writeKubeconfig(kubeconfig, { currentContext: 'rivendell' });
  const conf = writeTemp(dir, 'coredns.conf', COREDNS_CONFIG);
  const init = await kubefed(initArgs(conf, await freeNodePort(), '--timeout=60s', '-q'), { env: { KUBECONFIG: kubeconfig } });
  expect(init.code, init.stderr).toBe(0);
  // -q without -v: no request lines.
  expect(init.stderr.split('\n').filter((l) => REQUEST_LINE.test(l))).toEqual([]);
});
afterAll(() => emu?.close());

/**
 * Runs kubefed while recording the HTTP requests of this process that carry kubefed's User-Agent
 * (the emulator's own controllers probe /healthz with none).
 */
async function recorded(argv: string[]) {
  const recording = recordRequests((ua) => ua === CLIENT_USER_AGENT);
  try {
    const run = await kubefed(argv, { env: { KUBECONFIG: kubeconfig } });
    return { run, exchanges: await recording.take() };
  } finally {
    recording.stop();
  }
}

const pathOnly = (e: Exchange) => `  ${e.method} ${e.path.split('?')[0]} ${e.status} `;

describe('join -v', () => {
  it('prints one line per request, as sent; every request carries kubefed/<version>', async () => {
    const { run, exchanges } = await recorded(['join', '-v', 'gondor', '--context=fellowship']);
    expect(run.code, run.stderr).toBe(0);
    // `-v gondor`: gondor is the cluster, not a level.
    expect(run.stdout + run.stderr).toContain('gondor');
    const lines = run.stderr.split('\n').filter((l) => REQUEST_LINE.test(l));
    expect(exchanges.length).toBeGreaterThan(10);
    // Every request kubefed logged went out with kubefed/<version>, and no other did.
    expect(lines.length).toBe(exchanges.length);
    // Lines are written as requests end, so concurrent reads may swap places: compare as sets.
    expect(lines.map((l) => l.slice(0, l.lastIndexOf(' ', l.lastIndexOf(' ms') - 1) + 1)).sort()).toEqual(exchanges.map(pathOnly).sort());
    expect(lines.some((l) => /^ {2}POST \/apis\/federation\/v1beta1\/clusters 201 \d+ ms \(fellowship\)$/.test(l))).toBe(true);
  });

  it('--v=6 prints the full URL, the status text and the time; --v=0 prints none', async () => {
    const six = await kubefed(['join', 'rohan', '--context=fellowship', '--v=6', '--dry-run=server'], { env: { KUBECONFIG: kubeconfig } });
    expect(six.code, six.stderr).toBe(0);
    const lines = six.stderr.split('\n').filter((l) => REQUEST_LINE.test(l));
    expect(lines.length).toBeGreaterThan(5);
    const rohan = emu.cluster('rohan').server;
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^ {2}GET ${rohan.replace(/[.]/g, '\\.')}/api 200 OK in \\d+ ms \\(rohan\\)$`)));
    expect(lines.some((l) => l.includes('dryRun=All'))).toBe(true);
    const zero = await kubefed(['join', 'rohan', '--context=fellowship', '--v=0', '--dry-run=server'], { env: { KUBECONFIG: kubeconfig } });
    expect(zero.code, zero.stderr).toBe(0);
    expect(zero.stderr.split('\n').filter((l) => REQUEST_LINE.test(l))).toEqual([]);
  });

  it('unjoin -v 7 and destroy -v print request lines too', async () => {
    const unjoin = await kubefed(['unjoin', 'gondor', '--context=fellowship', '-v', '7'], { env: { KUBECONFIG: kubeconfig } });
    expect(unjoin.code, unjoin.stderr).toBe(0);
    expect(unjoin.stderr.split('\n').filter((l) => /^ {2}DELETE https:\/\/127\.0\.0\.1:\d+\/\S+ 200 OK in \d+ ms \(\w+\)$/.test(l)).length).toBeGreaterThan(0);
  });
});
