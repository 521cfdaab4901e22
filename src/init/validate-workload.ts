import { parseOverrides, type ArgMap } from '../federation/objects/args.js';
import { PULL_POLICIES, type PullPolicy } from '../federation/objects/spec.js';
import { deployValuesImage } from './defaults.js';
import type { InitOptions } from './options.js';
import type { CheckContext } from './problems.js';
import { parseQuantity } from './quantity.js';
import type { SettingKey, ValueSource } from './settings.js';
import { DNS_SUBDOMAIN_RULE, isDnsSubdomain } from '../k8s/name-rules.js';
import { isEtcdUrl, isImageReference, isLabelValue, labelKeyProblem } from './value-checks.js';

/** Checks of what ends up in the pod templates: images, etcd, arguments and node selectors. */

const IMAGE_FIX = 'use [registry/]repository[:tag][@digest], e.g. registry.k8s.io/hyperkube-amd64:v1.8.15';

interface ChosenImage {
  image: string;
  /** How to name the value in a message. */
  label: string;
  from: ValueSource;
}

/**
 * Each component's image: its own flag, else an explicit `--image`, else the file's own key for
 * it, else the file's deploy.sh registry/version pair, else `--image` from the file or default.
 */
function chooseImage(ctx: CheckContext, key: 'apiserverImage' | 'controllermanagerImage'): ChosenImage {
  const isApiserver = key === 'apiserverImage';
  const flag = isApiserver ? '--apiserver-image' : '--controllermanager-image';
  const own = { image: ctx.text(key), label: flag, from: ctx.from(key) };
  const shared = { image: ctx.text('image'), label: '--image', from: ctx.from('image') };
  const deploy = ctx.input.deploy;
  const [registry, version] = isApiserver
    ? [deploy.apiserverRegistry, deploy.apiserverVersion]
    : [deploy.controllerManagerRegistry, deploy.controllerManagerVersion];
  const pairName = isApiserver ? 'apiserverRegistry/apiserverVersion' : 'controllerManagerRegistry/controllerManagerVersion';
  const hasDeploy = registry !== undefined || version !== undefined;
  if (hasDeploy && own.from === 'file' && own.image !== '') {
    ctx.add(key, `${flag.slice(2)} and ${pairName} both set the image; keep one of them`);
  }
  if (own.from === 'flag' && own.image !== '') return own;
  if (shared.from === 'flag') return shared;
  if (own.from === 'file' && own.image !== '') return own;
  if (hasDeploy) return { image: deployValuesImage(registry, version), label: pairName, from: 'file' };
  return shared;
}

export function checkImages(ctx: CheckContext): InitOptions['images'] {
  const apiserver = chooseImage(ctx, 'apiserverImage');
  const controllerManager = chooseImage(ctx, 'controllermanagerImage');
  const etcd: ChosenImage = { image: ctx.text('etcdImage'), label: '--etcd-image', from: ctx.from('etcdImage') };
  for (const chosen of [apiserver, controllerManager, etcd]) {
    if (!isImageReference(chosen.image)) {
      ctx.problems.add(`invalid ${chosen.label} "${chosen.image}": not a valid image reference; ${IMAGE_FIX}`, chosen.from);
    }
  }
  const pullPolicy = ctx.text('imagePullPolicy');
  if (!(PULL_POLICIES as readonly string[]).includes(pullPolicy)) {
    ctx.add('imagePullPolicy', `invalid --image-pull-policy "${pullPolicy}": should be one of ${PULL_POLICIES.join(', ')}`);
  }
  // The original took one secret name; a comma-separated list is accepted too.
  const pullSecrets = listOf(ctx, 'imagePullSecrets');
  for (const name of pullSecrets) {
    if (!isDnsSubdomain(name)) {
      ctx.add('imagePullSecrets', `invalid --image-pull-secrets name "${name}": must be a Secret name (${DNS_SUBDOMAIN_RULE})`);
    }
  }
  return {
    apiserver: apiserver.image,
    controllerManager: controllerManager.image,
    etcd: etcd.image,
    pullPolicy: pullPolicy as PullPolicy,
    pullSecrets,
  };
}

