/** When and how long to wait before trying a request again. Pure: the client supplies time and randomness. */
export interface RetryPolicy {
  /**
   * Attempts in all, the first included. A throttled request (429, or a throttling error code) does not
   * count towards it: the workspace refused the request without acting on it, so throttled requests are
   * retried until `budgetMs` (as the Python SDK does), however many times a busy workspace says so.
   */
  maxAttempts: number;
  /** Give up once this much time has passed since the first attempt. */
  budgetMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  budgetMs: 300_000,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
};

export type Outcome =
  | {
      kind: 'status';
      status: number;
      /** The error code the answer named (`RESOURCE_EXHAUSTED`, `SCIM_500`, ...), if any. */
      errorCode?: string;
      /**
       * The error message, for the transient messages of reference §18.2 (databricks-sdk-go
       * apierr/errors.go).
       */
      message?: string;
      retryAfterSeconds?: number;
    }
  | { kind: 'timeout' }
  | { kind: 'connection'; beforeSend: boolean };

export interface RetryInput {
  outcome: Outcome;
  /** Attempts made so far (1 after the first). */
  attempt: number;
  elapsedMs: number;
  /** May the request run twice without harm (GET, DELETE, PUT, edits, overwrites)? */
  idempotent: boolean;
  /** A number in [0, 1). */
  random: number;
}

export type RetryDecision = { retry: false; reason: string } | { retry: true; delayMs: number };

/**
 * Error codes both SDKs treat as TooManyRequests whatever the HTTP status (reference §1.4, §18.3;
 * databricks-sdk-go apierr/error_mapping.go, httpclient/api_client.go).
 */
const THROTTLING_CODES = new Set(['RESOURCE_EXHAUSTED', 'REQUEST_LIMIT_EXCEEDED']);

/**
 * Did the workspace refuse the request for its rate limit: a 429, or RESOURCE_EXHAUSTED /
 * REQUEST_LIMIT_EXCEEDED on any status? The client pauses the request's budget for these.
 */
export function isThrottled(outcome: Outcome): boolean {
  return (
    outcome.kind === 'status' && (outcome.status === 429 || THROTTLING_CODES.has(outcome.errorCode ?? ''))
  );
}

/**
 * Throttling and 503 TEMPORARILY_UNAVAILABLE ("No webapps are available to handle your request") mean the
 * workspace refused the request before doing anything, so every request may be retried, creates included,
 * as both official SDKs do (reference §18.3; databricks-sdk-go httpclient/api_client.go); so may a request
 * whose connection was refused before anything was sent, or that met a transient message naming a refusal
 * (§18.2). 500/502/504, timeouts and resets may have come after the server acted: only idempotent requests
 * are retried then, never a create (a retried POST can make a duplicate job).
 */
export function decideRetry(input: RetryInput, policy: RetryPolicy = DEFAULT_RETRY_POLICY): RetryDecision {
  const { outcome, attempt, idempotent } = input;
  let retriable: boolean;
  let retryAfterMs: number | undefined;
  switch (outcome.kind) {
    case 'status': {
      const message = outcome.message ?? '';
      if (
        isThrottled(outcome) ||
        outcome.status === 503 ||
        outcome.errorCode === 'TEMPORARILY_UNAVAILABLE' ||
        REFUSED.some((re) => re.test(message))
      )
        retriable = true;
      else if ([500, 502, 504].includes(outcome.status) || MAYBE_DONE.some((re) => re.test(message)))
        retriable = idempotent;
      else retriable = false;
      if (outcome.retryAfterSeconds !== undefined) retryAfterMs = outcome.retryAfterSeconds * 1000;
      break;
    }
    case 'timeout':
      retriable = idempotent;
      break;
    case 'connection':
      retriable = idempotent || outcome.beforeSend;
      break;
  }
  if (!retriable) return { retry: false, reason: 'not retriable' };
  const throttled = isThrottled(outcome);
  if (attempt >= policy.maxAttempts && !throttled)
    return { retry: false, reason: `gave up after ${attempt} attempts` };
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(30, attempt - 1));
  // Jitter spreads the clients that were throttled together; Retry-After is a floor, never shortened, and
  // a Retry-After of 0 still backs off exponentially.
  const jittered = backoff * (0.5 + input.random * 0.5);
  const delayMs =
    retryAfterMs !== undefined && retryAfterMs > jittered
      ? Math.min(retryAfterMs, policy.maxDelayMs * 2) + input.random * policy.baseDelayMs * 0.5
      : jittered;
  if (input.elapsedMs + delayMs > policy.budgetMs)
    return { retry: false, reason: `gave up after ${Math.round(input.elapsedMs / 1000)} s of retries` };
  return { retry: true, delayMs: Math.round(delayMs) };
}

/**
 * Messages both official SDKs treat as transient whatever the status and the method (reference §18.2;
 * databricks-sdk-go apierr/errors.go), each saying the request was refused rather than done: no worker
 * environment took it, the cluster was not ready, or a rate limit (SCIM answers REQUEST_LIMIT_EXCEEDED with a
 * 500).
 */
const REFUSED = [
  /UnknownWorkerEnvironmentException/,
  /does not have any associated worker environments/,
  /There is no worker environment with id/,
  /Unknown worker environment/,
  /ClusterNotReadyException/,
  /RPC token bucket limit has been exceeded/,
  /REQUEST_LIMIT_EXCEEDED/,
];

/**
 * A transient message (Python SDK only) that does not say the operation was left undone: retried for
 * idempotent requests only, as a 500 is.
 */
const MAYBE_DONE = [/Please try again later or try a faster operation/];
