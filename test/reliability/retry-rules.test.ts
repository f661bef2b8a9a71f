import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import * as path from 'node:path';
import { ApiError } from '../../src/databricks/errors.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { applySnapshot, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';
import { fastClient, seedEveryKind } from './helpers.js';

const SCOPES = '/api/2.0/secrets/scopes';
const USERS = '/api/2.0/preview/scim/v2/Users';

/** The client's retry rules against the emulator's faults (reference §18.2, §18.3). */
// One emulator for the client-level tests, its faults and requests cleared after each.
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

describe('retries: what a workspace refused is sent again, whatever the method', () => {
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

describe('a retry that finds the work done: an earlier attempt did it and its answer was lost', () => {
  const lostAnswer = (match: string, methods?: string[]) =>
    emulator.faults.set({ resetConnection: { match, methods, times: 1, afterHandling: true } });

  it('a secret scope delete processed but reset: the retry answers not found, and that is success', async () => {
    emulator.state.secrets.createScope('gone-twice');
    lostAnswer(`${SCOPES}/delete`);
    const client = fastClient(emulator);
    await client.post(
      `${SCOPES}/delete`,
      { scope: 'gone-twice' },
      { idempotent: true, notFoundOnRetryIsDone: true },
    );
    expect(statuses(`${SCOPES}/delete`)).toEqual([0, 404]);
    expect(emulator.state.secrets.scopes.has('gone-twice')).toBe(false);
  });

  it('a not-found on the first attempt stays an error', async () => {
    const error = await fastClient(emulator)
      .post(`${SCOPES}/delete`, { scope: 'never-there' }, { idempotent: true, notFoundOnRetryIsDone: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('without the option a retried delete that meets not found fails, as before', async () => {
    emulator.state.secrets.createScope('gone-strict');
    lostAnswer(`${SCOPES}/delete`);
    await expect(
      fastClient(emulator).post(`${SCOPES}/delete`, { scope: 'gone-strict' }, { idempotent: true }),
    ).rejects.toThrow(/does not exist/);
  });

  it('a secret scope create processed but reset: the retry answers already exists, and that is success', async () => {
    lostAnswer(`${SCOPES}/create`);
    await fastClient(emulator).post(
      `${SCOPES}/create`,
      { scope: 'made-once' },
      { idempotent: true, existsOnRetryIsDone: true },
    );
    expect(statuses(`${SCOPES}/create`)).toEqual([0, 400]);
    expect(emulator.state.secrets.scopes.has('made-once')).toBe(true);
  });
});

describe('apply: deletes whose answer was lost do not fail the run', () => {
  it('secret scopes, their ACLs and SCIM users deleted with the answers reset', async () => {
    await withEmulators(async (primary, secondary) => {
      const c1 = fastClient(primary);
      await c1.post(`${SCOPES}/create`, { scope: 'kept' });
      const repo = await tempDir();
      await exportWorkspace(c1, repo, { 'workspace-paths': '/Shared' });

      // The target has a scope, an ACL and a user the snapshot does not: a pruning apply deletes them.
      const c2 = fastClient(secondary);
      await c2.post(`${SCOPES}/create`, { scope: 'kept' });
      secondary.state.scim.createGroup({ displayName: 'data-eng' });
      await c2.post('/api/2.0/secrets/acls/put', {
        scope: 'kept',
        principal: 'data-eng',
        permission: 'READ',
      });
      await c2.post(`${SCOPES}/create`, { scope: 'extra' });
      const user = await c2.post<{ id: string }>(USERS, { userName: 'leaver@contoso.com' });
      secondary.faults.set({
        resetConnection: {
          match: /\/secrets\/(scopes|acls)\/delete$|\/scim\/v2\/Users\/\d+$/,
          methods: ['POST', 'DELETE'],
          afterHandling: true,
        },
      });
      secondary.clearRequests();
      const applied = await applySnapshot(c2, path.join(repo, 'databricks'), { prune: true });
      expect(applied.report.failed).toEqual([]);
      expect(secondary.requests.filter((r) => r.status === 0)).toHaveLength(3);
      expect(secondary.state.secrets.scopes.has('extra')).toBe(false);
      expect(secondary.state.secrets.scopes.get('kept')?.acls.has('data-eng')).toBe(false);
      expect(secondary.state.scim.users.has(user.id)).toBe(false);
    });
  });
});

describe('apply: a delete of every kind whose success was lost is done, not failed', () => {
  it('every delete of a pruning apply answered with a reset after it was carried out', async () => {
    await withEmulators(async (primary, secondary) => {
      const repo = await tempDir();
      await exportWorkspace(fastClient(primary), repo);
      seedEveryKind(secondary);
      // Every delete the target carries out loses its answer; the retry hears the not-found. (Not DBFS: the
      // emulator answers a delete of a missing path with success, so its every retry would be reset too.)
      secondary.faults.set({
        resetConnection: {
          match:
            /\/(workspace|secrets\/scopes|jobs|instance-pools|policies\/clusters)\/delete$|permanent-delete$|\/scim\/v2\/\w+\/|\/global-init-scripts\/|\/repos\/|\/sql\/warehouses\/|\/pipelines\//,
          methods: ['POST', 'DELETE'],
          afterHandling: true,
        },
      });
      secondary.clearRequests();
      const applied = await applySnapshot(fastClient(secondary), path.join(repo, 'databricks'), {
        prune: true,
      });
      expect(applied.report.failed).toEqual([]);
      const lost = new Set(
        secondary.requests
          .filter((r) => r.status === 0)
          .map((r) => r.path.replace(/\/[^/]*\d[^/]*$/, '/{id}')),
      );
      expect([...lost].sort()).toEqual([
        '/api/2.0/global-init-scripts/{id}',
        '/api/2.0/instance-pools/delete',
        '/api/2.0/pipelines/{id}',
        '/api/2.0/policies/clusters/delete',
        '/api/2.0/preview/scim/v2/Groups/{id}',
        '/api/2.0/preview/scim/v2/ServicePrincipals/{id}',
        '/api/2.0/preview/scim/v2/Users/{id}',
        '/api/2.0/repos/{id}',
        '/api/2.0/secrets/scopes/delete',
        '/api/2.0/sql/warehouses/{id}',
        '/api/2.0/workspace/delete',
        '/api/2.1/clusters/permanent-delete',
        '/api/2.2/jobs/delete',
      ]);
      expect(secondary.state.secrets.scopes.size).toBe(0);
    });
  });
});
