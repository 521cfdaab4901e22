import * as yaml from 'js-yaml';
import { UsageError } from '../errors.js';
import type { KubeconfigDoc } from './model.js';

const TRUE_WORDS = ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'];
const FALSE_WORDS = ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'];

/**
 * kubectl reads YAML 1.1, where `yes`/`on`/`off` are booleans. Reading them the same way keeps
 * their meaning when we write the file back (js-yaml would otherwise keep them as strings and
 * then quote them).
 */
const yaml11Bool = new yaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && (TRUE_WORDS.includes(data) || FALSE_WORDS.includes(data)),
  construct: (data: string) => TRUE_WORDS.includes(data),
  predicate: (value: unknown) => typeof value === 'boolean',
  represent: { lowercase: (value: object) => (value ? 'true' : 'false') },
  defaultStyle: 'lowercase',
});

/** `<<` merge keys; js-yaml's loader merges any key carrying this tag. */
const mergeKey = new yaml.Type('tag:yaml.org,2002:merge', {
  kind: 'scalar',
  resolve: (data: unknown) => data === '<<',
});

/**
 * The core schema, so that timestamps (an auth-provider `expiry`, say) stay the strings kubectl
 * sees, plus YAML 1.1 booleans and `<<` merge keys, which kubectl understands too.
 */
const KUBECONFIG_SCHEMA = yaml.CORE_SCHEMA.extend({ implicit: [yaml11Bool, mergeKey] });

const LISTS = [
  ['clusters', 'cluster'],
  ['users', 'user'],
  ['contexts', 'context'],
] as const;

/** Turn a file's text into a document, or a UsageError saying what is wrong with it. */
export function parseKubeconfigText(text: string, label: string): KubeconfigDoc {
  let documents: unknown[];
  try {
    documents = yaml.loadAll(text, undefined, { schema: KUBECONFIG_SCHEMA, filename: label });
  } catch (err) {
    throw invalidFile(label, describeYamlError(err));
  }
  // kubectl reads only the first document and would drop the others when it rewrites the
  // file; refusing keeps them safe. Empty documents (a trailing `---`) are harmless.
  const [parsed, ...rest] = documents;
  if (rest.some((doc) => doc !== null && doc !== undefined)) {
    throw invalidFile(label, `it holds ${documents.length} YAML documents, and a kubeconfig is one`);
  }
  // An empty file (or one holding only comments) is an empty kubeconfig, as for kubectl.
  if (parsed === undefined || parsed === null) return {};
  if (!isMap(parsed)) throw invalidFile(label, 'the document is not a mapping');
  // Without an alias (`*`) no node is shared, and the check has nothing to count.
  if (text.includes('*') && hasExcessiveAliasing(parsed)) {
    throw invalidFile(label, 'excessive aliasing (its YAML aliases expand to far more than the file holds; kubectl refuses it too)');
  }
  const problem = findStructureProblem(parsed);
  if (problem !== undefined) throw invalidFile(label, problem);
  return parsed as KubeconfigDoc;
}

/**
 * One list entry's text as cut out by the scanner (`- name: …` and its lines), read on its own:
 * the same value js-yaml gives for it inside the whole document. Undefined if it does not read
 * as one entry (the caller then takes it from the whole document).
 */
export function parseKubeconfigEntry(text: string): Record<string, unknown> | undefined {
  try {
    const value = yaml.load(text, { schema: KUBECONFIG_SCHEMA });
    return Array.isArray(value) && value.length === 1 && isMap(value[0]) ? value[0] : undefined;
  } catch {
    return undefined;
  }
}

/** The text we write: every key kept, no anchors, no folded lines. */
export function serializeKubeconfig(doc: KubeconfigDoc): string {
  return yaml.dump(doc, { lineWidth: -1, noRefs: true });
}

export function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * kubectl's YAML reader refuses a document whose aliases make up nearly all of what it decodes
 * (go-yaml's "excessive aliasing": more than 100 aliased nodes among more than 1000, at a ratio
 * allowed to fall from 99% up to 400,000 nodes to 10% at 4,000,000). js-yaml shares an aliased
 * node instead of copying it, so the same count is made here by walking the shared nodes each
 * time they are reached; the walk stops as soon as the limit is crossed, so an alias bomb costs
 * little. Our writer expands aliases, so a file kubectl accepts stays within kubectl's limit.
 */
function hasExcessiveAliasing(root: object): boolean {
  let decoded = 1; // the document node
  let aliased = 0;
  const count = (viaAlias: boolean): boolean => {
    decoded++;
    if (viaAlias) aliased++;
    return aliased > 100 && decoded > 1000 && aliased / decoded > allowedAliasRatio(decoded);
  };
  const reached = new Set<object>();
  // Depth first in document order, as the YAML decoder goes, since the limit is checked as it goes.
  const pending: { node: unknown; viaAlias: boolean }[] = [{ node: root, viaAlias: false }];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const { node } = item;
    if (typeof node !== 'object' || node === null) {
      if (count(item.viaAlias)) return true;
      continue;
    }
    let viaAlias = item.viaAlias;
    if (reached.has(node)) {
      // A node reached again is an alias: the alias itself, then everything below it, aliased.
      if (count(viaAlias)) return true;
      viaAlias = true;
    }
    reached.add(node);
    if (count(viaAlias)) return true;
    const children: unknown[] = [];
    if (Array.isArray(node)) children.push(...(node as unknown[]));
    else for (const [key, value] of Object.entries(node)) children.push(key, value);
    for (let i = children.length - 1; i >= 0; i--) pending.push({ node: children[i], viaAlias });
  }
  return false;
}

function allowedAliasRatio(decoded: number): number {
  const low = 400_000;
  const high = 4_000_000;
  if (decoded <= low) return 0.99;
  if (decoded >= high) return 0.1;
  return 0.99 - (0.89 * (decoded - low)) / (high - low);
}

function findStructureProblem(doc: Record<string, unknown>): string | undefined {
  const current = doc['current-context'];
  if (current !== undefined && current !== null && typeof current !== 'string') return 'current-context is not a string';
  for (const [listKey, innerKey] of LISTS) {
    const list = doc[listKey];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) return `${listKey} is not a list`;
    const seen = new Set<string>();
    for (const [index, item] of list.entries()) {
      if (!isMap(item)) return `${listKey}[${index}] is not a mapping`;
      if (typeof item.name !== 'string' || item.name === '') return `${listKey}[${index}] has no name`;
      const inner = item[innerKey];
      if (inner !== undefined && inner !== null && !isMap(inner)) return `${innerKey} "${item.name}" is not a mapping`;
      // kubectl refuses a file that defines the same name twice in one list.
      if (seen.has(item.name)) return `${innerKey} "${item.name}" is defined twice`;
      seen.add(item.name);
    }
  }
  return undefined;
}

function describeYamlError(err: unknown): string {
  if (err instanceof yaml.YAMLException) {
    const line = err.mark ? ` at line ${err.mark.line + 1}` : '';
    return `bad YAML${line} (${err.reason})`;
  }
  return err instanceof Error ? err.message : String(err);
}

function invalidFile(label: string, reason: string): UsageError {
  return new UsageError(`kubeconfig ${label} is not valid: ${reason}; fix or remove the file`);
}
