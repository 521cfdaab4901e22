import * as yaml from 'js-yaml';
import { z } from 'zod';
import { editDistance } from '../options/suggest.js';
import { INIT_SETTINGS, type SettingKey, type SettingKind } from './settings.js';

/**
 * `kubefed init --config FILE`: a YAML mapping whose keys mirror the flags, in camelCase
 * (`hostClusterContext`) or as the flag names (`host-cluster-context`), plus `federationName` and
 * the keys of the deploy.sh values file (`apiserverRegistry`, `apiserverVersion`,
 * `controllerManagerRegistry`, `controllerManagerVersion`).
 */

/** A value as the file gave it; validate.ts checks it like the flag's value. */
export type FileValue = string | number | boolean | readonly string[] | Readonly<Record<string, string>>;

export interface DeployValues {
  readonly apiserverRegistry?: string;
  readonly apiserverVersion?: string;
  readonly controllerManagerRegistry?: string;
  readonly controllerManagerVersion?: string;
}

export interface ConfigFileValues {
  readonly settings: Partial<Record<SettingKey, FileValue>>;
  readonly federationName?: string;
  readonly deploy: DeployValues;
}

const scalarText = z.union([z.string(), z.number()]).transform(String);
const SCHEMAS: Record<SettingKind, z.ZodType> = {
  string: scalarText,
  path: z.string(),
  bool: z.boolean(),
  int: z.union([z.number().int(), z.string()]),
  list: z.union([z.string(), z.array(scalarText)]),
  map: z.union([z.string(), z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String))]),
};
const KIND_WORDS: Record<SettingKind, string> = {
  string: 'a string',
  path: 'a file path (a string)',
  bool: 'true or false',
  int: 'a whole number',
  list: 'a string or a list of strings',
  map: 'a "key=value,..." string or a mapping of keys to values',
};
const EXTRA_KEYS = ['federationName', 'apiserverRegistry', 'apiserverVersion', 'controllerManagerRegistry', 'controllerManagerVersion'] as const;

/** Both spellings of every setting, pointing at the camelCase key. */
const SPELLINGS = new Map<string, { key: SettingKey; kind: SettingKind }>();
for (const s of INIT_SETTINGS) {
  SPELLINGS.set(s.key, s);
  SPELLINGS.set(s.flag, s);
}

const shape: Record<string, z.ZodType> = {};
for (const [spelling, { kind }] of SPELLINGS) shape[spelling] = SCHEMAS[kind].optional();
for (const key of EXTRA_KEYS) shape[key] = scalarText.optional();
const FILE_SCHEMA = z.strictObject(shape);

/** Parses the file's text; every problem names the file and the key. */
export function parseInitConfigFile(text: string, file: string): { values: ConfigFileValues; problems: string[] } {
  const empty: ConfigFileValues = { settings: {}, deploy: {} };
  let doc: unknown;
  try {
    doc = yaml.load(text, { schema: yaml.CORE_SCHEMA, filename: file });
  } catch (err) {
    const reason = err instanceof yaml.YAMLException ? err.reason : String(err);
    return { values: empty, problems: [`--config file ${file} is not valid YAML: ${reason}; fix the file or drop --config`] };
  }
  if (doc === undefined || doc === null) return { values: empty, problems: [] };
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    return { values: empty, problems: [`--config file ${file} must be a mapping of flag names to values, e.g. "dnsProvider: coredns"`] };
  }
  const parsed = FILE_SCHEMA.safeParse(doc);
  if (!parsed.success) return { values: empty, problems: describeIssues(parsed.error.issues, file, Object.keys(doc)) };
  return collectValues(parsed.data, file);
}

function collectValues(data: Record<string, unknown>, file: string): { values: ConfigFileValues; problems: string[] } {
  const settings: Partial<Record<SettingKey, FileValue>> = {};
  const seenAs = new Map<SettingKey, string>();
  const problems: string[] = [];
  for (const [spelling, value] of Object.entries(data)) {
    const setting = SPELLINGS.get(spelling);
    if (!setting || value === undefined) continue;
    const earlier = seenAs.get(setting.key);
    if (earlier !== undefined) {
      problems.push(`--config file ${file}: "${earlier}" and "${spelling}" set the same flag; keep one of them`);
      continue;
    }
    seenAs.set(setting.key, spelling);
    settings[setting.key] = value as FileValue;
  }
  const text = (key: (typeof EXTRA_KEYS)[number]): string | undefined => data[key] as string | undefined;
  const values: ConfigFileValues = {
    settings,
    federationName: text('federationName'),
    deploy: {
      apiserverRegistry: text('apiserverRegistry'),
      apiserverVersion: text('apiserverVersion'),
      controllerManagerRegistry: text('controllerManagerRegistry'),
      controllerManagerVersion: text('controllerManagerVersion'),
    },
  };
  return { values, problems };
}

/** One problem per offending key, in the order the keys appear in the file. */
function describeIssues(issues: readonly z.core.$ZodIssue[], file: string, keyOrder: readonly string[]): string[] {
  const found: { key: string; text: string }[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) found.push({ key, text: `--config file ${file}: unknown key "${key}"; ${suggestKey(key)}` });
      continue;
    }
    const key = String(issue.path[0]);
    const setting = SPELLINGS.get(key);
    const expected = setting ? KIND_WORDS[setting.kind] : 'a string';
    found.push({ key, text: `--config file ${file}: "${key}" must be ${expected}` });
  }
  found.sort((a, b) => keyOrder.indexOf(a.key) - keyOrder.indexOf(b.key));
  return [...new Set(found.map((f) => f.text))];
}

/** "did you mean" for a misspelt key, else where the valid keys come from. */
function suggestKey(key: string): string {
  const squash = (s: string): string => s.toLowerCase().replace(/[-_]/g, '');
  const candidates = [...SPELLINGS.keys(), ...EXTRA_KEYS].filter((k) => !k.includes('-'));
  const exact = candidates.find((c) => squash(c) === squash(key));
  const close = exact ?? candidates.find((c) => editDistance(squash(c), squash(key)) <= 2);
  if (close) return `did you mean "${close}"?`;
  return 'keys are the flags of kubefed init (e.g. hostClusterContext or host-cluster-context)';
}

