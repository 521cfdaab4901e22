/**
 * The CA key out of the controller manager's reach, under the real RBAC authorizer: a real
 * kube-apiserver answers the real `kubectl auth can-i` for the controller manager's
 * ServiceAccount before and after a join, and after the unjoin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../helpers/cli.js';
import { startRealFederation, type RealFederation } from './federation.js';

const NS = 'federation-system';
const CONTROLLER_MANAGER = `system:serviceaccount:${NS}:federation-controller-manager`;

describe("the controller manager's Role on a real API server", () => {
  let fed: RealFederation;
  let env: Record<string, string>;
  const run = (argv: string[]) => fed.run(argv);

  /** `kubectl auth can-i … --as=<the controller manager>`: "yes" or "no" (can-i exits 1 on no). */
  async function canI(...args: string[]): Promise<string> {
    try {
      return (await kubectl(['--context', 'rivendell', 'auth', 'can-i', ...args, '-n', NS, `--as=${CONTROLLER_MANAGER}`], env)).trim();
    } catch (err) {
      const out = (err as { stdout?: string }).stdout;
      if (out === undefined) throw err;
      return out.trim();
    }
  }

  async function memberSecretName(): Promise<string> {
    return (await kubectl(['--context', 'fellowship', 'get', 'clusters', 'gondor', '-o', 'jsonpath={.spec.secretRef.name}'], env)).trim();
  }

  beforeAll(async () => {
    fed = await startRealFederation('kubefed-real-ca-key-');
    env = fed.env;
  }, 300_000);
  afterAll(async () => fed?.stop());

  it('without members: no Secret of the namespace, federation-ca included', async () => {
    expect(await canI('get', 'secret/federation-ca')).toBe('no');
    expect(await canI('get', 'secret/some-member-abcde')).toBe('no');
    expect(await canI('list', 'secrets')).toBe('no');
  });

  it('after join: the member credentials Secret yes, federation-ca no, listing no', async () => {
    const joined = await run(['join', 'gondor', '--timeout=120s']);
    expect(joined.code, joined.stderr).toBe(0);
    const secret = await memberSecretName();
    expect(secret).not.toBe('');
    expect(await canI('get', `secret/${secret}`)).toBe('yes');
    expect(await canI('get', 'secret/federation-ca')).toBe('no');
    expect(await canI('get', 'secret/controller-manager-kubeconfig')).toBe('no');
    expect(await canI('list', 'secrets')).toBe('no');
    expect(await canI('watch', 'secrets')).toBe('no');
  });

  it('after unjoin: the member credentials Secret no longer either', async () => {
    const secret = await memberSecretName();
    const unjoined = await run(['unjoin', 'gondor', '--timeout=120s']);
    expect(unjoined.code, unjoined.stderr).toBe(0);
    expect(await canI('get', `secret/${secret}`)).toBe('no');
    expect(await canI('get', 'secret/federation-ca')).toBe('no');
  });
});
