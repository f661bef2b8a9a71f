import { endpointLimit, type EndpointLimit } from '../databricks/rate-limits.js';
import { Reply } from './router.js';
import type { Prng } from './random.js';

/**
 * What a fault rule is matched against: the API path (`/api/2.0/workspace/export`) and the workspace
 * `path` parameter of the request (query, JSON body or multipart field), normalized without `/Workspace`.
 * A string matches either exactly, or as a prefix when it ends with `*`; a RegExp is tested against both.
 */
export type PathMatch = string | RegExp;

export interface RateLimitFault {
  /** Sustained requests per second (token bucket refill rate); Infinity for no limit but `endpoints`. */
  rps: number;
  /** Bucket size: requests allowed at once after a quiet spell. Default a second's worth, at least 1. */
  burst?: number;
  /** Retry-After header in seconds; default the time until the next token (at least 1); null omits it. */
  retryAfterSeconds?: number | null;
  /** Answer 429 with an empty body, as the API sometimes does (databrickslabs/migrate#126). */
  emptyBody?: boolean;
  /**
   * Per-endpoint budgets, as a workspace has them (e.g. `DATABRICKS_ENDPOINT_LIMITS`): a request matching
   * a row draws from that row's own bucket (a second's worth, at most `burst`); the others share the
   * bucket of `rps`.
   */
  endpoints?: readonly EndpointLimit[];
}

export interface ErrorRateFault {
  /** Probability in [0, 1] that a request fails. */
  rate: number;
  /** Statuses to pick from (uniformly). Default [500, 503]. */
  statuses?: number[];
  /** Only requests matching this fail. Default: all. */
  match?: PathMatch;
}

export interface FailPathFault {
  match: PathMatch;
  status: number;
  /** Default by status: 503 TEMPORARILY_UNAVAILABLE, 500 INTERNAL_ERROR, 404 NOT_FOUND, … */
  errorCode?: string;
  message?: string;
  /** Fail only the first N matching requests; default: every one. */
  times?: number;
  /** Only these methods (upper case); default: all. */
  methods?: string[];
  /** Retry-After header in seconds (a 429 gets 1 unless set). */
  retryAfterSeconds?: number;
  /** A verbatim body instead of the JSON error body (e.g. '' or an HTML error page). */
  body?: string;
  /** Headers to add (e.g. `X-Databricks-Reason-Phrase`). */
  headers?: Record<string, string>;
}

export interface ResetConnectionFault {
  match: PathMatch;
  /** Reset only the first N matching requests; default: every one. */
  times?: number;
  methods?: string[];
  /**
   * Carry the request out, then reset instead of answering a success: a success the client never hears
   * of (the answer lost on its way back). An error answer still goes out, so a retry of a delete whose
   * success was lost hears the not-found. Default: reset before the request is handled.
   */
  afterHandling?: boolean;
}

export interface HangFault {
  match: PathMatch;
  /** How long to wait before answering normally. */
  ms: number;
  times?: number;
  methods?: string[];
}

/** Every fault is optional and can be changed while the emulator runs (`emulator.faults.set(…)`). */
export interface FaultOptions {
  /** Fixed delay added to every authenticated request. */
  latencyMs?: number;
  rateLimit?: RateLimitFault;
  errorRate?: ErrorRateFault;
  failPaths?: FailPathFault[];
  /** Destroy the socket without answering (a connection reset mid-export). */
  resetConnection?: ResetConnectionFault;
  /** Answer late, to trigger client timeouts. */
  hang?: HangFault;
}

/** The request facts fault rules look at. */
export interface FaultTarget {
  method: string;
  path: string;
  workspacePath?: string;
  /** When the request arrived, on the injector's clock (`now()`); the rate limiter counts it then. */
  arrivedAt?: number;
}

export type FaultOutcome =
  { kind: 'reset'; afterHandling: boolean } | { kind: 'reply'; reply: Reply } | undefined;

/**
 * Error codes for statuses, as the SDK fallback table names them (reference §1.4; databricks-sdk-go
 * apierr/error_mapping.go).
 */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL_ERROR',
  501: 'NOT_IMPLEMENTED',
  502: 'BAD_GATEWAY',
  503: 'TEMPORARILY_UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/**
 * Real messages where one is known (reference §1.4, §18.2; databricks-sdk-go apierr/error_mapping.go,
 * apierr/errors.go).
 */
