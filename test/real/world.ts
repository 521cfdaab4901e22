/**
 * A world of real Kubernetes clusters on 127.0.0.1: one etcd shared by all, and per cluster a
 * kube-apiserver and a kube-controller-manager built from their Go modules
 * (`npm run control-plane:build`). All processes share one process group that is stopped by
 * `stop()`, on SIGINT/SIGTERM and on exit of the test process.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findControlPlane } from './binaries.js';
import { startCluster, type RealCluster } from './cluster.js';
import { guard } from './exit-guard.js';
import { etcdArgs } from './flags.js';
import { writeKubeconfigFile } from './kubeconfig.js';
import { createClusterPki } from './pki.js';
import { freePorts } from './ports.js';
import { ProcessGroup } from './process-group.js';

export type { RealCluster } from './cluster.js';

export interface RealClusterSpec {
  name: string;
  /** Kubeconfig context name; default `name`. E.g. 'gke_middle-earth_europe-west1-b_isengard'. */
  context?: string;
}

export interface RealWorld {
  clusters: RealCluster[];
  cluster(name: string): RealCluster;
  /** Mode 0600, admin client certificate inline, contexts named by each cluster's `context`. */
  writeKubeconfig(path: string, opts?: { currentContext?: string; only?: string[] }): void;
  /** Every process of the world: the process-group launcher first. */
  pids(): number[];
  /** Wall time from the start call until every cluster was ready (its onClusterReady included). */
  startupMs: number;
  binDir: string;
  /** The world's temporary folder (logs in `logs/`); gone after stop() unless KUBEFED_REAL_KEEP=1. */
  dir: string;
  /** Idempotent. */
  stop(): Promise<void>;
}

export interface StartRealWorldOptions {
  clusters: RealClusterSpec[];
  /** Runs once per cluster when it is ready (e.g. a node agent); its stop() runs first in world.stop(). */
  onClusterReady?: (c: RealCluster) => Promise<{ stop(): Promise<void> }>;
  /** Bound on the whole start; default KUBEFED_REAL_START_TIMEOUT_MS or 120 s. */
  timeoutMs?: number;
}

/** SIGTERM first; SIGKILL for what is still running after this long. */
const GRACE_MS = 5000;
/** Clusters get disjoint node-port bands of this size from 30000 up. */
const NODE_PORT_BAND = 200;
const NAME = /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/;

function checkSpecs(specs: RealClusterSpec[]): void {
  if (specs.length === 0) throw new Error('a real world needs at least one cluster');
  if (specs.length * NODE_PORT_BAND > 2768) throw new Error(`at most ${Math.floor(2768 / NODE_PORT_BAND)} clusters fit the node-port range`);
  const seen = new Set<string>();
  for (const spec of specs) {
    if (!NAME.test(spec.name)) throw new Error(`cluster name "${spec.name}" must be a short DNS label (it names files and the etcd prefix)`);
    for (const key of [`name:${spec.name}`, `context:${spec.context ?? spec.name}`]) {
      if (seen.has(key)) throw new Error(`two clusters have the same ${key.replace(':', ' "')}"`);
      seen.add(key);
    }
  }
}

