import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredObject } from '../../emulator/contracts.js';
import { writeTemp } from '../../helpers/cli.js';
import { decode, federationClusters, getObject, startFederation, type Federation } from './federation-fixture.js';

const run$ = promisify(execFile);

let fed: Federation;
beforeAll(async () => {
  fed = await startFederation([{ name: 'gondor' }, { name: 'mordor', rbac: false }]);
});
afterAll(async () => fed?.close());

function hostSecretOf(cluster: string): StoredObject | undefined {
  const found = federationClusters(fed.emu).find((c) => c.metadata.name === cluster);
  const name = (found?.spec as { secretRef: { name: string } } | undefined)?.secretRef.name ?? '';
  return getObject(fed.emu, 'rivendell', 'v1', 'Secret', 'federation-system', name);
}

/** The stored kubeconfig, written to a file and handed to the real kubectl. */
async function kubectlWithStoredKubeconfig(secret: StoredObject | undefined, file: string): Promise<string> {
  const path = writeTemp(fed.dir, file, decode(secret, 'kubeconfig'));
  return (await run$('kubectl', ['--kubeconfig', path, 'get', '--raw', '/api'])).stdout;
}

describe('a member without RBAC', () => {
  it('stores a minified, flattened kubeconfig instead of a token', async () => {
    const join = await fed.run(['join', 'mordor']);
    expect(join.code).toBe(0);
    expect(join.stdout).toBe('cluster "mordor" created\n');
    const secret = hostSecretOf('mordor');
    expect(Object.keys(secret?.data as object)).toEqual(['kubeconfig']);
    const doc = yaml.load(decode(secret, 'kubeconfig')) as { contexts: { name: string }[]; 'current-context': string };
    expect(doc.contexts.map((c) => c.name)).toEqual(['mordor']);
    expect(doc['current-context']).toBe('mordor');
    expect(federationClusters(fed.emu).find((c) => c.metadata.name === 'mordor')?.metadata.annotations).toBeUndefined();
    expect(getObject(fed.emu, 'mordor', 'v1', 'ServiceAccount', 'federation-system', 'mordor-rivendell')).toBeUndefined();
  });

  it('kubectl --kubeconfig <stored kubeconfig> get --raw /api reaches the member', async () => {
    const out = JSON.parse(await kubectlWithStoredKubeconfig(hostSecretOf('mordor'), 'mordor.kubeconfig')) as { kind: string; versions: string[] };
    expect(out.kind).toBe('APIVersions');
    expect(out.versions).toEqual(['v1']);
  });
});

describe('--credentials-kubeconfig', () => {
  let join: Awaited<ReturnType<Federation['run']>>;

  beforeAll(async () => {
    const gondor = fed.emu.cluster('gondor');
    gondor.tokens.add('ci-robot-token', { user: 'ci-robot', groups: ['system:masters'] });
    const ca = writeTemp(fed.dir, 'gondor-ca.crt', gondor.caPem);
    const creds = writeTemp(
      fed.dir,
      'credentials.yaml',
      yaml.dump({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'gondor', cluster: { server: gondor.server, 'certificate-authority': ca } }],
        users: [{ name: 'ci-robot', user: { token: 'ci-robot-token' } }],
        contexts: [{ name: 'gondor', context: { cluster: 'gondor', user: 'ci-robot' } }],
        'current-context': 'gondor',
      }),
    );
    join = await fed.run(['join', 'gondor', `--credentials-kubeconfig=${creds}`]);
  });

  it('stores the credentials file\'s context, with the CA file inlined, even though the member has RBAC', () => {
    expect(join.code).toBe(0);
    const doc = yaml.load(decode(hostSecretOf('gondor'), 'kubeconfig')) as {
      clusters: { cluster: Record<string, string> }[];
      users: { name: string; user: Record<string, string> }[];
    };
    expect(doc.users).toEqual([{ name: 'ci-robot', user: { token: 'ci-robot-token' } }]);
    expect(doc.clusters[0].cluster).toEqual({
      server: fed.emu.cluster('gondor').server,
      'certificate-authority-data': Buffer.from(fed.emu.cluster('gondor').caPem).toString('base64'),
    });
    expect(getObject(fed.emu, 'gondor', 'v1', 'ServiceAccount', 'federation-system', 'gondor-rivendell')).toBeUndefined();
  });

  it('kubectl can use the stored kubeconfig against the member', async () => {
    const out = JSON.parse(await kubectlWithStoredKubeconfig(hostSecretOf('gondor'), 'gondor.kubeconfig')) as { kind: string };
    expect(out.kind).toBe('APIVersions');
  });

  it('unjoin removes it; nothing of RBAC was there to remove', async () => {
    const unjoin = await fed.run(['unjoin', 'gondor']);
    expect(unjoin.code).toBe(0);
    expect(hostSecretOf('gondor')).toBeUndefined();
    await fed.emu.cluster('gondor').settle();
    expect(getObject(fed.emu, 'gondor', 'v1', 'Namespace', undefined, 'federation-system')).toBeUndefined();
  });
});
