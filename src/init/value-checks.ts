import { isIP } from 'node:net';
import { DNS_SUBDOMAIN_RULE, isDnsSubdomain } from '../k8s/name-rules.js';

/**
 * Checks of single values against the rules the Kubernetes API server applies, so that a bad
 * name fails before the first request instead of half-way through init.
 */

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Why a label key is invalid (`[prefix/]name`), or undefined when it is valid. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && !isDnsSubdomain(prefix)) return `its prefix "${prefix}" must be a DNS subdomain (${DNS_SUBDOMAIN_RULE})`;
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) {
    return "its name must be at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  }
  return undefined;
}

/** A label value: empty, or at most 63 characters of letters, digits, '-', '_' and '.'. */
export function isLabelValue(value: string): boolean {
  return value === '' || (value.length <= 63 && LABEL_NAME.test(value));
}

export function isIpAddress(value: string): boolean {
  return isIP(value) !== 0;
}

// The image reference grammar of the container registries (distribution/reference).
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|-+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const IMAGE_REFERENCE = new RegExp(`^(?:(${DOMAIN})/)?(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::${TAG})?(?:@${DIGEST})?$`);

/**
 * A pullable image reference: `[registry[:port]/]path[:tag][@digest]`. Rejects what container
 * runtimes reject, such as upper-case repositories or `v0.0.0-master_$Format:%h$` tags.
 */
export function isImageReference(value: string): boolean {
  const match = IMAGE_REFERENCE.exec(value);
  if (!match) return false;
  const [, domain, path] = match;
  return (domain ? domain.length + 1 : 0) + path.length <= 255;
}

/** An etcd client URL: http or https with a host. */
export function isEtcdUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}
