import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DatabricksClient } from '../../src/databricks/client.js';
import { DATABRICKS_ENDPOINT_LIMITS, type EndpointLimit } from '../../src/databricks/rate-limits.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';

/** Per-endpoint budgets: a throttled endpoint must not hold up the others, and a paced run makes no 429. */
describe('client and per-endpoint rate limits', () => {
  let emulator: Emulator;
  let objectId: string;
  const NB = '/Users/budgets@contoso.com/nb';

  beforeAll(async () => {
    emulator = await startEmulator();
    emulator.state.workspace.putNotebook(NB, 'PYTHON', 'print(1)');
    const status = (await client().get('/api/2.0/workspace/get-status', { path: NB })) as {
      object_id: unknown;
    };
    objectId = String(status.object_id);
  });
  afterAll(() => emulator.stop());

  function client(extra: Partial<ConstructorParameters<typeof DatabricksClient>[0]> = {}): DatabricksClient {
    return new DatabricksClient({
      host: emulator.url,
      credentials: { headers: async () => ({ Authorization: `Bearer ${emulator.token}` }) },
      retry: { baseDelayMs: 5, maxDelayMs: 50, maxAttempts: 2, budgetMs: 3_000 },
      ...extra,
    });
  }

  it('a 429 on the Permissions API pauses permissions only: exports go on at once', async () => {
    const permissionsOnlyOnce: EndpointLimit[] = DATABRICKS_ENDPOINT_LIMITS.map((row) =>
      row.name === 'permissions read' ? { ...row, rps: 0 } : { ...row, rps: 1000 },
    );
    emulator.faults.set({ rateLimit: { rps: 1000, endpoints: permissionsOnlyOnce, retryAfterSeconds: 2 } });
    // The client's clock and sleep are the test's: the throttled request's pause is held until released, so
    // the export can only be answered while it waits if the pause is of the permissions budget alone.
    let clock = 0;
    let released = false;
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const sleeps: number[] = [];
    const sleep = (ms: number): Promise<void> => {
      sleeps.push(ms);
      if (!released) return held;
      clock += ms;
      return Promise.resolve();
    };
    try {
      const c = client({ sleep, now: () => clock });
      const permissions = `/api/2.0/permissions/notebooks/${objectId}`;
      await c.get(permissions);
      const throttled = c.get(permissions).then(
        () => 'answered',
        (error: Error) => error.message,
      );
      while (sleeps.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const exported = await c.get('/api/2.0/workspace/export', { path: NB, format: 'SOURCE' });
      expect(exported.content).toBeDefined();
      expect(sleeps).toHaveLength(1); // the export never waited
      released = true;
      release();
      expect(await throttled).toMatch(/Too many requests/);
      expect(c.stats.throttled).toBeGreaterThanOrEqual(2);
    } finally {
      emulator.faults.clear();
    }
  });

  it('paced with the workspace table, a run stays under every budget and is never throttled', async () => {
    const slow: EndpointLimit[] = [
      { name: 'workspace/export', methods: ['GET'], path: /\/workspace\/export$/, rps: 20 },
    ];
    // The workspace absorbs a burst of 6 (its row's bucket): the client, which sends one per 50 ms, never
    // needs it, but the emulator shares the test's event loop, and a stall there delivers paced requests
    // bunched. An unpaced client (10 at once) still meets 429s.
    emulator.faults.set({ rateLimit: { rps: 1000, burst: 6, endpoints: slow } });
    emulator.clearRequests();
    try {
      const c = client({ endpointLimits: slow, paceEndpoints: true, rateLimit: 1000, concurrency: 8 });
      const started = performance.now();
      await Promise.all(
        Array.from({ length: 10 }, () => c.get('/api/2.0/workspace/export', { path: NB, format: 'SOURCE' })),
      );
      // 10 requests at 20/s, the first at once: at least 9 intervals of 50 ms.
      expect(performance.now() - started).toBeGreaterThanOrEqual(440);
      expect(emulator.requests.filter((r) => r.status === 429)).toHaveLength(0);
      expect(emulator.countRequests({ path: '/api/2.0/workspace/export' })).toBe(10);
    } finally {
      emulator.faults.clear();
    }
  });
});
