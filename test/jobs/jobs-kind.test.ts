import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { normalizeJob } from '../../src/resources/jobs.js';
import { parseJson, type JsonObject } from '../../src/util/json.js';
import {
  applySnapshot,
  clientFor,
  exportWorkspace,
  readTree,
  tempDir,
  withEmulators,
} from '../helpers/harness.js';
import { seedComputeFixtures } from '../compute/fixtures.js';
import type { RunReport } from '../../src/report/report.js';
import { applyJobs, FIXTURES, jobsByName, snapshotOf, writes } from './helpers.js';

/** The jobs' warnings about ids, without those about notebooks the fixtures name but do not seed. */
const referenceWarnings = (report: RunReport) =>
  report.warnings.filter((w) => w.kind === 'jobs' && !w.reason.includes(' is not in the snapshot ('));

const skipBookkeeping = (rel: string) => rel === '.export-state.json' || rel === 'snapshot.json';

async function readJson(file: string): Promise<JsonObject> {
  return parseJson(await fs.readFile(file, 'utf8')) as JsonObject;
}

/**
 * The primary of most tests: the jobs fixtures with the compute fixtures they name (cluster test2, pool
 * pool1), plus a 2.0 single-task job, a run_job_task pair and a for_each.
 */
function seedPrimary(primary: Emulator): { childId: number } {
  const compute = primary.state.compute;
  seedComputeFixtures(compute);
  compute.seedCluster({
    cluster_id: '0101-000000-legacy01',
    cluster_name: 'legacy',
    cluster_source: 'UI',
    spark_version: '15.4.x-scala2.12',
    node_type_id: 'Standard_DS3_v2',
    state: 'TERMINATED',
  });
  const jobs = primary.state.jobs;
  jobs.seedFromFixtures(FIXTURES);
  jobs.create(
    {
      name: 'Legacy nightly',
      existing_cluster_id: '0101-000000-legacy01',
      notebook_task: { notebook_path: '/Shared/legacy' },
      schedule: { quartz_cron_expression: '0 0 1 * * ?', timezone_id: 'UTC', pause_status: 'UNPAUSED' },
    },
    { singleTaskAllowed: true },
  );
  const child = jobs.create(
    { name: 'Child', tasks: [{ task_key: 'c', notebook_task: { notebook_path: '/Shared/child' } }] },
    { singleTaskAllowed: false },
  );
  jobs.create(
    {
      name: 'Parent',
      job_clusters: [
        {
          job_cluster_key: 'pool',
          new_cluster: { instance_pool_id: 'pool1', num_workers: 2, spark_version: '15.4.x-scala2.12' },
        },
      ],
      tasks: [
        { task_key: 'run', run_job_task: { job_id: child.job_id, job_parameters: { a: '1' } } },
        {
          task_key: 'each',
          depends_on: [{ task_key: 'run' }],
          for_each_task: {
            inputs: '[1,2]',
            task: {
              task_key: 'each_iteration',
              job_cluster_key: 'pool',
              run_job_task: { job_id: child.job_id },
            },
          },
        },
      ],
      trigger: { pause_status: 'UNPAUSED', periodic: { interval: 1, unit: 'HOURS' } },
    },
    { singleTaskAllowed: false },
  );
  return { childId: child.job_id };
}

async function exportTree(emulator: Emulator): Promise<Map<string, Buffer>> {
  const repo = await tempDir();
  await exportWorkspace(clientFor(emulator), repo);
  return readTree(snapshotOf(repo), skipBookkeeping);
}

function expectSameFiles(actual: Map<string, Buffer>, expected: Map<string, Buffer>): void {
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  // File name with content, so a failure says which file differs.
  for (const [file, bytes] of expected)
    expect(`${file}\n${actual.get(file)?.toString('utf8')}`).toBe(`${file}\n${bytes.toString('utf8')}`);
}

