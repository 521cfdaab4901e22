/**
 * The secrets a run could leak, as strings to look for in its output: every private key (the
 * fixture keys the test Deps hand out, the emulated clusters' admin keys, the keys init stored),
 * the federation's token and password, and service-account tokens — each in the forms it would
 * take on screen: raw, inside a PEM body, or base64-encoded as in a Secret or a kubeconfig.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import type { StoredObject } from '../../emulator/contracts.js';
import type { Emulator } from '../../emulator/index.js';

export interface Needle {
  label: string;
  text: string;
}

const KEY_DIR = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'keys');

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** A PEM key shows as its base64 body lines, or as a slice of the base64 of the whole file. */
export function pemNeedles(label: string, pem: string): Needle[] {
  const body = pem.split('\n').filter((l) => l && !l.startsWith('-----'));
  // Past the shared "-----BEGIN RSA PRIVATE KEY-----" prefix, so the slice is unique to this key.
  return [
    { label: `${label} (PEM body)`, text: body[1] },
    { label: `${label} (base64 of the PEM)`, text: b64(pem).slice(120, 180) },
  ];
}

/** A token or password shows raw or base64-encoded (Secret data). */
export function valueNeedles(label: string, value: string): Needle[] {
  return [
    { label, text: value },
    { label: `${label} (base64)`, text: b64(value) },
  ];
}

export function fixtureKeyNeedles(): Needle[] {
  return readdirSync(KEY_DIR)
    .filter((f) => f.endsWith('.pem'))
    .flatMap((f) => pemNeedles(`fixture key ${f}`, readFileSync(join(KEY_DIR, f), 'utf8')));
}

export function adminKeyNeedles(emu: Emulator): Needle[] {
  return emu.clusters.flatMap((c) => pemNeedles(`admin key of ${c.name}`, c.adminKeyPem));
}

function decoded(secret: StoredObject, key: string): string | undefined {
  const value = (secret.data as Record<string, string> | undefined)?.[key];
  return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
}

/**
 * What a cluster's Secrets hold that must stay secret: keys (`*.key`, PEM private keys anywhere),
 * tokens, the first field of the basic-auth and token-auth CSV files, and the credentials inside
 * stored kubeconfigs.
 */
export function storedSecretNeedles(emu: Emulator, cluster: string): Needle[] {
  const store = emu.cluster(cluster).store;
  const type = store.typeFor('v1', 'Secret');
  const needles: Needle[] = [];
  for (const secret of type ? store.list(type) : []) {
    const where = `${cluster} secret ${secret.metadata.namespace}/${secret.metadata.name}`;
    for (const key of Object.keys((secret.data as object | undefined) ?? {})) {
      const value = decoded(secret, key) ?? '';
      if (value.includes('PRIVATE KEY')) needles.push(...pemNeedles(`${where} ${key}`, value));
      else if (key === 'token') needles.push(...valueNeedles(`${where} token`, value));
      else if (key.endsWith('.csv')) needles.push(...valueNeedles(`${where} ${key} first field`, value.split(',')[0]));
      else if (key === 'kubeconfig') needles.push(...kubeconfigNeedles(`${where} kubeconfig`, value));
    }
  }
  return needles;
}

/** Credentials of every user in a kubeconfig document. */
export function kubeconfigNeedles(label: string, text: string, only?: (name: string) => boolean): Needle[] {
  const doc = yaml.load(text) as { users?: { name: string; user: Record<string, string> }[] };
  const needles: Needle[] = [];
  for (const { name, user } of doc.users ?? []) {
    if (only && !only(name)) continue;
    if (user['client-key-data']) needles.push(...pemNeedles(`${label} user ${name} client key`, Buffer.from(user['client-key-data'], 'base64').toString()));
    if (user.token) needles.push(...valueNeedles(`${label} user ${name} token`, user.token));
    if (user.password) needles.push(...valueNeedles(`${label} user ${name} password`, user.password));
  }
  return needles;
}

/**
 * The text plus every base64 run in it decoded, twice over: a kubeconfig inside a Secret is
 * base64 within base64, and a leak must not hide behind an encoding.
 */
export function withDecodedBase64(text: string, depth = 2): string {
  if (depth === 0) return text;
  const decodedRuns = [...text.matchAll(/[A-Za-z0-9+/]{24,}={0,2}/g)].map((m) => Buffer.from(m[0], 'base64').toString('utf8'));
  return [text, ...decodedRuns.map((d) => withDecodedBase64(d, depth - 1))].join('\n');
}

/** The first needle found in `text` (or in what its base64 runs decode to), if any. */
export function findLeak(text: string, needles: readonly Needle[]): Needle | undefined {
  const expanded = withDecodedBase64(text);
  return needles.find((n) => expanded.includes(n.text));
}
