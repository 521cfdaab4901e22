/**
 * Service validation and the address allocation the API server does for Services: a cluster IP
 * from the service range and node ports for NodePort / LoadBalancer Services.
 */
import type { ResourceType, StoredObject } from './contracts.js';
import { allocateClusterIp, allocateNodePort, isInServiceRange } from './node-ports.js';
import { invalid, type FieldProblem } from './status.js';
import type { AdmissionContext } from './validation.js';
import { dns1123LabelErrors, dns1123SubdomainErrors, duplicate, forbiddenField, invalidValue, notSupported, portNameErrors, problemsFrom, required } from './validation-fields.js';
import { validateLabels } from './validation-meta.js';

type Obj = Record<string, any>;

const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

function needsNodePorts(spec: Obj | undefined): boolean {
  return spec?.type === 'NodePort' || (spec?.type === 'LoadBalancer' && spec?.allocateLoadBalancerNodePorts !== false);
}

function validatePortNumber(field: string, value: unknown): FieldProblem[] {
  if (value === undefined || value === null || value === 0) return [required(field)];
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 65535) {
    return [invalidValue(field, value, 'must be between 1 and 65535, inclusive')];
  }
  return [];
}

function validateServicePort(port: Obj, i: number, spec: Obj, names: Set<string>): FieldProblem[] {
  const f = `spec.ports[${i}]`;
  const problems: FieldProblem[] = [];
  const multiple = (spec.ports as unknown[]).length > 1;
  if (multiple && !port.name) problems.push(required(`${f}.name`));
  if (port.name) {
    problems.push(...problemsFrom(`${f}.name`, port.name, dns1123LabelErrors(port.name)));
    if (names.has(port.name)) problems.push(duplicate(`${f}.name`, port.name));
    names.add(port.name);
  }
  problems.push(...validatePortNumber(`${f}.port`, port.port));
  if (port.protocol !== undefined && !PROTOCOLS.includes(port.protocol)) problems.push(notSupported(`${f}.protocol`, port.protocol, PROTOCOLS));
  if (typeof port.targetPort === 'string') problems.push(...problemsFrom(`${f}.targetPort`, port.targetPort, portNameErrors(port.targetPort)));
  else if (port.targetPort !== undefined) problems.push(...validatePortNumber(`${f}.targetPort`, port.targetPort));
  if (port.nodePort && !needsNodePorts(spec)) {
    problems.push(forbiddenField(`${f}.nodePort`, `may not be used when \`type\` is '${spec.type}'`));
  }
  return problems;
}

export function validateService(obj: StoredObject): FieldProblem[] {
  const spec = (obj as Obj).spec ?? {};
  const problems: FieldProblem[] = [];
  if (!SERVICE_TYPES.includes(spec.type)) return [notSupported('spec.type', spec.type, SERVICE_TYPES)];
  if (spec.type === 'ExternalName') {
    if (!spec.externalName) problems.push(required('spec.externalName'));
    else problems.push(...problemsFrom('spec.externalName', spec.externalName, dns1123SubdomainErrors(spec.externalName)));
  } else if (!Array.isArray(spec.ports) || spec.ports.length === 0) {
    if (spec.clusterIP !== 'None') problems.push(required('spec.ports'));
  }
  const names = new Set<string>();
  (Array.isArray(spec.ports) ? spec.ports : []).forEach((port: Obj, i: number) => problems.push(...validateServicePort(port ?? {}, i, spec, names)));
  problems.push(...validateLabels('spec.selector', spec.selector));
  if (spec.sessionAffinity !== undefined && !['None', 'ClientIP'].includes(spec.sessionAffinity)) {
    problems.push(notSupported('spec.sessionAffinity', spec.sessionAffinity, ['ClientIP', 'None']));
  }
  return problems;
}

export function validateServiceUpdate(obj: StoredObject, old: StoredObject): FieldProblem[] {
  const spec = (obj as Obj).spec ?? {};
  const before = (old as Obj).spec ?? {};
  if (before.type === 'ExternalName' || spec.type === 'ExternalName') return [];
  if (before.clusterIP && spec.clusterIP && spec.clusterIP !== before.clusterIP) {
    return [invalidValue('spec.clusterIPs[0]', [spec.clusterIP], 'may not change once set')];
  }
  return [];
}

