import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { DatabricksClient } from '../../src/databricks/client.js';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import { MemoryLog } from '../../src/util/log.js';
import {
  applySnapshot,
  exportWorkspace,
  secretValuesOf,
  tempDir,
  withEmulators,
} from '../helpers/harness.js';
import { fastClient, gitLog, seedEveryKind, snapshotTree } from './helpers.js';
import { mapSampleStorage, shareEverything } from '../helpers/uc.js';

describe('export under faults: completes with the right content, or commits nothing', () => {
  test('429 storms and 500/503 bursts on every API give the same snapshot as a clean export', async () => {
    await withEmulators(async (primary) => {
      seedEveryKind(primary);
      const clean = await tempDir();
      await exportWorkspace(fastClient(primary), clean);
      const expected = await snapshotTree(clean);
      expect(expected.size).toBeGreaterThan(20);

      primary.clearRequests();
      primary.faults.set({
        rateLimit: { rps: 150, burst: 5, retryAfterSeconds: 0 },
        errorRate: { rate: 0.2, statuses: [500, 503] },
      });
      const faulty = await tempDir();
      await exportWorkspace(fastClient(primary), faulty);
      expect(await snapshotTree(faulty)).toEqual(expected);
      const statuses = new Set(primary.requests.map((r) => r.status));
      expect(statuses).toEqual(expect.objectContaining({}));
      expect(primary.requests.some((r) => r.status === 429)).toBe(true);
      expect(primary.requests.some((r) => r.status === 500 || r.status === 503)).toBe(true);
      // Every kind's list API was hit by a fault at least once or answered: all kinds were read.
      const kindsRead = new Set(primary.requests.map((r) => r.path.split('/').slice(0, 4).join('/')));
      expect(kindsRead.size).toBeGreaterThan(5);
    });
  });

  test('a hang is cut by the client timeout and retried; a request that always hangs fails the export and commits nothing', async () => {
    await withEmulators(async (primary) => {
      seedEveryKind(primary);
      const { repo } = await makeRepoWithRemote(await tempDir());
      const inputs = { commit: 'true', push: 'false' };
      const first = await exportWorkspace(fastClient(primary), repo, inputs);
      expect(first.changed).toBe(true);
      const before = await snapshotTree(repo);
      const head = await gitLog(repo);

      // Change something, so that a successful export would commit.
      primary.state.workspace.putNotebook('/Shared/reliability/nb_3', 'PYTHON', 'print("changed")');
      primary.faults.set({ hang: { match: '/Shared/reliability/nb_3', ms: 5_000, times: 1 } });
      const once = await exportWorkspace(fastClient(primary, { timeoutMs: 300 }), repo, inputs);
      expect(once.changed).toBe(true);
      expect(
        await fs.readFile(path.join(repo, 'databricks/workspace/Shared/reliability/nb_3.py'), 'utf8'),
      ).toContain('changed');

      const afterOnce = await snapshotTree(repo);
      const headOnce = await gitLog(repo);
      expect(headOnce.length).toBe(head.length + 1);
      primary.state.workspace.putNotebook('/Shared/reliability/nb_4', 'PYTHON', 'print("changed again")');
      primary.faults.set({ hang: { match: '/Shared/reliability/nb_4', ms: 5_000 } });
      await expect(
        exportWorkspace(fastClient(primary, { timeoutMs: 200, maxAttempts: 2 }), repo, inputs),
      ).rejects.toThrow(/export failed, the snapshot and git history are unchanged: .*no answer from/);
      expect(await gitLog(repo)).toEqual(headOnce);
      expect(await snapshotTree(repo)).toEqual(afterOnce);
      expect((await simpleGit(repo).status()).isClean()).toBe(true);
      expect(before.size).toBe(afterOnce.size);
    });
  });

  test('connection resets mid-export are retried; resets that never stop fail the export and commit nothing', async () => {
    await withEmulators(async (primary) => {
      seedEveryKind(primary);
      const { repo } = await makeRepoWithRemote(await tempDir());
      const inputs = { commit: 'true', push: 'false' };
      const clean = await tempDir();
      await exportWorkspace(fastClient(primary), clean);

      primary.faults.set({ resetConnection: { match: '/api/2.0/workspace/export', times: 4 } });
      await exportWorkspace(fastClient(primary), repo, inputs);
      expect(await snapshotTree(repo)).toEqual(await snapshotTree(clean));
      expect(primary.requests.filter((r) => r.status === 0).length).toBe(4);

      const head = await gitLog(repo);
      const before = await snapshotTree(repo);
      primary.state.workspace.putNotebook('/Shared/reliability/nb_5', 'PYTHON', 'print("new")');
      primary.faults.set({ resetConnection: { match: '/Shared/reliability/nb_5' } });
      await expect(exportWorkspace(fastClient(primary, { maxAttempts: 3 }), repo, inputs)).rejects.toThrow(
        /export failed, the snapshot and git history are unchanged/,
      );
      expect(await gitLog(repo)).toEqual(head);
      expect(await snapshotTree(repo)).toEqual(before);
      expect(
        (await fs.readdir(path.dirname(path.join(repo, 'databricks')))).filter((f) => f.includes('staging')),
      ).toEqual([]);
    });
  });
});

