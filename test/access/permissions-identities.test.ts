import { describe, expect, it } from '@jest/globals';
import { promises as fs, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DatabricksClient } from '../../src/databricks/client.js';
import { ApiError } from '../../src/databricks/errors.js';
import type { Emulator } from '../../src/emulator/index.js';
import { directGrants } from '../../src/resources/permissions.js';
import { EXPORT_STATE_FILE } from '../../src/snapshot/store.js';
import { parseJson, type JsonObject } from '../../src/util/json.js';
import {
  applySnapshot,
  clientFor,
  exportWorkspace,
  readTree,
  tempDir,
  withEmulators,
} from '../helpers/harness.js';
import { API_FIXTURES } from '../helpers/fixtures.js';

const SCIM = '/api/2.0/preview/scim/v2';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const FIXTURES = `${API_FIXTURES}/permissions`;
const skipMeta = (rel: string) => rel.endsWith(EXPORT_STATE_FILE) || rel === 'snapshot.json';
const APP_ID = '9f0621ee-b52b-11ea-b3de-0242ac130004';

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

const put = (c: DatabricksClient, p: string, acl: JsonObject[]) =>
  c.request<JsonObject>('PUT', `/api/2.0/permissions/${p}`, { body: { access_control_list: acl } });
const patch = (c: DatabricksClient, p: string, acl: JsonObject[]) =>
  c.request<JsonObject>('PATCH', `/api/2.0/permissions/${p}`, { body: { access_control_list: acl } });

async function createUser(c: DatabricksClient, userName: string, entitlements: string[] = []) {
  const u = await c.post<JsonObject>(`${SCIM}/Users`, {
    userName,
    entitlements: entitlements.map((value) => ({ value })),
  });
  return String(u.id);
}

async function addMembers(c: DatabricksClient, groupId: string, ids: string[]) {
  await c.request('PATCH', `${SCIM}/Groups/${groupId}`, {
    body: {
      schemas: [PATCH],
      Operations: [{ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }],
    },
  });
}

async function groupId(c: DatabricksClient, name: string): Promise<string> {
  const page = await c.get<JsonObject>(`${SCIM}/Groups`, { filter: `displayName eq "${name}"` });
  return String((page.Resources as JsonObject[])[0].id);
}

interface Seeded {
  clusterId: string;
  poolId: string;
  policyId: string;
  jobId: number;
  notebookId: number;
  dirId: number;
  fileId: number;
}

