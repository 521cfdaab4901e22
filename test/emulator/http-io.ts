/**
 * Reading request bodies and writing JSON answers for the emulated API server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as yaml from 'js-yaml';
import type { Identity, RequestAttributes, ResourceType, StoredObject, Store } from './contracts.js';
import type { ResourceRoute } from './server-route.js';
import { decodeKubernetesProtobuf, PROTOBUF_MEDIA_TYPE, ProtobufError } from './protobuf.js';
import { badRequest, unsupportedMediaType } from './status.js';

const OBJECT_MEDIA_TYPES = ['application/json', 'application/yaml', PROTOBUF_MEDIA_TYPE];

function decodeProtobufBody(raw: Buffer): StoredObject {
  try {
    return decodeKubernetesProtobuf(raw);
  } catch (err) {
    if (err instanceof ProtobufError) throw unsupportedMediaType(OBJECT_MEDIA_TYPES);
    throw err;
  }
}

/** What a handler gets: the parsed request and the server's collaborators. */
export interface HandlerContext {
  store: Store;
  identity: Identity;
  route: ResourceRoute;
  attrs: RequestAttributes;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  /** The body as received, for binary encodings. */
  rawBody: Buffer;
  dryRun: boolean;
  admit?(op: 'create' | 'update' | 'delete', type: ResourceType, obj: StoredObject, dryRun: boolean): void;
  authorize?(identity: Identity, attrs: RequestAttributes): boolean;
  nodePortRange: { min: number; max: number };
  serviceCidrPrefix: string;
  /** Sent back as `Warning: 299 - "…"` headers, as the server does for dropped fields. */
  warnings: string[];
}

export interface HandlerResult {
  status: number;
  body: unknown;
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** RFC 7234 warning headers, the way the API server words them. */
export function warningHeaders(warnings: string[]): Record<string, string[]> {
  return warnings.length === 0 ? {} : { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`) };
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Decodes an object body (JSON, or YAML when the client says so), as the server's decoder does. */
export function decodeObjectBody(ctx: HandlerContext): StoredObject {
  const contentType = String(ctx.headers['content-type'] ?? 'application/json').toLowerCase();
  const mediaType = contentType.split(';')[0].trim();
  if (mediaType === PROTOBUF_MEDIA_TYPE) return decodeProtobufBody(ctx.rawBody);
  if (!['application/json', 'application/yaml', 'text/yaml', 'application/x-yaml', '*/*', ''].includes(mediaType)) {
    throw unsupportedMediaType(OBJECT_MEDIA_TYPES);
  }
  let parsed: unknown;
  try {
    parsed = contentType.includes('yaml') ? yaml.load(ctx.body) : JSON.parse(ctx.body);
  } catch (err) {
    throw badRequest(`the object provided is unrecognized: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badRequest('the object provided is unrecognized: expected a JSON object');
  }
  const obj = parsed as StoredObject;
  if (typeof obj.metadata !== 'object' || obj.metadata === null) obj.metadata = { name: '' };
  return obj;
}

/** Parses an optional JSON body such as DeleteOptions; an empty body is `{}`. */
export function decodeOptionalJson(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  try {
    const parsed = JSON.parse(body) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch (err) {
    throw badRequest(`the body of the request could not be decoded: ${(err as Error).message}`);
  }
}
