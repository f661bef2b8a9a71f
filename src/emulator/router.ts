import type { IncomingHttpHeaders } from 'node:http';
import type { JsonValue } from '../util/json.js';

/** One part of a `multipart/form-data` body. */
export interface FormPart {
  data: Buffer;
  filename?: string;
  contentType?: string;
}

/** What a handler sees of a request. */
export interface EmulatorRequest {
  method: string;
  /** The API path, percent-decoded, without the query string, e.g. `/api/2.0/workspace/list`. */
  path: string;
  /** Values of the `:name` segments of the matched route pattern. */
  params: Record<string, string>;
  /** Repeated keys become arrays (`filter_by.cluster_states=RUNNING&filter_by.cluster_states=PENDING`). */
  query: Record<string, string | string[]>;
  /** The JSON body, parsed losslessly (int64 beyond 2^53 is a bigint); undefined when empty or not JSON. */
  body: JsonValue | undefined;
  rawBody: Buffer;
  /** Parts of a `multipart/form-data` body, by field name. */
  form?: Record<string, FormPart>;
  headers: IncomingHttpHeaders;
  /** The bearer token the request was authenticated with. */
  token?: string;
}

/** An explicit answer, for anything beyond "200 with this JSON body". */
export class Reply {
  private constructor(
    readonly status: number,
    readonly headers: Record<string, string>,
    readonly json?: unknown,
    readonly bytes?: { data: Buffer; contentType: string },
  ) {}

  static json(body: unknown, status = 200, headers: Record<string, string> = {}): Reply {
    return new Reply(status, headers, body);
  }

  /** Raw bytes, e.g. `workspace/export?direct_download=true`. */
  static raw(data: Buffer, contentType: string, status = 200, headers: Record<string, string> = {}): Reply {
    return new Reply(status, headers, undefined, { data, contentType });
  }

  /** A status with no body at all (some 429s come like this). */
  static empty(status: number, headers: Record<string, string> = {}): Reply {
    return new Reply(status, headers, undefined, { data: Buffer.alloc(0), contentType: '' });
  }
}

/**
 * A handler returns the JSON body of a 200 answer (undefined means `{}`, the answer of an empty write),
 * or a Reply, or throws an ApiError.
 */
export type HandlerResult = Reply | object | undefined;
export type Handler = (request: EmulatorRequest) => HandlerResult | Promise<HandlerResult>;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteOptions {
  /** Reachable without a bearer token (e.g. OAuth token endpoints). Default false. */
  public?: boolean;
  /** The body is not JSON (e.g. octet-stream uploads): do not answer MALFORMED_REQUEST when it fails to parse. */
  rawBody?: boolean;
}

export interface Route {
  method: HttpMethod;
  pattern: string;
  handler: Handler;
  options: RouteOptions;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

type Segment =
  { kind: 'literal'; values: string[] } | { kind: 'param'; name: string } | { kind: 'rest'; name: string };

interface CompiledRoute extends Route {
  segments: Segment[];
  /** Lower sorts first: literal segments beat parameters, which beat a rest parameter. */
  rank: number[];
  order: number;
}

/**
 * Maps `METHOD /path` to handlers. Pattern segments are literals, alternatives (`2.0|2.1`, to mount one
 * handler under several API versions), parameters (`:id`) or a trailing rest parameter (`:path*`, which
 * captures the remaining segments joined by `/`). When several patterns match, the most literal wins, so
 * `/api/2.0/permissions/sql/warehouses/:id` can live beside `/api/2.0/permissions/:type/:id`.
 */
export class Router {
  private readonly routes: CompiledRoute[] = [];

  get(pattern: string, handler: Handler, options: RouteOptions = {}): this {
    return this.add('GET', pattern, handler, options);
  }

  post(pattern: string, handler: Handler, options: RouteOptions = {}): this {
    return this.add('POST', pattern, handler, options);
  }

  put(pattern: string, handler: Handler, options: RouteOptions = {}): this {
    return this.add('PUT', pattern, handler, options);
  }

  patch(pattern: string, handler: Handler, options: RouteOptions = {}): this {
    return this.add('PATCH', pattern, handler, options);
  }

  delete(pattern: string, handler: Handler, options: RouteOptions = {}): this {
    return this.add('DELETE', pattern, handler, options);
  }

  add(method: HttpMethod, pattern: string, handler: Handler, options: RouteOptions = {}): this {
    const segments = compile(pattern);
    const duplicate = this.routes.find((r) => r.method === method && r.pattern === pattern);
    if (duplicate) throw new Error(`Route ${method} ${pattern} is registered twice`);
    this.routes.push({
      method,
      pattern,
      handler,
      options,
      segments,
      rank: segments.map((s) => (s.kind === 'literal' ? 0 : s.kind === 'param' ? 1 : 2)),
      order: this.routes.length,
    });
    this.routes.sort(compareRoutes);
    return this;
  }

  /** The route for a request, or undefined (the server answers ENDPOINT_NOT_FOUND). */
  match(method: string, path: string): RouteMatch | undefined {
    const parts = path.split('/');
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const params = matchSegments(route.segments, parts);
      if (params) return { route, params };
    }
    return undefined;
  }

  /** Every registered `METHOD pattern`, for diagnostics. */
  list(): string[] {
    return this.routes.map((r) => `${r.method} ${r.pattern}`);
  }
}

function compile(pattern: string): Segment[] {
  if (!pattern.startsWith('/')) throw new Error(`Route pattern must start with '/': ${pattern}`);
  const parts = pattern.split('/');
  return parts.map((part, i) => {
    if (part.startsWith(':') && part.endsWith('*')) {
      if (i !== parts.length - 1) throw new Error(`Rest parameter must be last: ${pattern}`);
      return { kind: 'rest', name: part.slice(1, -1) };
    }
    if (part.startsWith(':')) return { kind: 'param', name: part.slice(1) };
    return { kind: 'literal', values: part.split('|') };
  });
}

function compareRoutes(a: CompiledRoute, b: CompiledRoute): number {
  const n = Math.max(a.rank.length, b.rank.length);
  for (let i = 0; i < n; i++) {
    const diff = (a.rank[i] ?? -1) - (b.rank[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return a.order - b.order;
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment.kind === 'rest') {
      if (i >= parts.length) return undefined;
      params[segment.name] = parts.slice(i).join('/');
      return params;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (segment.kind === 'literal') {
      if (!segment.values.includes(part)) return undefined;
    } else {
      if (part === '') return undefined;
      params[segment.name] = part;
    }
  }
  return parts.length === segments.length ? params : undefined;
}
