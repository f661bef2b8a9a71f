import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { commitSampleMapping, shareEverything } from '../helpers/uc.js';
import { ApiError } from '../../src/databricks/errors.js';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import { seedSample, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { applySnapshot, clientFor, exportWorkspace, tempDir } from '../helpers/harness.js';

/**
 * Issue 13 #12: a 200 answer without the shape of a list (an empty body, a proxy's HTML page, JSON that is
 * not an object, an items key that is not a list) is an error, never "no objects": export fails and
 * commits nothing, and apply fails before its first write. One check in the client (getList/paginate);
 * every kind's listing goes through it, which this test proves endpoint by endpoint.
 */
const LISTINGS: Array<[name: string, path: RegExp, items: string]> = [
  ['workspace', /^\/api\/2\.0\/workspace\/list$/, 'objects'],
  ['jobs', /^\/api\/2\.\d\/jobs\/list$/, 'jobs'],
  ['clusters', /^\/api\/2\.\d\/clusters\/list$/, 'clusters'],
  ['libraries', /^\/api\/2\.0\/libraries\/all-cluster-statuses$/, 'statuses'],
  ['pipelines', /^\/api\/2\.0\/pipelines$/, 'statuses'],
  ['repos', /^\/api\/2\.0\/repos$/, 'repos'],
  ['warehouses', /^\/api\/2\.0\/sql\/warehouses$/, 'warehouses'],
  ['policies', /^\/api\/2\.0\/policies\/clusters\/list$/, 'policies'],
  ['pools', /^\/api\/2\.0\/instance-pools\/list$/, 'instance_pools'],
  ['global init scripts', /^\/api\/2\.0\/global-init-scripts$/, 'scripts'],
  ['secret scopes', /^\/api\/2\.0\/secrets\/scopes\/list$/, 'scopes'],
  ['secret keys', /^\/api\/2\.0\/secrets\/list$/, 'secrets'],
  ['secret ACLs', /^\/api\/2\.0\/secrets\/acls\/list$/, 'items'],
  ['SCIM users', /^\/api\/2\.0\/preview\/scim\/v2\/Users$/, 'Resources'],
  ['SCIM groups', /^\/api\/2\.0\/preview\/scim\/v2\/Groups$/, 'Resources'],
  ['SCIM service principals', /^\/api\/2\.0\/preview\/scim\/v2\/ServicePrincipals$/, 'Resources'],
  ['dbfs', /^\/api\/2\.0\/dbfs\/list$/, 'files'],
];

const BODIES: Array<[what: string, body: (items: string) => string]> = [
  ['an empty body', () => ''],
  ['an HTML page', () => '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head></html>'],
  ['a JSON array', () => '[]'],
  ['an items key that is not a list', (items) => JSON.stringify({ [items]: 'none', totalResults: 0 })],
];

let primary: Emulator;
let repo: string;
let snapshotDir: string;
let head: string;

beforeAll(async () => {
  primary = await startEmulator();
  seedSample(primary);
  // A DBFS folder an export lists (the sample's init scripts live there).
  primary.state.dbfs.write('/databricks/init-scripts/extra/setup.sh', Buffer.from('#!/bin/sh\necho hi\n'));
  ({ repo } = await makeRepoWithRemote(await tempDir()));
  await exportWorkspace(clientFor(primary), repo, { commit: 'true', push: 'false' });
  // The sample's Unity Catalog storage, kept as it is (one emulated region), so that apply gets to its reads.
  await commitSampleMapping(repo, shareEverything);
  head = await simpleGit(repo).revparse(['HEAD']);
  snapshotDir = path.join(repo, 'databricks');
}, 120_000);

afterAll(async () => {
  await primary?.stop();
});

/** One line naming the endpoint and what came back, whichever layer wrapped it. */
function expectNotAList(error: unknown, pattern: RegExp): void {
  expect(error).toBeInstanceOf(Error);
  const message = (error as Error).message;
  expect(message).not.toContain('\n');
  const line = error instanceof ApiError ? error.describe() : message;
  // Not JSON at all (a proxy's page) keeps the client's NOT_JSON line, which asks whether the host is right.
  expect(line).toMatch(
    /HTTP 200 (NOT_A_LIST: expected a JSON object \(|NOT_JSON: the answer is not JSON \(text\/html\): is http)/,
  );
  expect(/GET (\/api\/\S+)/.exec(line)?.[1]).toMatch(pattern);
}

describe.each(LISTINGS)('a %s listing answered 200 without its shape', (_name, pattern, items) => {
  it.each(BODIES)('%s: export fails and commits nothing', async (_what, body) => {
    primary.faults.set({ failPaths: [{ match: pattern, status: 200, body: body(items), methods: ['GET'] }] });
    primary.clearRequests();
    try {
      const failed = await exportWorkspace(clientFor(primary), repo, { commit: 'true', push: 'false' }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(primary.countRequests({ method: 'GET', path: pattern })).toBeGreaterThan(0);
      expectNotAList(failed, pattern);
    } finally {
      primary.faults.set({ failPaths: [] });
    }
    const git = simpleGit(repo);
    expect(await git.revparse(['HEAD'])).toBe(head);
    expect((await git.status()).files).toEqual([]);
  });

  // The target already holds the workspace (a second apply, or a fail-over onto a warm standby), so
  // apply lists every kind there, secret keys and ACLs of each scope included.
  it.each(BODIES)('%s: apply fails before its first write', async (_what, body) => {
    const secondary = await startEmulator({ seed: 1001 });
    try {
      seedSample(secondary);
      secondary.state.dbfs.write('/databricks/init-scripts/extra/setup.sh', Buffer.from('#!/bin/sh\n'));
      secondary.faults.set({
        failPaths: [{ match: pattern, status: 200, body: body(items), methods: ['GET'] }],
      });
      const failed = await applySnapshot(clientFor(secondary), snapshotDir).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(secondary.countRequests({ method: 'GET', path: pattern })).toBeGreaterThan(0);
      expectNotAList(failed, pattern);
      expect(secondary.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    } finally {
      await secondary.stop();
    }
  });
});

describe('a list answer without its items key is no items, as the service answers it', () => {
  const recorded = JSON.parse(
    readFileSync(
      path.join(import.meta.dirname, '../fixtures/contract/client/jobs-list-no-jobs.json'),
      'utf8',
    ),
  ) as { request: { path: string }; response: { status: number; body: unknown } };

  it.each([
    [
      'jobs/list with no jobs (databrickslabs/overwatch#584)',
      recorded.request.path,
      'jobs',
      recorded.response.body,
    ],
    ['an empty folder', '/api/2.0/workspace/list', 'objects', {}],
  ])('%s', async (_what, apiPath, items, body) => {
    const e = await startEmulator();
    try {
      e.faults.set({ failPaths: [{ match: apiPath, status: 200, body: JSON.stringify(body) }] });
      const seen: unknown[] = [];
      for await (const item of clientFor(e).paginate(apiPath, items)) seen.push(item);
      expect(seen).toEqual([]);
    } finally {
      await e.stop();
    }
  });
});