describe('jobs kind', () => {
  it('round-trips the fixtures, schedules in side files, references symbolic, second apply a no-op', async () => {
    await withEmulators(async (primary, secondary) => {
      seedPrimary(primary);
      const repoA = await tempDir();
      const exported = await exportWorkspace(clientFor(primary), repoA);
      const dir = snapshotOf(repoA);
      const files = [...(await readTree(path.join(dir, 'jobs'))).keys()];
      expect(files).toEqual([
        'child.json',
        'demo_job.json',
        'demo_job.schedule.json',
        'legacy_nightly.json',
        'legacy_nightly.schedule.json',
        'parent.json',
        'parent.schedule.json',
        'scala_project.json',
        'sparkr_test.json',
        'test.json',
      ]);

      // Output-only fields and schedules are gone from the main file; the schedule is in the side file.
      const demo = await readJson(path.join(dir, 'jobs/demo_job.json'));
      expect(demo).not.toHaveProperty('schedule');
      expect(demo).not.toHaveProperty('format');
      expect(demo).not.toHaveProperty('job_id');
      expect(demo.name).toBe('Demo job');
      expect(await readJson(path.join(dir, 'jobs/demo_job.schedule.json'))).toEqual({
        schedule: { pause_status: 'UNPAUSED', quartz_cron_expression: '0 15 22 ? * *', timezone_id: 'UTC' },
      });

      // Job references are symbolic, also inside for_each_task; ids of kinds not exported stay, with a warning.
      const parent = await readJson(path.join(dir, 'jobs/parent.json'));
      const tasks = parent.tasks as JsonObject[];
      expect(tasks[0].run_job_task).toEqual({
        job_id: '${resources.jobs.child.id}',
        job_parameters: { a: '1' },
      });
      expect(((tasks[1].for_each_task as JsonObject).task as JsonObject).run_job_task).toEqual({
        job_id: '${resources.jobs.child.id}',
      });
      const legacy = await readJson(path.join(dir, 'jobs/legacy_nightly.json'));
      expect(legacy).toEqual({
        name: 'Legacy nightly',
        existing_cluster_id: '${resources.clusters.legacy.id}',
        notebook_task: { notebook_path: '/Shared/legacy' },
        email_notifications: {},
        webhook_notifications: {},
        max_concurrent_runs: 1,
        timeout_seconds: 0,
      });
      // The fixtures' clusters and pools were exported too: every reference resolved, nothing to report
      // but the AWS zone of get-job-17 (terraform-provider-databricks exporter/test-data), left out.
      const warnings = referenceWarnings(exported.report);
      expect(warnings.filter((w) => !w.reason.includes('zone_id'))).toEqual([]);
      expect(warnings.map((w) => w.reason)).toEqual([
        expect.stringMatching(
          /^tasks\[test\]\.new_cluster: aws_attributes\.zone_id 'us-west-2c' left out: a zone of the primary's region/,
        ),
      ]);
      const sparkr = await readJson(path.join(dir, 'jobs/sparkr_test.json'));
      expect(JSON.stringify(sparkr)).not.toContain('us-west-2c');
      expect(JSON.stringify(sparkr)).toContain('"first_on_demand":1');
      const scala = await readJson(path.join(dir, 'jobs/test.json'));
      expect(JSON.stringify(scala)).toContain('${resources.clusters.test_cluster_policy.id}');

      // Apply to an empty secondary: every job exists, none can run on its own, references point at the secondary.
      const applied = await applyJobs(clientFor(secondary), dir);
      expect(applied.failed).toBe(0);
      const onSecondary = jobsByName(secondary);
      expect([...onSecondary.keys()].sort()).toEqual([
        'Child',
        'Demo job',
        'Legacy nightly',
        'Parent',
        'Scala Project',
        'SparkR Test',
        'Test',
      ]);
      for (const { settings } of onSecondary.values()) {
        expect(settings).not.toHaveProperty('schedule');
        expect(settings).not.toHaveProperty('trigger');
        expect(settings).not.toHaveProperty('continuous');
      }
      const childId = onSecondary.get('Child')?.id;
      const secondaryParent = onSecondary.get('Parent')?.settings as JsonObject;
      expect(((secondaryParent.tasks as JsonObject[])[0].run_job_task as JsonObject).job_id).toBe(childId);
      expect(childId).not.toBe(jobsByName(primary).get('Child')?.id);
      expect(onSecondary.get('Legacy nightly')?.settings.format).toBe('SINGLE_TASK');
      // The child was created before the parent that runs it.
      const creates = secondary.requests
        .filter((r) => r.path.endsWith('/jobs/create'))
        .map((r) => (r.body as JsonObject).name);
      expect(creates.indexOf('Child')).toBeLessThan(creates.indexOf('Parent'));

      // Second apply: nothing to do, nothing written.
      secondary.clearRequests();
      const again = await applyJobs(clientFor(secondary), dir);
      expect(again.plan.hasChanges).toBe(false);
      expect(writes(secondary)).toEqual([]);

      // Export the secondary before cutover: the same files, except that it has no schedules to record.
      const a = await readTree(dir, skipBookkeeping);
      const before = await exportTree(secondary);
      expectSameFiles(before, new Map([...a].filter(([file]) => !file.endsWith('.schedule.json'))));

      // After cutover the secondary holds everything the primary had: the same files, side files included.
      await applyJobs(clientFor(secondary), dir, { activateSchedules: true });
      expectSameFiles(await exportTree(secondary), a);
    });
  });

  it('activates schedules at cutover, pauses them on fail back, and a plain sync keeps them', async () => {
    await withEmulators(async (primary, secondary) => {
      seedPrimary(primary);
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo);
      const dir = snapshotOf(repo);
      await applyJobs(clientFor(secondary), dir);

      const dry = await applyJobs(clientFor(secondary), dir, { activateSchedules: true, dryRun: true });
      const planned = dry.plan.changes
        .filter((c) => c.action !== 'no-op')
        .map((c) => [c.key, c.action, c.changes.map((f) => f.path)]);
      expect(planned).toEqual([
        ['demo_job', 'update', ['schedule']],
        ['legacy_nightly', 'update', ['schedule']],
        ['parent', 'update', ['trigger']],
      ]);

      await applyJobs(clientFor(secondary), dir, { activateSchedules: true });
      let jobs = jobsByName(secondary);
      expect(jobs.get('Demo job')?.settings.schedule).toEqual({
        pause_status: 'UNPAUSED',
        quartz_cron_expression: '0 15 22 ? * *',
        timezone_id: 'UTC',
      });
      expect(jobs.get('Parent')?.settings.trigger).toEqual({
        pause_status: 'UNPAUSED',
        periodic: { interval: 1, unit: 'HOURS' },
      });
      expect(jobs.get('Legacy nightly')?.settings.format).toBe('SINGLE_TASK');
      expect(jobs.get('Child')?.settings).not.toHaveProperty('schedule');

      secondary.clearRequests();
      expect((await applyJobs(clientFor(secondary), dir, { activateSchedules: true })).plan.hasChanges).toBe(
        false,
      );
      expect(writes(secondary)).toEqual([]);

      // A plain apply after cutover neither shows nor removes the schedules, even when it resets a job.
      const mainFile = path.join(dir, 'jobs/demo_job.json');
      const demo = await readJson(mainFile);
      await fs.writeFile(mainFile, JSON.stringify({ ...demo, description: 'changed in git' }));
      const sync = await applyJobs(clientFor(secondary), dir);
      expect(sync.plan.changes.filter((c) => c.action !== 'no-op').map((c) => c.key)).toEqual(['demo_job']);
      jobs = jobsByName(secondary);
      expect(jobs.get('Demo job')?.settings).toMatchObject({
        description: 'changed in git',
        schedule: { pause_status: 'UNPAUSED' },
      });

      await applyJobs(clientFor(secondary), dir, { pauseSchedules: true });
      jobs = jobsByName(secondary);
      expect(jobs.get('Demo job')?.settings.schedule).toMatchObject({ pause_status: 'PAUSED' });
      expect(jobs.get('Legacy nightly')?.settings.schedule).toMatchObject({ pause_status: 'PAUSED' });
      expect(jobs.get('Parent')?.settings.trigger).toMatchObject({
        pause_status: 'PAUSED',
        periodic: { interval: 1, unit: 'HOURS' },
      });

      await expect(
        applyJobs(clientFor(secondary), dir, { pauseSchedules: true, activateSchedules: true }),
      ).rejects.toThrow(/cannot be used together/);
    });
  });

  it('stops on a run_job_task cycle, naming an edge', async () => {
    await withEmulators(async (primary, secondary) => {
      const jobs = primary.state.jobs;
      const a = jobs.create(
        { name: 'A', tasks: [{ task_key: 'x', notebook_task: { notebook_path: '/a' } }] },
        { singleTaskAllowed: false },
      );
      const b = jobs.create(
        { name: 'B', tasks: [{ task_key: 'x', run_job_task: { job_id: a.job_id } }] },
        { singleTaskAllowed: false },
      );
      jobs.reset(
        a.job_id,
        { name: 'A', tasks: [{ task_key: 'x', run_job_task: { job_id: b.job_id } }] },
        false,
      );
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo);
      await expect(applyJobs(clientFor(secondary), snapshotOf(repo))).rejects.toThrow(
        /reference cycle: jobs\.(a|b) -> jobs\.(a|b)/,
      );
      expect(writes(secondary)).toEqual([]);
    });
  });

  it('refuses a schedule in the main file', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.jobs.create(
        { name: 'S', tasks: [{ task_key: 'x', notebook_task: { notebook_path: '/a' } }] },
        { singleTaskAllowed: false },
      );
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo);
      const file = path.join(snapshotOf(repo), 'jobs/s.json');
      await fs.writeFile(
        file,
        JSON.stringify({
          ...(await readJson(file)),
          schedule: { quartz_cron_expression: '0 0 * * * ?', timezone_id: 'UTC' },
        }),
      );
      await expect(applyJobs(clientFor(secondary), snapshotOf(repo))).rejects.toThrow(
        /jobs\/s\.json:1: 'schedule' belongs in the \.schedule\.json file/,
      );
    });
  });

  it('exports 1,500 jobs and a job with 250 tasks completely', async () => {
    await withEmulators(async (primary) => {
      const jobs = primary.state.jobs;
      for (let i = 0; i < 1500; i++)
        jobs.create(
          {
            name: `job ${String(i).padStart(4, '0')}`,
            tasks: [{ task_key: 't', notebook_task: { notebook_path: `/n/${i}` } }],
          },
          { singleTaskAllowed: false },
        );
      jobs.create(
        {
          name: 'wide',
          tasks: Array.from({ length: 250 }, (_, i) => ({
            task_key: `t${i}`,
            notebook_task: { notebook_path: `/w/${i}` },
          })),
          job_clusters: Array.from({ length: 120 }, (_, i) => ({
            job_cluster_key: `c${i}`,
            new_cluster: { num_workers: i },
          })),
        },
        { singleTaskAllowed: false },
      );
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary, 16), repo);
      const files = [...(await readTree(path.join(snapshotOf(repo), 'jobs'))).keys()];
      expect(files).toHaveLength(1501);
      expect(files).toContain('job_1499.json');
      const wide = await readJson(path.join(snapshotOf(repo), 'jobs/wide.json'));
      expect((wide.tasks as JsonObject[]).map((t) => t.task_key)).toEqual(
        Array.from({ length: 250 }, (_, i) => `t${i}`),
      );
      expect(wide.job_clusters).toHaveLength(120);
      // Only the job whose arrays the list truncated was fetched, page by page.
      expect(primary.countRequests({ path: '/api/2.2/jobs/get' })).toBe(3);
    });
  });
});

