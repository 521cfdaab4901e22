import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { loadKubeconfig } from '../../../src/kubeconfig/load.js';
import { minifyFlatten } from '../../../src/kubeconfig/minify.js';
import { useTempDir, writeText } from './temp-files.js';

const tempDir = useTempDir();

const CONFIG = `apiVersion: v1
kind: Config
current-context: other
clusters:
- name: gondor
  cluster:
    server: https://gondor.example:6443
    certificate-authority: pki/ca.crt
    tls-server-name: gondor
- name: other
  cluster: {server: https://other}
users:
- name: aragorn
  user:
    client-certificate: pki/aragorn.crt
    client-key: pki/aragorn.key
- name: token-user
  user: {tokenFile: token.txt}
- name: inline-wins
  user: {tokenFile: absent.txt, token: inline, client-key: absent.key, client-key-data: S0VZ}
contexts:
- name: gondor
  context:
    cluster: gondor
    user: aragorn
    namespace: minas-tirith
    extensions:
    - name: kubefed
      extension: {host-context: rivendell}
- name: token
  context: {cluster: other, user: token-user}
- name: inline
  context: {cluster: other, user: inline-wins}
- name: nobody
  context: {cluster: gondor}
- name: other
  context: {cluster: other, user: aragorn}
`;

function setUp() {
  const dir = tempDir();
  const kube = join(dir, 'kube');
  mkdirSync(join(kube, 'pki'), { recursive: true });
  writeFileSync(join(kube, 'pki', 'ca.crt'), 'CA PEM\n');
  writeFileSync(join(kube, 'pki', 'aragorn.crt'), 'CERT PEM\n');
  writeFileSync(join(kube, 'pki', 'aragorn.key'), Buffer.from([0, 1, 2, 255]));
  writeFileSync(join(kube, 'token.txt'), '  secret-token \n');
  const file = writeText(kube, 'config', CONFIG);
  return { file, loaded: loadKubeconfig({ paths: [file], explicit: true }) };
}

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

describe('minifyFlatten', () => {
  it('keeps one context, its cluster and user, and inlines files relative to the kubeconfig', () => {
    const { loaded } = setUp();
    expect(minifyFlatten(loaded, 'gondor')).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'gondor', cluster: { server: 'https://gondor.example:6443', 'tls-server-name': 'gondor', 'certificate-authority-data': b64('CA PEM\n') } }],
      contexts: [
        {
          name: 'gondor',
          context: { cluster: 'gondor', user: 'aragorn', namespace: 'minas-tirith', extensions: [{ name: 'kubefed', extension: { 'host-context': 'rivendell' } }] },
        },
      ],
      'current-context': 'gondor',
      users: [{ name: 'aragorn', user: { 'client-certificate-data': b64('CERT PEM\n'), 'client-key-data': b64(Buffer.from([0, 1, 2, 255])) } }],
    });
  });

  it('inlines a token file as a trimmed token', () => {
    const { loaded } = setUp();
    expect(minifyFlatten(loaded, 'token').users).toEqual([{ name: 'token-user', user: { token: 'secret-token' } }]);
  });

  it('drops file references that inline data already overrides, without reading them', () => {
    const { loaded } = setUp();
    expect(minifyFlatten(loaded, 'inline').users).toEqual([{ name: 'inline-wins', user: { token: 'inline', 'client-key-data': 'S0VZ' } }]);
  });

  it('writes no users for a context without a user', () => {
    const { loaded } = setUp();
    const doc = minifyFlatten(loaded, 'nobody');
    expect(doc.users).toBeUndefined();
    expect(doc.contexts).toEqual([{ name: 'nobody', context: { cluster: 'gondor' } }]);
  });

  it('names the unreadable file, the context and the kubeconfig', () => {
    const { file, loaded } = setUp();
    const readFile = (path: string): Buffer => {
      if (path.endsWith('aragorn.key')) throw Object.assign(new Error('gone'), { code: 'ENOENT' });
      return Buffer.from('x');
    };
    const keyPath = join(file, '..', 'pki', 'aragorn.key');
    expect(() => minifyFlatten(loaded, 'gondor', { readFile })).toThrow(
      new UsageError(`cannot read the client-key file ${keyPath} of the user of context "gondor" (ENOENT); fix the path in kubeconfig ${file}`),
    );
  });

  it('reports an unknown context with the given flag', () => {
    const { file, loaded } = setUp();
    expect(() => minifyFlatten(loaded, 'mordor', { flag: '--cluster-context' })).toThrow(
      new UsageError(`context "mordor" not found in kubeconfig (${file}); pass an existing context to --cluster-context`),
    );
  });
});
