import { X509Certificate, createPrivateKey, generateKeyPair } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyAlgorithm, KeyPairPem } from '../../../src/deps.js';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { COREDNS_CONFIG, freeNodePort, initArgs, kubectl, kubefed, tempDir, writeTemp, type CliRun } from '../../helpers/cli.js';

const generate = promisify(generateKeyPair);

/** Real key generation (not the fixed test pool), recording which algorithm init asked for. */
function recordingKeys(asked: (KeyAlgorithm | undefined)[]) {
  return async (algorithm?: KeyAlgorithm): Promise<KeyPairPem> => {
    asked.push(algorithm);
    const { publicKey, privateKey } =
      algorithm === 'ecdsa-p256' ? await generate('ec', { namedCurve: 'P-256' }) : await generate('rsa', { modulusLength: 2048 });
    return {
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      privateKeyPem: privateKey.export({ type: algorithm === 'ecdsa-p256' ? 'sec1' : 'pkcs1', format: 'pem' }).toString(),
    };
  };
}

function secretText(emu: Emulator, name: string, key: string): string {
  const store = emu.cluster('rivendell').store;
  const secret = store.get(store.typeFor('v1', 'Secret')!, 'federation-system', name) as { data?: Record<string, string> } | undefined;
  const value = secret?.data?.[key];
  if (value === undefined) throw new Error(`Secret ${name} has no ${key}`);
  return Buffer.from(value, 'base64').toString('utf8');
}

describe('kubefed init --key-algorithm=ecdsa-p256 against the emulator', () => {
  let emu: Emulator;
  let kubeconfig: string;
  let run: CliRun;
  const asked: (KeyAlgorithm | undefined)[] = [];

  beforeAll(async () => {
    emu = await startEmulator([{ name: 'rivendell' }]);
    const dir = tempDir();
    kubeconfig = join(dir, 'config');
    emu.writeKubeconfig(kubeconfig, { currentContext: 'rivendell' });
    const conf = writeTemp(dir, 'coredns-provider.conf', COREDNS_CONFIG);
    run = await kubefed(initArgs(conf, await freeNodePort(), '--key-algorithm=ecdsa-p256', '--timeout=60s'), {
      env: { KUBECONFIG: kubeconfig },
      generateKeyPair: recordingKeys(asked),
    });
  });
  afterAll(() => emu?.close());

  it('asks for four ECDSA P-256 keys and succeeds', () => {
    expect(run.stderr).not.toContain('error');
    expect(run.code).toBe(0);
    expect(asked).toEqual(['ecdsa-p256', 'ecdsa-p256', 'ecdsa-p256', 'ecdsa-p256']);
  });

  it('stores an EC CA, and an EC server certificate it signed, with matching keys', () => {
    const ca = new X509Certificate(secretText(emu, 'apiserver-credentials', 'ca.crt'));
    expect(ca.publicKey.asymmetricKeyType).toBe('ec');
    expect(ca.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const server = new X509Certificate(secretText(emu, 'apiserver-credentials', 'server.crt'));
    expect(server.publicKey.asymmetricKeyType).toBe('ec');
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkPrivateKey(createPrivateKey(secretText(emu, 'apiserver-credentials', 'server.key')))).toBe(true);
  });

  it('kubectl talks to the federation API server over TLS with the EC admin certificate', async () => {
    expect((await kubectl(['--kubeconfig', kubeconfig, '--context', 'fellowship', 'get', '--raw', '/healthz'])).trim()).toBe('ok');
  });
});