describe('jobs on compute', () => {
  it('restore with every cluster, pool and policy id pointing at the secondary objects', async () => {
    await withEmulators(async (primary, secondary) => {
      const compute = primary.state.compute;
      const cluster = compute.createCluster({
        cluster_name: 'shared',
        spark_version: '15.4.x-scala2.12',
        node_type_id: 'Standard_DS3_v2',
        num_workers: 1,
      });
      const pool = compute.createPool({ instance_pool_name: 'etl pool', node_type_id: 'Standard_DS3_v2' });
      const policy = compute.createPolicy({
        name: 'small',
        definition: '{"num_workers":{"type":"range","maxValue":4}}',
      });
      const onPool = {
        spark_version: '15.4.x-scala2.12',
        instance_pool_id: pool.instance_pool_id,
        driver_instance_pool_id: pool.instance_pool_id,
        policy_id: policy.policy_id,
        num_workers: 2,
      };
      primary.state.jobs.create(
        {
          name: 'On compute',
          job_clusters: [{ job_cluster_key: 'jc', new_cluster: onPool }],
          tasks: [
            {
              task_key: 'a',
              existing_cluster_id: cluster.cluster_id,
              notebook_task: { notebook_path: '/a' },
            },
            { task_key: 'b', job_cluster_key: 'jc', notebook_task: { notebook_path: '/b' } },
            {
              task_key: 'c',
              for_each_task: {
                inputs: '[1]',
                task: { task_key: 'c1', new_cluster: onPool, notebook_task: { notebook_path: '/c' } },
              },
            },
          ],
        },
        { singleTaskAllowed: false },
      );
      const repo = await tempDir();
      const exported = await exportWorkspace(clientFor(primary), repo);
      expect(referenceWarnings(exported.report)).toEqual([]);
      const file = await readJson(path.join(snapshotOf(repo), 'jobs/on_compute.json'));
      const refCluster = {
        spark_version: '15.4.x-scala2.12',
        instance_pool_id: '${resources.instance_pools.etl_pool.id}',
        driver_instance_pool_id: '${resources.instance_pools.etl_pool.id}',
        policy_id: '${resources.cluster_policies.small.id}',
        num_workers: 2,
        // What the service fills in and answers (databricks/cli libs/testserver/jobs.go jobFixUps; Azure).
        azure_attributes: { availability: 'ON_DEMAND_AZURE', first_on_demand: 1, spot_bid_max_price: -1 },
        data_security_mode: 'SINGLE_USER',
        enable_elastic_disk: true,
      };
      expect(file.job_clusters).toEqual([{ job_cluster_key: 'jc', new_cluster: refCluster }]);
      expect((file.tasks as JsonObject[])[0].existing_cluster_id).toBe('${resources.clusters.shared.id}');
      expect(((file.tasks as JsonObject[])[2].for_each_task as JsonObject).task).toMatchObject({
        new_cluster: refCluster,
      });

      const applied = await applyJobs(clientFor(secondary), snapshotOf(repo));
      expect(applied.failed).toBe(0);
      const s = secondary.state.compute;
      const job = jobsByName(secondary).get('On compute')?.settings as JsonObject;
      const tasks = job.tasks as JsonObject[];
      const secondaryCluster = tasks[0].existing_cluster_id as string;
      expect(s.getCluster(secondaryCluster)).toBeDefined();
      expect(secondaryCluster).not.toBe(cluster.cluster_id);
      const jc = (job.job_clusters as JsonObject[])[0].new_cluster as JsonObject;
      expect(s.getPool(jc.instance_pool_id as string)).toBeDefined();
      expect(jc.instance_pool_id).not.toBe(pool.instance_pool_id);
      expect(jc.driver_instance_pool_id).toBe(jc.instance_pool_id);
      expect(s.getPolicy(jc.policy_id as string)).toBeDefined();
      expect(jc.policy_id).not.toBe(policy.policy_id);
      expect((tasks[2].for_each_task as JsonObject).task).toMatchObject({
        new_cluster: { instance_pool_id: jc.instance_pool_id, policy_id: jc.policy_id },
      });

      secondary.clearRequests();
      expect((await applyJobs(clientFor(secondary), snapshotOf(repo))).plan.hasChanges).toBe(false);
      expect(writes(secondary)).toEqual([]);
    });
  });
});

