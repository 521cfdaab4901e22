/**
 * Decoding of the Kubernetes protobuf wire format for the few kinds kubectl's typed `create`
 * subcommands send that way (kubectl 1.32 posts `application/vnd.kubernetes.protobuf` for
 * `create secret|configmap|namespace|serviceaccount` and `auth can-i`). Other kinds get 415 and kubectl
 * users fall back to `apply -f`; client-node always speaks JSON.
 */
import type { StoredObject } from './contracts.js';

type FieldKind = 'string' | 'bytes' | 'bool' | 'int' | 'message' | 'map-string' | 'map-bytes' | 'repeated-string' | 'repeated-message';

interface Field {
  name: string;
  kind: FieldKind;
  schema?: Schema;
}
type Schema = Record<number, Field>;

const ownerReference: Schema = {
  1: { name: 'kind', kind: 'string' },
  3: { name: 'name', kind: 'string' },
  4: { name: 'uid', kind: 'string' },
  5: { name: 'apiVersion', kind: 'string' },
  6: { name: 'controller', kind: 'bool' },
  7: { name: 'blockOwnerDeletion', kind: 'bool' },
};

/** Only what a client may set; server-owned fields (uid, timestamps, …) are skipped. */
const objectMeta: Schema = {
  1: { name: 'name', kind: 'string' },
  2: { name: 'generateName', kind: 'string' },
  3: { name: 'namespace', kind: 'string' },
  6: { name: 'resourceVersion', kind: 'string' },
  11: { name: 'labels', kind: 'map-string' },
  12: { name: 'annotations', kind: 'map-string' },
  13: { name: 'ownerReferences', kind: 'repeated-message', schema: ownerReference },
  14: { name: 'finalizers', kind: 'repeated-string' },
};

const meta: Field = { name: 'metadata', kind: 'message', schema: objectMeta };
const localRef: Schema = { 1: { name: 'name', kind: 'string' } };
const objectRef: Schema = { 1: { name: 'kind', kind: 'string' }, 2: { name: 'namespace', kind: 'string' }, 3: { name: 'name', kind: 'string' }, 5: { name: 'apiVersion', kind: 'string' } };

const resourceAttributes: Schema = Object.fromEntries(
  ['namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name'].map((name, i) => [i + 1, { name, kind: 'string' } as Field]),
);
const nonResourceAttributes: Schema = { 1: { name: 'path', kind: 'string' }, 2: { name: 'verb', kind: 'string' } };

const KINDS: Record<string, Schema> = {
  'v1/Secret': { 1: meta, 2: { name: 'data', kind: 'map-bytes' }, 3: { name: 'type', kind: 'string' }, 4: { name: 'stringData', kind: 'map-string' }, 5: { name: 'immutable', kind: 'bool' } },
  'v1/ConfigMap': { 1: meta, 2: { name: 'data', kind: 'map-string' }, 3: { name: 'binaryData', kind: 'map-bytes' }, 4: { name: 'immutable', kind: 'bool' } },
  'v1/Namespace': { 1: meta, 2: { name: 'spec', kind: 'message', schema: { 1: { name: 'finalizers', kind: 'repeated-string' } } } },
  'v1/ServiceAccount': {
    1: meta,
    2: { name: 'secrets', kind: 'repeated-message', schema: objectRef },
    3: { name: 'imagePullSecrets', kind: 'repeated-message', schema: localRef },
    4: { name: 'automountServiceAccountToken', kind: 'bool' },
  },
  // What `kubectl auth can-i` posts.
  'authorization.k8s.io/v1/SelfSubjectRulesReview': { 1: meta, 2: { name: 'spec', kind: 'message', schema: { 1: { name: 'namespace', kind: 'string' } } } },
  'authorization.k8s.io/v1/SelfSubjectAccessReview': {
    1: meta,
    2: {
      name: 'spec',
      kind: 'message',
      schema: { 1: { name: 'resourceAttributes', kind: 'message', schema: resourceAttributes }, 2: { name: 'nonResourceAttributes', kind: 'message', schema: nonResourceAttributes } },
    },
  },
};

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]); // "k8s\0"

