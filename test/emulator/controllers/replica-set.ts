/**
 * The replica-set controller: keeps spec.replicas Pods `<replicaset>-<5 chars>` built from the
 * template (with the API server's defaults and ServiceAccount admission applied) and reports
 * how many are ready. A Pod naming a missing ServiceAccount cannot be created, exactly as on a
 * real cluster: a FailedCreate Event and a ReplicaFailure condition say why.
 */
import type { StoredObject } from '../contracts.js';
import { ignoreGone, isControlledBy, ownerReferenceTo, randomSuffix, recordEvent, timestamp, typeOf, watchKinds, type ControllerContext, type Stop } from './kit.js';
import { defaultPodSpec, isPodReady } from './pod-defaults.js';

const COMPONENT = 'replicaset-controller';

interface Template {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
}

export function startReplicaSetController(ctx: ControllerContext): Stop {
  const { store } = ctx;
  const rsType = typeOf(store, 'apps/v1', 'ReplicaSet');
  const podType = typeOf(store, 'v1', 'Pod');
  const saType = typeOf(store, 'v1', 'ServiceAccount');

  /** Creates one Pod, or returns why the API server would refuse it. */
  function createPod(rs: StoredObject, template: Template): string | undefined {
    const ns = rs.metadata.namespace ?? 'default';
    const spec = defaultPodSpec(template.spec ?? {});
    const sa = String(spec.serviceAccountName);
    if (!store.get(saType, ns, sa)) {
      return `Error creating: pods "${rs.metadata.name}-" is forbidden: error looking up service account ${ns}/${sa}: serviceaccount "${sa}" not found`;
    }
    let name = `${rs.metadata.name}-${randomSuffix()}`;
    while (store.get(podType, ns, name)) name = `${rs.metadata.name}-${randomSuffix()}`;
    store.create(podType, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        generateName: `${rs.metadata.name}-`,
        namespace: ns,
        labels: { ...template.metadata?.labels },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ownerReferences: [ownerReferenceTo(rs)],
      },
      spec,
      status: { phase: 'Pending', qosClass: 'BestEffort' },
    });
    recordEvent(ctx, rs, { type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${name}`, component: COMPONENT });
    return undefined;
  }

  function writeStatus(rs: StoredObject, pods: StoredObject[], failure: string | undefined): void {
    const ready = pods.filter(isPodReady).length;
    const status: Record<string, unknown> = {
      replicas: pods.length,
      fullyLabeledReplicas: pods.length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: rs.metadata.generation ?? 1,
    };
    for (const key of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas']) if (status[key] === 0) delete status[key];
    if (failure) {
      const previous = ((rs.status as { conditions?: { message?: string; lastTransitionTime?: string }[] } | undefined)?.conditions ?? [])[0];
      const since = previous?.message === failure ? previous.lastTransitionTime : timestamp(ctx.now);
      status.conditions = [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: failure, lastTransitionTime: since }];
    }
    if (JSON.stringify(status) === JSON.stringify(rs.status)) return;
    ignoreGone(() => store.update(rsType, { ...rs, status }));
  }

  function reconcile(namespace: string | undefined, name: string): void {
    const rs = store.get(rsType, namespace, name);
    if (!rs || rs.metadata.deletionTimestamp) return;
    const want = Number((rs.spec as { replicas?: number }).replicas ?? 1);
    const template = ((rs.spec as { template?: Template }).template ?? {}) as Template;
    let pods = store.list(podType, namespace).filter((pod) => isControlledBy(pod, rs) && !pod.metadata.deletionTimestamp);
    let failure: string | undefined;
    for (let i = pods.length; i < want && !failure; i++) failure = createPod(rs, template);
    if (failure) recordEvent(ctx, rs, { type: 'Warning', reason: 'FailedCreate', message: failure, component: COMPONENT });
    // Scale down: not-ready Pods go first, as the real controller prefers.
    const surplus = [...pods].sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b))).slice(0, Math.max(0, pods.length - want));
    for (const pod of surplus) {
      store.delete(podType, namespace, pod.metadata.name);
      recordEvent(ctx, rs, { type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${pod.metadata.name}`, component: COMPONENT });
    }
    pods = store.list(podType, namespace).filter((pod) => isControlledBy(pod, rs) && !pod.metadata.deletionTimestamp);
    writeStatus(rs, pods, failure);
  }

  function reconcileNamespace(namespace: string | undefined): void {
    for (const rs of store.list(rsType, namespace)) reconcile(namespace, rs.metadata.name);
  }

  return watchKinds(ctx, COMPONENT, ['ReplicaSet', 'Pod', 'ServiceAccount'], (event) => {
    const obj = event.object;
    if (event.resource.kind === 'ReplicaSet') {
      if (event.type !== 'DELETED') reconcile(obj.metadata.namespace, obj.metadata.name);
      return;
    }
    // A ServiceAccount that appears may unblock Pods that could not be created.
    if (event.resource.kind === 'ServiceAccount') {
      if (event.type === 'ADDED') reconcileNamespace(obj.metadata.namespace);
      return;
    }
    for (const ref of obj.metadata.ownerReferences ?? []) {
      if (ref.controller && ref.kind === 'ReplicaSet') reconcile(obj.metadata.namespace, ref.name);
    }
  });
}
