import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isJsonObject, parseJson, toJson, type JsonValue } from '../util/json.js';
import { API_MODULES, createState, type EmulatorState } from './apis/index.js';
import { normalizeWorkspacePath } from './apis/workspace-store.js';
import type { EmulatorContext } from './context.js';
import { ApiError } from './errors.js';
import { FaultInjector, type FaultOptions } from './faults.js';
import { multipartBoundary, parseMultipart } from './multipart.js';
import { IdGenerator, Prng } from './random.js';
import { Reply, Router, type EmulatorRequest, type FormPart, type HandlerResult } from './router.js';

export const DEFAULT_EMULATOR_TOKEN = 'dapi-emulator-token';

export interface EmulatorOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Accepted bearer tokens. Default [DEFAULT_EMULATOR_TOKEN]. */
  tokens?: string[];
  faults?: FaultOptions;
  /** Seeds ids and random faults. Default 1: every run is the same unless asked otherwise. */
  seed?: number;
  /** Clock for created/modified timestamps and recorded requests. Default Date.now. */
  now?: () => number;
  /** Workspace id for the X-Databricks-Org-Id header. Default: derived from the seed. */
  orgId?: string;
}

export interface RecordedRequest {
  method: string;
  /** API path without the query string. */
  path: string;
  query: Record<string, string | string[]>;
  /** The parsed JSON body; for multipart the text fields (file parts left out). */
  body?: unknown;
  /** 0 while unanswered, and for a connection reset without an answer. */
  status: number;
  /** When the request arrived (the emulator clock). */
  at: number;
}

export interface RequestFilter {
  method?: string;
  /** Exact API path, or a pattern. */
  path?: string | RegExp;
}

export interface Emulator {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly port: number;
  /** The first accepted token. */
  readonly token: string;
  readonly orgId: string;
  readonly faults: FaultInjector;
  readonly requests: RecordedRequest[];
  readonly state: EmulatorState;
  readonly router: Router;
  countRequests(filter?: RequestFilter): number;
  clearRequests(): void;
  /** Accepts one more bearer token from now on (e.g. an OAuth access token the emulator issued). */
  addToken(token: string): void;
  /** Closes the server and every open connection, and cancels pending hangs. */
  stop(): Promise<void>;
}

