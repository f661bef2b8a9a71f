import { decideRetry, DEFAULT_RETRY_POLICY, type Outcome } from '../../src/databricks/retry.js';

const base = { attempt: 1, elapsedMs: 0, random: 0.5 };

describe('retry policy', () => {
  test.each<[string, Outcome, boolean, boolean]>([
    ['429 on a create', { kind: 'status', status: 429 }, false, true],
    ['429 on a read', { kind: 'status', status: 429 }, true, true],
    ['503 on a read', { kind: 'status', status: 503 }, true, true],
    ['503 on a create', { kind: 'status', status: 503 }, false, false],
    ['504 on a read', { kind: 'status', status: 504 }, true, true],
    ['500 on a read', { kind: 'status', status: 500 }, true, true],
    ['500 on a create', { kind: 'status', status: 500 }, false, false],
    ['400', { kind: 'status', status: 400 }, true, false],
    ['401', { kind: 'status', status: 401 }, true, false],
    ['403', { kind: 'status', status: 403 }, true, false],
    ['404', { kind: 'status', status: 404 }, true, false],
    ['transient message on 400, read', { kind: 'status', status: 400, transientMessage: true }, true, true],
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
    const late = decideRetry({
      ...base,
      elapsedMs: 299_999,
      outcome: { kind: 'status', status: 429 },
      idempotent: true,
    });
    expect(late.retry).toBe(false);
  });
});
