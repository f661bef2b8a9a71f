import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { DatabricksClient } from '../../src/databricks/client.js';
import type { Emulator } from '../../src/emulator/index.js';
import { directGrants } from '../../src/resources/permissions.js';
import { parseJson, stableJson, type JsonObject } from '../../src/util/json.js';
import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';

const SCIM = '/api/2.0/preview/scim/v2';

const put = (c: DatabricksClient, p: string, acl: JsonObject[]) =>
  c.request<JsonObject>('PUT', `/api/2.0/permissions/${p}`, { body: { access_control_list: acl } });

const writes = (e: Emulator) =>
  e.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

async function objectId(c: DatabricksClient, p: string): Promise<string> {
  return String((await c.get<JsonObject>('/api/2.0/workspace/get-status', { path: p })).object_id);
}

/** bob and carol, a folder with a notebook (bob CAN_EDIT on it), and a job owned by the caller. */
async function seed(e: Emulator): Promise<{ jobId: number }> {
  const c = clientFor(e);
  for (const userName of ['bob@example.com', 'carol@example.com'])
    await c.post(`${SCIM}/Users`, { userName });
  await c.post('/api/2.0/workspace/mkdirs', { path: '/Shared/team' });
  await c.post('/api/2.0/workspace/import', {
    path: '/Shared/team/nb',
    format: 'SOURCE',
    language: 'PYTHON',
    content: Buffer.from('# Databricks notebook source\nprint(1)\n').toString('base64'),
  });
  await put(c, `notebooks/${await objectId(c, '/Shared/team/nb')}`, [
    { user_name: 'bob@example.com', permission_level: 'CAN_EDIT' },
  ]);
  const { job_id } = await c.post<{ job_id: number }>('/api/2.1/jobs/create', {
    name: 'nightly',
    tasks: [{ task_key: 't', notebook_task: { notebook_path: '/Shared/team/nb' } }],
  });
  return { jobId: Number(job_id) };
}

/** Seeds the primary, exports /Shared and restores it into the secondary. */
async function restored(primary: Emulator, secondary: Emulator) {
  await seed(primary);
  const repo = await tempDir();
  await exportWorkspace(clientFor(primary), repo, { 'workspace-paths': '/Shared' });
  const snap = path.join(repo, 'databricks');
  const c2 = clientFor(secondary);
  const first = await applySnapshot(c2, snap);
  return { repo, snap, c2, first };
}

/** A second apply plans nothing and writes nothing. */
async function expectConverged(secondary: Emulator, c2: DatabricksClient, snap: string) {
  secondary.clearRequests();
  const again = await applySnapshot(c2, snap, { prune: true });
  expect(again.plan.changes.filter((ch) => ch.action !== 'no-op')).toEqual([]);
  expect(writes(secondary)).toEqual([]);
}