const MESSAGE_BY_STATUS: Record<number, string> = {
  429:
    'Too many requests. Please wait a moment and try again. If the issue persists, consider adjusting your ' +
    'request frequency or reaching out to support for assistance.',
  500: 'Internal Server Error',
  503: 'No webapps are available to handle your request. Please try again later.',
  504: 'Timed out waiting for the request to complete.',
};

export const THROTTLED_MESSAGE = MESSAGE_BY_STATUS[429];

/** A rule plus how many more times it may fire. */
interface Counted<T> {
  rule: T;
  remaining: number;
}

/**
 * Decides, per request, whether to misbehave. Faults are evaluated after authentication (a bad token is
 * always a clean 401/403, whatever the faults) in this order: reset, hang, latency, rate limit, fail
 * paths, random errors. Random choices come from the seeded PRNG so a run can be replayed.
 */
export class FaultInjector {
  private current: FaultOptions = {};
  private failPaths: Array<Counted<FailPathFault>> = [];
  private reset?: Counted<ResetConnectionFault>;
  private hang?: Counted<HangFault>;
  /** Token buckets by budget name ('' is the default budget). */
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly prng: Prng,
    initial: FaultOptions = {},
    /** Monotonic milliseconds; the rate limiter measures real time even when the emulator's clock is fake. */
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.set(initial);
  }

  /** The injector's monotonic clock, for `FaultTarget.arrivedAt`. */
  now(): number {
    return this.clock();
  }

  /** The faults in force. */
  get options(): Readonly<FaultOptions> {
    return this.current;
  }

  /**
   * Changes some faults and keeps the others. A key given as undefined switches that fault off. Setting a
   * fault restarts its counters (`times`) and refills the rate-limit bucket.
   */
  set(partial: Partial<FaultOptions>): void {
    const next: FaultOptions = { ...this.current };
    for (const key of Object.keys(partial) as Array<keyof FaultOptions>) {
      if (partial[key] === undefined) delete next[key];
      else Object.assign(next, { [key]: partial[key] });
    }
    validate(next);
    this.current = next;
    if ('failPaths' in partial)
      this.failPaths = (next.failPaths ?? []).map((rule) => counted(rule, rule.times));
    if ('resetConnection' in partial)
      this.reset = next.resetConnection && counted(next.resetConnection, next.resetConnection.times);
    if ('hang' in partial) this.hang = next.hang && counted(next.hang, next.hang.times);
    if ('rateLimit' in partial) this.buckets.clear();
  }

  /** Switches every fault off. */
  clear(): void {
    this.set({
      latencyMs: undefined,
      rateLimit: undefined,
      errorRate: undefined,
      failPaths: undefined,
      resetConnection: undefined,
      hang: undefined,
    });
  }

  /**
   * Applies the faults to one request: waits (with the server's cancellable sleep) for hang and latency,
   * then says whether to reset the connection, answer with an injected error, or go on normally.
   */
  async apply(target: FaultTarget, sleep: (ms: number) => Promise<void>): Promise<FaultOutcome> {
    if (this.reset && fire(this.reset, target))
      return { kind: 'reset', afterHandling: this.reset.rule.afterHandling === true };
    if (this.hang && fire(this.hang, target)) await sleep(this.hang.rule.ms);
    if (this.current.latencyMs) await sleep(this.current.latencyMs);

    const throttled = this.current.rateLimit && this.throttle(this.current.rateLimit, target);
    if (throttled) return { kind: 'reply', reply: throttled };

    for (const entry of this.failPaths) {
      if (fire(entry, target)) return { kind: 'reply', reply: failReply(entry.rule) };
    }

    const errorRate = this.current.errorRate;
    if (errorRate && (!errorRate.match || matches(errorRate.match, target))) {
      // Draw on every eligible request, so the sequence of decisions depends only on the seed.
      const roll = this.prng.next();
      if (roll < errorRate.rate) {
        const status = this.prng.pick(errorRate.statuses ?? [500, 503]);
        return { kind: 'reply', reply: errorReply(status) };
      }
    }
    return undefined;
  }

  private throttle(limit: RateLimitFault, target: FaultTarget): Reply | undefined {
    const row = limit.endpoints && endpointLimit(target.method, target.path, limit.endpoints);
    const rps = row ? row.rps : limit.rps;
    if (rps === Infinity) return undefined;
    const second = Math.max(1, Math.ceil(rps));
    const capacity = row ? Math.min(limit.burst ?? second, second) : (limit.burst ?? second);
    const now = target.arrivedAt ?? this.clock();
    const name = row ? row.name : '';
    const bucket = this.buckets.get(name) ?? { tokens: capacity, at: now };
    // Requests are seldom handled exactly in arrival order: a late-handled one refills nothing.
    bucket.tokens = Math.min(capacity, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * rps);
    bucket.at = Math.max(bucket.at, now);
    this.buckets.set(name, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    const headers: Record<string, string> = {};
    if (limit.retryAfterSeconds !== null) {
      const untilNextToken = rps > 0 ? Math.ceil((1 - bucket.tokens) / rps) : 1;
      headers['Retry-After'] = String(limit.retryAfterSeconds ?? Math.max(1, untilNextToken));
    }
    if (limit.emptyBody) return Reply.empty(429, headers);
    return Reply.json({ error_code: 'RESOURCE_EXHAUSTED', message: THROTTLED_MESSAGE }, 429, headers);
  }
}