/** Identities, a folder with a notebook and a file, a pool, a policy, a cluster and a job, with grants. */
async function seedPrimary(emulator: Emulator): Promise<Seeded> {
  const c = clientFor(emulator);
  const alice = await createUser(c, 'alice@example.com', ['allow-cluster-create']);
  const bob = await createUser(c, 'bob@example.com');
  const carol = await createUser(c, 'carol@example.com');
  const sp = await c.post<JsonObject>(`${SCIM}/ServicePrincipals`, {
    applicationId: APP_ID,
    displayName: 'etl-bot',
    entitlements: [{ value: 'databricks-sql-access' }],
  });
  const ops = await c.post<JsonObject>(`${SCIM}/Groups`, { displayName: 'ops' });
  await addMembers(c, String(ops.id), [carol]);
  const dataEng = await c.post<JsonObject>(`${SCIM}/Groups`, {
    displayName: 'data-eng',
    entitlements: [{ value: 'allow-cluster-create' }],
  });
  await addMembers(c, String(dataEng.id), [alice, bob, String(sp.id), String(ops.id)]);
  await addMembers(c, await groupId(c, 'admins'), [alice]);

  await c.post('/api/2.0/workspace/mkdirs', { path: '/Shared/proj' });
  await c.post('/api/2.0/workspace/import', {
    path: '/Shared/proj/etl',
    format: 'SOURCE',
    language: 'PYTHON',
    content: Buffer.from('# Databricks notebook source\nprint(1)\n').toString('base64'),
  });
  await c.post('/api/2.0/workspace/import', {
    path: '/Shared/proj/conf.yaml',
    format: 'AUTO',
    content: Buffer.from('a: 1\n').toString('base64'),
  });
  const status = (p: string) => c.get<JsonObject>('/api/2.0/workspace/get-status', { path: p });
  const dirId = Number((await status('/Shared/proj')).object_id);
  const notebookId = Number((await status('/Shared/proj/etl')).object_id);
  const fileId = Number((await status('/Shared/proj/conf.yaml')).object_id);

  const { instance_pool_id: poolId } = await c.post<{ instance_pool_id: string }>(
    '/api/2.0/instance-pools/create',
    { instance_pool_name: 'shared pool', node_type_id: 'Standard_DS3_v2' },
  );
  const { policy_id: policyId } = await c.post<{ policy_id: string }>('/api/2.0/policies/clusters/create', {
    name: 'small',
    definition: JSON.stringify({ autotermination_minutes: { type: 'fixed', value: 30 } }),
  });
  const { cluster_id: clusterId } = await c.post<{ cluster_id: string }>('/api/2.1/clusters/create', {
    cluster_name: 'shared',
    spark_version: '15.4.x-scala2.12',
    node_type_id: 'Standard_DS3_v2',
    num_workers: 1,
  });
  const { job_id } = await c.post<{ job_id: number }>('/api/2.1/jobs/create', {
    name: 'nightly',
    tasks: [
      {
        task_key: 'etl',
        notebook_task: { notebook_path: '/Shared/proj/etl' },
        existing_cluster_id: clusterId,
      },
    ],
  });
  const jobId = Number(job_id);

  await put(c, `directories/${dirId}`, [{ group_name: 'data-eng', permission_level: 'CAN_EDIT' }]);
  await put(c, `notebooks/${notebookId}`, [
    { user_name: 'carol@example.com', permission_level: 'CAN_RUN' },
    { user_name: 'bob@example.com', permission_level: 'CAN_READ' },
  ]);
  await put(c, `files/${fileId}`, [{ service_principal_name: APP_ID, permission_level: 'CAN_READ' }]);
  await patch(c, `clusters/${clusterId}`, [
    { group_name: 'data-eng', permission_level: 'CAN_RESTART' },
    { service_principal_name: APP_ID, permission_level: 'CAN_ATTACH_TO' },
  ]);
  await patch(c, `instance-pools/${poolId}`, [{ group_name: 'ops', permission_level: 'CAN_ATTACH_TO' }]);
  await put(c, `cluster-policies/${policyId}`, [{ group_name: 'users', permission_level: 'CAN_USE' }]);
  await put(c, `jobs/${jobId}`, [
    { user_name: 'alice@example.com', permission_level: 'IS_OWNER' },
    { group_name: 'data-eng', permission_level: 'CAN_MANAGE_RUN' },
    { service_principal_name: APP_ID, permission_level: 'CAN_MANAGE' },
  ]);
  return { clusterId, poolId, policyId, jobId, notebookId, dirId, fileId };
}

async function readJson(file: string): Promise<JsonObject> {
  return parseJson(await fs.readFile(file, 'utf8')) as JsonObject;
}

const writes = (e: Emulator) =>
  e.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

