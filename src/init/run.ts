/**
 * `kubefed init`: resolve (the host context and the kubeconfig entries, no network) and start the
 * keys → reads (RBAC discovery, what an earlier run left) → the steps of src/init/steps.ts, one
 * progress line each → the dry-run objects, or the summary and the final line (run-steps.ts).
 */
import type { Deps, KeyAlgorithm } from '../deps.js';
import { resolveHostContext } from '../federation/locate-host.js';
import { loadCredentialsKubeconfig, loadKubeconfig } from '../kubeconfig/load.js';
import { lockKubeconfigFiles } from '../kubeconfig/lock.js';
import type { KubeconfigPaths, LoadedKubeconfig, ResolvedContext } from '../kubeconfig/model.js';
import { kubeconfigPaths } from '../session.js';
import { checkKubeconfigOwnership, checkKubeconfigWritable } from './kubeconfig-owner.js';
import { startKeys, type KeyPromise } from './keys.js';
import type { InitOptions } from './options.js';

/** What init knows before its first request. */
export interface InitPrelude {
  readonly options: InitOptions;
  /** --timeout bounds the whole run: it ends here (ms since epoch). */
  readonly deadline: number;
  readonly paths: KubeconfigPaths;
  readonly loaded: LoadedKubeconfig;
  readonly hostContext: ResolvedContext;
  /** The kubeconfig entries named after the federation are init's own, from an earlier run. */
  readonly ours: boolean;
  /** One new key of the chosen algorithm. */
  readonly generate: () => KeyPromise;
  /** The four keys of a first install, already being made. */
  readonly earlyKeys?: KeyPromise[];
}

export async function runInit(options: InitOptions, deps: Deps): Promise<void> {
  // --timeout bounds the whole run, from here.
  const deadline = deps.now().getTime() + options.timeoutMs;
  const paths = kubeconfigPaths(deps, options.kubeconfig);
  // With --credentials-kubeconfig the host comes from that file, so --kubeconfig may name a new file.
  const loaded = loadKubeconfig(paths, { allowMissingExplicit: Boolean(options.credentialsKubeconfig) });
  const hostContext = resolveHostContext(options.credentialsKubeconfig ? loadCredentialsKubeconfig(kubeconfigPaths(deps, options.credentialsKubeconfig)) : loaded, options);
  const { ours } = checkKubeconfigOwnership(loaded, options.federationName, options.namespace, options.overwrite);
  if (!options.dryRun) await checkKubeconfigWritable(loaded, options);
  // A first install needs all four keys: they start now, on the thread pool, and are made while
  // the rest of init's code loads and the pre-flight requests run. bin/kubefed.js makes the pool 8
  // threads, so the file reads of the lock check and of loading code do not queue behind them.
  // A federation this kubeconfig already records most likely keeps its keys.
  const algorithm = options.settings.keyAlgorithm as KeyAlgorithm;
  const generate = () => deps.generateKeyPair(algorithm);
  const earlyKeys = ours ? undefined : startKeys(generate, 4);
  const [{ runSteps }] = await Promise.all([
    import('./run-steps.js'),
    // A lock left by a crashed writer would stop the kubeconfig update at the very end, after the
    // control plane exists: find out before anything is sent.
    options.dryRun ? undefined : lockKubeconfigFiles(paths.paths, { sleep: deps.sleep, randomBytes: deps.randomBytes, waitBudgetMs: 5000 }).then((release) => release()),
  ]);
  await runSteps({ options, deadline, paths, loaded, hostContext, ours, generate, earlyKeys }, deps);
}
