import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredObject } from '../contracts.js';
import { startEmulator, type Emulator, type EmulatedCluster } from '../index.js';
import { connectionOutcome, createAll, httpsCall, initObjects, makeFederationPki, podsOf, type FederationPki } from './helpers.js';

const NS = 'federation-system';
const run = promisify(execFile);

function nodePortOf(cluster: EmulatedCluster, ns = NS): number {
  const svcType = cluster.store.typeFor('v1', 'Service')!;
  const svc = cluster.store.get(svcType, ns, 'apiserver')!;
  return (svc.spec as { ports: { nodePort: number }[] }).ports[0].nodePort;
}

function readyOf(pod: StoredObject): string | undefined {
  return ((pod.status as { conditions?: { type: string; status: string }[] }).conditions ?? []).find((c) => c.type === 'Ready')?.status;
}

describe('a federation control plane shaped like kubefed init creates it', () => {
  let emulator: Emulator;
  let pki: FederationPki;

  beforeAll(async () => {
    emulator = await startEmulator([{ name: 'host' }, { name: 'wired-wrong' }]);
    pki = await makeFederationPki(['127.0.0.1']);
  });
  afterAll(() => emulator?.close());

  it('runs both pods, and the federation API answers /healthz on the node port with a client certificate', async () => {
    const host = emulator.cluster('host');
    await createAll(host, initObjects(pki, { token: 'fed-token-1' }));
    await host.settle();

    const [apiserverPod] = podsOf(host, NS, 'apiserver');
    const [cmPod] = podsOf(host, NS, 'controller-manager');
    expect(apiserverPod.status).toMatchObject({ phase: 'Running' });
    expect(readyOf(apiserverPod)).toBe('True');
    expect(readyOf(cmPod)).toBe('True');

    const port = nodePortOf(host);
    const health = await httpsCall(`https://127.0.0.1:${port}/healthz`, 'GET', { ca: pki.ca.certPem, cert: pki.admin.certPem, key: pki.admin.keyPem });
    expect([health.status, health.body]).toEqual([200, 'ok']);

    const clusters = await httpsCall(`https://127.0.0.1:${port}/apis/federation/v1beta1/clusters`, 'GET', { ca: pki.ca.certPem, token: 'fed-token-1' });
    expect(clusters.status).toBe(200);
    expect(clusters.json().items).toEqual([]);
    const anonymous = await httpsCall(`https://127.0.0.1:${port}/apis/federation/v1beta1/clusters`, 'GET', { ca: pki.ca.certPem });
    expect(anonymous.status).toBe(401);

    const endpoint = host.federation(NS);
    expect(endpoint?.requests.map((r) => `${r.method} ${r.path} ${r.user ?? '-'} ${r.status}`)).toEqual(
      expect.arrayContaining(['GET /healthz admin 200', 'GET /apis/federation/v1beta1/clusters admin 200', 'GET /apis/federation/v1beta1/clusters federation-controller-manager 200']),
    );
  });

  it('the real kubectl reaches the federation API through the node port', async () => {
    const host = emulator.cluster('host');
    const dir = mkdtempSync(join(tmpdir(), 'federation-kubeconfig-'));
    const path = join(dir, 'config');
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    writeFileSync(path, yaml.dump({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'myfed', cluster: { server: `https://127.0.0.1:${nodePortOf(host)}`, 'certificate-authority-data': b64(pki.ca.certPem) } }],
      users: [{ name: 'myfed', user: { 'client-certificate-data': b64(pki.admin.certPem), 'client-key-data': b64(pki.admin.keyPem) } }],
      contexts: [{ name: 'myfed', context: { cluster: 'myfed', user: 'myfed' } }],
      'current-context': 'myfed',
    }));
    const health = await run('kubectl', ['--kubeconfig', path, 'get', '--raw', '/healthz']);
    expect(health.stdout).toBe('ok');
    const clusters = await run('kubectl', ['--kubeconfig', path, 'get', 'clusters.federation', '-o', 'name']);
    expect(clusters.stdout).toBe('');
  });

  it('a Service whose targetPort names no container port leaves the pod Ready but the node port refused', async () => {
    const cluster = emulator.cluster('wired-wrong');
    await createAll(cluster, initObjects(pki, { targetPort: 'secure' }));
    await cluster.settle();

    const [apiserverPod] = podsOf(cluster, NS, 'apiserver');
    expect(readyOf(apiserverPod)).toBe('True');
    expect(await connectionOutcome('127.0.0.1', nodePortOf(cluster))).toBe('refused');

    // The controller manager reaches its API server through the same Service, so it crashes.
    const [cmPod] = podsOf(cluster, NS, 'controller-manager');
    const status = (cmPod.status as { containerStatuses: any[] }).containerStatuses[0];
    expect(status.state.waiting.reason).toBe('CrashLoopBackOff');
    expect(status.lastState.terminated.message).toBe('Get "https://apiserver/healthz": dial tcp 10.96.0.10:443: connect: connection refused'.replace('10.96.0.10', clusterIpOf(cluster)));
  });
});

