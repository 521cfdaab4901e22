/**
 * Pod shapes shared by the controllers and the kubelet: the defaults the API server fills into a
 * Pod spec, and the accessors for containers, ports, volumes and readiness.
 */
import type { StoredObject } from '../contracts.js';

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}
export interface VolumeMount {
  name: string;
  mountPath: string;
  subPath?: string;
  readOnly?: boolean;
}
export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  ports?: ContainerPort[];
  volumeMounts?: VolumeMount[];
  imagePullPolicy?: string;
  [key: string]: unknown;
}
export interface Volume {
  name: string;
  secret?: { secretName?: string; items?: { key: string; path: string }[]; optional?: boolean };
  configMap?: { name?: string; items?: { key: string; path: string }[]; optional?: boolean };
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  emptyDir?: Record<string, unknown>;
  [key: string]: unknown;
}
export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  serviceAccountName?: string;
  [key: string]: unknown;
}

/** `Always` for `:latest` or untagged images, else `IfNotPresent`, as the API server defaults it. */
function defaultPullPolicy(image: string | undefined): string {
  const ref = image ?? '';
  if (ref.includes('@')) return 'IfNotPresent';
  const lastPart = ref.slice(ref.lastIndexOf('/') + 1);
  const tag = lastPart.includes(':') ? lastPart.slice(lastPart.indexOf(':') + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(container: Container): Container {
  return {
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    resources: {},
    ...container,
    imagePullPolicy: container.imagePullPolicy || defaultPullPolicy(container.image),
    ...(container.ports ? { ports: container.ports.map((p) => ({ ...p, protocol: p.protocol ?? 'TCP' })) } : {}),
  };
}

/** The API server's defaults and the ServiceAccount admission plugin's `default` account. */
export function defaultPodSpec(spec: Record<string, unknown>): PodSpec {
  const base = spec as Partial<PodSpec>;
  const serviceAccountName = base.serviceAccountName || (spec.serviceAccount as string | undefined) || 'default';
  return {
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    securityContext: {},
    schedulerName: 'default-scheduler',
    enableServiceLinks: true,
    priority: 0,
    ...base,
    serviceAccountName,
    serviceAccount: serviceAccountName,
    containers: (base.containers ?? []).map(defaultContainer),
    ...(base.initContainers ? { initContainers: base.initContainers.map(defaultContainer) } : {}),
  };
}

export function podSpecOf(pod: StoredObject): PodSpec {
  const spec = (pod.spec ?? {}) as Partial<PodSpec>;
  return { ...spec, containers: spec.containers ?? [] };
}

interface PodCondition {
  type: string;
  status: string;
}

export function isPodReady(pod: StoredObject): boolean {
  const status = (pod.status ?? {}) as { phase?: string; conditions?: PodCondition[] };
  return status.phase === 'Running' && (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}
