import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../../src/databricks/errors.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import type { JsonObject } from '../../src/util/json.js';
import { clientFor } from '../helpers/harness.js';
import { API_FIXTURES } from '../helpers/fixtures.js';

const FIXTURES = API_FIXTURES;

async function withEmulator(fn: (e: Emulator) => Promise<void>): Promise<void> {
  const emulator = await startEmulator({ seed: 7 });
  try {
    await fn(emulator);
  } finally {
    await emulator.stop();
  }
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('emulator: Repos API', () => {
  it('creates a REPO node in the workspace tree, checks out branches and tags, deletes', async () => {
    await withEmulator(async (emulator) => {
      const client = clientFor(emulator);
      const repo = await client.post<JsonObject>('/api/2.0/repos', {
        url: 'https://github.com/contoso/tools.git',
        provider: 'GITHUB',
        path: '/Repos/alice@contoso.com/tools',
        sparse_checkout: { patterns: ['src'] },
      });
      expect(repo).toMatchObject({
        path: '/Repos/alice@contoso.com/tools',
        provider: 'gitHub',
        branch: 'main',
        sparse_checkout: { patterns: ['src'] },
      });
      expect(repo.head_commit_id).toMatch(/^[0-9a-f]{40}$/);
      const node = emulator.state.workspace.get('/Repos/alice@contoso.com/tools');
      expect(node?.object_type).toBe('REPO');
      expect(node?.object_id).toBe(repo.id);
      const listed = await client.get<JsonObject>('/api/2.0/workspace/list', {
        path: '/Repos/alice@contoso.com',
      });
      expect(listed.objects).toEqual([expect.objectContaining({ object_type: 'REPO', object_id: repo.id })]);

      await client.request('PATCH', `/api/2.0/repos/${String(repo.id)}`, { body: { branch: 'develop' } });
      expect(await client.get(`/api/2.0/repos/${String(repo.id)}`)).toMatchObject({
        branch: 'develop',
        git_cli_enabled: false,
      });
      await client.request('PATCH', `/api/2.0/repos/${String(repo.id)}`, { body: { tag: 'v1.0' } });
      expect((await client.get(`/api/2.0/repos/${String(repo.id)}`)).branch).toBeUndefined();

      const bad = await failure(client.post('/api/2.0/repos', { url: 'https://x/y.git', provider: 'svn' }));
      expect(bad.errorCode).toBe('INVALID_PARAMETER_VALUE');
      const taken = await failure(
        client.post('/api/2.0/repos', {
          url: 'https://x/y.git',
          provider: 'gitLab',
          path: '/Repos/alice@contoso.com/tools',
        }),
      );
      expect(taken.errorCode).toBe('RESOURCE_ALREADY_EXISTS');

      await client.request('DELETE', `/api/2.0/repos/${String(repo.id)}`);
      expect(emulator.state.workspace.get('/Repos/alice@contoso.com/tools')).toBeUndefined();
      expect((await failure(client.get(`/api/2.0/repos/${String(repo.id)}`))).isNotFound).toBe(true);
    });
  });

  it('lists by path prefix and pages with the next_page_token request parameter', async () => {
    await withEmulator(async (emulator) => {
      const client = clientFor(emulator);
      for (let i = 0; i < 25; i++)
        await client.post('/api/2.0/repos', {
          url: `https://github.com/contoso/r${i}.git`,
          provider: 'gitHub',
          path: `/Repos/team/r${String(i).padStart(2, '0')}`,
        });
      emulator.state.workspace.mkdirs('/Users/bob@contoso.com');
      await client.post('/api/2.0/repos', {
        url: 'https://github.com/contoso/home.git',
        provider: 'gitHub',
        path: '/Users/bob@contoso.com/home',
      });
      const first = await client.get<JsonObject>('/api/2.0/repos');
      expect((first.repos as JsonObject[]).length).toBe(20);
      expect(typeof first.next_page_token).toBe('string');
      const all: string[] = [];
      for await (const r of client.paginate<JsonObject>('/api/2.0/repos', 'repos', {}, 'next_page_token'))
        all.push(String(r.path));
      expect(all).toHaveLength(25);
      expect(all.every((p) => p.startsWith('/Repos/team/'))).toBe(true);
      const users = await client.get<JsonObject>('/api/2.0/repos', { path_prefix: '/Workspace/Users' });
      expect((users.repos as JsonObject[]).map((r) => r.path)).toEqual(['/Users/bob@contoso.com/home']);
      // Deleting the node through the Workspace API removes the repo.
      await client.post('/api/2.0/workspace/delete', { path: '/Users/bob@contoso.com', recursive: true });
      expect(await client.get('/api/2.0/repos', { path_prefix: '/Users' })).toEqual({});
    });
  });
});

describe('emulator: Pipelines API', () => {
  it('creates, gets with spec and output fields, edits, pages and deletes', async () => {
    await withEmulator(async (emulator) => {
      const client = clientFor(emulator);
      const { pipeline_id: id } = await client.post<{ pipeline_id: string }>('/api/2.0/pipelines', {
        name: 'Sales',
        libraries: [{ notebook: { path: '/Shared/sales' } }],
        continuous: true,
      });
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const got = await client.get<JsonObject>(`/api/2.0/pipelines/${id}`);
      expect(got).toMatchObject({
        pipeline_id: id,
        name: 'Sales',
        state: 'IDLE',
        creator_user_name: 'admin@example.com',
        spec: {
          id,
          name: 'Sales',
          continuous: true,
          channel: 'CURRENT',
          edition: 'ADVANCED',
          storage: `dbfs:/pipelines/${id}`,
        },
      });
      expect(typeof got.last_modified).toBe('number');

      const spec = got.spec as JsonObject;
      await client.request('PUT', `/api/2.0/pipelines/${id}`, { body: { ...spec, development: true } });
      const edited = await client.get<JsonObject>(`/api/2.0/pipelines/${id}`);
      expect((edited.spec as JsonObject).development).toBe(true);
      const moved = await failure(
        client.request('PUT', `/api/2.0/pipelines/${id}`, { body: { ...spec, storage: 'dbfs:/elsewhere' } }),
      );
      expect(moved.errorCode).toBe('INVALID_PARAMETER_VALUE');

      const dup = await failure(client.post('/api/2.0/pipelines', { name: 'Sales' }));
      expect(dup.status).toBe(409);
      await client.post('/api/2.0/pipelines', { name: 'Sales', allow_duplicate_names: true });

      for (let i = 0; i < 4; i++) await client.post('/api/2.0/pipelines', { name: `p${i}` });
      const page = await client.get<JsonObject>('/api/2.0/pipelines', { max_results: 2 });
      expect((page.statuses as JsonObject[]).length).toBe(2);
      expect((page.statuses as JsonObject[])[0].spec).toBeUndefined();
      const names: string[] = [];
      for await (const p of client.paginate<JsonObject>('/api/2.0/pipelines', 'statuses', { max_results: 2 }))
        names.push(String(p.name));
      expect(names).toEqual(['Sales', 'Sales', 'p0', 'p1', 'p2', 'p3']);
      expect((await failure(client.get('/api/2.0/pipelines', { max_results: 101 }))).status).toBe(400);

      await client.request('DELETE', `/api/2.0/pipelines/${id}`);
      expect((await failure(client.get(`/api/2.0/pipelines/${id}`))).isNotFound).toBe(true);
    });
  });

  it('stores run_as and parameters, answers them outside the spec, and an edit replaces them', async () => {
    await withEmulator(async (emulator) => {
      const client = clientFor(emulator);
      const { pipeline_id: id } = await client.post<{ pipeline_id: string }>('/api/2.0/pipelines', {
        name: 'Runs as',
        run_as: { service_principal_name: 'a1b2c3' },
        parameters: { env: 'prod' },
      });
      const got = await client.get<JsonObject>(`/api/2.0/pipelines/${id}`);
      expect(got).toMatchObject({
        creator_user_name: 'admin@example.com',
        run_as_user_name: 'a1b2c3',
        run_as: { service_principal_name: 'a1b2c3' },
        parameters: { env: 'prod' },
      });
      expect(got.spec).not.toHaveProperty('run_as');
      expect(got.spec).not.toHaveProperty('parameters');
      const listed = await client.get<{ statuses: JsonObject[] }>('/api/2.0/pipelines');
      expect(listed.statuses[0].run_as_user_name).toBe('a1b2c3');

      const spec = got.spec as JsonObject;
      await client.request('PUT', `/api/2.0/pipelines/${id}`, {
        body: { ...spec, run_as: { user_name: 'bob@example.com' }, parameters: { env: 'dr' } },
      });
      expect(await client.get<JsonObject>(`/api/2.0/pipelines/${id}`)).toMatchObject({
        run_as_user_name: 'bob@example.com',
        run_as: { user_name: 'bob@example.com' },
        parameters: { env: 'dr' },
      });
      // The edit takes the whole pipeline: without them, neither is kept.
      await client.request('PUT', `/api/2.0/pipelines/${id}`, { body: spec });
      const cleared = await client.get<JsonObject>(`/api/2.0/pipelines/${id}`);
      expect(cleared.run_as).toBeUndefined();
      expect(cleared.parameters).toBeUndefined();
      expect(cleared.run_as_user_name).toBe('admin@example.com');

      const bad = await failure(
        client.post('/api/2.0/pipelines', {
          name: 'Two',
          run_as: { user_name: 'a@example.com', service_principal_name: 'x' },
        }),
      );
      expect([bad.status, bad.errorCode]).toEqual([400, 'INVALID_PARAMETER_VALUE']);
    });
  });

  it('checks the name on an edit only when it renames, and refuses more than 25 tags', async () => {
    await withEmulator(async (emulator) => {
      const client = clientFor(emulator);
      const create = (body: JsonObject) => client.post<{ pipeline_id: string }>('/api/2.0/pipelines', body);
      const { pipeline_id: a } = await create({ name: 'Same' });
      const { pipeline_id: b } = await create({ name: 'Same', allow_duplicate_names: true });
      const { pipeline_id: c } = await create({ name: 'Other' });
      const specOf = async (id: string) =>
        (await client.get<JsonObject>(`/api/2.0/pipelines/${id}`)).spec as JsonObject;
      await client.request('PUT', `/api/2.0/pipelines/${b}`, {
        body: { ...(await specOf(b)), development: true },
      });
      const renamed = await failure(
        client.request('PUT', `/api/2.0/pipelines/${c}`, { body: { ...(await specOf(c)), name: 'Same' } }),
      );
      expect(renamed.status).toBe(409);
      expect((await specOf(a)).name).toBe('Same');

      const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, 'v']));
      const tooMany = await failure(create({ name: 'Tagged', tags: tags(26) }));
      expect([tooMany.status, tooMany.errorCode, tooMany.message]).toEqual([
        400,
        'INVALID_PARAMETER_VALUE',
        'A pipeline can have at most 25 tags, got 26.',
      ]);
      await client.request('PUT', `/api/2.0/pipelines/${c}`, {
        body: { ...(await specOf(c)), tags: tags(25) },
      });
      const editTooMany = await failure(
        client.request('PUT', `/api/2.0/pipelines/${c}`, { body: { ...(await specOf(c)), tags: tags(26) } }),
      );
      expect(editTooMany.status).toBe(400);
    });
  });

  it("checks an ingestion pipeline's gateway on create and edit", async () => {
    await withEmulator(async (emulator) => {
      const client = clientFor(emulator);
      const create = (body: JsonObject) => client.post<{ pipeline_id: string }>('/api/2.0/pipelines', body);
      const ingest = (gateway: string) => ({
        name: 'Ingest',
        ingestion_definition: { ingestion_gateway_id: gateway },
      });
      const { pipeline_id: plain } = await create({ name: 'Plain' });
      const { pipeline_id: gateway } = await create({
        name: 'Gateway',
        gateway_definition: {
          connection_name: 'c',
          gateway_storage_catalog: 'm',
          gateway_storage_schema: 's',
        },
      });
      expect((await failure(create(ingest('nope')))).status).toBe(404);
      expect((await failure(create(ingest(plain)))).status).toBe(400);
      const { pipeline_id: id } = await create(ingest(gateway));
      const missing = await failure(
        client.request('PUT', `/api/2.0/pipelines/${id}`, { body: { ...ingest('nope'), id } }),
      );
      expect(missing.isNotFound).toBe(true);
    });
  });

  it('loads the pipeline fixture', async () => {
    await withEmulator(async (emulator) => {
      emulator.state.pipelines.seedFromFile(`${FIXTURES}/pipelines/get-dlt-pipeline.json`);
      const got = await clientFor(emulator).get<JsonObject>('/api/2.0/pipelines/123');
      expect(got).toMatchObject({
        name: 'Test DLT',
        state: 'IDLE',
        spec: { continuous: true, edition: 'advanced' },
      });
    });
  });
});

