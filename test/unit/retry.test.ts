import { decideRetry, DEFAULT_RETRY_POLICY, isThrottled, type Outcome } from '../../src/databricks/retry.js';

const base = { attempt: 1, elapsedMs: 0, random: 0.5 };

describe('retry policy', () => {
  test.each<[string, Outcome, boolean, boolean]>([
    ['429 on a create', { kind: 'status', status: 429 }, false, true],
    ['429 on a read', { kind: 'status', status: 429 }, true, true],
    ['503 on a read', { kind: 'status', status: 503 }, true, true],
    // A 503 is a refusal: the request was not processed (reference §18.3: both SDKs retry any 503).
    ['503 on a create', { kind: 'status', status: 503 }, false, true],
    [
      'TEMPORARILY_UNAVAILABLE on a 500, create',
      { kind: 'status', status: 500, errorCode: 'TEMPORARILY_UNAVAILABLE' },
      false,
      true,
    ],
    // Throttling error codes are a 429 whatever the status (§1.4, Go SDK TooManyRequests).
    [
      'RESOURCE_EXHAUSTED on a 400, create',
      { kind: 'status', status: 400, errorCode: 'RESOURCE_EXHAUSTED' },
      false,
      true,
    ],
    [
      'REQUEST_LIMIT_EXCEEDED on a 400, create',
      { kind: 'status', status: 400, errorCode: 'REQUEST_LIMIT_EXCEEDED' },
      false,
      true,
    ],
    ['504 on a read', { kind: 'status', status: 504 }, true, true],
    ['504 on a create', { kind: 'status', status: 504 }, false, false],
    ['502 on a create', { kind: 'status', status: 502 }, false, false],
    ['500 on a read', { kind: 'status', status: 500 }, true, true],
    ['500 on a create', { kind: 'status', status: 500 }, false, false],
    [
      'INTERNAL_ERROR on a 500, create',
      { kind: 'status', status: 500, errorCode: 'INTERNAL_ERROR' },
      false,
      false,
    ],
    ['400', { kind: 'status', status: 400 }, true, false],
    ['401', { kind: 'status', status: 401 }, true, false],
    ['403', { kind: 'status', status: 403 }, true, false],
    ['404', { kind: 'status', status: 404 }, true, false],
    [
      'worker environment message on 400, read',
      {
        kind: 'status',
        status: 400,
        message: 'com.databricks.backend.manager.util.UnknownWorkerEnvironmentException',
      },
      true,
      true,
    ],
    [
      'worker environment message on 400, create',
      { kind: 'status', status: 400, message: 'Unknown worker environment WorkerEnvId(x)' },
      false,
      true,
    ],
    [
      'SCIM 500 naming REQUEST_LIMIT_EXCEEDED, create',
      { kind: 'status', status: 500, errorCode: 'SCIM_500', message: 'REQUEST_LIMIT_EXCEEDED: try later' },
      false,
      true,
    ],
    [
      '"try a faster operation" on a 400, read',
      { kind: 'status', status: 400, message: 'Please try again later or try a faster operation.' },
      true,
      true,
    ],
    [
      '"try a faster operation" on a 400, create',
      { kind: 'status', status: 400, message: 'Please try again later or try a faster operation.' },
      false,
      false,
    ],
    ['timeout on a read', { kind: 'timeout' }, true, true],
    ['timeout on a create', { kind: 'timeout' }, false, false],
    ['reset on a create', { kind: 'connection', beforeSend: false }, false, false],
    ['refused on a create', { kind: 'connection', beforeSend: true }, false, true],
  ])('%s', (_name, outcome, idempotent, retry) => {
    expect(decideRetry({ ...base, outcome, idempotent }).retry).toBe(retry);
  });

  test('backoff grows exponentially with jitter and is capped', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((attempt) => {
      const d = decideRetry({ ...base, attempt, outcome: { kind: 'timeout' }, idempotent: true, random: 1 });
      return d.retry ? d.delayMs : -1;
    });
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000]);
    const low = decideRetry({
      ...base,
      attempt: 3,
      outcome: { kind: 'timeout' },
      idempotent: true,
      random: 0,
    });
    expect(low.retry && low.delayMs).toBe(1000);
  });

  test('Retry-After is honoured as a floor', () => {
    const d = decideRetry({
      ...base,
      outcome: { kind: 'status', status: 429, retryAfterSeconds: 7 },
      idempotent: false,
    });
    expect(d.retry).toBe(true);
    if (d.retry) {
      expect(d.delayMs).toBeGreaterThanOrEqual(7000);
      expect(d.delayMs).toBeLessThan(7500);
    }
  });

  test('Retry-After is honoured on a throttling code and on a 503 alike', () => {
    for (const outcome of [
      { kind: 'status', status: 400, errorCode: 'RESOURCE_EXHAUSTED', retryAfterSeconds: 7 },
      { kind: 'status', status: 503, retryAfterSeconds: 7 },
    ] as const) {
      const d = decideRetry({ ...base, outcome, idempotent: false });
      expect(d.retry && d.delayMs).toBeGreaterThanOrEqual(7000);
    }
  });

  test.each<[Outcome, boolean]>([
    [{ kind: 'status', status: 429 }, true],
    [{ kind: 'status', status: 400, errorCode: 'RESOURCE_EXHAUSTED' }, true],
    [{ kind: 'status', status: 500, errorCode: 'REQUEST_LIMIT_EXCEEDED' }, true],
    [{ kind: 'status', status: 503, errorCode: 'TEMPORARILY_UNAVAILABLE' }, false],
    [{ kind: 'status', status: 400, errorCode: 'INVALID_PARAMETER_VALUE' }, false],
    [{ kind: 'timeout' }, false],
  ])('throttled: %j -> %s', (outcome, throttled) => {
    expect(isThrottled(outcome)).toBe(throttled);
  });

  test('gives up after the attempt limit and the time budget', () => {
    const tooMany = decideRetry({
      ...base,
      attempt: DEFAULT_RETRY_POLICY.maxAttempts,
      outcome: { kind: 'timeout' },
      idempotent: true,
    });
    expect(tooMany).toEqual({
      retry: false,
      reason: `gave up after ${DEFAULT_RETRY_POLICY.maxAttempts} attempts`,
    });
    // A 429 is a refusal, not a failure: retried past maxAttempts, until the time budget.
    const throttledOften = decideRetry({
      ...base,
      attempt: DEFAULT_RETRY_POLICY.maxAttempts + 5,
      outcome: { kind: 'status', status: 429 },
      idempotent: false,
    });
    expect(throttledOften.retry).toBe(true);
    const exhaustedOften = decideRetry({
      ...base,
      attempt: DEFAULT_RETRY_POLICY.maxAttempts + 5,
      outcome: { kind: 'status', status: 400, errorCode: 'RESOURCE_EXHAUSTED' },
      idempotent: false,
    });
    expect(exhaustedOften.retry).toBe(true);
    const unavailableOften = decideRetry({
      ...base,
      attempt: DEFAULT_RETRY_POLICY.maxAttempts,
      outcome: { kind: 'status', status: 503 },
      idempotent: false,
    });
    expect(unavailableOften.retry).toBe(false);
    const late = decideRetry({
      ...base,
      elapsedMs: 299_999,
      outcome: { kind: 'status', status: 429 },
      idempotent: true,
    });
    expect(late.retry).toBe(false);
  });
});
