import { delimiter } from 'node:path';
import type { Deps } from './deps.js';
import type { WriteRetry } from './k8s/apply.js';
import type { ClientOptions } from './k8s/types.js';
import { resolveKubeconfigPaths } from './kubeconfig/paths.js';
import type { KubeconfigPaths } from './kubeconfig/model.js';
import { createActivity, type Activity } from './output/activity.js';
import { createProgress, wantsSpinner, type Progress } from './output/progress.js';

const activities = new WeakMap<Deps, Activity>();

/**
 * The run's one request observer (verbose request lines, waiting lines, the spinner's text):
 * one per Deps, so cli.ts sets the verbosity and every client and progress of the run share it.
 */
export function sessionActivity(deps: Deps): Activity {
  let activity = activities.get(deps);
  if (!activity) {
    activity = createActivity({ stream: deps.stderr, now: () => deps.now().getTime() });
    activities.set(deps, activity);
  }
  return activity;
}

/** The kubeconfig files a command reads: --kubeconfig, else $KUBECONFIG, else ~/.kube/config. */
export function kubeconfigPaths(deps: Deps, explicit: string | undefined): KubeconfigPaths {
  return resolveKubeconfigPaths({ explicit, envValue: deps.env.KUBECONFIG, homeDir: deps.homeDir, delimiter, cwd: deps.cwd });
}

/** Progress lines on stderr; a spinner only on a terminal outside CI and without NO_COLOR. */
export function progressFor(deps: Deps, quiet: boolean): Progress {
  return createProgress(deps.stderr, { quiet, spinner: wantsSpinner(deps.stderr, deps.env), activity: sessionActivity(deps) });
}

/**
 * Client options: every request and retry bounded by the command's deadline, clock and sleep from
 * Deps, each request reported to the run's activity.
 */
export function clientOptions(deps: Deps, requestTimeoutMs: number, deadline: number): ClientOptions {
  return {
    requestTimeoutMs,
    deadline,
    now: () => deps.now().getTime(),
    sleep: deps.sleep,
    random: () => deps.randomBytes(4).readUInt32BE(0) / 2 ** 32,
    observer: sessionActivity(deps),
    env: deps.env,
  };
}

/** How the applier repeats creates and repairs: within the command's deadline, clock and sleep from Deps. */
export function writeRetry(deps: Pick<Deps, 'now' | 'sleep'> & Partial<Pick<Deps, 'randomBytes'>>, deadline: number): WriteRetry {
  const { randomBytes } = deps;
  return { deadline, now: () => deps.now().getTime(), sleep: deps.sleep, ...(randomBytes ? { random: () => randomBytes(4).readUInt32BE(0) / 2 ** 32 } : {}) };
}
