/**
 * Test helpers for the emulator's own tests: raw HTTPS calls as the cluster admin, creating
 * objects through the API, and probing connections.
 */
import { request } from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import type { StoredObject } from '../contracts.js';
import type { EmulatedCluster } from '../index.js';

export interface HttpAnswer {
  status: number;
  body: string;
  json(): any;
}

export interface Credentials {
  ca?: string;
  cert?: string;
  key?: string;
  token?: string;
  servername?: string;
}

export function httpsCall(url: string, method: string, creds: Credentials, body?: unknown): Promise<HttpAnswer> {
  const target = new URL(url);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method,
        ca: creds.ca,
        cert: creds.cert,
        key: creds.key,
        agent: false,
        ...(creds.servername ? { servername: creds.servername } : {}),
        headers: {
          ...(payload ? { 'Content-Type': 'application/json' } : {}),
          ...(creds.token ? { Authorization: `Bearer ${creds.token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, json: () => JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** A call to the cluster's API server as kubernetes-admin. */
export function adminCall(cluster: EmulatedCluster, method: string, path: string, body?: unknown): Promise<HttpAnswer> {
  return httpsCall(`${cluster.server}${path}`, method, { ca: cluster.caPem, cert: cluster.adminCertPem, key: cluster.adminKeyPem }, body);
}

const PLURALS: Record<string, string> = {
  Namespace: 'namespaces', Service: 'services', Secret: 'secrets', PersistentVolumeClaim: 'persistentvolumeclaims',
  Deployment: 'deployments', ServiceAccount: 'serviceaccounts', Role: 'roles', RoleBinding: 'rolebindings',
  ClusterRole: 'clusterroles', ClusterRoleBinding: 'clusterrolebindings', ConfigMap: 'configmaps', Pod: 'pods',
};

export function collectionPath(obj: { apiVersion: string; kind: string; metadata: { namespace?: string } }): string {
  const base = obj.apiVersion.includes('/') ? `/apis/${obj.apiVersion}` : `/api/${obj.apiVersion}`;
  const ns = obj.kind === 'Namespace' || obj.kind.startsWith('Cluster') ? '' : `/namespaces/${obj.metadata.namespace}`;
  return `${base}${ns}/${PLURALS[obj.kind]}`;
}

/** Creates each object through the API, as a client would; fails the test on any error. */
export async function createAll(cluster: EmulatedCluster, objects: StoredObject[]): Promise<void> {
  for (const obj of objects) {
    const answer = await adminCall(cluster, 'POST', collectionPath(obj), obj);
    if (answer.status !== 201) throw new Error(`creating ${obj.kind} ${obj.metadata.name}: ${answer.status} ${answer.body}`);
  }
}

/** Whether a TCP+TLS connection to host:port is refused (nothing listening). */
export function connectionOutcome(host: string, port: number): Promise<'refused' | 'connected' | string> {
  return new Promise((resolve) => {
    const socket = tlsConnect({ host, port, rejectUnauthorized: false });
    socket.once('secureConnect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? 'refused' : (error.code ?? error.message)));
  });
}

/** Pods of a namespace whose name starts with `prefix`. */
export function podsOf(cluster: EmulatedCluster, ns: string, prefix: string): StoredObject[] {
  const podType = cluster.store.typeFor('v1', 'Pod');
  if (!podType) return [];
  return cluster.store.list(podType, ns).filter((p) => p.metadata.name.startsWith(`${prefix}-`));
}

export { initObjects, makeFederationPki, type FederationPki, type InitShape } from './init-objects.js';