describe('Permissions API emulator', () => {
  it('answers direct and inherited grants, replaces on PUT, merges on PATCH, and validates', async () => {
    await withEmulators(async (primary) => {
      const ids = await seedPrimary(primary);
      const c = clientFor(primary);
      const job = await c.get<JsonObject>(`/api/2.0/permissions/jobs/${ids.jobId}`);
      expect(job.object_id).toBe(`/jobs/${ids.jobId}`);
      expect(job.object_type).toBe('job');
      expect(job.access_control_list).toContainEqual({
        group_name: 'admins',
        all_permissions: [
          { permission_level: 'CAN_MANAGE', inherited: true, inherited_from_object: ['/jobs/'] },
        ],
      });
      expect(directGrants(job)).toEqual([
        { field: 'user_name', name: 'alice@example.com', level: 'IS_OWNER' },
        { field: 'group_name', name: 'data-eng', level: 'CAN_MANAGE_RUN' },
        { field: 'service_principal_name', name: APP_ID, level: 'CAN_MANAGE' },
      ]);

      // The notebook inherits its folder's grant; only its own are direct.
      const nb = await c.get<JsonObject>(`/api/2.0/permissions/notebooks/${ids.notebookId}`);
      expect(nb.access_control_list).toContainEqual({
        group_name: 'data-eng',
        all_permissions: [
          {
            permission_level: 'CAN_EDIT',
            inherited: true,
            inherited_from_object: [`/directories/${ids.dirId}`],
          },
        ],
      });
      expect(directGrants(nb).map((g) => g.name)).toEqual(['bob@example.com', 'carol@example.com']);

      // PATCH adds; PUT replaces every direct grant, so it must name the job's single owner (§12).
      await patch(c, `jobs/${ids.jobId}`, [{ user_name: 'bob@example.com', permission_level: 'CAN_VIEW' }]);
      expect(directGrants(await c.get(`/api/2.0/permissions/jobs/${ids.jobId}`))).toHaveLength(4);
      const ownerless = await failure(
        put(c, `jobs/${ids.jobId}`, [{ user_name: 'carol@example.com', permission_level: 'CAN_VIEW' }]),
      );
      expect(ownerless.errorCode).toBe('INVALID_PARAMETER_VALUE');
      expect(ownerless.message).toBe('The job must have exactly one owner.');
      const replaced = await put(c, `jobs/${ids.jobId}`, [
        { user_name: 'alice@example.com', permission_level: 'IS_OWNER' },
        { user_name: 'carol@example.com', permission_level: 'CAN_VIEW' },
      ]);
      expect(directGrants(replaced)).toEqual([
        { field: 'user_name', name: 'alice@example.com', level: 'IS_OWNER' },
        { field: 'user_name', name: 'carol@example.com', level: 'CAN_VIEW' },
      ]);
      // A new owner takes over: still exactly one.
      const moved = await patch(c, `jobs/${ids.jobId}`, [
        { user_name: 'bob@example.com', permission_level: 'IS_OWNER' },
      ]);
      expect(
        directGrants(moved)
          .filter((g) => g.level === 'IS_OWNER')
          .map((g) => g.name),
      ).toEqual(['bob@example.com']);

      const twoOwners = await failure(
        put(c, `jobs/${ids.jobId}`, [
          { user_name: 'bob@example.com', permission_level: 'IS_OWNER' },
          { user_name: 'carol@example.com', permission_level: 'IS_OWNER' },
        ]),
      );
      expect([twoOwners.status, twoOwners.errorCode]).toEqual([400, 'INVALID_PARAMETER_VALUE']);
      const groupOwner = await failure(
        put(c, `jobs/${ids.jobId}`, [{ group_name: 'ops', permission_level: 'IS_OWNER' }]),
      );
      expect(groupOwner.status).toBe(400);
      const badLevel = await failure(
        put(c, `cluster-policies/${ids.policyId}`, [{ group_name: 'ops', permission_level: 'CAN_MANAGE' }]),
      );
      expect(badLevel.message).toContain('CAN_MANAGE is not supported for cluster-policy');
      const ghost = await failure(
        put(c, `clusters/${ids.clusterId}`, [
          { user_name: 'ghost@example.com', permission_level: 'CAN_MANAGE' },
        ]),
      );
      expect(ghost.message).toBe('Principal: UserName(ghost@example.com) does not exist');
      const missingJob = await failure(c.get('/api/2.0/permissions/jobs/424242'));
      expect([missingJob.status, missingJob.message]).toEqual([400, 'Job 424242 does not exist.']);
      const wrongType = await failure(c.get(`/api/2.0/permissions/notebooks/${ids.dirId}`));
      expect(wrongType.status).toBe(404);
      const unknownType = await failure(c.get('/api/2.0/permissions/widgets/1'));
      expect(unknownType.status).toBe(400);

      const root = await c.get<JsonObject>('/api/2.0/permissions/directories/0');
      expect(root.object_type).toBe('directory');
      const levels = await c.get<JsonObject>(
        `/api/2.0/permissions/instance-pools/${ids.poolId}/permissionLevels`,
      );
      expect((levels.permission_levels as JsonObject[]).map((l) => l.permission_level)).toEqual([
        'CAN_ATTACH_TO',
        'CAN_MANAGE',
      ]);
      // Clusters give their creator CAN_MANAGE directly, as the fixtures show.
      const cluster = await c.get<JsonObject>(`/api/2.0/permissions/clusters/${ids.clusterId}`);
      expect(directGrants(cluster)).toContainEqual({
        field: 'user_name',
        name: 'admin@example.com',
        level: 'CAN_MANAGE',
      });
    });
  });

  it('answers warehouses under both warehouses/ and sql/warehouses/ with the creator as owner', async () => {
    await withEmulators(async (primary) => {
      const c = clientFor(primary);
      const { id } = await c.post<{ id: string }>('/api/2.0/sql/warehouses', {
        name: 'bi',
        cluster_size: 'Small',
        max_num_clusters: 1,
      });
      const a = await c.get<JsonObject>(`/api/2.0/permissions/warehouses/${id}`);
      const b = await c.get<JsonObject>(`/api/2.0/permissions/sql/warehouses/${id}`);
      expect(a).toEqual(b);
      expect(a.object_id).toBe(`/sql/warehouses/${id}`);
      expect(directGrants(a)).toEqual([{ field: 'user_name', name: 'admin@example.com', level: 'IS_OWNER' }]);
    });
  });
});

