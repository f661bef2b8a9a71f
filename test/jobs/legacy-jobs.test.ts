import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { normalizeJob, legacyForm } from '../../src/resources/jobs.js';
import { parseJson, type JsonObject } from '../../src/util/json.js';
import { clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';
import { applyJobs, jobsByName, snapshotOf, writes } from './helpers.js';

/**
 * Issue 12 item 2: legacy (API 2.0 shaped) single-task jobs, every top-level field of the 2.0 form
 * (terraform-provider-databricks jobs/resource_job.go, "BEGIN Jobs API 2.0"), created through /api/2.0 as
 * the seed guide's legacy CLI does, read back through 2.2 in the multi-task form the service answers.
 */
describe('legacy 2.0 single-task jobs', () => {
  it('export with every top-level id symbolic, restore to an empty target, and converge', async () => {
    await withEmulators(async (primary, secondary) => {
      const p = clientFor(primary);
      const compute = primary.state.compute;
      const cluster = compute.createCluster({
        cluster_name: 'legacy shared',
        spark_version: '15.4.x-scala2.12',
        node_type_id: 'Standard_DS3_v2',
        num_workers: 1,
      });
      const pool = compute.createPool({ instance_pool_name: 'legacy pool', node_type_id: 'Standard_DS3_v2' });
      const policy = compute.createPolicy({ name: 'legacy policy', definition: '{}' });
      const pipeline = primary.state.pipelines.create({
        name: 'legacy dlt',
        libraries: [{ notebook: { path: '/Shared/dlt' } }],
      });
      const newCluster = {
        spark_version: '15.4.x-scala2.12',
        instance_pool_id: pool.instance_pool_id,
        policy_id: policy.policy_id,
        num_workers: 1,
      };
      const create = async (settings: JsonObject) =>
        (await p.post<JsonObject>('/api/2.0/jobs/create', settings)).job_id;
      const child = await create({ name: 'legacy child', existing_cluster_id: cluster.cluster_id });
      await create({
        // The case of the issue: a cluster and nothing else that marks the 2.0 form.
        name: 'legacy cluster only',
        existing_cluster_id: cluster.cluster_id,
        libraries: [{ jar: 'dbfs:/FileStore/jars/a.jar' }],
      });
      await create({
        name: 'legacy jar',
        existing_cluster_id: cluster.cluster_id,
        spark_jar_task: { main_class_name: 'com.example.Main', parameters: ['--full'] },
        libraries: [{ jar: 'dbfs:/FileStore/jars/a.jar' }],
        max_retries: 3,
        min_retry_interval_millis: 5000,
        retry_on_timeout: true,
        timeout_seconds: 3600,
      });
      await create({
        name: 'legacy python',
        new_cluster: newCluster,
        spark_python_task: { python_file: 'dbfs:/FileStore/x.py', parameters: ['a'] },
      });
      await create({
        name: 'legacy submit',
        new_cluster: newCluster,
        spark_submit_task: { parameters: ['--class', 'com.example.Main', 'dbfs:/FileStore/jars/a.jar'] },
      });
      await create({
        name: 'legacy wheel',
        existing_cluster_id: cluster.cluster_id,
        python_wheel_task: { package_name: 'pkg', entry_point: 'main' },
        libraries: [{ whl: 'dbfs:/FileStore/wheels/pkg-1.0-py3-none-any.whl' }],
      });
      await create({ name: 'legacy pipeline', pipeline_task: { pipeline_id: pipeline.pipeline_id } });
      await create({ name: 'legacy run job', run_job_task: { job_id: child } });
      await create({
        name: 'legacy notebook',
        new_cluster: newCluster,
        notebook_task: { notebook_path: '/Shared/legacy', base_parameters: { a: '1' } },
      });

      const repo = await tempDir();
      await exportWorkspace(p, repo);
      const dir = path.join(snapshotOf(repo), 'jobs');
      const file = async (key: string) =>
        parseJson(await fs.readFile(path.join(dir, `${key}.json`), 'utf8')) as JsonObject;
      const clusterRef = '${resources.clusters.legacy_shared.id}';
      const poolRef = '${resources.instance_pools.legacy_pool.id}';
      const policyRef = '${resources.cluster_policies.legacy_policy.id}';
      for (const key of ['legacy_cluster_only', 'legacy_jar', 'legacy_wheel', 'legacy_child']) {
        const f = await file(key);
        expect(f.existing_cluster_id).toBe(clusterRef);
        expect(f).not.toHaveProperty('tasks');
      }
      for (const key of ['legacy_python', 'legacy_submit', 'legacy_notebook'])
        expect((await file(key)).new_cluster).toMatchObject({
          instance_pool_id: poolRef,
          policy_id: policyRef,
        });
      expect(await file('legacy_jar')).toMatchObject({
        max_retries: 3,
        min_retry_interval_millis: 5000,
        retry_on_timeout: true,
        timeout_seconds: 3600,
        spark_jar_task: { main_class_name: 'com.example.Main' },
      });
      expect((await file('legacy_pipeline')).pipeline_task).toEqual({
        pipeline_id: '${resources.pipelines.legacy_dlt.id}',
      });
      expect((await file('legacy_run_job')).run_job_task).toEqual({
        job_id: '${resources.jobs.legacy_child.id}',
      });
      // No raw id of the primary anywhere in a job file.
      for (const name of await fs.readdir(dir)) {
        const text = await fs.readFile(path.join(dir, name), 'utf8');
        for (const id of [cluster.cluster_id, pool.instance_pool_id, policy.policy_id, pipeline.pipeline_id])
          expect(text).not.toContain(id);
      }

      // Restore to an empty target: the clusters, pools, policies and pipeline first, then the jobs.
      const applied = await applyJobs(clientFor(secondary), snapshotOf(repo));
      expect(applied.failed).toBe(0);
      const jobs = jobsByName(secondary);
      const s = secondary.state.compute;
      const restored = (name: string) => jobs.get(name)?.settings as JsonObject;
      for (const name of ['legacy cluster only', 'legacy jar', 'legacy wheel', 'legacy child']) {
        const id = restored(name).existing_cluster_id as string;
        expect(s.getCluster(id)).toBeDefined();
        expect(id).not.toBe(cluster.cluster_id);
        // Written through 2.0, so the target holds the same kind of job.
        expect(restored(name).format).toBe('SINGLE_TASK');
      }
      expect(restored('legacy run job').run_job_task).toEqual({ job_id: jobs.get('legacy child')?.id });
      expect(
        s.getPool((restored('legacy python').new_cluster as JsonObject).instance_pool_id as string),
      ).toBeDefined();

      secondary.clearRequests();
      const second = await applyJobs(clientFor(secondary), snapshotOf(repo));
      expect(second.plan.hasChanges).toBe(false);
      expect(writes(secondary)).toEqual([]);
    });
  });

  it('takes a 2.2 answer of a legacy job back to the 2.0 form, and keeps a task the 2.0 form cannot hold', () => {
    const answered = {
      name: 'L',
      format: 'SINGLE_TASK',
      timeout_seconds: 60,
      email_notifications: {},
      tasks: [
        {
          task_key: 'L',
          existing_cluster_id: 'c1',
          notebook_task: { notebook_path: '/a' },
          run_if: 'ALL_SUCCESS',
          email_notifications: {},
          timeout_seconds: 60,
        },
      ],
    };
    expect(legacyForm(answered)).toEqual({
      name: 'L',
      format: 'SINGLE_TASK',
      timeout_seconds: 60,
      email_notifications: {},
      existing_cluster_id: 'c1',
      notebook_task: { notebook_path: '/a' },
    });
    const described = { ...answered, tasks: [{ ...answered.tasks[0], description: 'x' }] };
    expect(legacyForm(described)).toBe(described);
    const multi = { ...answered, format: 'MULTI_TASK' };
    expect(legacyForm(multi)).toBe(multi);
    // normalize does the same and then makes the top-level ids symbolic.
    const warnings: string[] = [];
    const settings = normalizeJob(
      { job_id: 1, settings: answered },
      {
        ref: (kind, id) =>
          kind === 'clusters' && id === 'c1' ? '${resources.clusters.shared.id}' : undefined,
        warn: (m) => warnings.push(m),
      },
    );
    expect(settings.existing_cluster_id).toBe('${resources.clusters.shared.id}');
    expect(settings).not.toHaveProperty('tasks');
  });
});
