import pLimit, { type LimitFunction } from 'p-limit';
import pThrottle from 'p-throttle';
import { toJson, parseJson, type JsonValue, type JsonObject, isJsonObject } from '../util/json.js';
import type { Log } from '../util/log.js';
import { ApiError, TransportError, parseApiError } from './errors.js';
import { WireError, nodeTransport, type Transport, type WireResponse } from './transport.js';
import { DATABRICKS_ENDPOINT_LIMITS, endpointLimit, type EndpointLimit } from './rate-limits.js';
import { DEFAULT_RETRY_POLICY, decideRetry, isThrottled, type Outcome, type RetryPolicy } from './retry.js';

/** Anything that can put an Authorization header on a request (PAT, OAuth, Azure AD, OIDC). */
export interface HeaderSource {
  headers(): Promise<Record<string, string>>;
}

export interface ClientOptions {
  host: string;
  credentials: HeaderSource;
  /** Requests in flight at once, across the whole run. */
  concurrency?: number;
  /** Per attempt. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /**
   * Client-side rate limit in requests per second across the whole run (retries included), so a run that
   * knows the workspace's limit stays under it instead of learning it from 429s and pausing. Off by default.
   */
  rateLimit?: number;
  /**
   * The workspace's burst (requests it takes back to back); the client sends at most half of it at once
   * before the rate limit spaces requests. Default 1 (evenly spaced).
   */
  rateBurst?: number;
  /**
   * The workspace's per-endpoint budgets (reference §18.1;
   * https://docs.databricks.com/aws/en/resources/limits). A 429 pauses only the budget it came from; with
   * `paceEndpoints` each budget is also paced client-side at its rate (a run told the limits never learns
   * them from 429s). Default: the reference's table, not paced.
   */
  endpointLimits?: readonly EndpointLimit[];
  paceEndpoints?: boolean;
  log?: Log;
  /** The wire (tests may put their own); default node:http/https with keep-alive. */
  transport?: Transport;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  userAgent?: string;
  /**
   * Told every exchange on the wire, retries included (`--record-api`, the live drill's write count). Must
   * not throw; it sees the request without its headers (no Authorization) and the answer's raw bytes.
   */
  observer?: ApiObserver;
}

/** One request and its answer (or the transport failure), as the client sent and received it. */
export interface ApiExchange {
  method: string;
  path: string;
  query?: Query;
  /** The JSON text sent, if any. */
  body?: string;
  /** 0 when no answer came (`error` says why). */
  status: number;
  response?: Buffer;
  contentType?: string | null;
  error?: string;
}

export type ApiObserver = (exchange: ApiExchange) => void;

export type Query = Record<string, string | number | boolean | bigint | undefined | Array<string | number>>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /**
   * Safe to send twice: retried after an answer that may have come after the server acted (500, 502, 504,
   * a timeout, a reset). Refusals (throttling, 503) are retried either way. Defaults: true for
   * GET/PUT/DELETE/PATCH, false for POST.
   */
  idempotent?: boolean;
  /**
   * For deletes: a not-found answered to a retry means done. An earlier attempt may have deleted the
   * object and lost its answer (a reset, a timeout); the object is gone either way. A not-found on the
   * first attempt stays an error.
   */
  notFoundOnRetryIsDone?: boolean;
  /**
   * For creates keyed by a name the workspace keeps unique (a secret scope): an already-exists answered to
   * a retry means done, an earlier attempt made it. Only for creates answered with nothing to keep (`{}`).
   */
  existsOnRetryIsDone?: boolean;
  /** Return the raw bytes instead of parsing JSON. */
  raw?: boolean;
  /** A list answer: its shape is checked (see `getList`); anything else is an error, never "no items". */
  list?: ListShape;
}

/** What a list answer must look like. */
export interface ListShape {
  /** The key of the items (`jobs`, `objects`, `Resources`, ...): absent, or an array of objects. */
  items: string;
  /** Fields every answer carries, even with no items (SCIM's `totalResults`). */
  requires?: readonly string[];
}

/** What `post` takes besides the body. */
export type PostOptions = Pick<
  RequestOptions,
  'idempotent' | 'notFoundOnRetryIsDone' | 'existsOnRetryIsDone'
>;