describe('grants revoked in the primary', () => {
  it('are removed from the target by an update (no prune needed), and the next apply writes nothing', async () => {
    await withEmulators(async (primary, secondary) => {
      const inputs = { 'workspace-paths': '/Shared' };
      const { repo, snap, c2, first } = await restored(primary, secondary);
      expect(parseJson(await fs.readFile(path.join(snap, 'permissions/recorded.json'), 'utf8'))).toEqual({
        complete: expect.arrayContaining(['workspace', 'jobs', 'clusters']),
      });

      // Restoring into an empty workspace: objects with no recorded grants need no permissions request.
      expect(first.failed).toBe(0);
      expect(
        first.plan.changes
          .filter((ch) => ch.kind === 'permissions' && ch.action !== 'no-op')
          .map((ch) => ch.key),
      ).toEqual(['jobs:nightly', 'workspace:/Shared/team/nb']);
      const nb2 = `notebooks/${await objectId(c2, '/Shared/team/nb')}`;
      expect(directGrants(await c2.get(`/api/2.0/permissions/${nb2}`))).toEqual([
        { field: 'user_name', name: 'bob@example.com', level: 'CAN_EDIT' },
      ]);

      // Revoked in the primary, exported again: the snapshot no longer lists the notebook.
      const c1 = clientFor(primary);
      await put(c1, `notebooks/${await objectId(c1, '/Shared/team/nb')}`, []);
      await exportWorkspace(c1, repo, inputs);
      const listed = parseJson(
        await fs.readFile(path.join(snap, 'permissions/workspace.json'), 'utf8').catch(() => '{}'),
      );
      expect(listed).not.toHaveProperty(['/Shared/team/nb']);

      const dry = await applySnapshot(c2, snap, { dryRun: true });
      const change = dry.plan.changes.find((ch) => ch.key === 'workspace:/Shared/team/nb');
      expect(change).toMatchObject({ kind: 'permissions', action: 'update' });
      expect(change?.changes).toEqual([
        { path: '[0]', before: { user_name: 'bob@example.com', permission_level: 'CAN_EDIT' } },
      ]);
      expect(dry.plan.line).toBe('Plan: 0 to create, 1 to update, 0 to delete');

      secondary.clearRequests();
      const applied = await applySnapshot(c2, snap);
      expect(applied.failed).toBe(0);
      expect(applied.report.counts.get('permissions')?.updated).toBe(1);
      expect(writes(secondary)).toEqual([`PUT /api/2.0/permissions/${nb2}`]);
      expect(directGrants(await c2.get(`/api/2.0/permissions/${nb2}`))).toEqual([]);
      await expectConverged(secondary, c2, snap);
    });
  });

  it("keep the target's owner of an owned object the snapshot lists no grants for", async () => {
    await withEmulators(async (primary, secondary) => {
      const { snap, c2 } = await restored(primary, secondary);
      const job2 = `jobs/${secondary.state.jobs.all()[0].job_id}`;
      await put(c2, job2, [
        { user_name: 'carol@example.com', permission_level: 'IS_OWNER' },
        { user_name: 'bob@example.com', permission_level: 'CAN_VIEW' },
      ]);
      // Someone edited the snapshot: the job has no grants entry (so no owner to give).
      const file = path.join(snap, 'permissions/jobs.json');
      const jobs = parseJson(await fs.readFile(file, 'utf8')) as JsonObject;
      delete jobs.nightly;
      if (Object.keys(jobs).length) await fs.writeFile(file, stableJson(jobs));
      else await fs.rm(file);

      secondary.clearRequests();
      const applied = await applySnapshot(c2, snap);
      expect(applied.failed).toBe(0);
      const change = applied.plan.changes.find((ch) => ch.key === 'jobs:nightly');
      expect(change?.changes).toEqual([
        { path: '[0]', before: { user_name: 'bob@example.com', permission_level: 'CAN_VIEW' } },
      ]);
      expect(writes(secondary)).toEqual([`PUT /api/2.0/permissions/${job2}`]);
      expect(secondary.requests.find((r) => r.method === 'PUT')?.body).toEqual({
        access_control_list: [{ user_name: 'carol@example.com', permission_level: 'IS_OWNER' }],
      });
      expect(directGrants(await c2.get(`/api/2.0/permissions/${job2}`))).toEqual([
        { field: 'user_name', name: 'carol@example.com', level: 'IS_OWNER' },
      ]);
      await expectConverged(secondary, c2, snap);
    });
  });

  it('are left alone for snapshots that do not record which kinds were read completely', async () => {
    await withEmulators(async (primary, secondary) => {
      const { repo, snap, c2 } = await restored(primary, secondary);
      const c1 = clientFor(primary);
      await put(c1, `notebooks/${await objectId(c1, '/Shared/team/nb')}`, []);
      await exportWorkspace(c1, repo, { 'workspace-paths': '/Shared' });
      await fs.rm(path.join(snap, 'permissions/recorded.json'));
      const dry = await applySnapshot(c2, snap, { dryRun: true, prune: true });
      expect(dry.plan.hasChanges).toBe(false);
    });
  });
});
