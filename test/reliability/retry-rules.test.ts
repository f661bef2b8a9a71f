import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiError } from '../../src/databricks/errors.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { fastClient } from './helpers.js';

const SCOPES = '/api/2.0/secrets/scopes';
const USERS = '/api/2.0/preview/scim/v2/Users';

/** The client's retry rules against the emulator's faults (reference §18.2, §18.3). */
describe('retries: what a workspace refused is sent again, whatever the method', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());
  afterEach(() => {
    emulator.faults.clear();
    emulator.clearRequests();
  });

  const statuses = (path: string) => emulator.requests.filter((r) => r.path === path).map((r) => r.status);

  it('a secret scope create answered 503 "No webapps are available" once is sent again and made once', async () => {
    emulator.faults.set({ failPaths: [{ match: `${SCOPES}/create`, status: 503, times: 1 }] });
    const client = fastClient(emulator);
    await client.post(`${SCOPES}/create`, { scope: 'after-503' });
    expect(statuses(`${SCOPES}/create`)).toEqual([503, 200]);
    expect(emulator.state.secrets.scopes.has('after-503')).toBe(true);
    expect(client.stats.retries).toBe(1);
  });

  it('a SCIM user create answered 503 once is sent again: one user, no duplicate', async () => {
    emulator.faults.set({ failPaths: [{ match: USERS, status: 503, methods: ['POST'], times: 1 }] });
    const created = await fastClient(emulator).post<{ id: string }>(USERS, {
      userName: 'after-503@contoso.com',
    });
    expect(statuses(USERS)).toEqual([503, 201]);
    expect(emulator.state.scim.userByName('after-503@contoso.com')?.id).toBe(created.id);
  });

  it('TEMPORARILY_UNAVAILABLE on another status is a 503 too', async () => {
    emulator.faults.set({
      failPaths: [{ match: `${SCOPES}/create`, status: 500, errorCode: 'TEMPORARILY_UNAVAILABLE', times: 1 }],
    });
    await fastClient(emulator).post(`${SCOPES}/create`, { scope: 'after-unavailable' });
    expect(statuses(`${SCOPES}/create`)).toEqual([500, 200]);
  });

  it('RESOURCE_EXHAUSTED on a 400 is throttling: the create waits out Retry-After, its budget pauses', async () => {
    emulator.faults.set({
      failPaths: [
        {
          match: `${SCOPES}/create`,
          status: 400,
          errorCode: 'RESOURCE_EXHAUSTED',
          retryAfterSeconds: 1,
          times: 1,
        },
      ],
    });
    const client = fastClient(emulator);
    const started = performance.now();
    const create = client.post(`${SCOPES}/create`, { scope: 'after-exhausted' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Another request of the secrets budget, sent during the pause, waits for it too.
    const listed = client.get(`${SCOPES}/list`).then(() => performance.now() - started);
    await create;
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(await listed).toBeGreaterThanOrEqual(990);
    expect(statuses(`${SCOPES}/create`)).toEqual([400, 200]);
    expect(client.stats.throttled).toBe(1);
  });

  it('REQUEST_LIMIT_EXCEEDED refusals do not count towards the attempts, as 429s do not', async () => {
    emulator.faults.set({
      failPaths: [
        {
          match: `${SCOPES}/create`,
          status: 400,
          errorCode: 'REQUEST_LIMIT_EXCEEDED',
          message: 'GetUserPermissionsRequest RPC token bucket limit has been exceeded.',
          retryAfterSeconds: 0,
          times: 4,
        },
      ],
    });
    const client = fastClient(emulator, { maxAttempts: 2 });
    await client.post(`${SCOPES}/create`, { scope: 'after-limit' });
    expect(statuses(`${SCOPES}/create`)).toEqual([400, 400, 400, 400, 200]);
    expect(client.stats.throttled).toBe(4);
  });

  it.each([
    ['500', { status: 500 }],
    ['502', { status: 502 }],
    ['504', { status: 504 }],
  ])('a create answered %s is not sent again: it may have been made', async (_, fault) => {
    emulator.faults.set({ failPaths: [{ match: `${SCOPES}/create`, times: 1, ...fault }] });
    const error = await fastClient(emulator)
      .post(`${SCOPES}/create`, { scope: `after-${fault.status}` })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(statuses(`${SCOPES}/create`)).toEqual([fault.status]);
  });

  it('a create whose connection was reset is not sent again', async () => {
    emulator.faults.set({ resetConnection: { match: `${SCOPES}/create`, times: 1 } });
    await expect(fastClient(emulator).post(`${SCOPES}/create`, { scope: 'after-reset' })).rejects.toThrow(
      /cannot reach/,
    );
    expect(statuses(`${SCOPES}/create`)).toEqual([0]);
  });
});
