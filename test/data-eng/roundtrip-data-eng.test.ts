import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { DatabricksClient } from '../../src/databricks/client.js';
import { seedSampleWorkspace, type Emulator } from '../../src/emulator/index.js';
import { seedSampleCompute } from '../../src/emulator/sample-compute.js';
import { seedSampleDataEng } from '../../src/emulator/sample-data-eng.js';
import { runApply } from '../../src/modes/apply.js';
import { RunReport } from '../../src/report/report.js';
import { SnapshotSource } from '../../src/snapshot/source.js';
import { EXPORT_STATE_FILE } from '../../src/snapshot/store.js';
import { parseJson, type JsonObject } from '../../src/util/json.js';
import { MemoryLog } from '../../src/util/log.js';
import { clientFor, exportWorkspace, readTree, tempDir, withEmulators } from '../helpers/harness.js';
import { API_FIXTURES } from '../helpers/fixtures.js';

const FIXTURES = API_FIXTURES;
const DATA_ENG = /^(pipelines|sql-warehouses|repos)\//;
const skipMeta = (rel: string) => rel.endsWith(EXPORT_STATE_FILE) || rel === 'snapshot.json';

async function apply(
  client: DatabricksClient,
  snapshotDir: string,
  options: Partial<{
    activateSchedules: boolean;
    pauseSchedules: boolean;
    prune: boolean;
    dryRun: boolean;
  }> = {},
) {
  const snapshot = await SnapshotSource.fromDirectory(snapshotDir);
  const report = new RunReport();
  const result = await runApply(
    snapshot,
    { client, log: new MemoryLog(), report },
    { prune: false, allowReplace: false, dryRun: false, startClusters: false, ...options },
  );
  return { ...result, report };
}

async function readJson(file: string): Promise<JsonObject> {
  return parseJson(await fs.readFile(file, 'utf8')) as JsonObject;
}

async function exportTree(client: DatabricksClient): Promise<Map<string, Buffer>> {
  const repo = await tempDir();
  await exportWorkspace(client, repo);
  return readTree(path.join(repo, 'databricks'), skipMeta);
}

function expectSameFiles(actual: Map<string, Buffer>, expected: Map<string, Buffer>): void {
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  for (const [file, bytes] of expected)
    expect(`${file}\n${actual.get(file)?.toString() ?? ''}`).toBe(`${file}\n${bytes.toString()}`);
}

const writes = (e: Emulator) =>
  e.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

/** A pool and a policy (made through the API), a continuous pipeline on them, a warehouse, a repo, a job. */
async function seedPrimary(emulator: Emulator): Promise<void> {
  const client = clientFor(emulator);
  emulator.state.workspace.putNotebook('/Shared/dlt/orders', 'PYTHON', 'import dlt');
  const { instance_pool_id: poolId } = await client.post<{ instance_pool_id: string }>(
    '/api/2.0/instance-pools/create',
    { instance_pool_name: 'DLT pool', node_type_id: 'Standard_DS3_v2', max_capacity: 4 },
  );
  const { policy_id: policyId } = await client.post<{ policy_id: string }>(
    '/api/2.0/policies/clusters/create',
    {
      name: 'DLT policy',
      definition: JSON.stringify({ cluster_type: { type: 'fixed', value: 'dlt' } }),
    },
  );
  const { pipeline_id: pipelineId } = await client.post<{ pipeline_id: string }>('/api/2.0/pipelines', {
    name: 'Orders DLT',
    catalog: 'main',
    target: 'orders',
    continuous: true,
    development: true,
    libraries: [{ notebook: { path: '/Shared/dlt/orders' } }],
    clusters: [
      {
        label: 'default',
        instance_pool_id: poolId,
        driver_instance_pool_id: poolId,
        policy_id: policyId,
        num_workers: 1,
      },
    ],
  });
  await client.post('/api/2.0/pipelines', {
    name: 'Nightly batch',
    storage: 'dbfs:/pipelines/nightly',
    target: 'nightly',
    libraries: [{ file: { path: '/Shared/dlt/orders' } }],
  });
  const { id: warehouseId } = await client.post<{ id: string }>('/api/2.0/sql/warehouses', {
    name: 'BI warehouse',
    cluster_size: 'Small',
    max_num_clusters: 2,
    auto_stop_mins: 15,
    tags: { custom_tags: [{ key: 'team', value: 'bi' }] },
  });
  const repo = await client.post<JsonObject>('/api/2.0/repos', {
    url: 'https://github.com/contoso/etl.git',
    provider: 'gitHub',
    path: '/Repos/alice@contoso.com/etl',
    sparse_checkout: { patterns: ['jobs', 'lib'] },
  });
  await client.request('PATCH', `/api/2.0/repos/${String(repo.id)}`, { body: { branch: 'release' } });
  await client.post('/api/2.2/jobs/create', {
    name: 'Refresh orders',
    tasks: [
      { task_key: 'refresh', pipeline_task: { pipeline_id: pipelineId } },
      {
        task_key: 'report',
        depends_on: [{ task_key: 'refresh' }],
        sql_task: { warehouse_id: warehouseId, file: { path: '/Shared/dlt/report.sql' } },
      },
    ],
  });
}

