import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { FaultInjector, Prng, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { endpointLimit } from '../../src/databricks/rate-limits.js';
import { call, get, post } from './helpers.js';

const NB = '/Users/faults@contoso.com/nb';
const status = (emulator: Emulator) => get(emulator, '/api/2.0/workspace/get-status', { path: NB });

describe('fault injection', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
    emulator.state.workspace.putNotebook(NB, 'PYTHON', 'print(1)');
  });
  afterAll(() => emulator.stop());
  afterEach(() => {
    emulator.faults.clear();
    emulator.clearRequests();
  });

  it('latencyMs delays every request', async () => {
    emulator.faults.set({ latencyMs: 150 });
    const started = performance.now();
    const res = await status(emulator);
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('rateLimit answers 429 RESOURCE_EXHAUSTED with Retry-After beyond the burst', async () => {
    emulator.faults.set({ rateLimit: { rps: 0.01, burst: 2 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await status(emulator));
    expect(statuses.map((r) => r.status)).toEqual([200, 200, 429, 429]);
    const throttled = statuses[2];
    expect(throttled.json()).toEqual({
      error_code: 'RESOURCE_EXHAUSTED',
      message:
        'Too many requests. Please wait a moment and try again. If the issue persists, consider adjusting your ' +
        'request frequency or reaching out to support for assistance.',
    });
    // One token every 100 s at 0.01 rps.
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThanOrEqual(99);
    expect(emulator.countRequests({ path: '/api/2.0/workspace/get-status' })).toBe(4);
    expect(emulator.requests.map((r) => r.status)).toEqual([200, 200, 429, 429]);
  });

  it('rateLimit can answer an empty body, a fixed Retry-After, or none', async () => {
    emulator.faults.set({ rateLimit: { rps: 0, burst: 1, emptyBody: true, retryAfterSeconds: 7 } });
    expect((await status(emulator)).status).toBe(200);
    const empty = await status(emulator);
    expect(empty.status).toBe(429);
    expect(empty.text).toBe('');
    expect(empty.headers.get('retry-after')).toBe('7');

    emulator.faults.set({ rateLimit: { rps: 0, burst: 0, retryAfterSeconds: null } });
    const bare = await status(emulator);
    expect(bare.status).toBe(429);
    expect(bare.headers.get('retry-after')).toBeNull();
  });

  it('rateLimit with endpoints gives each endpoint its own budget, as a workspace does', async () => {
    const endpoints = [
      { name: 'workspace/export', methods: ['GET'], path: /^\/api\/2\.0\/workspace\/export$/, rps: 0.01 },
    ];
    emulator.faults.set({ rateLimit: { rps: 0.01, burst: 1, endpoints } });
    const exportNb = () => get(emulator, '/api/2.0/workspace/export', { path: NB, format: 'SOURCE' });
    // The export budget and the default budget (get-status) are spent apart: one request each gets through.
    expect((await exportNb()).status).toBe(200);
    expect((await status(emulator)).status).toBe(200);
    expect((await exportNb()).status).toBe(429);
    expect((await status(emulator)).status).toBe(429);
  });

  it('the reference table names a budget per endpoint and method', () => {
    expect(endpointLimit('GET', '/api/2.0/workspace/export?path=/x')?.rps).toBe(60);
    expect(endpointLimit('POST', '/api/2.0/workspace/import')?.rps).toBe(30);
    expect(endpointLimit('GET', '/api/2.0/permissions/notebooks/123')?.name).toBe('permissions read');
    expect(endpointLimit('PUT', '/api/2.0/permissions/notebooks/123')?.name).toBe('permissions write');
    expect(endpointLimit('POST', '/api/2.2/jobs/create')?.rps).toBe(20);
    // Published limits (docs "Resource limits"): workspace list 50/s, delete 2/s; jobs update 10/s.
    expect(endpointLimit('GET', '/api/2.0/workspace/list')?.rps).toBe(50);
    expect(endpointLimit('POST', '/api/2.0/workspace/delete')?.rps).toBe(2);
    expect(endpointLimit('POST', '/api/2.1/jobs/update')?.rps).toBe(10);
    expect(endpointLimit('GET', '/api/2.1/clusters/list')).toBeUndefined();
  });

  it('rateLimit refills over time', async () => {
    // One token every 500 ms, on the injector's own clock: a request 100 ms after the first finds the bucket
    // empty, one 650 ms after finds it refilled, however slowly a loaded machine runs the test.
    let now = 0;
    const injector = new FaultInjector(new Prng(1), { rateLimit: { rps: 2, burst: 1 } }, () => now);
    const at = async (ms: number) => {
      now = ms;
      const outcome = await injector.apply(
        { method: 'GET', path: '/api/2.0/workspace/get-status' },
        async () => {},
      );
      return outcome?.kind === 'reply' ? outcome.reply.status : 200;
    };
    expect([await at(0), await at(100), await at(650), await at(700)]).toEqual([200, 429, 200, 429]);
  });

  it('errorRate 1.0 fails every request with 500 INTERNAL_ERROR or 503 TEMPORARILY_UNAVAILABLE', async () => {
    emulator.faults.set({ errorRate: { rate: 1 } });
    const results = await Promise.all(Array.from({ length: 20 }, () => status(emulator)));
    const seen = new Set(results.map((r) => r.status));
    expect([...seen].every((s) => s === 500 || s === 503)).toBe(true);
    expect(seen.size).toBe(2);
    for (const res of results) {
      const body = res.json() as { error_code: string };
      expect(body.error_code).toBe(res.status === 500 ? 'INTERNAL_ERROR' : 'TEMPORARILY_UNAVAILABLE');
    }
    emulator.faults.set({ errorRate: { rate: 1, statuses: [503] } });
    expect((await status(emulator)).json()).toEqual({
      error_code: 'TEMPORARILY_UNAVAILABLE',
      message: 'No webapps are available to handle your request. Please try again later.',
    });
  });

  it('errorRate 0 never fails', async () => {
    emulator.faults.set({ errorRate: { rate: 0 } });
    const results = await Promise.all(Array.from({ length: 10 }, () => status(emulator)));
    expect(results.every((r) => r.status === 200)).toBe(true);
  });

  it('failPaths fails the first N requests matching the workspace path, then lets them through', async () => {
    emulator.faults.set({
      failPaths: [
        { match: NB, status: 503, times: 2, errorCode: 'TEMPORARILY_UNAVAILABLE', message: 'busy' },
      ],
    });
    const exportNb = () => get(emulator, '/api/2.0/workspace/export', { path: `/Workspace${NB}` });
    const first = await exportNb();
    expect(first.status).toBe(503);
    expect(first.json()).toEqual({ error_code: 'TEMPORARILY_UNAVAILABLE', message: 'busy' });
    expect((await exportNb()).status).toBe(503);
    expect((await exportNb()).status).toBe(200);
    // Other paths were never affected.
    expect((await get(emulator, '/api/2.0/workspace/get-status', { path: '/' })).status).toBe(200);
  });

  it('failPaths matches API paths, methods, prefixes and regular expressions, and JSON body paths', async () => {
    emulator.faults.set({
      failPaths: [
        { match: '/api/2.0/workspace/mkdirs', status: 500, methods: ['POST'] },
        { match: /\/get-status$/, status: 404, errorCode: 'RESOURCE_DOES_NOT_EXIST', message: 'gone' },
        { match: '/Users/faults@contoso.com/locked/*', status: 403, errorCode: 'PERMISSION_DENIED' },
      ],
    });
    expect((await post(emulator, '/api/2.0/workspace/mkdirs', { path: '/Users/x' })).status).toBe(500);
    expect((await status(emulator)).json()).toEqual({
      error_code: 'RESOURCE_DOES_NOT_EXIST',
      message: 'gone',
    });
    const locked = await post(emulator, '/api/2.0/workspace/delete', {
      path: '/Users/faults@contoso.com/locked/a',
    });
    expect(locked.status).toBe(403);
    expect(locked.json()).toMatchObject({ error_code: 'PERMISSION_DENIED' });
    expect((await get(emulator, '/api/2.0/workspace/list', { path: '/Users' })).status).toBe(200);
  });

  it('failPaths can send a verbatim body, e.g. an HTML error page, and headers', async () => {
    emulator.faults.set({
      failPaths: [
        {
          match: NB,
          status: 502,
          body: '<html><title>Bad Gateway</title></html>',
          headers: { 'X-Databricks-Reason-Phrase': 'Bad Gateway' },
        },
      ],
    });
    const res = await status(emulator);
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('x-databricks-reason-phrase')).toBe('Bad Gateway');
    expect(res.text).toBe('<html><title>Bad Gateway</title></html>');
  });

  it('resetConnection destroys the socket without an answer, the given number of times', async () => {
    emulator.faults.set({ resetConnection: { match: '/api/2.0/workspace/export', times: 1 } });
    await expect(get(emulator, '/api/2.0/workspace/export', { path: NB })).rejects.toThrow();
    const retried = await get(emulator, '/api/2.0/workspace/export', { path: NB });
    expect(retried.status).toBe(200);
    expect(emulator.requests.map((r) => r.status)).toEqual([0, 200]);
  });

  it('resetConnection afterHandling carries the request out, then resets instead of answering a success', async () => {
    emulator.faults.set({
      resetConnection: { match: '/api/2.0/secrets/scopes/create', afterHandling: true },
    });
    await expect(
      post(emulator, '/api/2.0/secrets/scopes/create', { scope: 'lost-answer' }),
    ).rejects.toThrow();
    expect(emulator.state.secrets.scopes.has('lost-answer')).toBe(true);
    const again = await post(emulator, '/api/2.0/secrets/scopes/create', { scope: 'lost-answer' });
    expect(again.json()).toMatchObject({ error_code: 'RESOURCE_ALREADY_EXISTS' });
    expect(emulator.requests.map((r) => r.status)).toEqual([0, 400]);
  });

  it('hang answers late, so a client timeout fires first', async () => {
    emulator.faults.set({ hang: { match: NB, ms: 5_000, times: 1 } });
    await expect(
      call(emulator, 'GET', '/api/2.0/workspace/get-status', {
        query: { path: NB },
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    // The hang was for one request: the next one is answered.
    expect((await status(emulator)).status).toBe(200);
  });

  it('hang delays the answer by about ms', async () => {
    emulator.faults.set({ hang: { match: '/api/2.0/workspace/list', ms: 150 } });
    const started = performance.now();
    const res = await get(emulator, '/api/2.0/workspace/list', { path: '/' });
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('never applies to requests that fail authentication', async () => {
    emulator.faults.set({
      errorRate: { rate: 1 },
      resetConnection: { match: '/api/2.0/workspace/get-status' },
    });
    const res = await call(emulator, 'GET', '/api/2.0/workspace/get-status', {
      query: { path: NB },
      token: 'bad',
    });
    expect(res.status).toBe(403);
  });

  it('set() keeps other faults, undefined switches one off, clear() switches all off', async () => {
    emulator.faults.set({ latencyMs: 10, errorRate: { rate: 1 } });
    emulator.faults.set({ latencyMs: 5 });
    expect(emulator.faults.options).toEqual({ latencyMs: 5, errorRate: { rate: 1 } });
    emulator.faults.set({ errorRate: undefined });
    expect(emulator.faults.options).toEqual({ latencyMs: 5 });
    emulator.faults.clear();
    expect(emulator.faults.options).toEqual({});
    expect(() => emulator.faults.set({ errorRate: { rate: 2 } })).toThrow(/rate/);
  });

  it('takes faults at start and stops promptly with a request hanging', async () => {
    // A hang far beyond the test's timeout: stop() must end it, not wait for it, whatever the machine's load.
    const hanging = await startEmulator({ faults: { hang: { match: '/', ms: 3_600_000 } } });
    const pending = get(hanging, '/api/2.0/workspace/get-status', { path: '/' }).catch((e: unknown) => e);
    while (hanging.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await hanging.stop();
    // fetch rejects (its TypeError comes from another realm under jest, so match the message).
    expect(String(await pending)).toMatch(/fetch failed/);
  });

  it('makes the same random decisions for the same seed', async () => {
    const decisions = async (seed: number) => {
      const injector = new FaultInjector(new Prng(seed), { errorRate: { rate: 0.5 } });
      const out: string[] = [];
      for (let i = 0; i < 40; i++) {
        const outcome = await injector.apply({ method: 'GET', path: '/x' }, async () => {});
        out.push(outcome?.kind === 'reply' ? String(outcome.reply.status) : 'ok');
      }
      return out.join(',');
    };
    expect(await decisions(7)).toBe(await decisions(7));
    expect(await decisions(7)).not.toBe(await decisions(8));
    expect((await decisions(7)).split(',')).toEqual(expect.arrayContaining(['ok', '500', '503']));
  });
});