describe('normalizeJob', () => {
  const ids: Record<string, string> = {
    'clusters:c-1': 'shared',
    'instance_pools:p-1': 'pool',
    'instance_pools:p-2': 'driver_pool',
    'cluster_policies:POL1': 'policy',
    'jobs:42': 'child',
    'pipelines:pl-1': 'dlt',
    'sql_warehouses:wh-1': 'wh',
  };
  const warnings: string[] = [];
  const n = {
    ref: (kind: string, id: unknown) =>
      ids[`${kind}:${String(id)}`] ? `\${resources.${kind}.${ids[`${kind}:${String(id)}`]}.id}` : undefined,
    warn: (m: string) => warnings.push(m),
  };
  const cluster = {
    instance_pool_id: 'p-1',
    driver_instance_pool_id: 'p-2',
    policy_id: 'POL1',
    num_workers: 1,
  };
  const refCluster = {
    instance_pool_id: '${resources.instance_pools.pool.id}',
    driver_instance_pool_id: '${resources.instance_pools.driver_pool.id}',
    policy_id: '${resources.cluster_policies.policy.id}',
    num_workers: 1,
  };

  it('makes every id of §10.2 symbolic, recursively through for_each_task', () => {
    const out = normalizeJob(
      {
        job_id: 7,
        created_time: 1,
        settings: {
          name: 'all',
          format: 'MULTI_TASK',
          deployment: { kind: 'BUNDLE' },
          git_source: { git_url: 'u', git_provider: 'gitHub', git_snapshot: { used_commit: 'abc' } },
          job_clusters: [{ job_cluster_key: 'jc', new_cluster: cluster }],
          tasks: [
            {
              task_key: 'a',
              existing_cluster_id: 'c-1',
              notebook_task: { notebook_path: '/x', warehouse_id: 'wh-1' },
            },
            { task_key: 'b', new_cluster: cluster, pipeline_task: { pipeline_id: 'pl-1' } },
            { task_key: 'c', sql_task: { warehouse_id: 'wh-1', query: { query_id: 'q-9' } } },
            {
              task_key: 'd',
              for_each_task: {
                inputs: '[]',
                task: {
                  task_key: 'd1',
                  new_cluster: cluster,
                  existing_cluster_id: 'c-1',
                  run_job_task: { job_id: 42 },
                },
              },
            },
          ],
        },
      },
      n,
    );
    expect(out).toEqual({
      name: 'all',
      git_source: { git_url: 'u', git_provider: 'gitHub' },
      job_clusters: [{ job_cluster_key: 'jc', new_cluster: refCluster }],
      tasks: [
        {
          task_key: 'a',
          existing_cluster_id: '${resources.clusters.shared.id}',
          notebook_task: { notebook_path: '/x', warehouse_id: '${resources.sql_warehouses.wh.id}' },
        },
        {
          task_key: 'b',
          new_cluster: refCluster,
          pipeline_task: { pipeline_id: '${resources.pipelines.dlt.id}' },
        },
        {
          task_key: 'c',
          sql_task: {
            warehouse_id: '${resources.sql_warehouses.wh.id}',
            // Queries are not exported: a marker that apply refuses, not an id that means nothing there.
            query: { query_id: '${resources.queries.unexported_q-9.id}' },
          },
        },
        {
          task_key: 'd',
          for_each_task: {
            inputs: '[]',
            task: {
              task_key: 'd1',
              new_cluster: refCluster,
              existing_cluster_id: '${resources.clusters.shared.id}',
              run_job_task: { job_id: '${resources.jobs.child.id}' },
            },
          },
        },
      ],
    });
    expect(warnings).toEqual([
      expect.stringContaining('tasks[c].sql_task.query.query_id: no exported queries object has the id q-9'),
    ]);
  });
});