describe('data engineering kinds: export, restore into an empty workspace, export again', () => {
  it('round-trips repos, pipelines and warehouses; a second apply writes nothing', async () => {
    await withEmulators(async (primary, secondary) => {
      await seedPrimary(primary);
      const repoA = await tempDir();
      await exportWorkspace(clientFor(primary), repoA);
      const snapA = path.join(repoA, 'databricks');

      const files = [...(await readTree(snapA, skipMeta)).keys()].filter((f) => DATA_ENG.test(f));
      expect(files).toEqual([
        'pipelines/nightly_batch.json',
        'pipelines/orders_dlt.json',
        'pipelines/orders_dlt.schedule.json',
        'repos/repos_alice_contoso_com_etl.json',
        'sql-warehouses/bi_warehouse.json',
      ]);
      expect(await readJson(path.join(snapA, 'pipelines/orders_dlt.json'))).toEqual({
        name: 'Orders DLT',
        catalog: 'main',
        target: 'orders',
        development: true,
        channel: 'CURRENT',
        edition: 'ADVANCED',
        libraries: [{ notebook: { path: '/Shared/dlt/orders' } }],
        clusters: [
          {
            label: 'default',
            instance_pool_id: '${resources.instance_pools.dlt_pool.id}',
            driver_instance_pool_id: '${resources.instance_pools.dlt_pool.id}',
            policy_id: '${resources.cluster_policies.dlt_policy.id}',
            num_workers: 1,
          },
        ],
      });
      expect(await readJson(path.join(snapA, 'pipelines/orders_dlt.schedule.json'))).toEqual({
        continuous: true,
      });
      expect(await readJson(path.join(snapA, 'sql-warehouses/bi_warehouse.json'))).toEqual({
        name: 'BI warehouse',
        cluster_size: 'Small',
        min_num_clusters: 1,
        max_num_clusters: 2,
        auto_stop_mins: 15,
        spot_instance_policy: 'COST_OPTIMIZED',
        enable_photon: true,
        warehouse_type: 'CLASSIC',
        channel: { name: 'CHANNEL_NAME_CURRENT' },
        tags: { custom_tags: [{ key: 'team', value: 'bi' }] },
      });
      expect(await readJson(path.join(snapA, 'repos/repos_alice_contoso_com_etl.json'))).toEqual({
        path: '/Repos/alice@contoso.com/etl',
        url: 'https://github.com/contoso/etl.git',
        provider: 'gitHub',
        branch: 'release',
        sparse_checkout: { patterns: ['jobs', 'lib'] },
      });
      const job = await readJson(path.join(snapA, 'jobs/refresh_orders.json'));
      const tasks = job.tasks as JsonObject[];
      expect((tasks[0].pipeline_task as JsonObject).pipeline_id).toBe('${resources.pipelines.orders_dlt.id}');
      expect((tasks[1].sql_task as JsonObject).warehouse_id).toBe(
        '${resources.sql_warehouses.bi_warehouse.id}',
      );

      // Restore into the empty secondary.
      const sec = clientFor(secondary);
      const applied = await apply(sec, snapA);
      expect(applied.failed).toBe(0);

      const pipelines = secondary.state.pipelines.all();
      const orders = pipelines.find((p) => p.spec.name === 'Orders DLT');
      // Not continuous before cutover.
      expect(orders?.spec.continuous).toBeUndefined();
      const pools = [...secondary.state.compute.pools.values()];
      expect((orders?.spec.clusters as JsonObject[])[0].instance_pool_id).toBe(pools[0].instance_pool_id);
      const warehouses = secondary.state.warehouses.all();
      expect(warehouses.map((w) => [w.spec.name, w.state])).toEqual([['BI warehouse', 'STOPPED']]);
      const repos = secondary.state.repos.all();
      expect(repos.map((r) => [r.node.path, r.repo.branch])).toEqual([
        ['/Repos/alice@contoso.com/etl', 'release'],
      ]);
      expect(secondary.state.workspace.get('/Repos/alice@contoso.com/etl')?.object_type).toBe('REPO');
      const restoredJob = secondary.state.jobs.all().find((j) => j.settings.name === 'Refresh orders');
      const jobTasks = restoredJob?.settings.tasks as JsonObject[];
      expect((jobTasks[0].pipeline_task as JsonObject).pipeline_id).toBe(orders?.pipeline_id);
      expect((jobTasks[1].sql_task as JsonObject).warehouse_id).toBe(warehouses[0].id);
      expect(orders?.pipeline_id).not.toBe(primary.state.pipelines.all()[0].pipeline_id);

      // Export the secondary before cutover: the same files, except that it has no continuous run to record.
      const a = await readTree(snapA, skipMeta);
      expectSameFiles(await exportTree(sec), new Map([...a].filter(([f]) => !f.endsWith('.schedule.json'))));

      // A second apply is a no-op.
      secondary.clearRequests();
      const again = await apply(sec, snapA);
      expect(again.plan.hasChanges).toBe(false);
      expect(writes(secondary)).toEqual([]);

      // Cutover: the pipeline becomes continuous; then fail back makes it triggered again.
      const activated = await apply(sec, snapA, { activateSchedules: true });
      expect(activated.failed).toBe(0);
      const after = secondary.state.pipelines.all().find((p) => p.spec.name === 'Orders DLT');
      expect(after?.spec.continuous).toBe(true);
      expect(after?.pipeline_id).toBe(orders?.pipeline_id);
      // After cutover the secondary exports exactly what the primary did, side files included.
      expectSameFiles(await exportTree(sec), a);
      // A later plain sync keeps the secondary's continuous mode.
      await apply(sec, snapA);
      expect(secondary.state.pipelines.all().find((p) => p.spec.name === 'Orders DLT')?.spec.continuous).toBe(
        true,
      );
      await apply(sec, snapA, { pauseSchedules: true });
      expect(
        secondary.state.pipelines.all().find((p) => p.spec.name === 'Orders DLT')?.spec.continuous,
      ).toBeUndefined();
    });
  });

  it("restores a pipeline's run_as and parameters, which get answers outside its spec", async () => {
    await withEmulators(async (primary, secondary) => {
      await clientFor(primary).post('/api/2.0/pipelines', {
        name: 'As a robot',
        catalog: 'main',
        schema: 'robot',
        run_as: { service_principal_name: '9f2c1d4e-etl-robot' },
        parameters: { env: 'prod', start_date: '2024-01-01' },
      });
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo);
      const snap = path.join(repo, 'databricks');
      expect(await readJson(path.join(snap, 'pipelines/as_a_robot.json'))).toEqual({
        name: 'As a robot',
        catalog: 'main',
        schema: 'robot',
        channel: 'CURRENT',
        edition: 'ADVANCED',
        run_as: { service_principal_name: '9f2c1d4e-etl-robot' },
        parameters: { env: 'prod', start_date: '2024-01-01' },
      });

      const sec = clientFor(secondary);
      expect((await apply(sec, snap)).failed).toBe(0);
      const [restored] = secondary.state.pipelines.all();
      expect(restored.run_as).toEqual({ service_principal_name: '9f2c1d4e-etl-robot' });
      expect(restored.parameters).toEqual({ env: 'prod', start_date: '2024-01-01' });
      expectSameFiles(await exportTree(sec), await readTree(snap, skipMeta));
      secondary.clearRequests();
      expect((await apply(sec, snap)).plan.hasChanges).toBe(false);
      expect(writes(secondary)).toEqual([]);

      // Changed in git: the edit sends them (the edit replaces the whole pipeline).
      const file = path.join(snap, 'pipelines/as_a_robot.json');
      const edited: JsonObject = { ...(await readJson(file)), run_as: { user_name: 'bob@example.com' } };
      delete edited.parameters;
      await fs.writeFile(file, JSON.stringify(edited));
      const changed = await apply(sec, snap);
      expect(changed.plan.changes.filter((c) => c.action !== 'no-op').map((c) => c.action)).toEqual([
        'update',
      ]);
      expect(secondary.state.pipelines.all()[0]).toMatchObject({ run_as: { user_name: 'bob@example.com' } });
      expect(secondary.state.pipelines.all()[0].parameters).toBeUndefined();
    });
  });

  it('restores pipelines that share a name, told apart by the key tag; a second apply is a no-op', async () => {
    await withEmulators(async (primary, secondary) => {
      const client = clientFor(primary);
      const made: Array<{ id: string; schema: string }> = [];
      for (const schema of ['first', 'second']) {
        const { pipeline_id: id } = await client.post<{ pipeline_id: string }>('/api/2.0/pipelines', {
          name: 'p',
          catalog: 'main',
          schema,
          tags: { team: 'data' },
          allow_duplicate_names: true,
        });
        made.push({ id, schema });
      }
      // No creation time in the API: the plain key goes to the smaller id, on every export.
      const [plain, second] = [...made].sort((a, b) => a.id.localeCompare(b.id));
      await client.post('/api/2.2/jobs/create', {
        name: 'Refresh second',
        tasks: [{ task_key: 'r', pipeline_task: { pipeline_id: second.id } }],
      });
      const repo = await tempDir();
      await exportWorkspace(client, repo);
      const snap = path.join(repo, 'databricks');
      const files = [...(await readTree(snap, skipMeta)).keys()].filter((f) => DATA_ENG.test(f));
      expect(files).toEqual(['pipelines/p.json', 'pipelines/p_2.json']);
      expect((await readJson(path.join(snap, 'pipelines/p.json'))).schema).toBe(plain.schema);
      expect(await readJson(path.join(snap, 'pipelines/p_2.json'))).toMatchObject({
        schema: second.schema,
        tags: { team: 'data' },
      });
      const exportedAgain = await exportTree(client);
      expectSameFiles(exportedAgain, await readTree(snap, skipMeta));

      const sec = clientFor(secondary);
      const applied = await apply(sec, snap);
      expect(applied.failed).toBe(0);
      const restored = secondary.state.pipelines.all();
      expect(restored.map((p) => [p.spec.schema, p.spec.tags]).sort()).toEqual([
        ['first', { team: 'data', ...(plain.schema === 'first' ? {} : { 'databricks-dr-key': 'p_2' }) }],
        ['second', { team: 'data', ...(plain.schema === 'second' ? {} : { 'databricks-dr-key': 'p_2' }) }],
      ]);
      // Both creates allowed the shared name, whichever ran first.
      const creates = secondary.requests.filter(
        (r) => r.method === 'POST' && r.path === '/api/2.0/pipelines',
      );
      expect(creates.map((r) => (r.body as JsonObject).allow_duplicate_names)).toEqual([true, true]);
      const job = secondary.state.jobs.all().find((j) => j.settings.name === 'Refresh second');
      const task = (job?.settings.tasks as JsonObject[])[0].pipeline_task as JsonObject;
      expect(restored.find((p) => p.pipeline_id === task.pipeline_id)?.spec.schema).toBe(second.schema);

      secondary.clearRequests();
      const again = await apply(sec, snap);
      expect(again.plan.hasChanges).toBe(false);
      expect(writes(secondary)).toEqual([]);
      // The tag never reaches the snapshot: the secondary exports the primary's files.
      expectSameFiles(await exportTree(sec), await readTree(snap, skipMeta));
    });
  });

  it("maps an ingestion pipeline's gateway to the target's gateway, created first", async () => {
    await withEmulators(async (primary, secondary) => {
      const client = clientFor(primary);
      const { pipeline_id: gatewayId } = await client.post<{ pipeline_id: string }>('/api/2.0/pipelines', {
        name: 'SQL gateway',
        gateway_definition: {
          connection_name: 'sqlserver',
          gateway_storage_catalog: 'main',
          gateway_storage_schema: 'staging',
        },
      });
      await client.post('/api/2.0/pipelines', {
        name: 'SQL ingest',
        serverless: true,
        serverless_compute_id: 'sc-0123',
        ingestion_definition: {
          ingestion_gateway_id: gatewayId,
          objects: [{ table: { source_catalog: 'db', source_schema: 'dbo', source_table: 'orders' } }],
        },
      });
      const repo = await tempDir();
      const exported = await exportWorkspace(client, repo);
      const snap = path.join(repo, 'databricks');
      const ingest = await readJson(path.join(snap, 'pipelines/sql_ingest.json'));
      expect((ingest.ingestion_definition as JsonObject).ingestion_gateway_id).toBe(
        '${resources.pipelines.sql_gateway.id}',
      );
      expect(ingest.serverless_compute_id).toBe('sc-0123');
      expect(exported.report.warnings.filter((w) => w.kind === 'pipelines')).toEqual([
        {
          kind: 'pipelines',
          key: 'sql_ingest',
          reason:
            "serverless_compute_id 'sc-0123' kept as is: external object (serverless compute, not a workspace object)",
        },
      ]);

      const sec = clientFor(secondary);
      expect((await apply(sec, snap)).failed).toBe(0);
      const created = secondary.requests
        .filter((r) => r.method === 'POST' && r.path === '/api/2.0/pipelines')
        .map((r) => (r.body as JsonObject).name);
      expect(created).toEqual(['SQL gateway', 'SQL ingest']);
      const byName = new Map(secondary.state.pipelines.all().map((p) => [p.spec.name, p]));
      const newGateway = byName.get('SQL gateway')?.pipeline_id;
      expect(newGateway).not.toBe(gatewayId);
      expect((byName.get('SQL ingest')?.spec.ingestion_definition as JsonObject).ingestion_gateway_id).toBe(
        newGateway,
      );
      expectSameFiles(await exportTree(sec), await readTree(snap, skipMeta));
      secondary.clearRequests();
      expect((await apply(sec, snap)).plan.hasChanges).toBe(false);
      expect(writes(secondary)).toEqual([]);
    });
  });

  it('keeps and reports the gateway id of an ingestion pipeline whose gateway was not exported', async () => {
    await withEmulators(async (primary) => {
      // A workspace can hold one whose gateway was deleted since (the API would refuse to make it).
      primary.state.pipelines.seed({
        pipeline_id: '0f1e2d3c-0000-4000-8000-000000000001',
        name: 'Orphan ingest',
        spec: { name: 'Orphan ingest', ingestion_definition: { ingestion_gateway_id: 'gone-gateway' } },
      });
      const repo = await tempDir();
      const exported = await exportWorkspace(clientFor(primary), repo);
      const file = await readJson(path.join(repo, 'databricks/pipelines/orphan_ingest.json'));
      expect(file.ingestion_definition).toEqual({ ingestion_gateway_id: 'gone-gateway' });
      expect(exported.report.warnings.filter((w) => w.kind === 'pipelines')).toEqual([
        {
          kind: 'pipelines',
          key: 'orphan_ingest',
          reason:
            "ingestion_definition.ingestion_gateway_id 'gone-gateway' kept as is: external object (a gateway pipeline that was not exported: apply sends this id unchanged)",
        },
      ]);
    });
  });

  it('starts a created warehouse only with startClusters', async () => {
    await withEmulators(async (primary, secondary) => {
      await clientFor(primary).post('/api/2.0/sql/warehouses', { name: 'Adhoc', cluster_size: 'X-Small' });
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo);
      const snapshot = await SnapshotSource.fromDirectory(path.join(repo, 'databricks'));
      await runApply(
        snapshot,
        { client: clientFor(secondary), log: new MemoryLog(), report: new RunReport() },
        { prune: false, allowReplace: false, dryRun: false, startClusters: true },
      );
      expect(secondary.state.warehouses.all().map((w) => w.state)).toEqual(['RUNNING']);
    });
  });

  it('exports the pipeline and warehouse fixtures', async () => {
    await withEmulators(async (primary) => {
      primary.state.pipelines.seedFromFile(`${FIXTURES}/pipelines/get-dlt-pipeline.json`);
      primary.state.warehouses.seedFromFile(`${FIXTURES}/sql-warehouses/get-sql-endpoint.json`);
      const repo = await tempDir();
      const result = await exportWorkspace(clientFor(primary), repo);
      const snap = path.join(repo, 'databricks');
      const pipeline = await readJson(path.join(snap, 'pipelines/test_dlt.json'));
      expect(pipeline.id).toBeUndefined();
      expect(pipeline.continuous).toBeUndefined();
      expect(pipeline).toMatchObject({
        name: 'Test DLT',
        development: true,
        edition: 'advanced',
        target: 'test',
      });
      // The fixture's pool id '123' matches no exported pool: marked, with a warning, and refused on apply.
      expect((pipeline.clusters as JsonObject[])[0].instance_pool_id).toBe(
        '${resources.instance_pools.unexported_123.id}',
      );
      expect(JSON.stringify(result)).toContain('instance_pool_id');
      primary.clearRequests();
      await expect(apply(clientFor(primary), snap)).rejects.toThrow(/pipelines\/test_dlt\.json.*unexported/);
      expect(primary.requests.filter((r) => r.method !== 'GET')).toEqual([]);
      expect(await readJson(path.join(snap, 'pipelines/test_dlt.schedule.json'))).toEqual({
        continuous: true,
      });
      expect(await readJson(path.join(snap, 'sql-warehouses/test.json'))).toEqual({
        name: 'Test',
        cluster_size: '2X-Small',
        min_num_clusters: 1,
        max_num_clusters: 1,
        auto_stop_mins: 30,
        spot_instance_policy: 'COST_OPTIMIZED',
        enable_photon: true,
        enable_serverless_compute: false,
        channel: { name: 'CHANNEL_NAME_PREVIEW' },
      });
    });
  });

  it('a Git folder at a tag: no branch in the file, any branch of the target is kept, a second apply is a no-op', async () => {
    await withEmulators(async (primary, secondary) => {
      const makeRepo = async (emulator: Emulator, name: string, checkout: JsonObject) => {
        const client = clientFor(emulator);
        const repo = await client.post<JsonObject>('/api/2.0/repos', {
          url: `https://github.com/contoso/${name}.git`,
          provider: 'gitHub',
          path: `/Repos/alice@contoso.com/${name}`,
        });
        await client.request('PATCH', `/api/2.0/repos/${String(repo.id)}`, { body: checkout });
      };
      // In the primary: two at a tag, one on a branch.
      await makeRepo(primary, 'pinned', { tag: 'v1.0' });
      await makeRepo(primary, 'existing', { tag: 'v2.0' });
      await makeRepo(primary, 'release', { branch: 'release' });
      // In the target: the same Git folders, on another branch and at a tag.
      await makeRepo(secondary, 'existing', { branch: 'dev' });
      await makeRepo(secondary, 'release', { tag: 'v3.0' });

      const dir = await tempDir();
      const exported = await exportWorkspace(clientFor(primary), dir);
      const snap = path.join(dir, 'databricks');
      expect(await readJson(path.join(snap, 'repos/repos_alice_contoso_com_pinned.json'))).toEqual({
        path: '/Repos/alice@contoso.com/pinned',
        url: 'https://github.com/contoso/pinned.git',
        provider: 'gitHub',
      });
      expect(exported.report.warnings.filter((w) => w.kind === 'repos').map((w) => w.key)).toEqual([
        'repos_alice_contoso_com_existing',
        'repos_alice_contoso_com_pinned',
      ]);

      const sec = clientFor(secondary);
      const plan = await apply(sec, snap, { dryRun: true });
      expect(
        plan.plan.changes.filter((c) => c.kind === 'repos').map((c) => [c.key, c.action, c.changes]),
      ).toEqual([
        ['repos_alice_contoso_com_existing', 'no-op', []],
        ['repos_alice_contoso_com_pinned', 'create', expect.anything()],
        ['repos_alice_contoso_com_release', 'update', [{ path: 'branch', after: 'release' }]],
      ]);
      const applied = await apply(sec, snap);
      expect(applied.failed).toBe(0);
      const branches = secondary.state.repos.all().map((r) => [r.node.path, r.repo.branch]);
      expect(branches).toEqual([
        ['/Repos/alice@contoso.com/existing', 'dev'],
        ['/Repos/alice@contoso.com/pinned', 'main'],
        ['/Repos/alice@contoso.com/release', 'release'],
      ]);

      secondary.clearRequests();
      const again = await apply(sec, snap);
      expect(again.plan.hasChanges).toBe(false);
      expect(again.plan.line).toBe('Plan: 0 to create, 0 to update, 0 to delete');
      expect(writes(secondary)).toEqual([]);
    });
  });

  it('never prunes a workspace folder that holds a Git folder', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.workspace.putNotebook('/Shared/keep', 'PYTHON', 'print(1)');
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo);
      secondary.state.workspace.putNotebook('/Shared/old/nb', 'PYTHON', 'print(2)');
      // A Git folder the Repos API does not list (Git CLI access): only the workspace kind sees it.
      secondary.state.workspace.putObject('/Shared/old/cli-repo', 'REPO');
      const result = await apply(clientFor(secondary), path.join(repo, 'databricks'), { prune: true });
      const deletes = result.plan.changes
        .filter((c) => c.kind === 'workspace' && c.action === 'delete')
        .map((c) => c.key);
      expect(deletes).toEqual(['/Shared/old/nb']);
      expect(secondary.state.workspace.get('/Shared/old/cli-repo')?.object_type).toBe('REPO');
      expect(secondary.state.workspace.get('/Shared/old/nb')).toBeUndefined();
    });
  });
});

describe('demo seed', () => {
  it('adds a pipeline, a warehouse, a repo and a job using them, all exported with references', async () => {
    await withEmulators(async (primary) => {
      seedSampleWorkspace(primary);
      seedSampleCompute(primary);
      seedSampleDataEng(primary);
      const files = await exportTree(clientFor(primary));
      const names = [...files.keys()].filter((f) => DATA_ENG.test(f));
      expect(names).toEqual([
        'pipelines/orders_dlt.json',
        'pipelines/orders_dlt.schedule.json',
        'repos/repos_alice_contoso_com_dbx_utils.json',
        'sql-warehouses/analytics_warehouse.json',
      ]);
      const pipeline = parseJson(String(files.get('pipelines/orders_dlt.json'))) as JsonObject;
      expect((pipeline.clusters as JsonObject[])[0].instance_pool_id).toBe(
        '${resources.instance_pools.shared_ds4_pool.id}',
      );
      const job = String(files.get('jobs/refresh_orders.json'));
      expect(job).toContain('${resources.pipelines.orders_dlt.id}');
      expect(job).toContain('${resources.sql_warehouses.analytics_warehouse.id}');
    });
  });
});