/** An update that leaves allocated values out keeps them, as the real Service strategy does. */
export function keepAllocatedServiceValues(obj: StoredObject, old: StoredObject): void {
  const spec = ((obj as Obj).spec ??= {});
  const before = (old as Obj).spec ?? {};
  if (spec.type !== 'ExternalName' && before.type !== 'ExternalName' && !spec.clusterIP && before.clusterIP) {
    spec.clusterIP = before.clusterIP;
    spec.clusterIPs = before.clusterIPs;
  }
  if (needsNodePorts({ type: spec.type ?? 'ClusterIP', allocateLoadBalancerNodePorts: spec.allocateLoadBalancerNodePorts }) && needsNodePorts(before)) {
    for (const port of spec.ports ?? []) {
      if (!port || port.nodePort) continue;
      const match = (before.ports ?? []).find((p: Obj) => p.port === port.port && (p.protocol ?? 'TCP') === (port.protocol ?? 'TCP'));
      if (match?.nodePort) port.nodePort = match.nodePort;
    }
  }
}

function usedByOthers(obj: StoredObject, ctx: AdmissionContext, type: ResourceType): { ips: Set<string>; ports: Set<number> } {
  const ips = new Set<string>();
  const ports = new Set<number>();
  for (const svc of ctx.store.list(type)) {
    if (svc.metadata.namespace === obj.metadata.namespace && svc.metadata.name === obj.metadata.name) continue;
    const spec = (svc as Obj).spec ?? {};
    if (spec.clusterIP && spec.clusterIP !== 'None') ips.add(spec.clusterIP);
    for (const p of spec.ports ?? []) if (p?.nodePort) ports.add(p.nodePort);
  }
  return { ips, ports };
}

function assignClusterIp(spec: Obj, before: Obj | undefined, ips: Set<string>, ctx: AdmissionContext): FieldProblem[] {
  if (spec.type === 'ExternalName') return [];
  if (!spec.clusterIP) {
    const ip = allocateClusterIp(ctx.serviceCidrPrefix, ips);
    if (!ip) return [invalidValue('spec.clusterIPs', [], 'failed to allocate IP: range is full')];
    spec.clusterIP = ip;
  } else if (spec.clusterIP !== 'None' && spec.clusterIP !== before?.clusterIP) {
    const range = `${ctx.serviceCidrPrefix}.0.0/16`;
    if (!isInServiceRange(ctx.serviceCidrPrefix, spec.clusterIP)) {
      return [invalidValue('spec.clusterIPs', [spec.clusterIP], `failed to allocate IP ${spec.clusterIP}: the provided IP (${spec.clusterIP}) is not in the valid range. The range of valid IPs is ${range}`)];
    }
    if (ips.has(spec.clusterIP)) return [invalidValue('spec.clusterIPs', [spec.clusterIP], `failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`)];
  }
  spec.clusterIPs = [spec.clusterIP];
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
  return [];
}

async function assignNodePorts(spec: Obj, before: Obj | undefined, inUse: Set<number>, ctx: AdmissionContext): Promise<FieldProblem[]> {
  if (!needsNodePorts(spec)) return [];
  const problems: FieldProblem[] = [];
  const mine = new Set<number>();
  const ours = new Set<number>((before?.ports ?? []).map((p: Obj) => p.nodePort).filter(Boolean));
  const { min, max } = ctx.nodePortRange;
  for (const [i, port] of ((spec.ports ?? []) as Obj[]).entries()) {
    const field = `spec.ports[${i}].nodePort`;
    if (port.nodePort && mine.has(port.nodePort)) {
      problems.push(duplicate(field, port.nodePort));
      continue;
    }
    if (port.nodePort && ours.has(port.nodePort)) {
      mine.add(port.nodePort);
      continue;
    }
    const result = await allocateNodePort(port.nodePort || undefined, { range: ctx.nodePortRange, inUse: new Set([...inUse, ...mine]), reserve: !ctx.dryRun });
    if (result.ok) {
      port.nodePort = result.port;
      mine.add(result.port);
    } else if (result.reason === 'out-of-range') {
      problems.push(invalidValue(field, port.nodePort, `provided port is not in the valid range. The range of valid ports is ${min}-${max}`));
    } else if (result.reason === 'allocated') {
      problems.push(invalidValue(field, port.nodePort, 'provided port is already allocated'));
    } else {
      problems.push(invalidValue(field, port.nodePort ?? 0, 'failed to allocate a nodePort: range is full'));
    }
  }
  return problems;
}

export async function allocateServiceAddresses(type: ResourceType, obj: StoredObject, old: StoredObject | undefined, ctx: AdmissionContext): Promise<void> {
  const spec = ((obj as Obj).spec ??= {});
  const before = old ? (old as Obj).spec : undefined;
  const used = usedByOthers(obj, ctx, type);
  const problems = [...assignClusterIp(spec, before, used.ips, ctx), ...(await assignNodePorts(spec, before, used.ports, ctx))];
  if (problems.length > 0) throw invalid(type, obj.metadata.name, problems);
}