/** Bodies beyond this are refused; a 10 MB import is ~14 MB of base64 JSON. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Starts the emulator on 127.0.0.1 (by default on a free port) with every API of API_MODULES mounted. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = new EmulatorServer(options);
  await emulator.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return emulator;
}

class EmulatorServer implements Emulator {
  readonly faults: FaultInjector;
  readonly requests: RecordedRequest[] = [];
  readonly state: EmulatorState;
  readonly router = new Router();
  readonly orgId: string;
  private readonly tokens: Set<string>;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly now: () => number;
  private address?: AddressInfo;
  private host = '127.0.0.1';

  constructor(options: EmulatorOptions) {
    const seed = options.seed ?? 1;
    this.now = options.now ?? Date.now;
    const tokens = options.tokens ?? [DEFAULT_EMULATOR_TOKEN];
    if (tokens.length === 0) throw new Error('startEmulator: tokens must not be empty');
    this.tokens = new Set(tokens);
    // Separate streams, so enabling a random fault does not shift the ids a test sees.
    const idStream = new Prng(seed);
    this.orgId =
      options.orgId ?? String(new Prng(seed + 2).int(1_000_000_000_000_000, 9_000_000_000_000_000));
    const context: EmulatorContext = {
      now: this.now,
      ids: new IdGenerator(idStream),
      random: new Prng(seed + 3),
      orgId: this.orgId,
    };
    this.faults = new FaultInjector(new Prng(seed + 1), options.faults);
    this.state = createState(context);
    for (const api of API_MODULES) api.register(this.router, this.state);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => this.crash(res, error));
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  get url(): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `http://${host}:${this.port}`;
  }

  get port(): number {
    if (!this.address) throw new Error('The emulator is not listening');
    return this.address.port;
  }

  get token(): string {
    return [...this.tokens][0];
  }

  listen(port: number, host: string): Promise<void> {
    this.host = host;
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        this.address = this.server.address() as AddressInfo;
        resolve();
      });
    });
  }

  addToken(token: string): void {
    this.tokens.add(token);
  }

  countRequests(filter: RequestFilter = {}): number {
    return this.requests.filter((r) => {
      if (filter.method && r.method !== filter.method.toUpperCase()) return false;
      if (filter.path === undefined) return true;
      if (typeof filter.path === 'string') return r.path === filter.path;
      filter.path.lastIndex = 0;
      return filter.path.test(r.path);
    }).length;
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    await closed;
  }

  /** A sleep that stop() cancels, so a hanging request never keeps the process alive. */
  private sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A workspace counts a request against its rate limit when it arrives, not when a busy emulator gets
    // round to it: requests queued behind a slow answer must not look like a burst.
    const arrivedAt = this.faults.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://emulator');
    const path = safeDecode(url.pathname);
    const query = queryRecord(url.searchParams);
    const rawBody = await readBody(req);
    const record: RecordedRequest = { method, path, query, status: 0, at: this.now() };
    this.requests.push(record);

    if (rawBody === undefined) {
      return this.send(
        res,
        record,
        errorReply(new ApiError(413, 'BAD_REQUEST', 'The request body is too large.')),
      );
    }
    const parsed = parseBody(req.headers['content-type'], rawBody);
    if (parsed.json !== undefined) record.body = parsed.json;
    else if (parsed.form) record.body = formFields(parsed.form);

    const match = this.router.match(method, path);
    if (!match?.route.options.public) {
      const denied = this.authenticate(req.headers.authorization);
      if (denied) return this.send(res, record, denied);
    }

    const outcome = await this.faults.apply(
      { method, path, workspacePath: workspacePathOf(query, parsed.json, parsed.form), arrivedAt },
      this.sleep,
    );
    if (outcome?.kind === 'reset' && !outcome.afterHandling) return resetConnection(req);
    if (outcome?.kind === 'reply') return this.send(res, record, outcome.reply);

    const reply = await this.dispatch(
      match,
      {
        method,
        path,
        params: match?.params ?? {},
        query,
        body: parsed.json,
        rawBody,
        form: parsed.form,
        headers: req.headers,
        token: bearerToken(req.headers.authorization),
      },
      parsed.malformed,
    );
    // Carried out, but the success is lost on its way back: recorded with status 0, as any reset request.
    if (outcome?.kind === 'reset' && reply.status < 300) return resetConnection(req);
    this.send(res, record, reply);
  }

  /** The route's answer to a request that passed authentication and the faults. */
  private async dispatch(
    match: ReturnType<Router['match']>,
    request: EmulatorRequest,
    malformed: boolean,
  ): Promise<Reply> {
    if (!match)
      return errorReply(
        new ApiError(404, 'ENDPOINT_NOT_FOUND', `No API found for '${request.method} ${request.path}'`),
      );
    if (malformed && !match.route.options.rawBody)
      return errorReply(
        new ApiError(400, 'MALFORMED_REQUEST', `Invalid JSON given in the body of the request`),
      );
    let result: HandlerResult;
    try {
      result = await match.route.handler(request);
    } catch (error) {
      if (error instanceof ApiError) return errorReply(error);
      // A bug in a handler: answer 500 saying what broke rather than leaving the client hanging.
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      return errorReply(new ApiError(500, 'INTERNAL_ERROR', `Emulator failure: ${message}`));
    }
    return result instanceof Reply ? result : Reply.json(result ?? {});
  }

  /** 401 without credentials; 403 with the real service's numeric error_code quirk for an unknown token (§1.3). */
  private authenticate(header: string | undefined): Reply | undefined {
    const token = bearerToken(header);
    if (token === undefined) {
      return errorReply(
        new ApiError(
          401,
          'UNAUTHENTICATED',
          'Credential was not sent or was of an unsupported type for this API.',
        ),
      );
    }
    if (!this.tokens.has(token) && !this.state.oauth.issued.has(token)) {
      return Reply.json({ error_code: 403, message: 'Invalid access token.' }, 403, {
        'X-Databricks-Reason-Phrase': 'Invalid access token.',
      });
    }
    return undefined;
  }

  private send(res: ServerResponse, record: RecordedRequest, reply: Reply): void {
    record.status = reply.status;
    if (res.destroyed || res.writableEnded) return;
    const headers: Record<string, string> = { 'X-Databricks-Org-Id': this.orgId, ...reply.headers };
    let body: Buffer;
    if (reply.bytes) {
      body = reply.bytes.data;
      if (reply.bytes.contentType) headers['Content-Type'] = reply.bytes.contentType;
    } else {
      body = Buffer.from(toJson(compact(reply.json)), 'utf8');
      headers['Content-Type'] = 'application/json';
    }
    headers['Content-Length'] = String(body.length);
    res.writeHead(reply.status, headers);
    res.end(body);
  }

  /** Anything that broke outside a handler (e.g. the client went away mid-body). */
  private crash(res: ServerResponse, error: unknown): void {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    const body = toJson({ error_code: 'INTERNAL_ERROR', message: `Emulator failure: ${message}` });
    res.writeHead(500, { 'Content-Type': 'application/json', 'X-Databricks-Org-Id': this.orgId });
    res.end(body);
  }
}

