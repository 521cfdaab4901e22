import type { Deps } from '../deps.js';
import type { ControlPlaneFacts } from '../federation/objects/spec.js';
import type { Applier } from '../k8s/apply.js';
import type { ClusterClient, K8sObject } from '../k8s/types.js';
import type { KubeconfigPaths, LoadedKubeconfig } from '../kubeconfig/model.js';
import type { Progress } from '../output/progress.js';
import type { ExistingState } from './existing.js';
import type { EndpointFacts } from './kubeconfig-entries.js';
import type { InitOptions } from './options.js';
import type { InitPlan } from './plan.js';
import type { InitReport } from './report.js';

/** What init's steps learn as they go: each step's objects are built from the facts known then. */
export type RunFacts = { -readonly [K in keyof ControlPlaneFacts]: ControlPlaneFacts[K] } & { endpoint?: EndpointFacts };

/** Everything one init run shares between its steps (src/init/steps.ts). */
export interface InitRun {
  readonly deps: Deps;
  readonly options: InitOptions;
  readonly progress: Progress;
  readonly host: ClusterClient;
  readonly applier: Applier;
  /** Waits and retries end here (ms since epoch). */
  readonly deadline: number;
  readonly paths: KubeconfigPaths;
  readonly loaded: LoadedKubeconfig;
  /** The kubeconfig entries named after the federation are init's own, from an earlier run. */
  readonly ours: boolean;
  /** What an earlier run left: certificates and auth secrets to reuse. */
  readonly existing: ExistingState;
  readonly generateKeyPair: Deps['generateKeyPair'];
  readonly facts: RunFacts;
  readonly report: InitReport;
  /** What the server answered for each object (printed by a server dry run). */
  readonly sent: K8sObject[];
  /** The whole plan, once the certificates exist. */
  plan?: InitPlan;
}
