import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ApiError } from '../../src/databricks/errors.js';
import { directGrants } from '../../src/resources/permissions.js';
import { parseJson, type JsonObject } from '../../src/util/json.js';
import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';

const SCIM = '/api/2.0/preview/scim/v2';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const posts = (e: { requests: Array<{ method: string; path: string; body?: unknown }> }, p: string) =>
  e.requests.filter((r) => r.method === 'POST' && r.path === p).map((r) => r.body);

describe('account groups (identity federation)', () => {
  it('the emulator answers them as resourceType Group and refuses member changes and deletion', async () => {
    await withEmulators(async (primary) => {
      const scim = primary.state.scim;
      const acct = scim.addAccountGroup('data-platform', [scim.me.id]);
      const c = clientFor(primary);
      const got = await c.get<JsonObject>(`${SCIM}/Groups/${acct.id}`);
      expect(got.meta).toEqual({ resourceType: 'Group' });
      expect(got.members).toEqual([expect.objectContaining({ value: scim.me.id })]);
      const local = await c.post<JsonObject>(`${SCIM}/Groups`, { displayName: 'local' });
      expect(local.meta).toEqual({ resourceType: 'WorkspaceGroup' });
      const refused = await c
        .request('PATCH', `${SCIM}/Groups/${acct.id}`, {
          body: {
            schemas: [PATCH],
            Operations: [{ op: 'add', path: 'members', value: [{ value: local.id }] }],
          },
        })
        .then(
          () => undefined,
          (e: unknown) => e as ApiError,
        );
      expect(refused?.status).toBe(400);
      expect(refused?.message).toContain('account group');
      const entitled = await c.request<JsonObject>('PATCH', `${SCIM}/Groups/${acct.id}`, {
        body: {
          schemas: [PATCH],
          Operations: [{ op: 'add', path: 'entitlements', value: [{ value: 'allow-cluster-create' }] }],
        },
      });
      expect(entitled.entitlements).toEqual([{ value: 'allow-cluster-create' }]);
      const notDeleted = await c.request('DELETE', `${SCIM}/Groups/${acct.id}`).then(
        () => undefined,
        (e: unknown) => e as ApiError,
      );
      expect(notDeleted?.status).toBe(400);
    });
  });

  it('are recorded without members, never created as workspace groups, and converge once assigned', async () => {
    await withEmulators(async (primary, secondary) => {
      const scim1 = primary.state.scim;
      const alice = scim1.createUser({ userName: 'alice@example.com' });
      const acct = scim1.addAccountGroup('data-platform', [alice.id]);
      acct.entitlements.add('allow-cluster-create');
      const local = scim1.createGroup({ displayName: 'local-team' });
      local.members.add(acct.id);
      primary.state.workspace.putNotebook('/Shared/etl', 'PYTHON', 'print(1)');
      const c1 = clientFor(primary);
      const nb = await c1.get<JsonObject>('/api/2.0/workspace/get-status', { path: '/Shared/etl' });
      await c1.request('PUT', `/api/2.0/permissions/notebooks/${String(nb.object_id)}`, {
        body: { access_control_list: [{ group_name: 'data-platform', permission_level: 'CAN_RUN' }] },
      });

      const repo = await tempDir();
      await exportWorkspace(c1, repo, { 'workspace-paths': '/Shared' });
      const snap = path.join(repo, 'databricks');
      const read = async (rel: string) => parseJson(await fs.readFile(path.join(snap, rel), 'utf8'));
      expect(await read('groups/data_platform.json')).toEqual({
        displayName: 'data-platform',
        accountGroup: true,
        entitlements: ['allow-cluster-create'],
      });
      expect(await read('groups/local_team.json')).toEqual({
        displayName: 'local-team',
        members: { groups: ['data-platform'] },
      });

      // The secondary's account has not assigned the group yet; another account group is assigned there.
      const other = secondary.state.scim.addAccountGroup('finance');
      const c2 = clientFor(secondary);
      const first = await applySnapshot(c2, snap, { prune: true });
      expect(first.failed).toBe(0);
      expect(first.report.skipped).toEqual([
        {
          kind: 'groups',
          key: 'data_platform',
          reason: expect.stringContaining("assign the account group 'data-platform'"),
        },
      ]);
      expect(first.report.manual).toContainEqual({
        kind: 'groups',
        key: 'data_platform',
        reason: expect.stringContaining("assign the account group 'data-platform' to the target workspace"),
      });
      expect(posts(secondary, `${SCIM}/Groups`)).toEqual([
        expect.objectContaining({ displayName: 'local-team' }),
      ]);
      expect(secondary.state.scim.groupByName('data-platform')).toBeUndefined();
      expect(secondary.state.scim.groups.has(other.id)).toBe(true);

      // Assigned in the account: the next apply gives it its entitlements and grants, and is then a no-op.
      const assigned = secondary.state.scim.addAccountGroup('data-platform');
      secondary.clearRequests();
      const second = await applySnapshot(c2, snap, { prune: true });
      expect(second.failed).toBe(0);
      expect(second.report.skipped).toEqual([]);
      expect(posts(secondary, `${SCIM}/Groups`)).toEqual([]);
      expect([...assigned.entitlements]).toEqual(['allow-cluster-create']);
      expect(secondary.state.scim.groupByName('local-team')?.members.has(assigned.id)).toBe(true);
      const nb2 = await c2.get<JsonObject>('/api/2.0/workspace/get-status', { path: '/Shared/etl' });
      expect(directGrants(await c2.get(`/api/2.0/permissions/notebooks/${String(nb2.object_id)}`))).toEqual([
        { field: 'group_name', name: 'data-platform', level: 'CAN_RUN' },
      ]);
      secondary.clearRequests();
      const third = await applySnapshot(c2, snap, { prune: true });
      expect(third.plan.changes.filter((ch) => ch.action !== 'no-op')).toEqual([]);
      expect(secondary.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    });
  });

  it('a workspace-local group where the snapshot has the account group is a manual step, not a conversion', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.scim.addAccountGroup('data-platform');
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo, { 'workspace-paths': '/Shared' });
      secondary.state.scim.createGroup({ displayName: 'data-platform' });
      const applied = await applySnapshot(clientFor(secondary), path.join(repo, 'databricks'));
      expect(applied.failed).toBe(0);
      expect(applied.report.skipped.map((f) => f.key)).toEqual(['data_platform']);
      expect(applied.report.manual.map((f) => f.reason)).toEqual([
        expect.stringContaining("the target has a workspace-local group 'data-platform'"),
      ]);
      expect(secondary.requests.filter((r) => r.method !== 'GET' && r.path.includes('/scim/'))).toEqual([]);
    });
  });
});