/** resetAndDestroy sends a TCP RST, as a dropped connection through a load balancer does. */
function resetConnection(req: IncomingMessage): void {
  const socket = req.socket as Socket & { resetAndDestroy?: () => void };
  if (socket.resetAndDestroy) socket.resetAndDestroy();
  else socket.destroy();
}

function errorReply(error: ApiError): Reply {
  return Reply.json(error.body(), error.status, error.options.headers ?? {});
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : undefined;
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of params) {
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else query[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

/** The whole body, or undefined when it exceeds MAX_BODY_BYTES (the rest is drained). */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) tooLarge = true;
    else chunks.push(buffer);
  }
  return tooLarge ? undefined : Buffer.concat(chunks);
}

interface ParsedBody {
  json?: JsonValue;
  form?: Record<string, FormPart>;
  /** Non-empty, not multipart, not octet-stream, and not JSON. */
  malformed: boolean;
}

/** JSON whatever the content type (the legacy CLI sent text/json, §1.1), multipart, or neither. */
function parseBody(contentType: string | undefined, body: Buffer): ParsedBody {
  const boundary = multipartBoundary(contentType);
  if (boundary) {
    try {
      return { form: parseMultipart(body, boundary), malformed: false };
    } catch {
      return { malformed: true };
    }
  }
  if (body.length === 0) return { malformed: false };
  if (contentType && /^application\/octet-stream\b/i.test(contentType)) return { malformed: false };
  try {
    return { json: parseBodyJson(body.toString('utf8')), malformed: false };
  } catch {
    return { malformed: true };
  }
}

/**
 * Lossless parsing is slow on multi-megabyte imports (base64 content), and only matters when an integer
 * may exceed 2^53. Such an integer has at least 16 digits, so text without a run of 16 digits parses the
 * same with JSON.parse.
 */
function parseBodyJson(text: string): JsonValue {
  return /\d{16}/.test(text) ? parseJson(text) : (JSON.parse(text) as JsonValue);
}

function formFields(form: Record<string, FormPart>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, part] of Object.entries(form)) {
    if (part.filename === undefined) fields[name] = part.data.toString('utf8');
  }
  return fields;
}

/** The workspace `path` a request is about, for fault matching. */
function workspacePathOf(
  query: Record<string, string | string[]>,
  json: JsonValue | undefined,
  form: Record<string, FormPart> | undefined,
): string | undefined {
  let path: unknown = query.path;
  if (isJsonObject(json) && typeof json.path === 'string') path = json.path;
  else if (form?.path) path = form.path.data.toString('utf8');
  if (Array.isArray(path)) path = path[0];
  if (typeof path !== 'string' || !path.startsWith('/')) return typeof path === 'string' ? path : undefined;
  try {
    return normalizeWorkspacePath(path);
  } catch {
    return path;
  }
}

/**
 * Proto3-style answers (§1.2): undefined fields and empty arrays are left out, at every level of plain
 * objects. Arrays keep their elements; nulls are kept as given.
 */
export function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
      out[key] = compact(v);
    }
    return out;
  }
  return value;
}
