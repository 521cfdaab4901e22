/**
 * Label and field selectors: the query-string syntax (`a=b,c!=d,e in (x,y),f,!g`) and the
 * structured metav1.LabelSelector used by Deployments and ReplicaSets.
 */
import { badRequest } from './status.js';

type Operator = '=' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  op: Operator;
  values: string[];
}

export type Labels = Record<string, string> | undefined;

/** Splits on commas that are not inside a parenthesised value set. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

const KEY = String.raw`[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?`;
const VALUE = String.raw`([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?`;
const SET_RE = new RegExp(String.raw`^(${KEY})\s+(in|notin)\s+\(([^)]*)\)$`);
const EQ_RE = new RegExp(String.raw`^(${KEY})\s*(==|=|!=)\s*(${VALUE})$`);
const CMP_RE = new RegExp(String.raw`^(${KEY})\s*(>|<)\s*(-?[0-9]+)$`);
const EXISTS_RE = new RegExp(String.raw`^(!?)\s*(${KEY})$`);
const VALUE_RE = new RegExp(`^${VALUE}$`);

function parseRequirement(text: string, whole: string): Requirement {
  let m = SET_RE.exec(text);
  if (m) {
    const values = m[4].split(',').map((v) => v.trim());
    if (values.some((v) => !VALUE_RE.test(v)) || (values.length === 1 && values[0] === '')) {
      throw badRequest(`unable to parse requirement: invalid value set in "${whole}"`);
    }
    return { key: m[1], op: m[3] as Operator, values };
  }
  m = EQ_RE.exec(text);
  if (m) return { key: m[1], op: m[3] === '!=' ? '!=' : '=', values: [m[4]] };
  m = CMP_RE.exec(text);
  if (m) return { key: m[1], op: m[3] === '>' ? 'gt' : 'lt', values: [m[4]] };
  m = EXISTS_RE.exec(text);
  if (m) return { key: m[2], op: m[1] ? '!' : 'exists', values: [] };
  throw badRequest(`unable to parse requirement: found '${text}', expected: a label selector requirement in "${whole}"`);
}

/** Parses a `labelSelector` query value; BadRequest when it does not parse, as the server answers. */
export function parseLabelSelector(text: string | undefined): Requirement[] {
  if (!text || text.trim() === '') return [];
  return splitTopLevel(text).map((part) => parseRequirement(part, text));
}

function matchesRequirement(labels: Record<string, string>, r: Requirement): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = labels[r.key];
  switch (r.op) {
    case '=': return has && value === r.values[0];
    case '!=': return !has || value !== r.values[0];
    case 'in': return has && r.values.includes(value);
    case 'notin': return !has || !r.values.includes(value);
    case 'exists': return has;
    case '!': return !has;
    case 'gt': return has && /^-?[0-9]+$/.test(value) && Number(value) > Number(r.values[0]);
    case 'lt': return has && /^-?[0-9]+$/.test(value) && Number(value) < Number(r.values[0]);
  }
}

export function matchesRequirements(labels: Labels, requirements: Requirement[]): boolean {
  const actual = labels ?? {};
  return requirements.every((r) => matchesRequirement(actual, r));
}

export function matchesLabelSelector(labels: Labels, selector: string | undefined): boolean {
  return matchesRequirements(labels, parseLabelSelector(selector));
}

export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** metav1.LabelSelector → requirements. An empty selector matches everything, as on a server. */
export function requirementsFromSelector(selector: LabelSelectorObject | undefined): Requirement[] {
  const requirements: Requirement[] = [];
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) requirements.push({ key, op: '=', values: [value] });
  for (const expr of selector?.matchExpressions ?? []) {
    const ops: Record<string, Operator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };
    const op = ops[expr.operator];
    if (!op) throw badRequest(`"${expr.operator}" is not a valid label selector operator`);
    requirements.push({ key: expr.key, op, values: expr.values ?? [] });
  }
  return requirements;
}

export function matchesSelectorObject(labels: Labels, selector: LabelSelectorObject | undefined): boolean {
  return matchesRequirements(labels, requirementsFromSelector(selector));
}

export interface FieldRequirement {
  path: string[];
  equals: boolean;
  value: string;
}

/** `metadata.name=x,status.phase!=Running`: dotted paths compared as strings. */
export function parseFieldSelector(text: string | undefined): FieldRequirement[] {
  if (!text || text.trim() === '') return [];
  return text.split(',').map((part) => {
    const m = /^\s*([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
    if (!m) throw badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
    return { path: m[1].split('.'), equals: m[2] !== '!=', value: m[3] };
  });
}

function fieldValue(obj: unknown, path: string[]): string {
  let current: unknown = obj;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return '';
    current = (current as Record<string, unknown>)[key];
  }
  return current === undefined || current === null ? '' : String(current);
}

export function matchesFieldSelector(obj: unknown, requirements: FieldRequirement[]): boolean {
  return requirements.every((r) => (fieldValue(obj, r.path) === r.value) === r.equals);
}
