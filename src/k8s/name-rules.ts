/**
 * The API server's rules for object names, checked before the first request so that a bad name
 * fails up front instead of half-way through a command.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const DNS_LABEL_RULE = "at most 63 characters of a-z, 0-9 and '-', starting and ending with a letter or digit";
export const DNS_SUBDOMAIN_RULE = "lowercase letters, digits, '-' and '.', at most 253 characters, starting and ending with a letter or digit";

/** Why `name` is not a DNS-1123 label (namespaces, ServiceAccounts), or undefined when it is one. */
export function dns1123LabelProblem(name: string): string | undefined {
  if (name.length > 63) return 'must be no more than 63 characters';
  if (!DNS1123_LABEL.test(name)) {
    return "must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
  }
  return undefined;
}

/** Why `name` is not a DNS-1123 subdomain (Cluster and Secret names), or undefined when it is one. */
export function dns1123SubdomainProblem(name: string): string | undefined {
  if (name.length > 253) return 'must be no more than 253 characters';
  if (!DNS1123_SUBDOMAIN.test(name)) {
    return "must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

/** Why `name` cannot name an RBAC object (any path segment will do), or undefined. */
export function pathSegmentProblem(name: string): string | undefined {
  if (name === '' || name === '.' || name === '..') return 'may not be empty, "." or ".."';
  if (/[/%]/.test(name)) return "may not contain '/' or '%'";
  if (name.length > 253) return 'must be no more than 253 characters';
  return undefined;
}

/** RFC 1123 label: at most 63 characters of a-z, 0-9 and '-', starting and ending alphanumeric. */
export function isDnsLabel(value: string): boolean {
  return dns1123LabelProblem(value) === undefined;
}

/** RFC 1123 subdomain: dot-separated labels, at most 253 characters. */
export function isDnsSubdomain(value: string): boolean {
  return dns1123SubdomainProblem(value) === undefined;
}
