/** When and how long to wait before trying a request again. Pure: the client supplies time and randomness. */
export interface RetryPolicy {
  /**
   * Attempts in all, the first included. A 429 does not count towards it: the workspace refused the
   * request without acting on it, so throttled requests are retried until `budgetMs` (as the Python SDK
   * does), however many times a busy workspace says so.
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
  | { kind: 'status'; status: number; retryAfterSeconds?: number; transientMessage?: boolean }
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
 * 429 means the server refused the request before doing anything, so every request may be retried; so may
 * a connection refused before anything was sent. 503/504/500, timeouts and resets may have happened after
 * the server acted: only idempotent requests are retried then, never a create (a retried POST can make a
 * duplicate job).
 */
export function decideRetry(input: RetryInput, policy: RetryPolicy = DEFAULT_RETRY_POLICY): RetryDecision {
  const { outcome, attempt, idempotent } = input;
  let retriable: boolean;
  let retryAfterMs: number | undefined;
  switch (outcome.kind) {
    case 'status':
      if (outcome.status === 429) retriable = true;
      else if ([500, 502, 503, 504].includes(outcome.status) || outcome.transientMessage)
        retriable = idempotent;
      else retriable = false;
      if (outcome.retryAfterSeconds !== undefined) retryAfterMs = outcome.retryAfterSeconds * 1000;
      break;
    case 'timeout':
      retriable = idempotent;
      break;
    case 'connection':
      retriable = idempotent || outcome.beforeSend;
      break;
  }
  if (!retriable) return { retry: false, reason: 'not retriable' };
  const throttled = outcome.kind === 'status' && outcome.status === 429;
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

/** Messages both official SDKs treat as transient whatever the status (reference §18.2). */
const TRANSIENT = [
  /UnknownWorkerEnvironmentException/,
  /does not have any associated worker environments/,
  /There is no worker environment with id/,
  /Unknown worker environment/,
  /ClusterNotReadyException/,
  /Please try again later or try a faster operation/,
  /RPC token bucket limit has been exceeded/,
  /REQUEST_LIMIT_EXCEEDED/,
];

export function isTransientMessage(message: string): boolean {
  return TRANSIENT.some((re) => re.test(message));
}
