import * as fs from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveTargets } from '../../../src/federation/targets.js';
import type { MemberOptions } from '../../../src/options/common.js';
import { makeTestDeps } from '../../helpers/deps.js';
import { useTempDir } from './temp-files.js';

// Every read of a file goes through this spy, so a test can count the reads of each kubeconfig.
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return { ...actual, readFileSync: vi.fn(actual.readFileSync) };
});

const readsOf = (path: string): number => vi.mocked(fs.readFileSync).mock.calls.filter(([file]) => file === path).length;

const named = (names: string[], user: string) => ({
  clusters: names.map((name) => ({ name, cluster: { server: `https://${name}.example` } })),
  users: [{ name: user, user: { token: 't' } }],
  contexts: names.map((name) => ({ name, context: { cluster: name, user } })),
});

describe('a join or unjoin run reads each kubeconfig file once', () => {
  const tempDir = useTempDir();
  beforeEach(() => {
    vi.mocked(fs.readFileSync).mockClear();
  });

  function files(): { main: string; members: string; creds: string } {
    const dir = tempDir();
    const write = (name: string, doc: object): string => {
      const path = join(dir, name);
      fs.writeFileSync(path, yaml.dump({ apiVersion: 'v1', kind: 'Config', ...doc }));
      return path;
    };
    const host = named(['rivendell'], 'admin');
    const record = { 'host-context': 'rivendell', 'federation-system-namespace': 'fed-ns', 'federation-name': 'fellowship' };
    const main = write('main', {
      ...host,
      contexts: [...host.contexts, { name: 'fellowship', context: { cluster: 'rivendell', user: 'admin', extensions: [{ name: 'kubefed', extension: record }] } }],
      'current-context': 'fellowship',
    });
    const members = write('members', named(['gondor', 'rohan'], 'member-admin'));
    const creds = write('creds', { ...named(['gondor', 'rohan'], 'creds-admin'), 'current-context': 'gondor' });
    return { main, members, creds };
  }

  const options = (overrides: Partial<MemberOptions>): MemberOptions => ({
    clusters: ['gondor', 'rohan'],
    verbose: false,
    quiet: false,
    requestTimeoutMs: 0,
    timeoutMs: 1000,
    ...overrides,
  });

  it('with $KUBECONFIG naming two files and a --credentials-kubeconfig', () => {
    const { main, members, creds } = files();
    const deps = makeTestDeps({ env: { KUBECONFIG: `${main}:${members}` } });
    const targets = resolveTargets(options({ credentialsKubeconfig: creds }), deps);
    expect(targets.members.map((member) => member.contextName)).toEqual(['gondor', 'rohan']);
    expect([readsOf(main), readsOf(members), readsOf(creds)]).toEqual([1, 1, 1]);
  });

  it('with --kubeconfig', () => {
    const { main, members } = files();
    const targets = resolveTargets(options({ kubeconfig: main, clusters: ['rivendell'] }), makeTestDeps({ env: { KUBECONFIG: members } }));
    expect(targets.host.name).toBe('rivendell');
    expect([readsOf(main), readsOf(members)]).toEqual([1, 0]);
  });
});