describe('apply under faults', () => {
  test('reports what failed; a re-run converges, then plans nothing', async () => {
    await withEmulators(async (primary, secondary) => {
      seedEveryKind(primary);
      const dir = await tempDir();
      await exportWorkspace(fastClient(primary), dir);
      const snapshot = path.join(dir, 'databricks');
      // The sample's Unity Catalog storage, kept as it is (one emulated region).
      await mapSampleStorage(snapshot, shareEverything);

      // A notebook the target refuses for good, and random 500/503 on creates: a 503 is retried (the request was
      // not processed), a 500 never is (it may have been: no duplicates).
      secondary.faults.set({
        failPaths: [
          {
            match: '/Shared/reliability/nb_7',
            status: 400,
            errorCode: 'INVALID_PARAMETER_VALUE',
            methods: ['POST'],
          },
        ],
        errorRate: { rate: 0.3, statuses: [500, 503], match: /\/create$/ },
      });
      const first = await applySnapshot(fastClient(secondary), snapshot, {
        secretValues: secretValuesOf(primary),
      });
      expect(first.failed).toBeGreaterThanOrEqual(1);
      expect(first.report.failed.map((f) => f.key)).toContain('/Shared/reliability/nb_7');
      for (const f of first.report.failed) expect(f.reason).not.toMatch(/\n/);

      secondary.faults.clear();
      const second = await applySnapshot(fastClient(secondary), snapshot, {
        secretValues: secretValuesOf(primary),
      });
      expect(second.failed).toBe(0);
      expect(second.plan.hasChanges).toBe(true);

      secondary.clearRequests();
      const third = await applySnapshot(fastClient(secondary), snapshot, {
        secretValues: secretValuesOf(primary),
      });
      expect(third.plan.hasChanges).toBe(false);
      expect(secondary.requests.filter((r) => r.method !== 'GET')).toEqual([]);
      // The apply state vouches for every notebook: nothing was downloaded but the states themselves
      // (the workspace kind's and the config kinds').
      const downloads = secondary.requests.filter((r) => r.path === '/api/2.0/workspace/export');
      expect(downloads.map((r) => r.query.path)).toEqual(
        downloads.map((r) =>
          r.query.path === '/Shared/.databricks-dr/config-state.json'
            ? '/Shared/.databricks-dr/config-state.json'
            : '/Shared/.databricks-dr/apply-state.json',
        ),
      );
    });
  });

  test('an object changed in the target after apply is downloaded and put back, not trusted', async () => {
    await withEmulators(async (primary, secondary) => {
      seedEveryKind(primary);
      const dir = await tempDir();
      await exportWorkspace(fastClient(primary), dir);
      const snapshot = path.join(dir, 'databricks');
      // The sample's Unity Catalog storage, kept as it is (one emulated region).
      await mapSampleStorage(snapshot, shareEverything);
      expect(
        (await applySnapshot(fastClient(secondary), snapshot, { secretValues: secretValuesOf(primary) }))
          .failed,
      ).toBe(0);
      await new Promise((r) => setTimeout(r, 5));
      secondary.state.workspace.putNotebook('/Shared/reliability/nb_2', 'PYTHON', 'print("edited in DR")');
      const again = await applySnapshot(fastClient(secondary), snapshot, {
        secretValues: secretValuesOf(primary),
      });
      expect(again.plan.changes.filter((c) => c.action !== 'no-op').map((c) => c.key)).toEqual([
        '/Shared/reliability/nb_2',
      ]);
      expect(secondary.state.workspace.get('/Shared/reliability/nb_2')?.content?.toString()).toContain(
        'print(2)',
      );
    });
  });
});