export interface ClientStats {
  requests: number;
  retries: number;
  throttled: number;
  /**
   * The most calls that were inside the client at once (waiting for their budget or a concurrency slot,
   * or on the wire). Callers keep it bounded: each waiting call holds its frames, its body and a timer.
   */
  peakPending: number;
}

/** One API call on its way through the client: what it asks, and the budget it draws from. */
interface Call {
  method: string;
  path: string;
  options: RequestOptions;
  /** May it be sent again after a failure that may have reached the server? */
  idempotent: boolean;
  /** When the call was made (the retry time budget counts from here). */
  started: number;
  /** Its endpoint budget's name ('' for the default budget). */
  budget: string;
  /** Waits out a 429 pause of its budget, then for a paced slot. */
  waitForBudget: () => Promise<void>;
}

const sleepReal = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The one HTTP client for the Databricks REST API: auth headers, lossless JSON, typed errors, retries
 * with backoff on 429/503/5xx honouring Retry-After, a per-attempt timeout and a global concurrency limit.
 */
export class DatabricksClient {
  readonly host: string;
  readonly stats: ClientStats = { requests: 0, retries: 0, throttled: 0, peakPending: 0 };
  private pending = 0;
  private readonly limit: LimitFunction;
  private readonly policy: RetryPolicy;
  private readonly transport: Transport;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  /**
   * After a 429 every request of the same budget waits until this moment, so a throttled endpoint slows
   * down as a whole while the others go on. Keyed by budget name ('' is everything no row names).
   */
  private pausedUntil = new Map<string, number>();
  /** Client-side rate limits, per budget ('*' = global). */
  private readonly gates = new Map<string, () => Promise<undefined>>();
  /** Has the host answered anything yet? Until it has, a refused connection is a wrong host, not a blip. */
  private reached = false;
  /** Has the host answered JSON yet? Until it has, an answer that is not JSON is from another server. */
  private answeredJson = false;

  constructor(private readonly options: ClientOptions) {
    this.host = options.host.replace(/\/+$/, '');
    this.limit = pLimit(Math.max(1, options.concurrency ?? 8));
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.transport = options.transport ?? nodeTransport();
    this.sleep = options.sleep ?? sleepReal;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  get<T = JsonObject>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  post<T = JsonObject>(path: string, body: unknown, options: PostOptions = {}): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }

  /**
   * One page of a list API, its shape checked: a JSON object whose `items` key is absent or an array of
   * objects, holding the `requires` fields. Several list APIs omit the key when there is nothing to list
   * (jobs/list with no jobs answers `{}`, as do clusters, pools, policies, secret scopes, workspace/list
   * of an empty folder and dbfs/list of an empty directory), so a missing key is "none"; but an empty
   * body, HTML, a body that is not an object or an items key of another type is a proxy's or gateway's
   * page or a changed API, and taking it as "none" would make export commit the removal of everything
   * and apply create everything again (issue 13 #12). Those throw an ApiError naming the endpoint.
   */
  getList<T = JsonObject>(
    path: string,
    items: string,
    query?: Query,
    requires?: readonly string[],
  ): Promise<T> {
    return this.request<T>('GET', path, { query, list: { items, requires } });
  }

  async getBytes(path: string, query?: Query): Promise<Buffer> {
    return this.request<Buffer>('GET', path, { query, raw: true });
  }

  /** Runs one API call through the concurrency limit, retrying what may be retried. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    this.stats.peakPending = Math.max(this.stats.peakPending, ++this.pending);
    try {
      return await this.attemptAll<T>(method, path, options);
    } finally {
      this.pending--;
    }
  }

  /**
   * Token pagination (`page_token` -> `next_page_token`), the style of most list APIs. Yields the items
   * under `itemsKey` page by page; stops on a missing or empty token.
   */
  async *paginate<T = JsonObject>(
    path: string,
    itemsKey: string,
    query: Query = {},
    tokenParam = 'page_token',
  ): AsyncGenerator<T> {
    let token: string | undefined;
    const seen = new Set<string>();
    const pages = new Set<string>();
    for (;;) {
      const page = await this.getList<JsonObject>(
        path,
        itemsKey,
        token ? { ...query, [tokenParam]: token } : query,
      );
      const items = page[itemsKey];
      // The same items again under a fresh token is a service (or a proxy dropping the query) that ignores
      // the token: without this the run never ends.
      if (Array.isArray(items) && items.length > 0) {
        const content = toJson(items);
        if (pages.has(content)) throw new Error(`${path} returned the same page twice: stopping`);
        pages.add(content);
      }
      if (Array.isArray(items)) for (const item of items) yield item as T;
      const next = page.next_page_token;
      if (typeof next !== 'string' || !next) {
        // A page that says there is more but gives no token is a truncated answer: taking it as the end
        // would make export remove, and apply create again, whatever the missing pages hold.
        if (page.has_more === true)
          throw new Error(`${path} answered has_more: true with no next_page_token: the list is incomplete`);
        return;
      }
      if (seen.has(next)) throw new Error(`${path} returned the page token '${next}' twice: stopping`);
      seen.add(next);
      token = next;
    }
  }