describe('SCIM emulator', () => {
  it('filters, pages, patches members and entitlements, deletes, and answers Me', async () => {
    await withEmulators(async (primary) => {
      const c = clientFor(primary);
      for (let i = 0; i < 5; i++) await createUser(c, `u${i}@example.com`);
      const found = await c.get<JsonObject>(`${SCIM}/Users`, { filter: 'userName eq "U3@example.com"' });
      expect(found.totalResults).toBe(1);
      expect((found.Resources as JsonObject[])[0].userName).toBe('u3@example.com');
      const page1 = await c.get<JsonObject>(`${SCIM}/Users`, { startIndex: 1, count: 2 });
      const page3 = await c.get<JsonObject>(`${SCIM}/Users`, { startIndex: 5, count: 2 });
      expect(page1).toMatchObject({ totalResults: 6, startIndex: 1, itemsPerPage: 2 });
      expect(page3).toMatchObject({ totalResults: 6, startIndex: 5, itemsPerPage: 2 });
      const beyond = await c.get<JsonObject>(`${SCIM}/Users`, { startIndex: 7, count: 2 });
      expect(beyond.Resources).toBeUndefined();

      const g = await c.post<JsonObject>(`${SCIM}/Groups`, { displayName: 'team' });
      const u0 = String((found.Resources as JsonObject[])[0].id);
      await addMembers(c, String(g.id), [u0]);
      await c.request('PATCH', `${SCIM}/Groups/${String(g.id)}`, {
        body: {
          schemas: [PATCH],
          Operations: [
            { op: 'add', path: 'entitlements', value: [{ value: 'allow-cluster-create' }] },
            { op: 'remove', path: `members[value eq "${u0}"]` },
          ],
        },
      });
      const team = await c.get<JsonObject>(`${SCIM}/Groups/${String(g.id)}`);
      expect(team.members).toBeUndefined();
      expect(team.entitlements).toEqual([{ value: 'allow-cluster-create' }]);
      const dup = await failure(c.post(`${SCIM}/Groups`, { displayName: 'team' }));
      expect([dup.status, dup.errorCode]).toEqual([409, 'SCIM_409']);
      await c.request('DELETE', `${SCIM}/Groups/${String(g.id)}`);
      expect((await failure(c.get(`${SCIM}/Groups/${String(g.id)}`))).errorCode).toBe('SCIM_404');
      const admins = await failure(c.request('DELETE', `${SCIM}/Groups/${await groupId(c, 'admins')}`));
      expect(admins.status).toBe(400);
      expect((await c.get<JsonObject>(`${SCIM}/Me`)).userName).toBe('admin@example.com');
    });
  });

  it('refuses users the Azure AD tenant does not know when tenantUsers is set', async () => {
    await withEmulators(async (primary) => {
      primary.state.scim.tenantUsers = new Set(['known@example.com']);
      const c = clientFor(primary);
      await createUser(c, 'known@example.com');
      const refused = await failure(createUser(c, 'stranger@example.com'));
      expect([refused.status, refused.errorCode]).toEqual([400, 'SCIM_400']);
      expect(refused.message).toContain(
        'stranger@example.com does not exist in the Azure Active Directory tenant',
      );
    });
  });
});

