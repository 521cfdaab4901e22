/**
 * Starts one real cluster of a world: its kube-apiserver and kube-controller-manager, each in the
 * world's process group, and waits until it can be used (API ready, and the controllers have
 * created the `default` ServiceAccount, the sign that the token and service-account controllers
 * run).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Program } from './binaries.js';
import { apiServerArgs, controllerManagerArgs } from './flags.js';
import { writeKubeconfigFile } from './kubeconfig.js';
import type { ClusterPki } from './pki.js';
import type { ProcessGroup } from './process-group.js';
import { waitFor200, type WatchedProcess } from './readiness.js';

export interface RealCluster {
  name: string;
  /** Kubeconfig context name (also its cluster and user entry names). */
  context: string;
  /** https://127.0.0.1:PORT */
  server: string;
  caPem: string;
  adminCertPem: string;
  adminKeyPem: string;
  /** The cluster's --service-node-port-range, disjoint from every other cluster's. */
  nodePortRange: [number, number];
}

export interface ClusterLaunch {
  name: string;
  context: string;
  port: number;
  nodePortRange: [number, number];
  serviceCidr: string;
  pki: ClusterPki;
  /** The cluster's folder of files and the world's log folder. */
  dir: string;
  logDir: string;
  etcdUrl: string;
  etcd: WatchedProcess;
  deadline: number;
}

function writeFiles(dir: string, files: Record<string, string>): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  const paths: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) {
    paths[name] = join(dir, name);
    writeFileSync(paths[name], text, { mode: 0o600 });
  }
  return paths;
}

/** `pids` collects the cluster's processes as they start, so a stop can take them down first. */
export async function startCluster(l: ClusterLaunch, group: ProcessGroup, bin: (p: Program) => string, pids: number[]): Promise<RealCluster> {
  const f = writeFiles(l.dir, {
    'ca.crt': l.pki.ca.certPem,
    'apiserver.crt': l.pki.serving.certPem,
    'apiserver.key': l.pki.serving.keyPem,
    'sa.pub': l.pki.serviceAccount.publicKeyPem,
    'sa.key': l.pki.serviceAccount.privateKeyPem,
  });
  const server = `https://127.0.0.1:${l.port}`;
  const cluster: RealCluster = {
    name: l.name,
    context: l.context,
    server,
    caPem: l.pki.ca.certPem,
    adminCertPem: l.pki.admin.certPem,
    adminKeyPem: l.pki.admin.keyPem,
    nodePortRange: l.nodePortRange,
  };
  const admin = { server, caPem: cluster.caPem, certPem: cluster.adminCertPem, keyPem: cluster.adminKeyPem };

  const apiLog = join(l.logDir, `${l.name}-kube-apiserver.log`);
  const argv = apiServerArgs({
    name: l.name,
    etcdUrl: l.etcdUrl,
    port: l.port,
    caFile: f['ca.crt'],
    certFile: f['apiserver.crt'],
    keyFile: f['apiserver.key'],
    saPublicKeyFile: f['sa.pub'],
    saPrivateKeyFile: f['sa.key'],
    serviceCidr: l.serviceCidr,
    nodePortRange: l.nodePortRange,
  });
  const apiPid = await group.launch({ argv: [bin('kube-apiserver'), ...argv], logFile: apiLog });
  pids.push(apiPid);
  const apiserver = { what: `${l.name} kube-apiserver`, pid: apiPid, logFile: apiLog };
  await waitFor200(admin, '/readyz', { what: `${l.name} kube-apiserver /readyz`, deadline: l.deadline, watch: [l.etcd, apiserver] });

  const kubeconfig = join(l.dir, 'kube-controller-manager.kubeconfig');
  writeKubeconfigFile(kubeconfig, [{ context: l.name, server, caPem: cluster.caPem, clientCertPem: l.pki.controllerManager.certPem, clientKeyPem: l.pki.controllerManager.keyPem }], l.name);
  const kcmLog = join(l.logDir, `${l.name}-kube-controller-manager.log`);
  const kcmArgs = controllerManagerArgs({ name: l.name, kubeconfig, caFile: f['ca.crt'], saPrivateKeyFile: f['sa.key'], serviceCidr: l.serviceCidr });
  const kcmPid = await group.launch({ argv: [bin('kube-controller-manager'), ...kcmArgs], logFile: kcmLog });
  pids.push(kcmPid);
  const kcm = { what: `${l.name} kube-controller-manager`, pid: kcmPid, logFile: kcmLog };
  await waitFor200(admin, '/api/v1/namespaces/default/serviceaccounts/default', {
    what: `${l.name}: the default ServiceAccount from kube-controller-manager`,
    deadline: l.deadline,
    watch: [l.etcd, apiserver, kcm],
  });
  return cluster;
}
