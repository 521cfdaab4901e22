/**
 * The CA key (Secret federation-ca) shares the namespace with the member credentials the
 * controller manager reads: its Role grants `get` only on those, by name. Checked with the
 * controller manager's own ServiceAccount token through the emulator's RBAC, with the real kubectl.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTemp } from '../../helpers/cli.js';
import { federationClusters, getObject, startFederation, type Federation } from './federation-fixture.js';

const execFileAsync = promisify(execFile);
const NS = 'federation-system';
const ROLE = 'federation-system:federation-controller-manager';

let fed: Federation;
let token: string;
let caFile: string;

/** kubectl as the controller manager (its ServiceAccount token); the exit code and what it printed. */
async function asControllerManager(args: string[]): Promise<{ code: number; out: string }> {
  const host = fed.emu.cluster('rivendell');
  const argv = ['--kubeconfig=/dev/null', `--server=${host.server}`, `--token=${token}`, `--certificate-authority=${caFile}`, ...args];
  try {
    const { stdout } = await execFileAsync('kubectl', argv, { encoding: 'utf8' });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code?: number; stderr?: string };
    return { code: e.code ?? 1, out: e.stderr ?? '' };
  }
}

function secretRules(): unknown[] {
  const role = getObject(fed.emu, 'rivendell', 'rbac.authorization.k8s.io/v1', 'Role', NS, ROLE);
  return ((role?.rules ?? []) as { resources?: string[] }[]).filter((r) => r.resources?.includes('secrets'));
}

beforeAll(async () => {
  fed = await startFederation([{ name: 'gondor' }]);
  const host = fed.emu.cluster('rivendell');
  caFile = writeTemp(fed.dir, 'host-ca.crt', host.caPem);
  // A token of the controller manager's ServiceAccount, issued by the emulated token controller.
  const store = host.store;
  store.create(store.typeFor('v1', 'Secret')!, {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/service-account-token',
    metadata: { name: 'cm-probe-token', namespace: NS, annotations: { 'kubernetes.io/service-account.name': 'federation-controller-manager' } },
  });
  await host.settle();
  const data = getObject(fed.emu, 'rivendell', 'v1', 'Secret', NS, 'cm-probe-token')?.data as Record<string, string> | undefined;
  if (!data?.token) throw new Error('the token controller issued no token for the controller manager');
  token = Buffer.from(data.token, 'base64').toString('utf8');
}, 120_000);
afterAll(async () => fed?.close());

describe("the controller manager's access to Secrets", () => {
  it('has no Secrets rule at all before any member joined (an empty resourceNames list would mean every Secret)', async () => {
    expect(secretRules()).toEqual([]);
    const read = await asControllerManager(['get', 'secret', 'federation-ca', '-n', NS, '-o', 'name']);
    expect(read.code).not.toBe(0);
    expect(read.out).toMatch(/Forbidden|forbidden/);
  });

  it('after join: reads the member credentials Secret, gets 403 on federation-ca, cannot list', async () => {
    const join = await fed.run(['join', 'gondor']);
    expect(join.code, join.stderr).toBe(0);
    const secretName = (federationClusters(fed.emu)[0].spec as { secretRef: { name: string } }).secretRef.name;
    expect(secretRules()).toEqual([{ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: [secretName] }]);

    const member = await asControllerManager(['get', 'secret', secretName, '-n', NS, '-o', 'name']);
    expect(member).toEqual({ code: 0, out: `secret/${secretName}\n` });
    const ca = await asControllerManager(['get', 'secret', 'federation-ca', '-n', NS, '-o', 'name']);
    expect(ca.code).not.toBe(0);
    expect(ca.out).toContain('secrets "federation-ca" is forbidden');
    const list = await asControllerManager(['get', 'secrets', '-n', NS, '-o', 'name']);
    expect(list.code).not.toBe(0);
    expect(list.out).toMatch(/forbidden/);
  });

  it('a re-run of init keeps the granted name; unjoin removes it and leaves no Secrets rule', async () => {
    const secretName = (federationClusters(fed.emu)[0].spec as { secretRef: { name: string } }).secretRef.name;
    const before = secretRules();
    expect(before).toHaveLength(1);
    const init = await fed.run(fed.initArgs);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).not.toContain(`role "${NS}/${ROLE}"`);
    expect(secretRules()).toEqual(before);
    const unjoin = await fed.run(['unjoin', 'gondor']);
    expect(unjoin.code, unjoin.stderr).toBe(0);
    expect(unjoin.stderr).not.toContain(secretName.concat('" failed'));
    expect(secretRules()).toEqual([]);
    const ca = await asControllerManager(['get', 'secret', 'federation-ca', '-n', NS, '-o', 'name']);
    expect(ca.code).not.toBe(0);
  });
});