describe('bad connections fail with one clear line, without a retry storm', () => {
  test('401 and 403 fail at once', async () => {
    await withEmulators(async (primary) => {
      seedEveryKind(primary);
      for (const [token, pattern] of [
        ['wrong-token', /403|Invalid access token/],
        ['', /Credential was not sent/],
      ] as const) {
        primary.clearRequests();
        const client = new DatabricksClient({
          host: primary.url,
          credentials: {
            headers: async (): Promise<Record<string, string>> =>
              token ? { Authorization: `Bearer ${token}` } : {},
          },
        });
        const error = await exportWorkspace(client, await tempDir()).catch((e: Error) => e);
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toMatch(pattern);
        expect((error as Error).message.split('\n')).toHaveLength(1);
        expect(primary.requests.length).toBe(1);
      }
    });
  });

  test('a token refused halfway fails the export; a missing grant only marks a secret scope unread', async () => {
    await withEmulators(async (primary) => {
      primary.state.secrets.createScope('team');
      const invalidToken = {
        match: '/api/2.0/secrets/list',
        status: 403,
        body: '{"error_code":403,"message":"Invalid access token."}',
        headers: { 'X-Databricks-Reason-Phrase': 'Invalid access token.' },
      };
      primary.faults.set({ failPaths: [invalidToken] });
      const error = await exportWorkspace(fastClient(primary), await tempDir()).catch((e: Error) => e);
      expect((error as Error).message).toMatch(
        /secrets\/list on http:\/\/127\.0\.0\.1:\d+: HTTP 403 INVALID_TOKEN: Invalid access token\.: check the 'token' input \(or DATABRICKS_TOKEN\) for http:\/\/127\.0\.0\.1:\d+: it is missing, expired or for another workspace$/,
      );

      primary.faults.set({
        failPaths: [{ match: '/api/2.0/secrets/list', status: 403, errorCode: 'PERMISSION_DENIED' }],
      });
      // A scope it may not list is kept in the snapshot, marked unread (never pruned for it), with a warning.
      const repo = await tempDir();
      const denied = await exportWorkspace(fastClient(primary), repo);
      expect(denied.report.skipped).toEqual([]);
      expect(denied.report.warnings).toContainEqual(
        expect.objectContaining({ kind: 'secret_scopes', key: 'team' }),
      );
      const file = JSON.parse(
        await fs.readFile(path.join(repo, 'databricks/secret-scopes/team.json'), 'utf8'),
      );
      expect(Object.keys(file.unread)).toContain('keys');
    });
  });

  test('an unreachable host (a closed port) fails in bounded time with one line', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const client = new DatabricksClient({
      host: `http://127.0.0.1:${port}`,
      credentials: { headers: async () => ({ Authorization: 'Bearer x' }) },
    });
    const started = Date.now();
    const error = await exportWorkspace(client, await tempDir()).catch((e: Error) => e);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect((error as Error).message).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect((error as Error).message.split('\n')).toHaveLength(1);
    expect(client.stats.retries).toBe(0);
  });

  test('a host that is not Databricks (HTML) fails with one clear line', async () => {
    let hits = 0;
    const server: Server = createServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><html><body>Welcome to our intranet</body></html>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (server.address() as AddressInfo).port;
      const log = new MemoryLog();
      const client = new DatabricksClient({
        host: `http://127.0.0.1:${port}`,
        credentials: { headers: async () => ({ Authorization: 'Bearer x' }) },
        log,
      });
      const error = await exportWorkspace(client, await tempDir()).catch((e: Error) => e);
      expect((error as Error).message).toMatch(
        /not JSON \(text\/html\): is http:\/\/127\.0\.0\.1:\d+ a Databricks workspace URL\?/,
      );
      expect((error as Error).message.split('\n')).toHaveLength(1);
      expect(hits).toBe(1);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
