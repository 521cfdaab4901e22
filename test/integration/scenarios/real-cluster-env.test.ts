import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index.js';
import { freeNodePort, tempDir } from '../../helpers/cli.js';
import type { ScenarioEnv } from '../../scenarios/env.js';
import { initArgv } from '../../scenarios/federation-queries.js';
import { realClusterEnv } from '../../scenarios/real-cluster-env.js';

describe('realClusterEnv reads KUBEFED_E2E_* variables', () => {
  const made: ScenarioEnv[] = [];
  afterAll(async () => {
    for (const env of made) await env.cleanup();
  });
  const read = (source: Record<string, string>) => {
    const env = realClusterEnv(source);
    if (env) made.push(env);
    return env;
  };

  it('is undefined when no context is named, so the e2e suite skips', () => {
    expect(realClusterEnv({})).toBeUndefined();
    expect(realClusterEnv({ KUBECONFIG: '/somewhere' })).toBeUndefined();
  });

  it('refuses half a configuration instead of skipping silently', () => {
    expect(() => realClusterEnv({ KUBEFED_E2E_HOST_CONTEXT: 'kind-a' })).toThrow(
      'set both KUBEFED_E2E_HOST_CONTEXT and KUBEFED_E2E_MEMBER_CONTEXTS (a comma-separated list), or neither',
    );
    expect(() => realClusterEnv({ KUBEFED_E2E_HOST_CONTEXT: 'a', KUBEFED_E2E_MEMBER_CONTEXTS: 'b', KUBEFED_E2E_SERVICE_TYPE: 'ClusterIP' })).toThrow(
      'KUBEFED_E2E_SERVICE_TYPE must be NodePort or LoadBalancer, not "ClusterIP"',
    );
    expect(() => realClusterEnv({ KUBEFED_E2E_HOST_CONTEXT: 'a', KUBEFED_E2E_MEMBER_CONTEXTS: 'kind_b,kind-b' })).toThrow(/same cluster name/);
  });

  it('defaults: NodePort, 10m, a namespace and federation of its own, the entries file first in KUBECONFIG', () => {
    const env = read({ KUBEFED_E2E_HOST_CONTEXT: 'kind-a', KUBEFED_E2E_MEMBER_CONTEXTS: 'kind-a, kind-b', KUBECONFIG: `/x/one${delimiter}/x/two` })!;
    expect(env.hostContext).toBe('kind-a');
    expect(env.memberContexts).toEqual(['kind-a', 'kind-b']);
    expect([env.serviceType, env.timeout, env.advertiseAddress, env.nodePort, env.image, env.etcdImage]).toEqual(['NodePort', '10m', undefined, undefined, undefined, undefined]);
    const suffix = /^kubefed-e2e-([a-z0-9]{5})$/.exec(env.namespace)?.[1];
    expect(suffix).toBeDefined();
    expect(env.federationName).toBe(`e2e-${suffix}`);
    expect(env.env.KUBECONFIG).toBe([env.kubeconfig, '/x/one', '/x/two'].join(delimiter));
    expect(readFileSync(env.dnsProviderConfig, 'utf8')).toContain('zones = example.com.');
  });

  it('takes every setting from its variable; KUBEFED_E2E_KUBECONFIG wins over KUBECONFIG', () => {
    const env = read({
      KUBEFED_E2E_HOST_CONTEXT: 'h', KUBEFED_E2E_MEMBER_CONTEXTS: 'm', KUBEFED_E2E_KUBECONFIG: '/k/config', KUBECONFIG: '/ignored',
      KUBEFED_E2E_SERVICE_TYPE: 'LoadBalancer', KUBEFED_E2E_ADVERTISE_ADDRESS: '172.18.0.2', KUBEFED_E2E_NODE_PORT: '32111',
      KUBEFED_E2E_NAMESPACE: 'fed-ci', KUBEFED_E2E_TIMEOUT: '15m', KUBEFED_E2E_IMAGE: 'reg/hyperkube-amd64:v1', KUBEFED_E2E_ETCD_IMAGE: 'reg/etcd:3',
    })!;
    expect(env.env.KUBECONFIG).toBe([env.kubeconfig, '/k/config'].join(delimiter));
    expect([env.serviceType, env.advertiseAddress, env.nodePort, env.namespace, env.timeout, env.image, env.etcdImage]).toEqual([
      'LoadBalancer', '172.18.0.2', 32111, 'fed-ci', '15m', 'reg/hyperkube-amd64:v1', 'reg/etcd:3',
    ]);
  });

  it('cleanup removes its own files', async () => {
    const env = realClusterEnv({ KUBEFED_E2E_HOST_CONTEXT: 'h', KUBEFED_E2E_MEMBER_CONTEXTS: 'm', KUBEFED_E2E_KUBECONFIG: '/nonexistent/config' })!;
    expect(existsSync(env.kubeconfig)).toBe(true);
    await env.cleanup();
    expect(existsSync(env.kubeconfig)).toBe(false);
  });
});

/**
 * The harness itself against emulated clusters standing in for kind (the lifecycle scenario as a
 * whole runs in lifecycle.test.ts): a run through realClusterEnv keeps to its own entries file and
 * namespace, and its cleanup takes a half-way run down completely.
 */
describe('a run through the harness, stopped half-way', () => {
  it("writes only to its own files and namespace; cleanup destroys the federation, unjoining the member, and removes its files", async () => {
    const emu = await startEmulator([{ name: 'kind-alpha' }, { name: 'kind-beta' }]);
    try {
      const userKubeconfig = join(tempDir(), 'config');
      emu.writeKubeconfig(userKubeconfig, { currentContext: 'kind-alpha' });
      const userBefore = readFileSync(userKubeconfig, 'utf8');
      const env = realClusterEnv({
        KUBEFED_E2E_HOST_CONTEXT: 'kind-alpha',
        KUBEFED_E2E_MEMBER_CONTEXTS: 'kind-beta',
        KUBEFED_E2E_KUBECONFIG: userKubeconfig,
        KUBEFED_E2E_ADVERTISE_ADDRESS: '127.0.0.1',
        KUBEFED_E2E_NODE_PORT: String(await freeNodePort()),
        KUBEFED_E2E_TIMEOUT: '60s',
      })!;
      const keysBefore = emu.clusters.map((c) => [...c.snapshot().keys()].sort());
      expect((await env.kubefed(initArgv(env))).code).toBe(0);
      expect((await env.kubefed(['join', 'kind-beta', `--context=${env.federationName}`])).code).toBe(0);
      expect(readFileSync(userKubeconfig, 'utf8')).toBe(userBefore);
      for (const cluster of emu.clusters) expect([...cluster.snapshot().keys()].filter((k) => k.includes('/federation-system/'))).toEqual([]);
      await env.cleanup();
      await Promise.all(emu.clusters.map((c) => c.settle()));
      expect(emu.clusters.map((c) => [...c.snapshot().keys()].sort())).toEqual(keysBefore);
      expect(existsSync(env.kubeconfig)).toBe(false);
    } finally {
      await emu.close();
    }
  });
});