function counted<T>(rule: T, times: number | undefined): Counted<T> {
  return { rule, remaining: times ?? Infinity };
}

/** True when the rule applies to the request and still has uses left; uses one. */
function fire(entry: Counted<{ match: PathMatch; methods?: string[] }>, target: FaultTarget): boolean {
  if (entry.remaining <= 0) return false;
  const { rule } = entry;
  if (rule.methods && !rule.methods.some((m) => m.toUpperCase() === target.method)) return false;
  if (!matches(rule.match, target)) return false;
  entry.remaining--;
  return true;
}

export function matches(match: PathMatch, target: FaultTarget): boolean {
  const candidates = [target.path];
  if (target.workspacePath !== undefined) candidates.push(target.workspacePath);
  return candidates.some((candidate) => {
    if (match instanceof RegExp) {
      match.lastIndex = 0;
      return match.test(candidate);
    }
    if (match.endsWith('*')) return candidate.startsWith(match.slice(0, -1));
    return candidate === match;
  });
}

function errorReply(status: number): Reply {
  const headers: Record<string, string> = status === 429 ? { 'Retry-After': '1' } : {};
  return Reply.json(
    {
      error_code: CODE_BY_STATUS[status] ?? `HTTP_${status}`,
      message: MESSAGE_BY_STATUS[status] ?? `Request failed with status ${status}.`,
    },
    status,
    headers,
  );
}

function failReply(rule: FailPathFault): Reply {
  const headers: Record<string, string> = { ...rule.headers };
  const retryAfter = rule.retryAfterSeconds ?? (rule.status === 429 ? 1 : undefined);
  if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
  if (rule.body !== undefined) {
    const contentType = rule.body.trimStart().startsWith('<') ? 'text/html; charset=utf-8' : 'text/plain';
    return Reply.raw(Buffer.from(rule.body, 'utf8'), contentType, rule.status, headers);
  }
  return Reply.json(
    {
      error_code: rule.errorCode ?? CODE_BY_STATUS[rule.status] ?? `HTTP_${rule.status}`,
      message: rule.message ?? MESSAGE_BY_STATUS[rule.status] ?? `Request failed with status ${rule.status}.`,
    },
    rule.status,
    headers,
  );
}

function validate(options: FaultOptions): void {
  const { rateLimit, errorRate, latencyMs } = options;
  if (latencyMs !== undefined && !(latencyMs >= 0))
    throw new Error(`faults.latencyMs must be >= 0: ${latencyMs}`);
  if (rateLimit && !(rateLimit.rps >= 0))
    throw new Error(`faults.rateLimit.rps must be >= 0: ${rateLimit.rps}`);
  if (errorRate && !(errorRate.rate >= 0 && errorRate.rate <= 1))
    throw new Error(`faults.errorRate.rate must be in [0, 1]: ${errorRate.rate}`);
  if (errorRate?.statuses && errorRate.statuses.length === 0)
    throw new Error('faults.errorRate.statuses must not be empty');
}
