/**
 * What "the same end state" means for a fault-schedule run: the objects a cluster holds, compared
 * on the fields that matter (Deployment commands and images, Secret keys, Service type and ports,
 * RBAC rules, annotations…), with what legitimately differs between two emulators scrubbed — each
 * has its own CA and its own server address — and what changes on its own left out (status, uids,
 * resourceVersions, Pod and ReplicaSet names).
 */
import { readFileSync } from 'node:fs';
import * as yaml from 'js-yaml';
import { expect } from 'vitest';
import type { StoredObject } from '../../emulator/contracts.js';
import type { Emulator } from '../../emulator/index.js';
import type { CliRun } from '../../helpers/cli.js';

/** Kinds whose objects are named at random or written by controllers on their own schedule. */
const VOLATILE_KINDS = new Set(['Pod', 'ReplicaSet', 'Endpoints', 'EndpointSlice', 'Lease', 'Event']);

function projectObject(obj: StoredObject): unknown {
  const copy = structuredClone(obj) as StoredObject & { data?: Record<string, string>; spec?: Record<string, unknown> };
  const { metadata } = copy;
  for (const field of ['uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'generation', 'selfLink']) delete metadata[field];
  if (metadata.ownerReferences) metadata.ownerReferences = metadata.ownerReferences.map((o) => ({ kind: o.kind, name: o.name }) as never);
  delete copy.status;
  // Key material differs between runs by design (validity from the clock); the keys must match.
  if (copy.kind === 'Secret' && copy.data) copy.data = Object.fromEntries(Object.keys(copy.data).sort().map((k) => [k, '<value>']));
  if (copy.kind === 'Service' && copy.spec) {
    delete copy.spec.clusterIP;
    delete copy.spec.clusterIPs;
  }
  return copy;
}

/**
 * Replaces each emulated cluster's CA and server address by its name, and each object's uid by the
 * object's key (a PersistentVolume is named after its claim's uid), wherever they appear; nested
 * resourceVersions (a PersistentVolume's claimRef) go.
 */
function scrub(value: unknown, emu: Emulator): unknown {
  let text = JSON.stringify(value, (key, v) => (key === 'resourceVersion' ? undefined : v));
  for (const c of emu.clusters) {
    // join names the host Secret `<cluster>-<5 characters>` (a hash of the cluster name; earlier versions drew them at random).
    text = text.replace(new RegExp(`\\b${c.name}-[bcdfghjklmnpqrstvwxz2456789]{5}(?![a-z0-9-])`, 'g'), `${c.name}-<generated>`);
    for (const [key, obj] of c.snapshot()) if (obj.metadata.uid) text = text.split(obj.metadata.uid).join(`<uid:${c.name}:${key}>`);
    for (const [needle, label] of [
      [c.server, `<server:${c.name}>`],
      [Buffer.from(c.caPem).toString('base64'), `<ca:${c.name}>`],
      [JSON.stringify(c.caPem).slice(1, -1), `<ca:${c.name}>`],
    ] as const) {
      text = text.split(needle).join(label);
    }
  }
  return JSON.parse(text);
}

/** A cluster's stable objects as `kind/namespace/name` → projection. */
export function projectCluster(emu: Emulator, cluster: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, obj] of emu.cluster(cluster).snapshot()) {
    if (VOLATILE_KINDS.has(obj.kind)) continue;
    out[key] = projectObject(obj);
  }
  return scrub(out, emu) as Record<string, unknown>;
}

/** The federation's Clusters, projected the same way. */
export function projectFederation(emu: Emulator, host: string, namespace: string): Record<string, unknown> {
  const endpoint = emu.cluster(host).federation(namespace);
  if (!endpoint) return {};
  const type = endpoint.store.typeFor('federation/v1beta1', 'Cluster');
  const out: Record<string, unknown> = {};
  for (const obj of type ? endpoint.store.list(type) : []) out[`Cluster//${obj.metadata.name}`] = projectObject(obj);
  return scrub(out, emu) as Record<string, unknown>;
}

/** The federation's kubeconfig entries: names, server, context and extension, which user fields are set. */
export function projectKubeconfig(emu: Emulator, path: string, federationName: string): unknown {
  type Named<T> = { name: string } & T;
  const doc = yaml.load(readFileSync(path, 'utf8')) as {
    clusters?: Named<{ cluster: Record<string, unknown> }>[];
    contexts?: Named<{ context: Record<string, unknown> }>[];
    users?: Named<{ user: Record<string, unknown> }>[];
    'current-context'?: string;
  };
  const ours = <T extends { name: string }>(list: T[] | undefined) => (list ?? []).filter((e) => e.name === federationName);
  return scrub(
    {
      clusters: ours(doc.clusters).map((c) => ({ name: c.name, server: c.cluster.server, fields: Object.keys(c.cluster).sort() })),
      contexts: ours(doc.contexts),
      users: ours(doc.users).map((u) => ({ name: u.name, fields: Object.keys(u.user).sort() })),
      currentContext: doc['current-context'],
    },
    emu,
  );
}

/**
 * A run under faults either succeeds or fails cleanly: exit 1 or 3, nothing on stdout, exactly one
 * error line, no stack trace and none of the HTTP client's raw exception text.
 */
export function expectCleanOutcome(run: CliRun, context: string): void {
  const all = `${run.stdout}${run.stderr}`;
  expect([0, 1, 3], context).toContain(run.code);
  expect(all, context).not.toMatch(/^\s+at .+[:(]/m);
  expect(all, context).not.toMatch(/HTTP-Code:|ApiException|HTTP request failed|Headers: \{|Body: /);
  if (run.code === 0) return;
  expect(run.stdout, context).toBe('');
  const errorLines = run.stderr.split('\n').filter((l) => /^(error: |Error from server)/.test(l));
  expect(errorLines, context).toHaveLength(1);
}
