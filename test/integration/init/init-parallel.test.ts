import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APISERVER_CREDENTIALS_SECRET,
  APISERVER_NAME,
  CA_KEY_SECRET,
  CONTROLLER_MANAGER_KUBECONFIG_SECRET,
  CONTROLLER_MANAGER_NAME,
  CONTROLLER_MANAGER_ROLE,
  CONTROLLER_MANAGER_SA,
  DNS_PROVIDER_SECRET,
  ETCD_CLAIM_NAME,
} from '../../../src/constants.js';
import type { K8sObject } from '../../../src/k8s/types.js';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import type { RequestLogEntry } from '../../emulator/contracts.js';
import { COREDNS_CONFIG, freeNodePort, initArgs, kubefed, tempDir, writeTemp, type CliRun } from '../../helpers/cli.js';

/** Every create in the new namespace is answered no sooner than this after it arrives. */
const SLOW_MS = 300;
const NS_PATH = '/api/v1/namespaces/federation-system';
const inNamespace = (path: string): boolean => path.includes('/namespaces/federation-system/');

/**
 * The most creates in the namespace that were in the server at once. Each is answered at least
 * SLOW_MS after it arrived (the emulator's latency fault), so a create that arrived less than
 * SLOW_MS after another one did is one the server was still holding: they overlapped, whatever
 * the machine's load. One create after another can never count more than 1.
 */
function maxCreatesInFlight(log: readonly RequestLogEntry[]): number {
  const arrivals = log.filter((r) => r.method === 'POST' && inNamespace(r.path)).map((r) => r.time).sort((a, b) => a - b);
  let most = 0;
  for (const [i, at] of arrivals.entries()) {
    const together = arrivals.slice(i).filter((t) => t - at < SLOW_MS).length;
    most = Math.max(most, together);
  }
  return most;
}

describe('kubefed init sends independent objects together, in a new namespace without reading them first', () => {
  let emu: Emulator;
  let run: CliRun;
  let log: RequestLogEntry[];

  beforeAll(async () => {
    emu = await startEmulator([{ name: 'rivendell' }]);
    const dir = tempDir();
    const kubeconfig = join(dir, 'config');
    emu.writeKubeconfig(kubeconfig, { currentContext: 'rivendell' });
    const conf = writeTemp(dir, 'coredns-provider.conf', COREDNS_CONFIG);
    const cluster = emu.cluster('rivendell');
    cluster.faults.add({ method: 'POST', path: /\/namespaces\/federation-system\//, times: Infinity, action: { type: 'latency', ms: SLOW_MS } });
    run = await kubefed(initArgs(conf, await freeNodePort(), '--no-wait', '-o', 'json', '--timeout=60s'), { env: { KUBECONFIG: kubeconfig } });
    log = [...cluster.requests];
  });
  afterAll(() => emu?.close());

  it('succeeds', () => {
    expect(run.stderr).not.toContain('error');
    expect(run.code).toBe(0);
  });

  it('has more than one create in flight at a time', () => {
    expect(maxCreatesInFlight(log)).toBeGreaterThan(1);
  });

  it('stores the CA key Secret, alone, before any other Secret is sent', () => {
    const secretPosts = log.filter((r) => r.method === 'POST' && r.path === `${NS_PATH}/secrets`);
    expect(secretPosts.length).toBeGreaterThanOrEqual(3);
    // The first Secret was answered (≥ SLOW_MS) before the next one arrived...
    expect(secretPosts[1]!.time - secretPosts[0]!.time).toBeGreaterThanOrEqual(SLOW_MS);
    // ...and it is the CA key: the Secret the store wrote first.
    const store = emu.cluster('rivendell').store;
    const secrets = store.list(store.typeFor('v1', 'Secret')!, 'federation-system') as K8sObject[];
    const firstWritten = [...secrets].sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))[0];
    expect(firstWritten?.metadata.name).toBe(CA_KEY_SECRET);
  });

  it('reads the namespace once and reads no object in the namespace it created', () => {
    expect(log.filter((r) => r.method === 'GET' && r.path === NS_PATH)).toHaveLength(1);
    expect(log.filter((r) => r.method === 'GET' && inNamespace(r.path)).map((r) => r.path)).toEqual([]);
    expect(log.filter((r) => r.method === 'POST' && inNamespace(r.path)).every((r) => r.status === 201)).toBe(true);
  });

  it('reports the objects in the catalogue order', () => {
    const report = JSON.parse(run.stdout) as { objects: { kind: string; name: string; action: string }[] };
    expect(report.objects.map((o) => `${o.kind}/${o.name}`)).toEqual([
      'Namespace/federation-system',
      `Service/${APISERVER_NAME}`,
      `Secret/${APISERVER_CREDENTIALS_SECRET}`,
      `Secret/${CA_KEY_SECRET}`,
      `Secret/${CONTROLLER_MANAGER_KUBECONFIG_SECRET}`,
      `PersistentVolumeClaim/${ETCD_CLAIM_NAME}`,
      `Deployment/${APISERVER_NAME}`,
      `ServiceAccount/${CONTROLLER_MANAGER_SA}`,
      `Role/${CONTROLLER_MANAGER_ROLE}`,
      `RoleBinding/${CONTROLLER_MANAGER_ROLE}`,
      `Secret/${DNS_PROVIDER_SECRET}`,
      `Deployment/${CONTROLLER_MANAGER_NAME}`,
    ]);
    expect(report.objects.every((o) => o.action === 'created')).toBe(true);
  });

});