describe('permissions fixtures (shape)', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));

  it('every fixture parses into direct grants with no inherited entry', () => {
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const answer = parseJson(readFileSync(path.join(FIXTURES, f), 'utf8'));
      const invalid: string[] = [];
      const grants = directGrants(answer, (why) => invalid.push(why));
      for (const g of grants) expect(g.level).toMatch(/^[A-Z_]+$/);
      const acl = (answer as JsonObject).access_control_list as JsonObject[];
      const inheritedOnly = acl.filter(
        (e) =>
          Array.isArray(e.all_permissions) &&
          e.all_permissions.every((p) => (p as JsonObject).inherited === true),
      );
      for (const e of inheritedOnly)
        expect(grants.some((g) => g.name === (e.user_name ?? e.group_name ?? e.service_principal_name))).toBe(
          false,
        );
    }
  });

  it('reads the job fixture as its four direct grants, admins left out', () => {
    const answer = parseJson(readFileSync(path.join(FIXTURES, 'get-job-permissions-14.json'), 'utf8'));
    expect(directGrants(answer)).toEqual([
      { field: 'user_name', name: 'test@test.com', level: 'IS_OWNER' },
      { field: 'group_name', name: 'Automation', level: 'CAN_MANAGE_RUN' },
      { field: 'group_name', name: 'Engineering', level: 'CAN_MANAGE' },
      { field: 'group_name', name: 'users', level: 'CAN_VIEW' },
    ]);
    const dir = parseJson(readFileSync(path.join(FIXTURES, 'get-directory-permissions.json'), 'utf8'));
    expect(directGrants(dir)).toEqual([]);
  });
});

