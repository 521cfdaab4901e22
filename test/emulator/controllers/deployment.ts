/**
 * The deployment controller: one ReplicaSet `<deployment>-<pod-template-hash>` per pod template,
 * the current one scaled to spec.replicas and older ones to zero (a template change rolls a new
 * ReplicaSet), and the Deployment's status and conditions computed from what its ReplicaSets
 * report, as `kubectl rollout status` reads them.
 */
import type { StoredObject } from '../contracts.js';
import { ignoreGone, isControlledBy, ownerReferenceTo, recordEvent, timestamp, typeOf, watchKinds, type ControllerContext, type LabelSelector, type Stop } from './kit.js';

const COMPONENT = 'deployment-controller';
const HASH_LABEL = 'pod-template-hash';
const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown };
  spec?: Record<string, unknown>;
}
interface DeploymentSpec {
  replicas?: number;
  selector?: LabelSelector;
  template?: PodTemplate;
  strategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string } };
}
interface ReplicaSetStatus {
  replicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
}
interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

/** JSON with sorted keys, so that a patch that only reorders fields does not roll a new ReplicaSet. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** FNV-32a of the template, spelled with the same safe alphabet as the real hash. */
export function podTemplateHash(template: PodTemplate | undefined): string {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(canonicalJson(template ?? {}), 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return [...String(hash)].map((digit) => SAFE_ALPHABET[digit.charCodeAt(0) % SAFE_ALPHABET.length]).join('');
}

/** spec.strategy.rollingUpdate.maxUnavailable (default 25%, rounded down); 0 for Recreate. */
function maxUnavailable(spec: DeploymentSpec, replicas: number): number {
  if (spec.strategy?.type === 'Recreate' || replicas === 0) return 0;
  const value = spec.strategy?.rollingUpdate?.maxUnavailable ?? '25%';
  const count = typeof value === 'number' ? value : Math.floor((parseInt(value, 10) / 100) * replicas);
  return Math.min(count, replicas);
}

function mergeConditions(previous: Condition[], next: Condition[], now: string): Condition[] {
  return next.map((condition) => {
    const before = previous.find((c) => c.type === condition.type);
    const same = before && before.status === condition.status && before.reason === condition.reason;
    return {
      ...condition,
      lastUpdateTime: same ? (before.lastUpdateTime ?? now) : now,
      lastTransitionTime: before && before.status === condition.status ? (before.lastTransitionTime ?? now) : now,
    };
  });
}

/** A ReplicaSet that cannot create its pods makes the Deployment report ReplicaFailure, as the real controller copies it. */
function replicaFailures(owned: StoredObject[]): Condition[] {
  for (const rs of owned) {
    const failure = ((rs.status ?? {}) as { conditions?: Condition[] }).conditions?.find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
    if (failure) return [{ type: 'ReplicaFailure', status: 'True', reason: failure.reason, message: failure.message }];
  }
  return [];
}

export function startDeploymentController(ctx: ControllerContext): Stop {
  const { store } = ctx;
  const deployType = typeOf(store, 'apps/v1', 'Deployment');
  const rsType = typeOf(store, 'apps/v1', 'ReplicaSet');

  function ensureReplicaSet(deploy: StoredObject, owned: StoredObject[], spec: DeploymentSpec, hash: string): StoredObject {
    const current = owned.find((rs) => rs.metadata.labels?.[HASH_LABEL] === hash);
    if (current) return current;
    const revisions = owned.map((rs) => Number(rs.metadata.annotations?.[REVISION_ANNOTATION] ?? 0));
    const template = spec.template ?? {};
    const labels = { ...template.metadata?.labels, [HASH_LABEL]: hash };
    const name = `${deploy.metadata.name}-${hash}`;
    const created = store.create(rsType, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: deploy.metadata.namespace,
        labels,
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(spec.replicas ?? 1),
          'deployment.kubernetes.io/max-replicas': String(spec.replicas ?? 1),
          [REVISION_ANNOTATION]: String(Math.max(0, ...revisions) + 1),
        },
        ownerReferences: [ownerReferenceTo(deploy)],
      },
      spec: {
        replicas: 0,
        selector: { ...spec.selector, matchLabels: { ...spec.selector?.matchLabels, [HASH_LABEL]: hash } },
        template: { ...template, metadata: { ...template.metadata, labels } },
      },
    });
    return created;
  }

  function scale(deploy: StoredObject, rs: StoredObject, replicas: number): void {
    const spec = rs.spec as { replicas?: number };
    if (spec.replicas === replicas) return;
    const updated = ignoreGone(() => store.update(rsType, { ...rs, spec: { ...spec, replicas } }));
    const verb = replicas > (spec.replicas ?? 0) ? 'up' : 'down';
    if (updated) recordEvent(ctx, deploy, { type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled ${verb} replica set ${rs.metadata.name} from ${spec.replicas ?? 0} to ${replicas}`, component: COMPONENT });
  }

  function writeStatus(deploy: StoredObject, spec: DeploymentSpec, newRs: StoredObject, owned: StoredObject[]): void {
    const desired = spec.replicas ?? 1;
    const sum = (pick: (s: ReplicaSetStatus) => number | undefined) => owned.reduce((n, rs) => n + (pick((rs.status ?? {}) as ReplicaSetStatus) ?? 0), 0);
    const replicas = sum((s) => s.replicas);
    const updated = ((newRs.status ?? {}) as ReplicaSetStatus).replicas ?? 0;
    const ready = sum((s) => s.readyReplicas);
    const available = sum((s) => s.availableReplicas);
    const newAvailable = ((newRs.status ?? {}) as ReplicaSetStatus).availableReplicas ?? 0;
    const isAvailable = available >= desired - maxUnavailable(spec, desired);
    const complete = updated === desired && replicas === desired && newAvailable === desired;
    const previous = (deploy.status ?? {}) as { conditions?: Condition[] };
    const conditions = mergeConditions(previous.conditions ?? [], [
      isAvailable
        ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
        : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
      complete
        ? { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${newRs.metadata.name}" has successfully progressed.` }
        : { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${newRs.metadata.name}" is progressing.` },
      ...replicaFailures(owned),
    ], timestamp(ctx.now));
    const status: Record<string, unknown> = { observedGeneration: deploy.metadata.generation ?? 1, replicas, updatedReplicas: updated, readyReplicas: ready, availableReplicas: available };
    if (desired - available > 0) status.unavailableReplicas = desired - available;
    for (const key of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas']) if (status[key] === 0) delete status[key];
    status.conditions = conditions;
    if (JSON.stringify(status) === JSON.stringify(deploy.status)) return;
    ignoreGone(() => store.update(deployType, { ...deploy, status }));
  }

  function reconcile(namespace: string | undefined, name: string): void {
    const deploy = store.get(deployType, namespace, name);
    if (!deploy || deploy.metadata.deletionTimestamp) return;
    const spec = (deploy.spec ?? {}) as DeploymentSpec;
    const owned = store.list(rsType, namespace).filter((rs) => isControlledBy(rs, deploy));
    const hash = podTemplateHash(spec.template);
    const newRs = ensureReplicaSet(deploy, owned, spec, hash);
    for (const rs of owned) if (rs.metadata.uid !== newRs.metadata.uid) scale(deploy, rs, 0);
    scale(deploy, newRs, spec.replicas ?? 1);
    const fresh = store.list(rsType, namespace).filter((rs) => isControlledBy(rs, deploy));
    writeStatus(deploy, spec, fresh.find((rs) => rs.metadata.uid === newRs.metadata.uid) ?? newRs, fresh);
  }

  return watchKinds(ctx, COMPONENT, ['Deployment', 'ReplicaSet'], (event) => {
    const obj = event.object;
    if (event.resource.kind === 'Deployment') {
      if (event.type !== 'DELETED') reconcile(obj.metadata.namespace, obj.metadata.name);
      return;
    }
    for (const ref of obj.metadata.ownerReferences ?? []) {
      if (ref.controller && ref.kind === 'Deployment') reconcile(obj.metadata.namespace, ref.name);
    }
  });
}