  private async attemptAll<T>(method: string, path: string, options: RequestOptions): Promise<T> {
    const row = endpointLimit(method, path, this.options.endpointLimits ?? DATABRICKS_ENDPOINT_LIMITS);
    const budget = row?.name ?? '';
    const call: Call = {
      method,
      path,
      options,
      idempotent: options.idempotent ?? method !== 'POST',
      started: this.now(),
      budget,
      waitForBudget: async () => {
        const wait = (this.pausedUntil.get(budget) ?? 0) - this.now();
        if (wait > 0) await this.sleep(wait);
        await this.takeSlots(row);
      },
    };
    // Waiting for its budget, a request leaves its place to requests of other endpoints; once it holds a
    // place it keeps it through its retries, so a struggling run puts less pressure on the workspace.
    await call.waitForBudget();
    return this.limit(() => this.attemptLoop<T>(call));
  }

  private async attemptLoop<T>(call: Call): Promise<T> {
    const { method, path, options, idempotent, started, budget, waitForBudget } = call;
    // Refusals (throttling) are retried until the time budget; only the other failures count towards
    // maxAttempts.
    let refusals = 0;
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) await waitForBudget();
      let outcome: Outcome;
      let failure: Error;
      try {
        return await this.attempt<T>(method, path, options);
      } catch (error) {
        if (error instanceof ApiError) {
          if (attempt > 1 && doneBefore(options, error)) {
            this.options.log?.debug(
              `${method} ${path}: ${error.errorCode} on attempt ${attempt}: an earlier attempt did it`,
            );
            return (options.raw ? Buffer.alloc(0) : {}) as T;
          }
          outcome = {
            kind: 'status',
            status: error.status,
            errorCode: error.errorCode,
            message: error.message,
            retryAfterSeconds: error.retryAfterSeconds,
          };
          // A throttling error code on another status (RESOURCE_EXHAUSTED on a 400) is a 429 all the same.
          if (isThrottled(outcome)) {
            refusals++;
            this.stats.throttled++;
            const pause = (error.retryAfterSeconds ?? 1) * 1000;
            this.pausedUntil.set(budget, Math.max(this.pausedUntil.get(budget) ?? 0, this.now() + pause));
          }
        } else if (
          error instanceof TransportError &&
          error.kind === 'connection' &&
          !this.reached &&
          // EPROTO / "wrong version number": TLS spoken to a server that does not (a plain http port); no
          // retry changes what the server speaks (issue 16: 49 s of retries before "EPROTO").
          /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|CERT|certificate|EPROTO|ERR_SSL|wrong version number|the proxy .* answered/i.test(
            error.message,
          )
        ) {
          // Nothing ever answered: retrying for minutes would only hide a wrong host or a network rule.
          throw error;
        } else if (error instanceof TransportError) {
          outcome =
            error.kind === 'timeout'
              ? { kind: 'timeout' }
              : { kind: 'connection', beforeSend: /ECONNREFUSED|the proxy .* answered/.test(error.message) };
        } else throw error;
        failure = error;
      }
      const throttled = isThrottled(outcome);
      const decision = decideRetry(
        {
          outcome,
          attempt: throttled ? attempt : attempt - refusals,
          elapsedMs: this.now() - started,
          idempotent,
          random: this.random(),
        },
        this.policy,
      );
      if (!decision.retry) {
        if (attempt > 1) failure.message += ` (${decision.reason})`;
        throw failure;
      }
      this.stats.retries++;
      this.options.log?.debug(`retrying ${method} ${path} in ${decision.delayMs} ms (attempt ${attempt})`);
      await this.sleep(decision.delayMs);
    }
  }

  /**
   * Waits for the client-side rate limits: the global one (`rateLimit`) and, when paced, the request's own
   * endpoint budget (`rateLimit` then stands for the default budget). Each lets half of `rateBurst`
   * requests through at once, then keeps to the rate.
   */
  private async takeSlots(row: EndpointLimit | undefined): Promise<void> {
    const global = this.options.rateLimit;
    if (this.options.paceEndpoints) {
      const rate = row ? row.rps : global;
      // A budget slower than the burst lets only a second's worth through at once, as the server does.
      if (rate) await this.takeSlot(row?.name ?? '', rate, row ? Math.ceil(rate) : Infinity);
    } else if (global) await this.takeSlot('*', global, Infinity);
  }

  /**
   * A sliding window per budget (p-throttle, strict): at most `burst` requests in any burst/rate seconds.
   * Unlike a schedule reserved when a request is made, a window is checked when it is sent, so a run
   * that was held up (a busy event loop, a slow disk) never catches up in one burst the workspace refuses.
   */
  private async takeSlot(budget: string, rate: number, maxBurst: number): Promise<void> {
    if (rate <= 0) return;
    let gate = this.gates.get(budget);
    if (!gate) {
      // Half the workspace's burst (rounded up): the other half absorbs requests that reach it bunched (a
      // slow network or a busy server queues them), which a window checked at sending time cannot see.
      // Same rate. Rounded up, SCIM's burst of 5 lets the three identity lists of a run through at once.
      const burst = Math.max(1, Math.ceil(Math.min(this.options.rateBurst ?? 1, maxBurst) / 2));
      gate = pThrottle({ limit: burst, interval: Math.ceil((burst * 1000) / rate), strict: true })(
        async () => undefined,
      );
      this.gates.set(budget, gate);
    }
    await gate();
  }

  /**
   * The first answer of a host tells whether it is a Databricks workspace: its REST API answers JSON, errors
   * included (`{"error_code": ..., "message": ...}`, databricks-sdk-go apierr/errors.go). A page or plain
   * text that is a 404 or a 405 comes from another web server on that URL (a success is said by the NOT_JSON
   * check of `attempt`). 401, 403, 429 and 5xx prove nothing (a gateway in front of a workspace answers
   * them too).
   */
  private checkLooksLikeDatabricks(response: WireResponse, method: string, path: string): void {
    if (this.answeredJson) return;
    const type = response.headers.get('content-type') ?? '';
    const text = response.body.subarray(0, 64).toString('utf8').trim();
    if (/json/i.test(type) || text.startsWith('{') || text.startsWith('[')) {
      this.answeredJson = true;
      return;
    }
    const status = response.status;
    if (text === '' || !(status === 404 || status === 405)) return;
    throw new ApiError(
      status,
      'NOT_DATABRICKS',
      `${this.host} answered ${type.split(';')[0] || 'a body without content type'}, not JSON: ${NOT_DATABRICKS}`,
      method,
      path,
    );
  }

  private async attempt<T>(method: string, path: string, options: RequestOptions): Promise<T> {
    const url = this.host + path + encodeQuery(options.query);
    const headers: Record<string, string> = {
      ...(await this.options.credentials.headers()),
      'User-Agent': this.options.userAgent ?? 'databricks-dr',
    };
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = toJson(options.body);
    }
    this.stats.requests++;
    let response: WireResponse;
    let text: string;
    const observe = this.options.observer;
    try {
      response = await this.transport(url, { method, headers, body, timeoutMs: this.timeoutMs });
      this.reached = true;
    } catch (error) {
      const failure = toTransportError(error, method, path, this.host, this.timeoutMs);
      observe?.({ method, path, query: options.query, body, status: 0, error: failure.message });
      throw failure;
    }
    observe?.({
      method,
      path,
      query: options.query,
      body,
      status: response.status,
      response: response.body,
      contentType: response.headers.get('content-type'),
    });
    const bytes = response.body;
    this.checkLooksLikeDatabricks(response, method, path);
    if (response.status >= 300) {
      text = bytes.toString('utf8');
      if (response.status < 400) {
        throw new ApiError(
          response.status,
          'REDIRECT',
          `the host redirected to ${response.headers.get('location') ?? '?'}: is ${this.host} a Databricks workspace URL?`,
          method,
          path,
        );
      }
      throw parseApiError(response.status, response.statusText, text, response.headers, method, path);
    }
    if (options.raw) return bytes as T;
    text = bytes.toString('utf8');
    const notAList = (got: string) => {
      const { items, requires = [] } = options.list ?? { items: '' };
      const expected = [`'${items}' absent or a list`, ...requires.map((f) => `'${f}'`)].join(', ');
      return new ApiError(
        response.status,
        'NOT_A_LIST',
        `expected a JSON object (${expected}), got ${got}: refusing to take it as "nothing to list" (a proxy or gateway may have answered instead of the workspace)`,
        method,
        path,
      );
    };
    if (!text.trim()) {
      if (options.list) throw notAList('an empty body');
      return {} as T;
    }
    let parsed: JsonValue;
    try {
      parsed = parseJson(text);
    } catch {
      throw new ApiError(
        response.status,
        'NOT_JSON',
        `the answer is not JSON (${(response.headers.get('content-type') ?? 'no content type').split(';')[0]}): is ${this.host} a Databricks workspace URL?${this.answeredJson ? '' : ` It has answered no JSON yet: ${NOT_DATABRICKS}`}`,
        method,
        path,
      );
    }
    if (options.list) {
      const { items, requires = [] } = options.list;
      if (!isJsonObject(parsed)) throw notAList(`JSON that is ${describeJson(parsed)}`);
      const value = parsed[items];
      if (value !== undefined && !(Array.isArray(value) && value.every(isJsonObject)))
        throw notAList(`an object whose '${items}' is ${describeJson(value)}`);
      const missing = requires.filter((field) => parsed[field] === undefined);
      if (missing.length) throw notAList(`an object without '${missing.join("', '")}'`);
    }
    return parsed as T;
  }
}

