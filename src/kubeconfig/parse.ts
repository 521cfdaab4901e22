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
  const problem = findStructureProblem(parsed);
  if (problem !== undefined) throw invalidFile(label, problem);
  return parsed as KubeconfigDoc;
}

/** The text we write: every key kept, no anchors, no folded lines. */
export function serializeKubeconfig(doc: KubeconfigDoc): string {
  return yaml.dump(doc, { lineWidth: -1, noRefs: true });
}

export function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
