/**
 * Pod template and Deployment / ReplicaSet validation: containers, ports, volumes and mounts,
 * and the selector rules of apps/v1.
 */
import type { FieldProblem } from './status.js';
import { matchesSelectorObject, type LabelSelectorObject } from './selectors.js';
import {
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  duplicate,
  forbiddenField,
  invalidValue,
  notFoundField,
  notSupported,
  portNameErrors,
  problemsFrom,
  required,
  sameJson,
} from './validation-fields.js';
import { validateLabels } from './validation-meta.js';

type Obj = Record<string, any>;

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

function validateContainer(c: Obj, f: string, volumes: Set<string>, portNames: Set<string>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!c.name) problems.push(required(`${f}.name`));
  else problems.push(...problemsFrom(`${f}.name`, c.name, dns1123LabelErrors(c.name)));
  if (!c.image) problems.push(required(`${f}.image`));
  if (c.imagePullPolicy !== undefined && !PULL_POLICIES.includes(c.imagePullPolicy)) {
    problems.push(notSupported(`${f}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
  }
  (c.ports ?? []).forEach((port: Obj, i: number) => {
    const pf = `${f}.ports[${i}]`;
    if (port.name !== undefined) {
      problems.push(...problemsFrom(`${pf}.name`, port.name, portNameErrors(String(port.name))));
      if (portNames.has(port.name)) problems.push(duplicate(`${pf}.name`, port.name));
      portNames.add(port.name);
    }
    if (!Number.isInteger(port.containerPort) || port.containerPort < 1 || port.containerPort > 65535) {
      problems.push(port.containerPort ? invalidValue(`${pf}.containerPort`, port.containerPort, 'must be between 1 and 65535, inclusive') : required(`${pf}.containerPort`));
    }
    if (port.protocol !== undefined && !PROTOCOLS.includes(port.protocol)) problems.push(notSupported(`${pf}.protocol`, port.protocol, PROTOCOLS));
  });
  (c.env ?? []).forEach((env: Obj, i: number) => {
    if (!env?.name) problems.push(required(`${f}.env[${i}].name`));
    else if (!ENV_NAME.test(env.name)) {
      problems.push(invalidValue(`${f}.env[${i}].name`, env.name, "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')"));
    }
  });
  (c.volumeMounts ?? []).forEach((m: Obj, i: number) => {
    const mf = `${f}.volumeMounts[${i}]`;
    if (!m?.name) problems.push(required(`${mf}.name`));
    else if (!volumes.has(m.name)) problems.push(notFoundField(`${mf}.name`, m.name));
    if (!m?.mountPath) problems.push(required(`${mf}.mountPath`));
  });
  return problems;
}

function validateVolume(v: Obj, f: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!v.name) problems.push(required(`${f}.name`));
  else problems.push(...problemsFrom(`${f}.name`, v.name, dns1123LabelErrors(v.name)));
  const sources = Object.keys(v).filter((k) => k !== 'name');
  if (sources.length === 0) problems.push(required(f, 'must specify a volume type'));
  else if (sources.length > 1) problems.push(forbiddenField(`${f}.${sources[1]}`, 'may not specify more than 1 volume type'));
  if (v.secret && !v.secret.secretName) problems.push(required(`${f}.secret.secretName`));
  if (v.persistentVolumeClaim && !v.persistentVolumeClaim.claimName) problems.push(required(`${f}.persistentVolumeClaim.claimName`));
  return problems;
}

export function validatePodSpec(spec: Obj | undefined, f: string, restartPolicies = ['Always', 'OnFailure', 'Never']): FieldProblem[] {
  if (!spec) return [required(f)];
  const problems: FieldProblem[] = [];
  const volumes = new Set<string>();
  (spec.volumes ?? []).forEach((v: Obj, i: number) => {
    problems.push(...validateVolume(v ?? {}, `${f}.volumes[${i}]`));
    if (v?.name && volumes.has(v.name)) problems.push(duplicate(`${f}.volumes[${i}].name`, v.name));
    if (v?.name) volumes.add(v.name);
  });
  const containers = (spec.containers ?? []) as Obj[];
  if (containers.length === 0) problems.push(required(`${f}.containers`));
  const names = new Set<string>();
  const portNames = new Set<string>();
  containers.forEach((c, i) => {
    problems.push(...validateContainer(c ?? {}, `${f}.containers[${i}]`, volumes, portNames));
    if (c?.name && names.has(c.name)) problems.push(duplicate(`${f}.containers[${i}].name`, c.name));
    if (c?.name) names.add(c.name);
  });
  if (spec.restartPolicy !== undefined && !restartPolicies.includes(spec.restartPolicy)) {
    problems.push(notSupported(`${f}.restartPolicy`, spec.restartPolicy, restartPolicies));
  }
  if (spec.serviceAccountName) problems.push(...problemsFrom(`${f}.serviceAccountName`, spec.serviceAccountName, dns1123SubdomainErrors(spec.serviceAccountName)));
  problems.push(...validateLabels(`${f}.nodeSelector`, spec.nodeSelector));
  return problems;
}

/** Go's %#v of a LabelSelector, as it appears in selector errors. */
export function formatSelector(selector: LabelSelectorObject | undefined): string {
  const labels = selector?.matchLabels;
  const map = labels
    ? `map[string]string{${Object.keys(labels).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(labels[k])}`).join(', ')}}`
    : 'map[string]string(nil)';
  const exprs = selector?.matchExpressions?.length ? `[]v1.LabelSelectorRequirement{...}` : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${map}, MatchExpressions:${exprs}}`;
}

function rawInvalid(field: string, rendered: string, detail: string): FieldProblem {
  return { field, type: 'FieldValueInvalid', detail: `Invalid value: ${rendered}: ${detail}` };
}

/** Deployments and ReplicaSets share the selector / template rules. */
export function validateWorkload(obj: Obj, kindWord: string): FieldProblem[] {
  const spec = obj.spec ?? {};
  const problems: FieldProblem[] = [];
  if (spec.replicas !== undefined && (!Number.isInteger(spec.replicas) || spec.replicas < 0)) {
    problems.push(invalidValue('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  }
  const selector = spec.selector as LabelSelectorObject | undefined;
  const templateLabels = spec.template?.metadata?.labels;
  if (!selector) problems.push(required('spec.selector'));
  else if (!selector.matchLabels && !selector.matchExpressions?.length) {
    problems.push(rawInvalid('spec.selector', formatSelector(selector), `empty selector is invalid for ${kindWord}`));
  } else if (!matchesSelectorObject(templateLabels, selector)) {
    problems.push(invalidValue('spec.template.metadata.labels', templateLabels ?? {}, '`selector` does not match template `labels`'));
  }
  problems.push(...validateLabels('spec.template.metadata.labels', templateLabels));
  problems.push(...validatePodSpec(spec.template?.spec, 'spec.template.spec', ['Always']));
  if (kindWord === 'deployment') {
    const strategy = spec.strategy ?? {};
    if (!['Recreate', 'RollingUpdate'].includes(strategy.type)) problems.push(notSupported('spec.strategy.type', strategy.type, ['Recreate', 'RollingUpdate']));
    if (strategy.type === 'Recreate' && strategy.rollingUpdate) {
      problems.push(forbiddenField('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
    }
  }
  return problems;
}

export function validateWorkloadUpdate(obj: Obj, old: Obj): FieldProblem[] {
  if (sameJson(obj.spec?.selector, old.spec?.selector)) return [];
  return [rawInvalid('spec.selector', formatSelector(obj.spec?.selector), 'field is immutable')];
}