const NOT_DATABRICKS =
  'this does not look like a Databricks workspace; a workspace URL looks like https://adb-1234567890123456.7.azuredatabricks.net or https://<name>.cloud.databricks.com';

/** A JSON value's type in a message, never its content (it may hold anything). */
function describeJson(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.every(isJsonObject) ? 'an array' : 'an array of non-objects';
  if (isJsonObject(value)) return 'an object';
  return `a ${typeof value === 'bigint' ? 'number' : typeof value}`;
}

/** Does this error, answered to a retry, say that an earlier attempt did the work? */
function doneBefore(options: RequestOptions, error: ApiError): boolean {
  return (
    (options.notFoundOnRetryIsDone === true && error.isNotFound) ||
    (options.existsOnRetryIsDone === true && error.isAlreadyExists)
  );
}

export function encodeQuery(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function toTransportError(error: unknown, method: string, path: string, host: string, timeoutMs: number) {
  const err = error as Error & { code?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError')
    return new TransportError(
      `${method} ${path}: no answer from ${host} within ${timeoutMs / 1000} s`,
      method,
      path,
      'timeout',
    );
  const code = err.code ?? err.cause?.code ?? '';
  const via = error instanceof WireError ? error.via : undefined;
  if (code === 'EPROXY')
    return new TransportError(
      `${method} ${path}: cannot reach ${host}: ${err.message}; ${/ 407\b/.test(err.message) ? `put the proxy's user and password in ${host.startsWith('https:') ? 'HTTPS_PROXY' : 'HTTP_PROXY'} (http://<user>:<password>@host:port)` : 'check the proxy, or list the host in NO_PROXY'}`,
      method,
      path,
      'connection',
    );
  const detail = code || err.cause?.message || err.message;
  if (/EPROTO|ERR_SSL|wrong version number/i.test(`${code} ${err.message} ${err.cause?.message ?? ''}`))
    return new TransportError(
      `${method} ${path}: cannot reach ${host} (${detail}): it does not speak TLS on that port; write the host with its scheme, http:// for a plain http server or https:// for a workspace`,
      method,
      path,
      'connection',
    );
  return new TransportError(
    `${method} ${path}: cannot reach ${host}${via ? ` through the proxy ${via}` : ''} (${detail})`,
    method,
    path,
    'connection',
  );
}

export function asArray(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}

export { isJsonObject };
