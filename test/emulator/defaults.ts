/**
 * The defaulting a real API server applies on write, for the fields the tool may read back
 * (and compare against what it sent).
 */
import type { ResourceType, StoredObject } from './contracts.js';

type Obj = Record<string, any>;

function imagePullPolicyFor(image: unknown): string {
  if (typeof image !== 'string') return 'IfNotPresent';
  const withoutDigest = image.includes('@') ? null : image;
  if (withoutDigest === null) return 'IfNotPresent';
  const lastSlash = withoutDigest.lastIndexOf('/');
  const tagAt = withoutDigest.indexOf(':', lastSlash + 1);
  const tag = tagAt < 0 ? 'latest' : withoutDigest.slice(tagAt + 1);
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: Obj): void {
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.imagePullPolicy ??= imagePullPolicyFor(c.image);
  c.resources ??= {};
  for (const port of c.ports ?? []) port.protocol ??= 'TCP';
  for (const env of c.env ?? []) {
    if (env?.valueFrom?.fieldRef) env.valueFrom.fieldRef.apiVersion ??= 'v1';
  }
}

export function defaultPodSpec(spec: Obj | undefined): void {
  if (!spec) return;
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) if (c && typeof c === 'object') defaultContainer(c);
  for (const v of spec.volumes ?? []) {
    if (v?.secret) v.secret.defaultMode ??= 420;
    if (v?.configMap) v.configMap.defaultMode ??= 420;
  }
}

function defaultDeployment(obj: Obj): void {
  const spec = (obj.spec ??= {});
  spec.replicas ??= 1;
  spec.strategy ??= { type: 'RollingUpdate' };
  spec.strategy.type ??= 'RollingUpdate';
  if (spec.strategy.type === 'RollingUpdate') {
    spec.strategy.rollingUpdate ??= {};
    spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
    spec.strategy.rollingUpdate.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultPodSpec(spec.template?.spec);
}

function defaultService(obj: Obj): void {
  const spec = (obj.spec ??= {});
  spec.type ??= 'ClusterIP';
  if (spec.type === 'ExternalName') return;
  spec.sessionAffinity ??= 'None';
  spec.internalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  for (const port of spec.ports ?? []) {
    if (!port || typeof port !== 'object') continue;
    port.protocol ??= 'TCP';
    port.targetPort ??= port.port;
  }
}

/** stringData is write-only: merged into data (base64) and dropped, as the server does. */
function defaultSecret(obj: Obj): void {
  obj.type ??= 'Opaque';
  if (obj.stringData && typeof obj.stringData === 'object') {
    obj.data ??= {};
    for (const [key, value] of Object.entries(obj.stringData as Record<string, string>)) {
      obj.data[key] = Buffer.from(String(value), 'utf8').toString('base64');
    }
  }
  delete obj.stringData;
}

function defaultRbacSubjects(obj: Obj): void {
  for (const subject of obj.subjects ?? []) {
    if (!subject || typeof subject !== 'object') continue;
    subject.apiGroup ??= subject.kind === 'ServiceAccount' ? '' : 'rbac.authorization.k8s.io';
    if (subject.apiGroup === '') delete subject.apiGroup;
  }
}

export function applyDefaults(type: ResourceType, input: StoredObject): void {
  const obj = input as Obj;
  switch (`${type.group}/${type.resource}`) {
    case 'apps/deployments':
    case 'apps/replicasets':
      if (type.resource === 'deployments') defaultDeployment(obj);
      else {
        (obj.spec ??= {}).replicas ??= 1;
        defaultPodSpec(obj.spec.template?.spec);
      }
      return;
    case '/pods':
      defaultPodSpec(obj.spec);
      return;
    case '/services':
      defaultService(obj);
      return;
    case '/secrets':
      defaultSecret(obj);
      return;
    case '/persistentvolumeclaims':
      (obj.spec ??= {}).volumeMode ??= 'Filesystem';
      return;
    case '/namespaces':
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name };
      (obj.spec ??= {}).finalizers ??= ['kubernetes'];
      return;
    case 'rbac.authorization.k8s.io/rolebindings':
    case 'rbac.authorization.k8s.io/clusterrolebindings':
      defaultRbacSubjects(obj);
      return;
  }
}

/** Guaranteed when every container's requests equal its cpu+memory limits, BestEffort with none at all. */
function qosClassOf(pod: StoredObject | undefined): string {
  const containers = ((pod as Obj | undefined)?.spec?.containers ?? []) as Obj[];
  const resources = containers.map((c) => c?.resources ?? {});
  const any = resources.some((r) => Object.keys(r.requests ?? {}).length > 0 || Object.keys(r.limits ?? {}).length > 0);
  if (!any) return 'BestEffort';
  const guaranteed = resources.every((r) =>
    ['cpu', 'memory'].every((k) => r.limits?.[k] !== undefined && (r.requests?.[k] === undefined || String(r.requests[k]) === String(r.limits[k]))),
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** The status a new object starts with, whatever the client sent (undefined: no status at all). */
export function initialStatus(type: ResourceType, obj?: StoredObject): unknown {
  switch (`${type.group}/${type.resource}`) {
    case '/namespaces':
      return { phase: 'Active' };
    case '/persistentvolumeclaims':
    case '/persistentvolumes':
      return { phase: 'Pending' };
    case '/pods':
      return { phase: 'Pending', qosClass: qosClassOf(obj) };
    case 'apps/replicasets':
      return { replicas: 0 };
    case '/services':
      return { loadBalancer: {} };
    case '/nodes':
      return obj?.status;
    default:
      return {};
  }
}