describe('load balancers', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator([{ name: 'cloud' }, { name: 'no-cloud', loadBalancer: 'never' }, { name: 'elb', loadBalancer: 'hostname' }]);
  });
  afterAll(() => emulator?.close());

  function ingressOf(cluster: EmulatedCluster): { ip?: string; hostname?: string }[] | undefined {
    const svc = cluster.store.get(cluster.store.typeFor('v1', 'Service')!, NS, 'apiserver')!;
    return (svc.status as { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } }).loadBalancer?.ingress;
  }

  it("'ip' assigns a fresh loopback address, and the federation API answers on its port 443", async () => {
    const cluster = emulator.cluster('cloud');
    // As init does: the Service first, then certificates for the address it got, then the rest.
    const shapeOnly = initObjects(await makeFederationPki([]), { serviceType: 'LoadBalancer' });
    await createAll(cluster, shapeOnly.filter((o) => o.kind === 'Namespace' || o.kind === 'Service'));
    await cluster.settle();
    const ingress = ingressOf(cluster);
    expect(ingress).toEqual([{ ip: expect.stringMatching(/^127\.\d+\.\d+\.\d+$/), ipMode: 'VIP' }]);
    const ip = ingress![0].ip!;
    expect(ip).not.toBe('127.0.0.1');

    const pki = await makeFederationPki([ip]);
    await createAll(cluster, initObjects(pki, { serviceType: 'LoadBalancer' }).filter((o) => o.kind !== 'Namespace' && o.kind !== 'Service'));
    await cluster.settle();
    const health = await httpsCall(`https://${ip}:443/healthz`, 'GET', { ca: pki.ca.certPem, cert: pki.admin.certPem, key: pki.admin.keyPem });
    expect([health.status, health.body]).toEqual([200, 'ok']);
    expect(cluster.listening()).toContain(`${ip}:443`);
  });

  it("'never' leaves the Service without an address, like a cluster without a cloud provider", async () => {
    const cluster = emulator.cluster('no-cloud');
    await createAll(cluster, initObjects(await makeFederationPki([]), { serviceType: 'LoadBalancer' }).filter((o) => o.kind === 'Namespace' || o.kind === 'Service'));
    await cluster.settle();
    expect(ingressOf(cluster)).toBeUndefined();
  });

  it("'hostname' hands out a hostname-only ingress that resolves to loopback", async () => {
    const cluster = emulator.cluster('elb');
    await createAll(cluster, initObjects(await makeFederationPki([]), { serviceType: 'LoadBalancer' }).filter((o) => o.kind === 'Namespace' || o.kind === 'Service'));
    await cluster.settle();
    expect(ingressOf(cluster)).toEqual([{ hostname: 'localhost' }]);
  });
});

function clusterIpOf(cluster: EmulatedCluster): string {
  const svcType = cluster.store.typeFor('v1', 'Service')!;
  return String((cluster.store.get(svcType, NS, 'apiserver')!.spec as { clusterIP: string }).clusterIP);
}