describe('normalizeJob: ids outside the exported objects (§10.2)', () => {
  it('keeps and reports external ids, marks workspace objects that are not exported', () => {
    const warnings: string[] = [];
    const n = { ref: () => undefined, warn: (m: string) => warnings.push(m) };
    const out = normalizeJob(
      {
        settings: {
          name: 'x',
          budget_policy_id: 'bp-1',
          usage_policy_id: 'up-1',
          job_clusters: [{ job_cluster_key: 'jc', serverless_compute_id: 'sc-1' }],
          tasks: [
            {
              task_key: 'gpu',
              gen_ai_compute_task: { dl_runtime_image: 'i', compute: { gpu_node_pool_id: 'gp-1' } },
            },
            {
              task_key: 'pbi',
              power_bi_task: { connection_resource_name: 'pbi_conn', power_bi_gateway_id: 'gw-1' },
            },
            {
              task_key: 'dbt',
              dbt_cloud_task: { connection_resource_name: 'dbt_conn', dbt_cloud_job_id: 77 },
            },
            { task_key: 'dbtp', dbt_platform_task: { dbt_platform_job_id: '88' } },
            { task_key: 'genie', genie_task: { configuration_id: 'g-1' } },
            {
              task_key: 'room',
              clean_rooms_notebook_task: { clean_room_name: 'shared_room', notebook_name: 'nb' },
            },
          ],
        },
      },
      n,
    );
    expect(out).toEqual({
      name: 'x',
      budget_policy_id: 'bp-1',
      usage_policy_id: 'up-1',
      job_clusters: [
        {
          job_cluster_key: 'jc',
          serverless_compute_id: '${resources.serverless_compute.unexported_sc-1.id}',
        },
      ],
      tasks: [
        {
          task_key: 'gpu',
          gen_ai_compute_task: {
            dl_runtime_image: 'i',
            compute: { gpu_node_pool_id: '${resources.gpu_node_pools.unexported_gp-1.id}' },
          },
        },
        {
          task_key: 'pbi',
          power_bi_task: { connection_resource_name: 'pbi_conn', power_bi_gateway_id: 'gw-1' },
        },
        { task_key: 'dbt', dbt_cloud_task: { connection_resource_name: 'dbt_conn', dbt_cloud_job_id: 77 } },
        { task_key: 'dbtp', dbt_platform_task: { dbt_platform_job_id: '88' } },
        {
          task_key: 'genie',
          genie_task: { configuration_id: '${resources.genie_spaces.unexported_g-1.id}' },
        },
        {
          task_key: 'room',
          clean_rooms_notebook_task: { clean_room_name: 'shared_room', notebook_name: 'nb' },
        },
      ],
    });
    const kept = warnings.filter((w) => w.includes('kept as is: external object'));
    expect(kept.map((w) => w.split(' ')[0]).sort()).toEqual([
      'settings.budget_policy_id',
      'settings.usage_policy_id',
      'tasks[dbt].dbt_cloud_task.connection_resource_name',
      'tasks[dbt].dbt_cloud_task.dbt_cloud_job_id',
      'tasks[dbtp].dbt_platform_task.dbt_platform_job_id',
      'tasks[pbi].power_bi_task.connection_resource_name',
      'tasks[pbi].power_bi_task.power_bi_gateway_id',
      'tasks[room].clean_rooms_notebook_task.clean_room_name',
    ]);
    expect(warnings.filter((w) => w.includes('written as'))).toHaveLength(3);
  });
});

