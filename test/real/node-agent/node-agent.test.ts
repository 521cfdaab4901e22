/**
 * The node agent on a real control plane: what kubectl creates runs as on a cluster with a node.
 * The federation objects are the emulator tests' hand-built `kubefed init` shapes, so the
 * emulated kubelet starts the federation API server from real Secrets, claims and Services.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredObject } from '../../emulator/contracts.js';
import { connectionOutcome, httpsCall, initObjects, makeFederationPki, type FederationPki } from '../../emulator/__tests__/helpers.js';
import { startRealWorld, type RealWorld } from '../world.js';
import { startNodeAgent, type NodeAgent } from './index.js';
import { asList, eventually, isReady, kubectlFor, podsOf, podStatus, type Kubectl } from './test-kit.js';

const NS = 'federation-system';
const LB_NS = 'federation-lb';

describe('node agent on a real control plane', () => {
  let world: RealWorld;
  let agent: NodeAgent;
  let kubectl: Kubectl;
  let pki: FederationPki;
  const dir = mkdtempSync(join(tmpdir(), 'kubefed-node-agent-test-'));

  beforeAll(async () => {
    pki = await makeFederationPki(['127.0.0.1']);
    world = await startRealWorld({
      clusters: [{ name: 'rivendell' }],
      onClusterReady: async (cluster) => (agent = await startNodeAgent({ cluster, memberDns: true })),
    });
    world.writeKubeconfig(join(dir, 'kubeconfig'), { currentContext: 'rivendell' });
    kubectl = kubectlFor(join(dir, 'kubeconfig'));
  });
  afterAll(async () => {
    const errors = agent?.errors() ?? [];
    if (errors.length) console.error('node agent errors:', errors.map((e) => `${e.label}: ${String(e.error)}`).join('\n'));
    await world?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers a Ready node at 127.0.0.1, without the not-ready taint, and the default StorageClass', async () => {
    const node = await kubectl.json(['get', 'node', agent.nodeName]);
    const status = node.status as { conditions: { type: string; status: string }[]; addresses: { type: string; address: string }[]; allocatable: Record<string, string> };
    expect(status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(status.addresses).toContainEqual({ type: 'InternalIP', address: '127.0.0.1' });
    expect(status.allocatable).toMatchObject({ cpu: '8', pods: '110' });
    expect((node.spec as { taints?: unknown[] }).taints ?? []).toEqual([]);
    const sc = await kubectl.json(['get', 'storageclass', 'standard']);
    expect(sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class']).toBe('true');
  });

  it('gives the member the kube-dns ConfigMap', async () => {
    const cm = await kubectl.json(['get', 'configmap', '-n', 'kube-system', 'kube-dns']);
    expect(cm.metadata.labels).toEqual({ 'addonmanager.kubernetes.io/mode': 'EnsureExists' });
  });

  it('runs a Deployment created with kubectl: bound to the node, Running and Ready', async () => {
    await kubectl.run(['create', 'deployment', 'web', '--image=registry.k8s.io/pause:3.10', '--replicas=2']);
    await kubectl.run(['rollout', 'status', 'deployment/web', '--timeout=120s']);
    const pods = await podsOf(kubectl, 'default', 'web');
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      expect((pod.spec as { nodeName?: string }).nodeName).toBe(agent.nodeName);
      expect(isReady(pod)).toBe(true);
      expect(podStatus(pod).podIP).toMatch(/^10\.244\.0\.\d+$/);
    }
  });

  it('keeps a pod whose Secret is missing in ContainerCreating with FailedMount, and runs it once the Secret exists', async () => {
    const objects = initObjects(pki);
    const secret = objects.find((o) => o.kind === 'Secret' && o.metadata.name === 'apiserver-credentials') as StoredObject;
    await kubectl.run(['apply', '-f', '-'], asList(objects.filter((o) => o !== secret)));
    const waiting = await eventually('the apiserver pod waits in ContainerCreating', async () => {
      const [pod] = await podsOf(kubectl, NS, 'apiserver');
      return podStatus(pod ?? { metadata: { name: '' }, apiVersion: '', kind: '' }).containerStatuses?.[0]?.state?.waiting?.reason === 'ContainerCreating' && pod;
    });
    const events = await kubectl.json<{ items: { reason: string; message: string; involvedObject: { name: string } }[] }>(['get', 'events', '-n', NS]);
    expect(events.items.filter((e) => e.involvedObject.name === waiting.metadata.name).map((e) => e.reason)).toContain('FailedMount');

    await kubectl.run(['apply', '-f', '-'], asList([secret]));
    await kubectl.run(['rollout', 'status', '-n', NS, 'deployment/apiserver', '--timeout=120s']);
    await kubectl.run(['rollout', 'status', '-n', NS, 'deployment/controller-manager', '--timeout=120s']);
  });

  it('provisions a volume for the etcd claim, bound by the real persistent-volume controller', async () => {
    const claim = await kubectl.json(['get', 'pvc', '-n', NS, 'apiserver-etcd-claim']);
    expect(claim.status).toMatchObject({ phase: 'Bound' });
    expect(claim.spec).toMatchObject({ storageClassName: 'standard', volumeName: `pvc-${claim.metadata.uid}` });
    const pv = await kubectl.json(['get', 'pv', `pvc-${claim.metadata.uid}`]);
    expect(pv.status).toMatchObject({ phase: 'Bound' });
  });

  it('serves the NodePort Service on 127.0.0.1: the federation API answers /healthz there', async () => {
    const svc = await kubectl.json(['get', 'service', '-n', NS, 'apiserver']);
    const nodePort = (svc.spec as { ports: { nodePort: number }[] }).ports[0].nodePort;
    const [low, high] = world.cluster('rivendell').nodePortRange;
    expect(nodePort).toBeGreaterThanOrEqual(low);
    expect(nodePort).toBeLessThanOrEqual(high);
    const health = await eventually('/healthz through the node port', async () => {
      const answer = await httpsCall(`https://127.0.0.1:${nodePort}/healthz`, 'GET', { ca: pki.ca.certPem, cert: pki.admin.certPem, key: pki.admin.keyPem });
      return answer.status === 200 && answer.body;
    });
    expect(health).toBe('ok');
    // The controller manager reached the API server through the Service (kube-proxy's dial).
    const requests = agent.federation(NS)?.requests.map((r) => `${r.method} ${r.path} ${r.user ?? '-'} ${r.status}`);
    expect(requests).toContain('GET /apis/federation/v1beta1/clusters federation-controller-manager 200');
  });

  it("checks the federation controller manager's access to a member's Secret with the real authorizer", async () => {
    const endpoint = agent.federation(NS)!;
    const clusterType = endpoint.store.typeFor('federation/v1beta1', 'Cluster')!;
    const conditionsOf = () => ((endpoint.store.get(clusterType, undefined, 'self')?.status ?? {}) as { conditions?: { type: string; status: string }[] }).conditions;
    // The member is this very cluster, reached with a token that may list nodes.
    await kubectl.run(['create', 'serviceaccount', 'member', '-n', 'kube-system']);
    await kubectl.run(['create', 'clusterrole', 'member-nodes', '--verb=list', '--resource=nodes']);
    await kubectl.run(['create', 'clusterrolebinding', 'member-nodes', '--clusterrole=member-nodes', '--serviceaccount=kube-system:member']);
    const token = (await kubectl.run(['create', 'token', 'member', '-n', 'kube-system'])).trim();
    const data = { token: Buffer.from(token).toString('base64'), 'ca.crt': Buffer.from(world.cluster('rivendell').caPem).toString('base64') };
    await kubectl.run(['apply', '-f', '-'], asList([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'self-credentials', namespace: NS }, data }]));
    endpoint.store.create(clusterType, {
      apiVersion: 'federation/v1beta1',
      kind: 'Cluster',
      metadata: { name: 'self' },
      spec: { serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: world.cluster('rivendell').server }], secretRef: { name: 'self-credentials' } },
    });
    // Its ServiceAccount may not read Secrets yet: no client, no conditions.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(conditionsOf()).toBeUndefined();
    await kubectl.run(['create', 'role', 'read-secrets', '-n', NS, '--verb=get', '--resource=secrets']);
    await kubectl.run(['create', 'rolebinding', 'read-secrets', '-n', NS, '--role=read-secrets', `--serviceaccount=${NS}:default`]);
    const ready = await eventually('the Cluster turns Ready', async () => conditionsOf()?.find((c) => c.type === 'Ready'));
    expect(ready.status).toBe('True');
  });

  it('gives a LoadBalancer Service a loopback ingress address and serves its port there', async () => {
    // As init does: the Service first, then certificates for the address it got, then the rest.
    const first = initObjects(await makeFederationPki([]), { ns: LB_NS, serviceType: 'LoadBalancer', persistence: false });
    await kubectl.run(['apply', '-f', '-'], asList(first.filter((o) => o.kind === 'Namespace' || o.kind === 'Service')));
    const ip = await eventually('an ingress address', async () => {
      const svc = await kubectl.json(['get', 'service', '-n', LB_NS, 'apiserver']);
      return ((svc.status as { loadBalancer?: { ingress?: { ip?: string }[] } }).loadBalancer?.ingress ?? [])[0]?.ip;
    });
    expect(ip).toMatch(/^127\.\d+\.\d+\.\d+$/);
    expect(ip).not.toBe('127.0.0.1');
    const lbPki = await makeFederationPki([ip]);
    await kubectl.run(['apply', '-f', '-'], asList(initObjects(lbPki, { ns: LB_NS, serviceType: 'LoadBalancer', persistence: false }).filter((o) => o.kind !== 'Namespace' && o.kind !== 'Service')));
    const health = await eventually('/healthz on the load-balancer address', async () => {
      const answer = await httpsCall(`https://${ip}:443/healthz`, 'GET', { ca: lbPki.ca.certPem, cert: lbPki.admin.certPem, key: lbPki.admin.keyPem });
      return answer.status === 200 && answer.body;
    });
    expect(health).toBe('ok');
    expect(agent.listening()).toContain(`${ip}:443`);
  });

  it('finishes the graceful deletion of pods, so a deleted namespace goes and its volume is reclaimed', async () => {
    const claim = await kubectl.json(['get', 'pvc', '-n', NS, 'apiserver-etcd-claim']);
    await kubectl.run(['delete', 'deployment', 'web', '--wait=true', '--timeout=60s']);
    await eventually('the web pods are gone', async () => (await podsOf(kubectl, 'default', 'web')).length === 0);
    await kubectl.run(['delete', 'namespace', NS, '--wait=true', '--timeout=120s']);
    await eventually('the claimed volume is deleted', async () => (await kubectl.find(['get', 'pv', `pvc-${claim.metadata.uid}`])) === undefined);
    expect(agent.federation(NS)).toBeUndefined();
  });

  it('stop() closes every listener: node ports, load-balancer addresses and the federation endpoints', async () => {
    const listening = agent.listening();
    expect(listening.length).toBeGreaterThan(0);
    const endpoint = agent.federation(LB_NS);
    expect(endpoint).toBeDefined();
    await agent.stop();
    for (const address of listening) {
      const colon = address.lastIndexOf(':');
      expect(await connectionOutcome(address.slice(0, colon), Number(address.slice(colon + 1)))).toBe('refused');
    }
    expect(await connectionOutcome('127.0.0.1', endpoint!.port)).toBe('refused');
    expect(agent.listening()).toEqual([]);
  });
});