export async function startRealWorld(opts: StartRealWorldOptions): Promise<RealWorld> {
  const started = Date.now();
  checkSpecs(opts.clusters);
  const controlPlane = findControlPlane();
  const keepDir = process.env.KUBEFED_REAL_KEEP === '1';
  const timeoutMs = opts.timeoutMs ?? (Number(process.env.KUBEFED_REAL_START_TIMEOUT_MS) || 120_000);
  const deadline = started + timeoutMs;

  const dir = mkdtempSync(join(tmpdir(), 'kubefed-real-'));
  const logDir = join(dir, 'logs');
  mkdirSync(logDir);
  const group = new ProcessGroup(`kubefed-real-world:${dir}`, GRACE_MS);
  const unguard = guard({ killNow: () => group.killNow(), dir, keepDir });
  const stoppers: { stop(): Promise<void> }[] = [];
  const clusterPids: number[] = [];

  let stopping: Promise<void> | undefined;
  /** After a failed start the logs stay for the error message to point at; the rest goes. */
  const finish = (keepLogs: boolean) =>
    (stopping ??= (async () => {
      const errors: unknown[] = [];
      for (const s of stoppers.splice(0).reverse()) await s.stop().catch((error: unknown) => errors.push(error));
      // API servers first: they write to etcd while shutting down, and wait for it when it is gone.
      await group.terminate(clusterPids, GRACE_MS);
      await group.stop(GRACE_MS + 5000).catch((error: unknown) => errors.push(error));
      unguard();
      if (keepLogs && !keepDir) {
        for (const entry of readdirSync(dir)) if (entry !== 'logs') rmSync(join(dir, entry), { recursive: true, force: true });
      } else if (!keepDir) {
        rmSync(dir, { recursive: true, force: true });
      }
      if (errors.length > 0) throw new Error(`stopping the real world: ${errors.map(String).join('; ')}`);
    })());
  const stop = () => finish(false);

  try {
    const [etcdClient, etcdPeer, ...apiPorts] = await freePorts(2 + opts.clusters.length);
    const etcdLog = join(logDir, 'etcd.log');
    const etcdPid = await group.launch({
      argv: [controlPlane.path('etcd'), ...etcdArgs({ dataDir: join(dir, 'etcd'), clientPort: etcdClient, peerPort: etcdPeer })],
      logFile: etcdLog,
    });
    const etcd = { what: 'etcd', pid: etcdPid, logFile: etcdLog };
    // Keys are made while etcd starts; each cluster then comes up on its own.
    const clusters = await Promise.all(
      opts.clusters.map(async (spec, i) => {
        const pki = await createClusterPki(spec.name);
        const cluster = await startCluster(
          {
            name: spec.name,
            context: spec.context ?? spec.name,
            port: apiPorts[i],
            nodePortRange: [30000 + i * NODE_PORT_BAND, 30000 + (i + 1) * NODE_PORT_BAND - 1],
            serviceCidr: `10.96.0.0/16`,
            pki,
            dir: join(dir, spec.name),
            logDir,
            etcdUrl: `http://127.0.0.1:${etcdClient}`,
            etcd,
            deadline,
          },
          group,
          controlPlane.path,
          clusterPids,
        );
        if (opts.onClusterReady && !stopping) {
          const hook = await opts.onClusterReady(cluster);
          // A start that failed meanwhile has already stopped the hooks it knew of.
          if (stopping) await hook.stop();
          else stoppers.push(hook);
        }
        return cluster;
      }),
    );
    // Once started, an idle world must not keep the test process alive; the exit guard kills it.
    group.unref();
    const byName = new Map(clusters.map((c) => [c.name, c]));
    return {
      clusters,
      cluster(name) {
        const found = byName.get(name);
        if (!found) throw new Error(`no real cluster named "${name}" (have ${clusters.map((c) => c.name).join(', ')})`);
        return found;
      },
      writeKubeconfig(path, kubeconfigOpts = {}) {
        const only = kubeconfigOpts.only;
        for (const name of only ?? []) if (!byName.has(name)) throw new Error(`no real cluster named "${name}"`);
        const chosen = only ? clusters.filter((c) => only.includes(c.name)) : clusters;
        const entries = chosen.map((c) => ({ context: c.context, server: c.server, caPem: c.caPem, clientCertPem: c.adminCertPem, clientKeyPem: c.adminKeyPem }));
        writeKubeconfigFile(path, entries, kubeconfigOpts.currentContext);
      },
      pids: () => group.pids(),
      startupMs: Date.now() - started,
      binDir: controlPlane.binDir,
      dir,
      stop,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    group.killNow();
    await finish(true).catch(() => undefined);
    throw new Error(`${message}\n(logs of this real world kept in ${logDir})`);
  }
}