describe('jobs naming objects that were not exported', () => {
  it('reports them on export and refuses the apply before anything is written, naming file and field', async () => {
    await withEmulators(async (primary, secondary) => {
      // A job cluster is never exported (its owner recreates it): a job naming one cannot be restored as is.
      primary.state.compute.seedCluster({
        cluster_id: '0101-000000-jobrun01',
        cluster_name: 'job-1-run-1',
        cluster_source: 'JOB',
        spark_version: '15.4.x-scala2.12',
        state: 'TERMINATED',
      });
      primary.state.jobs.create(
        {
          name: 'Orphan',
          tasks: [
            { task_key: 'ok', notebook_task: { notebook_path: '/a' } },
            {
              task_key: 'on_job_cluster',
              existing_cluster_id: '0101-000000-jobrun01',
              notebook_task: { notebook_path: '/b' },
            },
          ],
        },
        { singleTaskAllowed: false },
      );
      primary.state.jobs.create(
        { name: 'Fine', tasks: [{ task_key: 'ok', notebook_task: { notebook_path: '/a' } }] },
        { singleTaskAllowed: false },
      );
      const repo = await tempDir();
      const exported = await exportWorkspace(clientFor(primary), repo);
      const marker = '${resources.clusters.unexported_0101-000000-jobrun01.id}';
      const file = await readJson(path.join(snapshotOf(repo), 'jobs/orphan.json'));
      expect((file.tasks as JsonObject[])[1].existing_cluster_id).toBe(marker);
      expect(referenceWarnings(exported.report)).toEqual([
        {
          kind: 'jobs',
          key: 'orphan',
          reason: expect.stringContaining(
            'tasks[on_job_cluster].existing_cluster_id: no exported clusters object has the id 0101-000000-jobrun01',
          ),
        },
      ]);
      await expect(applyJobs(clientFor(secondary), snapshotOf(repo))).rejects.toThrow(
        /jobs\/orphan\.json:\d+: tasks\[1\]\.existing_cluster_id is \$\{resources\.clusters\.unexported_0101-000000-jobrun01\.id\}: the clusters object '0101-000000-jobrun01' it named was not exported/,
      );
      expect(writes(secondary)).toEqual([]);
    });
  });
});