describe('emulator: SQL Warehouses API', () => {
  it('creates with defaults and output fields, edits, stops, starts, pages and deletes', async () => {
    await withEmulator(async (emulator) => {
      const client = clientFor(emulator);
      const { id } = await client.post<{ id: string }>('/api/2.0/sql/warehouses', {
        name: 'BI',
        cluster_size: 'X-Small',
      });
      expect(id).toMatch(/^[0-9a-f]{16}$/);
      const got = await client.get<JsonObject>(`/api/2.0/sql/warehouses/${id}`);
      expect(got).toMatchObject({
        id,
        name: 'BI',
        cluster_size: 'X-Small',
        auto_stop_mins: 120,
        enable_photon: true,
        min_num_clusters: 1,
        max_num_clusters: 1,
        spot_instance_policy: 'COST_OPTIMIZED',
        warehouse_type: 'CLASSIC',
        channel: { name: 'CHANNEL_NAME_CURRENT' },
        state: 'RUNNING',
        num_clusters: 1,
        creator_name: 'admin@example.com',
        size: 'XSMALL',
        odbc_params: { path: `/sql/1.0/warehouses/${id}`, port: 443, protocol: 'https' },
      });
      expect(String(got.jdbc_url)).toContain(id);

      await client.post(`/api/2.0/sql/warehouses/${id}/stop`, {});
      expect(await client.get(`/api/2.0/sql/warehouses/${id}`)).toMatchObject({
        state: 'STOPPED',
        num_clusters: 0,
      });
      await client.post(`/api/2.0/sql/warehouses/${id}/edit`, {
        name: 'BI',
        cluster_size: 'Medium',
        auto_stop_mins: 30,
      });
      expect(await client.get(`/api/2.0/sql/warehouses/${id}`)).toMatchObject({
        cluster_size: 'Medium',
        auto_stop_mins: 30,
        state: 'STOPPED',
      });
      await client.post(`/api/2.0/sql/warehouses/${id}/start`, {});
      expect((await client.get(`/api/2.0/sql/warehouses/${id}`)).state).toBe('RUNNING');

      expect(
        (await failure(client.post('/api/2.0/sql/warehouses', { name: 'BI', cluster_size: 'Small' })))
          .errorCode,
      ).toBe('RESOURCE_ALREADY_EXISTS');
      expect(
        (await failure(client.post('/api/2.0/sql/warehouses', { name: 'X', cluster_size: 'Huge' }))).status,
      ).toBe(400);

      for (let i = 0; i < 3; i++)
        await client.post('/api/2.0/sql/warehouses', { name: `w${i}`, cluster_size: 'Small' });
      const names: string[] = [];
      for await (const w of client.paginate<JsonObject>('/api/2.0/sql/warehouses', 'warehouses', {
        page_size: 2,
      }))
        names.push(String(w.name));
      expect(names).toEqual(['BI', 'w0', 'w1', 'w2']);

      await client.request('DELETE', `/api/2.0/sql/warehouses/${id}`);
      expect((await failure(client.get(`/api/2.0/sql/warehouses/${id}`))).isNotFound).toBe(true);
    });
  });

  it('loads the warehouse fixtures (list and get shapes)', async () => {
    await withEmulator(async (emulator) => {
      emulator.state.warehouses.seedFromFile(`${FIXTURES}/sql-warehouses/get-sql-endpoints.json`);
      const client = clientFor(emulator);
      const got = await client.get<JsonObject>('/api/2.0/sql/warehouses/f562046bc1272886');
      expect(got).toMatchObject({
        name: 'Test',
        cluster_size: '2X-Small',
        state: 'STOPPED',
        creator_id: 661448457191611,
        size: 'XXSMALL',
        auto_resume: true,
        jdbc_url: expect.stringContaining('/sql/1.0/endpoints/f562046bc1272886'),
      });
      const other = await startEmulator({ seed: 8 });
      try {
        other.state.warehouses.seedFromFile(`${FIXTURES}/sql-warehouses/get-sql-endpoint.json`);
        expect(other.state.warehouses.all().map((w) => w.id)).toEqual(['f562046bc1272886']);
      } finally {
        await other.stop();
      }
    });
  });
});