export class ProtobufError extends Error {}

interface WireField {
  number: number;
  wireType: number;
  value: bigint | Buffer;
}

function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos >= buf.length) throw new ProtobufError('truncated varint');
    const byte = buf[pos++];
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, pos];
    shift += 7n;
  }
}

function readFields(buf: Buffer): WireField[] {
  const fields: WireField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [tag, next] = readVarint(buf, pos);
    pos = next;
    const number = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    if (wireType === 0) {
      const [value, after] = readVarint(buf, pos);
      fields.push({ number, wireType, value });
      pos = after;
    } else if (wireType === 2) {
      const [length, after] = readVarint(buf, pos);
      const end = after + Number(length);
      if (end > buf.length) throw new ProtobufError('truncated field');
      fields.push({ number, wireType, value: buf.subarray(after, end) });
      pos = end;
    } else if (wireType === 1 || wireType === 5) {
      pos += wireType === 1 ? 8 : 4;
    } else {
      throw new ProtobufError(`unsupported wire type ${wireType}`);
    }
  }
  return fields;
}

function decodeMessage(buf: Buffer, schema: Schema): Record<string, unknown> {
  const out: Record<string, any> = {};
  for (const field of readFields(buf)) {
    const spec = schema[field.number];
    if (!spec) continue;
    const bytes = field.value as Buffer;
    switch (spec.kind) {
      case 'string':
        // Go always writes non-pointer strings; JSON would have left empty ones out.
        if (bytes.length > 0) out[spec.name] = bytes.toString('utf8');
        break;
      case 'bytes':
        out[spec.name] = bytes.toString('base64');
        break;
      case 'bool':
        out[spec.name] = field.value !== 0n;
        break;
      case 'int':
        out[spec.name] = Number(field.value as bigint);
        break;
      case 'message':
        out[spec.name] = decodeMessage(bytes, spec.schema ?? {});
        break;
      case 'repeated-string':
        (out[spec.name] ??= []).push(bytes.toString('utf8'));
        break;
      case 'repeated-message':
        (out[spec.name] ??= []).push(decodeMessage(bytes, spec.schema ?? {}));
        break;
      case 'map-string':
      case 'map-bytes': {
        const entry = decodeMessage(bytes, { 1: { name: 'key', kind: 'string' }, 2: { name: 'value', kind: spec.kind === 'map-string' ? 'string' : 'bytes' } });
        (out[spec.name] ??= {})[String(entry.key ?? '')] = entry.value ?? '';
        break;
      }
    }
  }
  return out;
}

/** Decodes a `k8s\0`-prefixed runtime.Unknown envelope into a JSON object of a supported kind. */
export function decodeKubernetesProtobuf(body: Buffer): StoredObject {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw new ProtobufError('missing the k8s protobuf prefix');
  const envelope = decodeMessage(body.subarray(4), {
    1: { name: 'typeMeta', kind: 'message', schema: { 1: { name: 'apiVersion', kind: 'string' }, 2: { name: 'kind', kind: 'string' } } },
    2: { name: 'raw', kind: 'bytes' },
  }) as { typeMeta?: { apiVersion?: string; kind?: string }; raw?: string };
  const apiVersion = envelope.typeMeta?.apiVersion ?? '';
  const kind = envelope.typeMeta?.kind ?? '';
  const schema = KINDS[`${apiVersion}/${kind}`];
  if (!schema) throw new ProtobufError(`protobuf is not supported for ${apiVersion} ${kind}`);
  const obj = decodeMessage(Buffer.from(envelope.raw ?? '', 'base64'), schema);
  return { apiVersion, kind, ...obj, metadata: { name: '', ...(obj.metadata as object) } } as StoredObject;
}