describe('demo sample jobs', () => {
  it('export with their references and schedules, and restore', async () => {
    const { seedSampleJobs } = await import('../../src/emulator/sample-jobs.js');
    const { seedSampleWorkspace } = await import('../../src/emulator/sample.js');
    await withEmulators(async (primary, secondary) => {
      // The notebooks the jobs run are there: no warning about them.
      seedSampleWorkspace(primary);
      seedSampleJobs(primary);
      const repo = await tempDir();
      const exported = await exportWorkspace(clientFor(primary), repo);
      expect(exported.report.warnings.filter((w) => w.kind === 'jobs')).toEqual([]);
      const dir = snapshotOf(repo);
      expect([...(await readTree(path.join(dir, 'jobs'))).keys()]).toEqual([
        'legacy_weekly_report.json',
        'legacy_weekly_report.schedule.json',
        'orders_etl.json',
        'orders_etl.schedule.json',
        'orders_orchestrator.json',
        'orders_orchestrator.schedule.json',
      ]);
      expect(
        ((await readJson(path.join(dir, 'jobs/orders_orchestrator.json'))).tasks as JsonObject[])[0]
          .run_job_task,
      ).toEqual({
        job_id: '${resources.jobs.orders_etl.id}',
      });
      // The ETL's webhook names the on-call destination, restored with the URL from the 'secrets' input.
      expect((await readJson(path.join(dir, 'jobs/orders_etl.json'))).webhook_notifications).toEqual({
        on_failure: [{ id: '${resources.notification_destinations.on_call_webhook.id}' }],
      });
      const secretValues = {
        'notification_destinations/on_call_webhook/url': 'https://oncall.contoso.com/hooks/databricks',
        'notification_destinations/on_call_webhook/username': 'dbx',
      };
      expect((await applySnapshot(clientFor(secondary), dir, { secretValues })).failed).toBe(0);
      expect(secondary.state.jobs.size).toBe(3);
    });
  });
});

