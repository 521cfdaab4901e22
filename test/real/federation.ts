/**
 * A federation on real control planes for the tests that need one ready: host rivendell and
 * member gondor (each with a node agent), a kubeconfig naming both, and `kubefed init fellowship`
 * with NodePort and CoreDNS, made the current context.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { COREDNS_CONFIG, freeNodePort, kubefed, tempDir, writeTemp, type CliRun } from '../helpers/cli.js';
import { startNodeAgent } from './node-agent/index.js';
import { startRealWorld, type RealWorld } from './world.js';

export interface RealFederation {
  world: RealWorld;
  /** KUBECONFIG for kubefed and kubectl. */
  env: Record<string, string>;
  /** The init command that made the federation; running it again converges. */
  initArgv: string[];
  /** kubefed in process, with real sleeps. */
  run(argv: string[]): Promise<CliRun>;
  stop(): Promise<void>;
}

export async function startRealFederation(folderPrefix: string): Promise<RealFederation> {
  const world = await startRealWorld({
    clusters: [{ name: 'rivendell' }, { name: 'gondor' }],
    onClusterReady: (cluster) => startNodeAgent({ cluster, memberDns: cluster.name !== 'rivendell' }),
  });
  const dir = tempDir(folderPrefix);
  const stop = async () => {
    await world.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const kubeconfig = join(dir, 'config');
    world.writeKubeconfig(kubeconfig, { currentContext: 'rivendell' });
    const env = { KUBECONFIG: kubeconfig };
    const port = await freeNodePort(world.cluster('rivendell').nodePortRange);
    const conf = writeTemp(dir, 'coredns-provider.conf', COREDNS_CONFIG);
    const initArgv = [
      'init', 'fellowship', '--host-cluster-context=rivendell', '--dns-provider=coredns', '--dns-zone-name=example.com.',
      `--dns-provider-config=${conf}`, '--api-server-service-type=NodePort', '--api-server-advertise-address=127.0.0.1',
      `--api-server-port=${port}`, '--timeout=120s', '--set-current-context',
    ];
    const run = (argv: string[]) => kubefed(argv, { env, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) });
    const init = await run(initArgv);
    if (init.code !== 0) throw new Error(`kubefed init failed (${init.code}): ${init.stderr}`);
    return { world, env, initArgv, run, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