describe('identities and permissions: export, restore into an empty workspace, export again', () => {
  it('round-trips identical files, exports only direct grants, and a second apply writes nothing', async () => {
    await withEmulators(async (primary, secondary) => {
      await seedPrimary(primary);
      const repoA = await tempDir();
      const inputs = { 'workspace-paths': '/Shared' };
      await exportWorkspace(clientFor(primary), repoA, inputs);
      const snapA = path.join(repoA, 'databricks');
      const treeA = await readTree(snapA, skipMeta);
      const ours = (t: Map<string, Buffer>) =>
        [...t.keys()].filter((f) => /^(users|groups|service-principals|permissions)\//.test(f));
      expect(ours(treeA)).toEqual([
        'groups/admins.json',
        'groups/data_eng.json',
        'groups/ops.json',
        'groups/users.json',
        'permissions/cluster_policies.json',
        'permissions/clusters.json',
        'permissions/instance_pools.json',
        'permissions/jobs.json',
        'permissions/recorded.json',
        'permissions/workspace.json',
        'service-principals/etl_bot.json',
        'users/admin_example_com.json',
        'users/alice_example_com.json',
        'users/bob_example_com.json',
        'users/carol_example_com.json',
      ]);
      expect(await readJson(path.join(snapA, 'groups/data_eng.json'))).toEqual({
        displayName: 'data-eng',
        members: {
          groups: ['ops'],
          service_principals: [APP_ID],
          users: ['alice@example.com', 'bob@example.com'],
        },
        entitlements: ['allow-cluster-create'],
      });
      expect(await readJson(path.join(snapA, 'groups/users.json'))).toEqual({
        displayName: 'users',
        entitlements: ['databricks-sql-access', 'workspace-access'],
      });
      expect(await readJson(path.join(snapA, 'users/alice_example_com.json'))).toEqual({
        userName: 'alice@example.com',
        active: true,
        entitlements: ['allow-cluster-create'],
      });
      expect(await readJson(path.join(snapA, 'service-principals/etl_bot.json'))).toEqual({
        applicationId: APP_ID,
        displayName: 'etl-bot',
        active: true,
        entitlements: ['databricks-sql-access'],
      });
      // Only direct grants: the notebook's inherited data-eng grant and admins are not there; the folder
      // /Shared (no direct grants) is left out.
      expect(await readJson(path.join(snapA, 'permissions/workspace.json'))).toEqual({
        '/Shared/proj': [{ group_name: 'data-eng', permission_level: 'CAN_EDIT' }],
        '/Shared/proj/conf.yaml': [{ service_principal_name: APP_ID, permission_level: 'CAN_READ' }],
        '/Shared/proj/etl': [
          { user_name: 'bob@example.com', permission_level: 'CAN_READ' },
          { user_name: 'carol@example.com', permission_level: 'CAN_RUN' },
        ],
      });
      expect(await readJson(path.join(snapA, 'permissions/jobs.json'))).toEqual({
        nightly: [
          { user_name: 'alice@example.com', permission_level: 'IS_OWNER' },
          { group_name: 'data-eng', permission_level: 'CAN_MANAGE_RUN' },
          { service_principal_name: APP_ID, permission_level: 'CAN_MANAGE' },
        ],
      });
      expect(await readJson(path.join(snapA, 'permissions/cluster_policies.json'))).toEqual({
        small: [{ group_name: 'users', permission_level: 'CAN_USE' }],
      });
      expect(await readJson(path.join(snapA, 'permissions/clusters.json'))).toEqual({
        shared: [
          { user_name: 'admin@example.com', permission_level: 'CAN_MANAGE' },
          { group_name: 'data-eng', permission_level: 'CAN_RESTART' },
          { service_principal_name: APP_ID, permission_level: 'CAN_ATTACH_TO' },
        ],
      });
      const inherited = (await fs.readFile(path.join(snapA, 'permissions/workspace.json'), 'utf8')).includes(
        'admins',
      );
      expect(inherited).toBe(false);

      const applied = await applySnapshot(clientFor(secondary), snapA);
      expect(applied.report.failed).toEqual([]);
      expect(applied.report.manual).toEqual([]);
      expect(applied.failed).toBe(0);

      // The target's objects got the grants under their own ids.
      const c2 = clientFor(secondary);
      const job2 = secondary.state.jobs.all()[0];
      expect(directGrants(await c2.get(`/api/2.0/permissions/jobs/${job2.job_id}`))).toContainEqual({
        field: 'user_name',
        name: 'alice@example.com',
        level: 'IS_OWNER',
      });
      const ops2 = secondary.state.scim.groupByName('ops');
      const dataEng2 = secondary.state.scim.groupByName('data-eng');
      expect(ops2 && dataEng2?.members.has(ops2.id)).toBe(true);

      const repoB = await tempDir();
      await exportWorkspace(clientFor(secondary), repoB, inputs);
      const treeB = await readTree(path.join(repoB, 'databricks'), skipMeta);
      expect([...treeB.keys()]).toEqual([...treeA.keys()]);
      for (const [file, bytes] of treeA)
        expect(`${file}\n${treeB.get(file)?.toString('utf8')}`).toBe(`${file}\n${bytes.toString('utf8')}`);

      secondary.clearRequests();
      const again = await applySnapshot(clientFor(secondary), snapA);
      expect(again.plan.changes.filter((ch) => ch.action !== 'no-op')).toEqual([]);
      expect(writes(secondary)).toEqual([]);
    });
  });

  it('a job created by apply whose owner the target lacks keeps its creator as owner and gets its other grants', async () => {
    await withEmulators(async (primary, secondary) => {
      await seedPrimary(primary);
      const repoA = await tempDir();
      await exportWorkspace(clientFor(primary), repoA, { 'workspace-paths': '/Shared' });
      const snapA = path.join(repoA, 'databricks');
      // alice, the job's owner, is not in the secondary's tenant.
      secondary.state.scim.tenantUsers = new Set(['bob@example.com', 'carol@example.com']);

      const applied = await applySnapshot(clientFor(secondary), snapA);
      expect(applied.report.failed).toEqual([]);
      const job2 = secondary.state.jobs.all()[0];
      const grants = directGrants(await clientFor(secondary).get(`/api/2.0/permissions/jobs/${job2.job_id}`));
      // A PUT without IS_OWNER is refused (reference §12): the creator, this apply's identity, stays owner.
      expect(grants.filter((g) => g.level === 'IS_OWNER')).toEqual([
        { field: 'user_name', name: secondary.state.scim.me.userName, level: 'IS_OWNER' },
      ]);
      expect(grants).toContainEqual({ field: 'group_name', name: 'data-eng', level: 'CAN_MANAGE_RUN' });
      expect(grants).toContainEqual({ field: 'service_principal_name', name: APP_ID, level: 'CAN_MANAGE' });
      expect(applied.report.manual).toContainEqual(
        expect.objectContaining({
          kind: 'permissions',
          reason: expect.stringContaining('the owner alice@example.com does not exist in the target'),
        }),
      );
      // alice stays pending (a manual step) while she is missing; applying again fails nothing.
      const again = await applySnapshot(clientFor(secondary), snapA);
      expect(again.report.failed).toEqual([]);
      const after = directGrants(await clientFor(secondary).get(`/api/2.0/permissions/jobs/${job2.job_id}`));
      expect(after).toEqual(grants);
    });
  });

  it('reports a user the tenant does not know, with a manual step, and applies everything else', async () => {
    await withEmulators(async (primary, secondary) => {
      await seedPrimary(primary);
      const repoA = await tempDir();
      await exportWorkspace(clientFor(primary), repoA, { 'workspace-paths': '/Shared' });
      const snapA = path.join(repoA, 'databricks');
      secondary.state.scim.tenantUsers = new Set(['alice@example.com', 'carol@example.com']);

      const applied = await applySnapshot(clientFor(secondary), snapA);
      // A known manual step: skipped with a warning and a checklist entry, not a failure.
      expect(applied.report.failed).toEqual([]);
      expect(applied.report.skipped).toEqual([
        {
          kind: 'users',
          key: 'bob_example_com',
          reason: expect.stringContaining("refused to create the user 'bob@example.com'"),
        },
      ]);
      expect(applied.report.counts.get('users')).toMatchObject({ created: 2, skipped: 1, failed: 0 });
      expect(applied.report.warnings).toContainEqual({
        kind: 'users',
        key: 'bob_example_com',
        reason: expect.stringContaining('not created (the target refused it)'),
      });
      expect(applied.report.manual).toEqual([
        {
          kind: 'users',
          key: 'bob_example_com',
          reason: expect.stringContaining("add the user 'bob@example.com'"),
        },
      ]);
      expect(applied.failed).toBe(0);
      // The rest applied: the group has its other members, the notebook its other grant.
      const scim = secondary.state.scim;
      const dataEng = scim.groupByName('data-eng');
      const members = [...(dataEng?.members ?? [])].map(
        (id) =>
          scim.users.get(id)?.userName ??
          scim.groups.get(id)?.displayName ??
          scim.servicePrincipals.get(id)?.applicationId,
      );
      expect(members.sort()).toEqual([APP_ID, 'alice@example.com', 'ops'].sort());
      expect(applied.report.warnings).toContainEqual(
        expect.objectContaining({
          kind: 'groups',
          key: 'data_eng',
          reason: expect.stringContaining('bob@example.com'),
        }),
      );
      const c2 = clientFor(secondary);
      const nb = await c2.get<JsonObject>('/api/2.0/workspace/get-status', { path: '/Shared/proj/etl' });
      expect(directGrants(await c2.get(`/api/2.0/permissions/notebooks/${String(nb.object_id)}`))).toEqual([
        { field: 'user_name', name: 'carol@example.com', level: 'CAN_RUN' },
      ]);
      const job2 = scim && secondary.state.jobs.all()[0];
      expect(
        directGrants(await c2.get(`/api/2.0/permissions/jobs/${job2.job_id}`)).find(
          (g) => g.level === 'IS_OWNER',
        )?.name,
      ).toBe('alice@example.com');
    });
  });
});
