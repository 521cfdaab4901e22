/**
 * What a container's start depends on, for the kubelet's decision to try a crashed or waiting
 * container again: the Secrets, ConfigMaps and claims its pod mounts, and — for a process that
 * talks to other pods — the namespace's Services and ready pods.
 */
import type { Store, StoredObject } from '../contracts.js';
import { roleOf } from './container-runner.js';
import { isPodReady, podSpecOf, type Container, type Volume } from './pod-defaults.js';
import type { PodRuntime } from './pod-status.js';

/** Volume sources, by kind, and how a volume names one. */
export const VOLUME_KINDS: Record<string, (v: Volume) => string | undefined> = {
  Secret: (v) => v.secret?.secretName,
  ConfigMap: (v) => v.configMap?.name,
  PersistentVolumeClaim: (v) => v.persistentVolumeClaim?.claimName,
};

function podOf(store: Store, runtime: PodRuntime): StoredObject | undefined {
  const podType = store.typeFor('v1', 'Pod');
  return podType ? store.get(podType, runtime.namespace, runtime.name) : undefined;
}

/** A fingerprint of everything a container's start depends on: unchanged → no new attempt. */
export function startInputs(store: Store, pod: StoredObject, container: Container): string {
  const ns = pod.metadata.namespace;
  const versions = (podSpecOf(pod).volumes ?? []).map((v) => {
    for (const [kind, nameOf] of Object.entries(VOLUME_KINDS)) {
      const name = nameOf(v);
      const type = name ? store.typeFor('v1', kind) : undefined;
      if (type && name) return `${kind}/${name}@${store.get(type, ns, name)?.metadata.resourceVersion ?? '-'}`;
    }
    return v.name;
  });
  let network = '';
  if (roleOf(container) === 'controller-manager') {
    const svcType = store.typeFor('v1', 'Service');
    const podType = store.typeFor('v1', 'Pod');
    const services = svcType ? store.list(svcType, ns).map((s) => `${s.metadata.name}@${s.metadata.resourceVersion}`) : [];
    const ready = podType ? store.list(podType, ns).filter(isPodReady).map((p) => p.metadata.uid) : [];
    network = JSON.stringify([services, ready]);
  }
  return JSON.stringify([container, versions, network]);
}

/** Whether a container of the pod that is not running depends on reaching other pods. */
export function dialsServices(store: Store, runtime: PodRuntime): boolean {
  const pod = podOf(store, runtime);
  if (!pod) return false;
  return podSpecOf(pod).containers.some((c) => roleOf(c) === 'controller-manager' && runtime.containers.get(c.name)?.phase !== 'running');
}

export function usesVolume(store: Store, runtime: PodRuntime, kind: string, name: string): boolean {
  const pod = podOf(store, runtime);
  return (pod ? (podSpecOf(pod).volumes ?? []) : []).some((v) => VOLUME_KINDS[kind](v) === name);
}

/** imagePullSecrets entries that name no Secret (the kubelet warns, and pulls anyway). */
export function missingPullSecrets(store: Store, pod: StoredObject): string[] {
  const secretType = store.typeFor('v1', 'Secret');
  const names = ((podSpecOf(pod).imagePullSecrets ?? []) as { name?: string }[]).map((s) => s.name ?? '');
  return names.filter((name) => !secretType || !store.get(secretType, pod.metadata.namespace, name));
}