describe('system-managed jobs (deployment kind SYSTEM_MANAGED, read-only)', () => {
  const systemJob = (name: string) => ({
    name,
    deployment: { kind: 'SYSTEM_MANAGED' },
    tasks: [{ task_key: 'x', notebook_task: { notebook_path: '/system' } }],
  });

  it('are neither exported from the primary nor reset or deleted in the target, even with prune', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.jobs.create(systemJob('Usage refresh'), { singleTaskAllowed: false });
      primary.state.jobs.create(
        { name: 'Nightly', tasks: [{ task_key: 'x', notebook_task: { notebook_path: '/a' } }] },
        { singleTaskAllowed: false },
      );
      const repo = await tempDir();
      const exported = await exportWorkspace(clientFor(primary), repo);
      const dir = snapshotOf(repo);
      expect([...(await readTree(path.join(dir, 'jobs'))).keys()]).toEqual(['nightly.json']);
      expect(exported.report.skipped).toEqual([
        {
          kind: 'jobs',
          key: 'Usage refresh',
          reason: expect.stringContaining(
            'managed by Databricks and read-only (deployment kind SYSTEM_MANAGED)',
          ),
        },
      ]);

      // The secondary's own system jobs: one named like a job of the snapshot, one only there.
      const sameName = secondary.state.jobs.create(systemJob('Nightly'), { singleTaskAllowed: false });
      const only = secondary.state.jobs.create(systemJob('Usage refresh'), { singleTaskAllowed: false });
      const before = structuredClone([sameName.settings, only.settings]);
      const applied = await applyJobs(clientFor(secondary), dir, { prune: true });
      expect(applied.failed).toBe(0);
      expect(applied.plan.changes.filter((c) => c.kind === 'jobs').map((c) => [c.key, c.action])).toEqual([
        ['nightly', 'create'],
      ]);
      expect(secondary.state.jobs.get(sameName.job_id)?.settings).toEqual(before[0]);
      expect(secondary.state.jobs.get(only.job_id)?.settings).toEqual(before[1]);
      const touched = secondary.requests.filter(
        (r) =>
          /\/jobs\/(reset|update|delete)$/.test(r.path) &&
          [sameName.job_id, only.job_id].includes(Number((r.body as JsonObject).job_id)),
      );
      expect(touched).toEqual([]);
      expect(secondary.state.jobs.size).toBe(3);

      // The created job and the system job of the same name stay apart: a second apply is a no-op.
      secondary.clearRequests();
      const again = await applyJobs(clientFor(secondary), dir, { prune: true });
      expect(again.plan.hasChanges).toBe(false);
      expect(writes(secondary)).toEqual([]);
    });
  });
});

describe('the key tag of same-named jobs and the 25-tag limit', () => {
  it('refuses, before any write, the job whose key tag would be its 26th tag; skip-unrestorable skips only it', async () => {
    await withEmulators(async (primary, secondary) => {
      const tags = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`t${i}`, 'v']));
      const job = (name: string, extra: JsonObject) => ({
        name,
        tasks: [{ task_key: 'x', notebook_task: { notebook_path: '/a' } }],
        ...extra,
      });
      // The oldest keeps the plain key, so it needs no tag: 25 tags are fine.
      primary.state.jobs.create(job('Report', { tags }), { singleTaskAllowed: false, createdTime: 1 });
      primary.state.jobs.create(job('Report', { tags }), { singleTaskAllowed: false, createdTime: 2 });
      primary.state.jobs.create(job('Report', { tags: { team: 'bi' } }), {
        singleTaskAllowed: false,
        createdTime: 3,
      });
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo);
      const message =
        "job 'Report' (key report_2) would have 26 tags with the 'databricks-dr-key: report_2' tag that tells it apart from the other jobs named 'Report', and a job can have at most 25: remove a tag from it, or rename it, in the primary";
      await expect(applyJobs(clientFor(secondary), snapshotOf(repo))).rejects.toThrow(
        `jobs/report_2.json: ${message} (fix the file, or set the 'skip-unrestorable' input`,
      );
      expect(writes(secondary)).toEqual([]);
      const applied = await applyJobs(clientFor(secondary), snapshotOf(repo), { skipUnrestorable: true });
      expect(applied.failed).toBe(0);
      expect(applied.report.manual).toEqual([
        expect.objectContaining({
          kind: 'jobs',
          key: 'report_2',
          reason: `restore jobs report_2 by hand: jobs/report_2.json: ${message}; the file cannot be applied as it is`,
        }),
      ]);
      // The limit was checked before any request: the job was never sent.
      const created = secondary.state.jobs.all().map((j) => j.settings.tags as JsonObject);
      expect(created.map((t) => Object.keys(t).length).sort()).toEqual([2, 25]);
      expect(created.find((t) => t.team)).toEqual({ team: 'bi', 'databricks-dr-key': 'report_3' });
      expect(secondary.requests.filter((r) => r.path.endsWith('/jobs/create') && r.status !== 200)).toEqual(
        [],
      );
    });
  });
});
