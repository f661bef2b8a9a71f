import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_EMULATOR_TOKEN, Reply, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { ApiError } from '../../src/emulator/errors.js';
import { call, get, post } from './helpers.js';

describe('emulator server', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  it('listens on 127.0.0.1 on a free port with the default token', () => {
    expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
    expect(emulator.port).toBeGreaterThan(0);
    expect(emulator.token).toBe(DEFAULT_EMULATOR_TOKEN);
  });

  describe('auth', () => {
    it('answers 401 UNAUTHENTICATED without an Authorization header', async () => {
      const res = await call(emulator, 'GET', '/api/2.0/workspace/list', {
        query: { path: '/' },
        token: null,
      });
      expect(res.status).toBe(401);
      expect(res.json()).toEqual({
        error_code: 'UNAUTHENTICATED',
        message: 'Credential was not sent or was of an unsupported type for this API.',
      });
    });

    it('answers 401 for a non-bearer scheme', async () => {
      const url = new URL('/api/2.0/workspace/list?path=/', emulator.url);
      const res = await fetch(url, { headers: { Authorization: 'Basic dXNlcjpwYXNz' } });
      expect(res.status).toBe(401);
    });

    it('answers an unknown token with the real 403 quirk: numeric error_code and a reason header', async () => {
      const res = await call(emulator, 'GET', '/api/2.0/workspace/list', {
        query: { path: '/' },
        token: 'dapi-wrong',
      });
      expect(res.status).toBe(403);
      expect(res.text).toBe('{"error_code":403,"message":"Invalid access token."}');
      expect(res.headers.get('x-databricks-reason-phrase')).toBe('Invalid access token.');
    });

    it('accepts tokens added at runtime', async () => {
      const before = await call(emulator, 'GET', '/api/2.0/workspace/get-status', {
        query: { path: '/' },
        token: 'oauth-access-token',
      });
      expect(before.status).toBe(403);
      emulator.addToken('oauth-access-token');
      const after = await call(emulator, 'GET', '/api/2.0/workspace/get-status', {
        query: { path: '/' },
        token: 'oauth-access-token',
      });
      expect(after.status).toBe(200);
    });

    it('answers X-Databricks-Org-Id on every response', async () => {
      const ok = await get(emulator, '/api/2.0/workspace/get-status', { path: '/' });
      const denied = await call(emulator, 'GET', '/x', { token: null });
      expect(ok.headers.get('x-databricks-org-id')).toBe(emulator.orgId);
      expect(denied.headers.get('x-databricks-org-id')).toBe(emulator.orgId);
      expect(emulator.orgId).toMatch(/^\d{16}$/);
    });

    it('accepts several configured tokens', async () => {
      const multi = await startEmulator({ tokens: ['a-token', 'b-token'] });
      try {
        expect(multi.token).toBe('a-token');
        const res = await call(multi, 'GET', '/api/2.0/workspace/get-status', {
          query: { path: '/' },
          token: 'b-token',
        });
        expect(res.status).toBe(200);
      } finally {
        await multi.stop();
      }
    });
  });

  describe('router', () => {
    it('answers an unknown route with 404 ENDPOINT_NOT_FOUND', async () => {
      const res = await get(emulator, '/api/2.0/x');
      expect(res.status).toBe(404);
      expect(res.json()).toEqual({
        error_code: 'ENDPOINT_NOT_FOUND',
        message: "No API found for 'GET /api/2.0/x'",
      });
    });

    it('answers a known path with the wrong method as an unknown route', async () => {
      const res = await post(emulator, '/api/2.0/workspace/list', { path: '/' });
      expect(res.status).toBe(404);
      expect(res.json()).toMatchObject({ error_code: 'ENDPOINT_NOT_FOUND' });
    });

    it('answers MALFORMED_REQUEST for a body that is not JSON', async () => {
      const res = await call(emulator, 'POST', '/api/2.0/workspace/mkdirs', {
        rawBody: { data: '{"path": ', contentType: 'application/json' },
      });
      expect(res.status).toBe(400);
      expect(res.json()).toMatchObject({ error_code: 'MALFORMED_REQUEST' });
    });

    it('serves routes added at runtime with params, version alternatives and lossless JSON', async () => {
      emulator.router.get('/api/2.0|2.1/test/things/:id', (req) => ({
        id: req.params.id,
        version: req.path.split('/')[2],
        big: 4611686018427387911n,
        empty: [],
        missing: undefined,
      }));
      emulator.router.post('/api/2.0/test/echo', (req) =>
        Reply.json({ got: req.body }, 201, { 'X-Test': 'yes' }),
      );
      emulator.router.get('/api/2.0/test/fail', () => {
        throw new ApiError(409, 'ABORTED', 'nope');
      });
      emulator.router.get('/api/2.0/test/public', () => ({ ok: true }), { public: true });

      const v21 = await get(emulator, '/api/2.1/test/things/abc');
      expect(v21.status).toBe(200);
      // Empty arrays and undefined fields are left out; int64 beyond 2^53 is written digit for digit.
      expect(v21.text).toBe('{"id":"abc","version":"2.1","big":4611686018427387911}');
      expect((await get(emulator, '/api/2.0/test/things/x')).status).toBe(200);
      expect((await get(emulator, '/api/2.2/test/things/x')).status).toBe(404);

      const echo = await call(emulator, 'POST', '/api/2.0/test/echo', {
        rawBody: { data: '{"job_id":2305843009213693969}', contentType: 'application/json' },
      });
      expect(echo.status).toBe(201);
      expect(echo.headers.get('x-test')).toBe('yes');
      expect(echo.text).toBe('{"got":{"job_id":2305843009213693969}}');

      const fail = await get(emulator, '/api/2.0/test/fail');
      expect(fail.status).toBe(409);
      expect(fail.json()).toEqual({ error_code: 'ABORTED', message: 'nope' });

      const open = await call(emulator, 'GET', '/api/2.0/test/public', { token: null });
      expect(open.status).toBe(200);
    });

    it('answers 500 INTERNAL_ERROR when a handler throws something else', async () => {
      emulator.router.get('/api/2.0/test/bug', () => {
        throw new TypeError('boom');
      });
      const res = await get(emulator, '/api/2.0/test/bug');
      expect(res.status).toBe(500);
      expect(res.json()).toMatchObject({ error_code: 'INTERNAL_ERROR' });
      expect(res.text).toContain('boom');
    });
  });

  describe('request recording', () => {
    it('records method, path, query, JSON body and status, and counts with filters', async () => {
      emulator.clearRequests();
      await post(emulator, '/api/2.0/workspace/mkdirs', { path: '/Users/rec@contoso.com/a' });
      await get(emulator, '/api/2.0/workspace/list', { path: '/Users/rec@contoso.com' });
      await get(emulator, '/api/2.0/workspace/get-status', { path: '/nope' });
      await call(emulator, 'GET', '/api/2.0/workspace/list', { query: { path: '/' }, token: 'bad' });

      expect(emulator.requests).toHaveLength(4);
      expect(emulator.requests[0]).toMatchObject({
        method: 'POST',
        path: '/api/2.0/workspace/mkdirs',
        body: { path: '/Users/rec@contoso.com/a' },
        status: 200,
      });
      expect(emulator.requests[1]).toMatchObject({
        method: 'GET',
        path: '/api/2.0/workspace/list',
        query: { path: '/Users/rec@contoso.com' },
        status: 200,
      });
      expect(emulator.requests[2].status).toBe(404);
      expect(emulator.requests[3].status).toBe(403);
      expect(typeof emulator.requests[0].at).toBe('number');

      expect(emulator.countRequests()).toBe(4);
      expect(emulator.countRequests({ method: 'get' })).toBe(3);
      expect(emulator.countRequests({ path: '/api/2.0/workspace/list' })).toBe(2);
      expect(emulator.countRequests({ method: 'GET', path: /get-status$/ })).toBe(1);
      emulator.clearRequests();
      expect(emulator.countRequests()).toBe(0);
    });

    it('records repeated query keys as arrays', async () => {
      emulator.clearRequests();
      await get(emulator, '/api/2.0/x?a=1&a=2&b=3');
      expect(emulator.requests[0].query).toEqual({ a: ['1', '2'], b: '3' });
    });
  });

  it('uses the injected clock for timestamps and is deterministic for a seed', async () => {
    const a = await startEmulator({ seed: 42, now: () => 1_700_000_000_000 });
    const b = await startEmulator({ seed: 42 });
    const c = await startEmulator({ seed: 43 });
    try {
      const users = (e: Emulator) => e.state.workspace.get('/Users')?.object_id;
      expect(users(a)).toBe(users(b));
      expect(users(a)).not.toBe(users(c));
      expect(a.orgId).toBe(b.orgId);
      const nb = a.state.workspace.putNotebook('/Users/x/nb', 'PYTHON', 'print(1)');
      expect(nb.created_at).toBe(1_700_000_000_000);
      expect(nb.object_id).toBeGreaterThanOrEqual(1e15);
      expect(nb.object_id).toBeLessThan(4e15);
    } finally {
      await Promise.all([a.stop(), b.stop(), c.stop()]);
    }
  });
});