export function checkEtcd(ctx: CheckContext): InitOptions['etcd'] {
  const servers = listOf(ctx, 'etcdServers');
  for (const url of servers) {
    if (!isEtcdUrl(url)) {
      ctx.add('etcdServers', `invalid --etcd-servers entry "${url}": use http:// or https:// URLs separated by commas, e.g. https://etcd-0.example.com:2379`);
    }
  }
  const capacity = ctx.text('etcdPvCapacity');
  const quantity = parseQuantity(capacity);
  if (quantity === undefined) {
    ctx.add('etcdPvCapacity', `invalid --etcd-pv-capacity "${capacity}": must be a Kubernetes quantity such as 10Gi, 500M or 1.5Gi`);
  } else if (!(quantity.value > 0)) {
    ctx.add('etcdPvCapacity', `invalid --etcd-pv-capacity "${capacity}": must be greater than zero, e.g. 10Gi`);
  }
  const storageClass = ctx.text('etcdPvStorageClass');
  if (storageClass !== '' && !isDnsSubdomain(storageClass)) {
    ctx.add('etcdPvStorageClass', `invalid --etcd-pv-storage-class "${storageClass}": must be a StorageClass name (${DNS_SUBDOMAIN_RULE})`);
  }
  return {
    servers: servers.length > 0 ? servers.join(',') : undefined,
    persistentStorage: ctx.bool('etcdPersistentStorage', 'etcd-persistent-storage', true),
    pvCapacity: capacity,
    pvStorageClass: storageClass || undefined,
  };
}

type OverrideOptions = Pick<InitOptions, 'apiserverArgOverrides' | 'controllerManagerArgOverrides' | 'nodeSelector'>;

export function checkOverrides(ctx: CheckContext): OverrideOptions {
  const apiserverArgOverrides = argsOf(ctx, 'apiserverArgOverrides', 'apiserver-arg-overrides');
  const controllerManagerArgOverrides = argsOf(ctx, 'controllermanagerArgOverrides', 'controllermanager-arg-overrides');
  const nodeSelector = mapOf(ctx, 'nodeSelector', 'node-selector');
  for (const [key, value] of Object.entries(nodeSelector)) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem !== undefined) ctx.add('nodeSelector', `invalid --node-selector key "${key}": ${keyProblem}`);
    if (!isLabelValue(value)) {
      ctx.add(
        'nodeSelector',
        `invalid --node-selector value "${value}" for "${key}": must be at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit`,
      );
    }
  }
  return { apiserverArgOverrides, controllerManagerArgOverrides, nodeSelector };
}

/**
 * Container arguments: each key is a flag of the component, written with its dashes
 * (`--v=4,--audit-log-path=-`, README); a bare `v=4` would reach the command line as a stray
 * argument the component does not read.
 */
function argsOf(ctx: CheckContext, key: SettingKey, flag: string): ArgMap {
  const values = mapOf(ctx, key, flag);
  for (const [name, value] of Object.entries(values)) {
    if (!/^--?[A-Za-z0-9]/.test(name)) {
      ctx.add(key, `invalid --${flag} argument "${name}=${value}": an argument name starts with "--"; write --flag=value pairs separated by commas, e.g. --${flag}=--${name.replace(/^-+/, '')}=${value}`);
    }
  }
  return values;
}

/** A `k=v,...` flag, or a mapping from the file (whose values may then contain commas). */
export function mapOf(ctx: CheckContext, key: SettingKey, flag: string): ArgMap {
  const raw = ctx.raw(key);
  if (raw !== undefined && typeof raw === 'object' && !Array.isArray(raw)) {
    const values: Record<string, string> = Object.create(null);
    for (const [k, v] of Object.entries(raw as Readonly<Record<string, string>>)) {
      if (k.trim() === '') ctx.add(key, `error marshalling --${flag}: wrong format for override arg: ${k}=${v}, arg name cannot be empty`);
      else values[k.trim()] = v.trim();
    }
    return values;
  }
  const parsed = parseOverrides(ctx.text(key));
  if (parsed.ok) return parsed.values;
  ctx.add(key, `error marshalling --${flag}: ${parsed.problem}; write key=value pairs separated by commas`);
  return Object.create(null);
}

/** A comma-separated flag, or a list from the file; blanks dropped. */
export function listOf(ctx: CheckContext, key: SettingKey): string[] {
  const raw = ctx.raw(key);
  const items = Array.isArray(raw) ? (raw as readonly string[]) : ctx.text(key).split(',');
  return items.map((item) => item.trim()).filter((item) => item !== '');
}
