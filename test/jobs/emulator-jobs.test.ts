import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { isJsonObject, type JsonObject } from '../../src/util/json.js';
import { clientFor } from '../helpers/harness.js';
import { FIXTURES } from './helpers.js';
import { ApiError } from '../../src/databricks/errors.js';
import { getJob } from '../../src/resources/jobs.js';

let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator();
});
afterEach(async () => {
  await emulator.stop();
});

const tasks = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ task_key: `t${i}`, notebook_task: { notebook_path: `/nb/${i}` } }));

describe('jobs emulator', () => {
  it('seeds the fixtures, skipping the invalid one with a reason', () => {
    const { loaded, skipped } = emulator.state.jobs.seedFromFixtures(FIXTURES);
    expect(loaded.map((j) => j.job_id)).toEqual([12, 14, 15, 17]);
    expect(skipped).toHaveLength(1);
    expect(skipped[0].file).toBe('get-job-16.json');
    expect(skipped[0].reason).toMatch(/not valid JSON/);
  });

  it('creates, gets with output fields, resets, updates by key, deletes', async () => {
    const client = clientFor(emulator);
    const { job_id } = await client.post<JsonObject>('/api/2.2/jobs/create', {
      name: 'Nightly',
      tasks: tasks(2),
      job_clusters: [
        { job_cluster_key: 'c', new_cluster: { num_workers: 1, spark_version: '15.4.x-scala2.12' } },
      ],
    });
    expect(typeof job_id).toBe('number');
    expect(Number(job_id)).toBeGreaterThan(1e15);
    const got = await client.get<JsonObject>('/api/2.1/jobs/get', { job_id: String(job_id) });
    expect(got).toMatchObject({
      job_id,
      creator_user_name: 'admin@example.com',
      run_as_user_name: 'admin@example.com',
    });
    expect(typeof got.created_time).toBe('number');
    expect(got.settings).toMatchObject({ format: 'MULTI_TASK', max_concurrent_runs: 1, timeout_seconds: 0 });

    await client.post('/api/2.2/jobs/update', {
      job_id,
      new_settings: {
        description: 'd',
        tasks: [
          { task_key: 't1', notebook_task: { notebook_path: '/x' } },
          { task_key: 'new', notebook_task: { notebook_path: '/y' } },
        ],
      },
      fields_to_remove: ['tasks/t0', 'job_clusters/c'],
    });
    const updated = emulator.state.jobs.get(job_id)?.settings as JsonObject;
    expect(updated.description).toBe('d');
    expect(
      (updated.tasks as JsonObject[]).map((t) => [t.task_key, (t.notebook_task as JsonObject).notebook_path]),
    ).toEqual([
      ['t1', '/x'],
      ['new', '/y'],
    ]);
    expect(updated.job_clusters).toEqual([]);

    await client.post('/api/2.0/jobs/reset', { job_id, new_settings: { name: 'Renamed' } });
    expect(emulator.state.jobs.get(job_id)?.settings).toEqual({
      name: 'Renamed',
      email_notifications: {},
      webhook_notifications: {},
      max_concurrent_runs: 1,
      timeout_seconds: 0,
      format: 'MULTI_TASK',
    });
    await client.post('/api/2.2/jobs/delete', { job_id });
    const error = await client.get('/api/2.2/jobs/get', { job_id: String(job_id) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect((error as ApiError).message).toContain(`Job ${String(job_id)} does not exist.`);
  });

  it('keeps 2.0 single-task jobs in their shape and refuses them on 2.2', async () => {
    const client = clientFor(emulator);
    emulator.state.compute.seedCluster({
      cluster_id: 'c1',
      cluster_name: 'c1',
      spark_version: '15.4.x-scala2.12',
    });
    const legacy = {
      name: 'Legacy',
      existing_cluster_id: 'c1',
      notebook_task: { notebook_path: '/a' },
      max_retries: 1,
    };
    const { job_id } = await client.post<JsonObject>('/api/2.0/jobs/create', legacy);
    const v20 = await client.get<JsonObject>('/api/2.0/jobs/get', { job_id: String(job_id) });
    expect(v20.settings).toMatchObject({ ...legacy, format: 'SINGLE_TASK' });
    // 2.1 and 2.2 answer in the multi-task form ("responses are structured in the multi-task format",
    // docs.databricks.com/reference/jobs-api-2-1-updates.html): the task fields move into one task.
    for (const version of ['2.1', '2.2']) {
      const got = await client.get<JsonObject>(`/api/${version}/jobs/get`, { job_id: String(job_id) });
      const settings = got.settings as JsonObject;
      expect(settings).toMatchObject({ name: 'Legacy', format: 'SINGLE_TASK', timeout_seconds: 0 });
      expect(settings).not.toHaveProperty('existing_cluster_id');
      expect(settings.tasks).toEqual([
        {
          task_key: 'Legacy',
          existing_cluster_id: 'c1',
          notebook_task: { notebook_path: '/a' },
          max_retries: 1,
          run_if: 'ALL_SUCCESS',
          email_notifications: {},
          timeout_seconds: 0,
        },
      ]);
      const listed = await client.get<JsonObject>(`/api/${version}/jobs/list`, { expand_tasks: true });
      expect(((listed.jobs as JsonObject[])[0].settings as JsonObject).tasks).toEqual(settings.tasks);
    }
    await expect(client.post('/api/2.2/jobs/create', legacy)).rejects.toThrow(
      /only accepted by \/api\/2.0\/jobs/,
    );
  });

  it('refuses settings that name clusters, pools, policies, jobs or pipelines that do not exist', async () => {
    const client = clientFor(emulator);
    const compute = emulator.state.compute;
    const cluster = compute.createCluster({
      cluster_name: 'c',
      spark_version: '15.4.x-scala2.12',
      node_type_id: 'Standard_DS3_v2',
    });
    const pool = compute.createPool({ instance_pool_name: 'p', node_type_id: 'Standard_DS3_v2' });
    const child = emulator.state.jobs.create(
      { name: 'child', tasks: tasks(1) },
      { singleTaskAllowed: false },
    );
    const fine = {
      name: 'ok',
      job_clusters: [
        {
          job_cluster_key: 'jc',
          new_cluster: { spark_version: '15.4.x-scala2.12', instance_pool_id: pool.instance_pool_id },
        },
      ],
      tasks: [
        { task_key: 'a', existing_cluster_id: cluster.cluster_id, notebook_task: { notebook_path: '/a' } },
        { task_key: 'b', run_job_task: { job_id: child.job_id } },
      ],
    };
    const { job_id } = await client.post<JsonObject>('/api/2.2/jobs/create', fine);
    const refused = async (
      settings: JsonObject,
      code: string,
      message: RegExp,
      call: (s: JsonObject) => Promise<unknown> = (s) => client.post('/api/2.2/jobs/create', s),
    ) => {
      const error = await call(settings).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ errorCode: code });
      expect((error as Error).message).toMatch(message);
    };
    const task = (t: JsonObject) => ({ name: 'bad', tasks: [{ task_key: 'x', ...t }] });
    await refused(
      task({ existing_cluster_id: '0101-000000-gone0000', notebook_task: { notebook_path: '/a' } }),
      'INVALID_PARAMETER_VALUE',
      /Cluster 0101-000000-gone0000 does not exist/,
    );
    await refused(
      task({ run_job_task: { job_id: 404 } }),
      'INVALID_PARAMETER_VALUE',
      /Job 404 does not exist/,
    );
    await refused(
      task({ pipeline_task: { pipeline_id: '0d8d8a5c-0000-0000-0000-000000000000' } }),
      'RESOURCE_DOES_NOT_EXIST',
      /Pipeline .* does not exist/,
    );
    await refused(
      {
        name: 'bad',
        job_clusters: [
          {
            job_cluster_key: 'jc',
            new_cluster: { spark_version: '15.4.x-scala2.12', policy_id: 'ABCDEF0123456789' },
          },
        ],
      },
      'INVALID_PARAMETER_VALUE',
      /Can't find a cluster policy with id: ABCDEF0123456789/,
    );
    await refused(
      task({
        for_each_task: {
          inputs: '[1]',
          task: {
            task_key: 'y',
            new_cluster: { spark_version: '15.4.x-scala2.12', instance_pool_id: 'no-pool' },
          },
        },
      }),
      'INVALID_PARAMETER_VALUE',
      /Instance pool no-pool does not exist/,
    );
    await refused(
      {
        name: 'bad',
        job_clusters: [
          {
            job_cluster_key: 'gpu',
            new_cluster: {
              spark_version: '15.4.x-gpu-ml-scala2.12',
              node_type_id: 'Standard_NC6',
              num_workers: 1,
            },
          },
        ],
      },
      'INVALID_PARAMETER_VALUE',
      /Node type Standard_NC6 is not supported/,
    );
    await refused(
      task({
        new_cluster: { spark_version: '4.0.x-scala2.11', node_type_id: 'Standard_DS3_v2' },
        notebook_task: { notebook_path: '/a' },
      }),
      'INVALID_PARAMETER_VALUE',
      /Invalid spark version 4\.0\.x-scala2\.11/,
      (s) => client.post('/api/2.2/jobs/reset', { job_id, new_settings: s }),
    );
    // A legacy single-task job names its cluster at the top; reset and update are checked as create is.
    await refused(
      { name: 'legacy', existing_cluster_id: 'gone', notebook_task: { notebook_path: '/a' } },
      'INVALID_PARAMETER_VALUE',
      /Cluster gone does not exist/,
      (s) => client.post('/api/2.0/jobs/create', s),
    );
    await refused(
      task({ existing_cluster_id: 'gone', notebook_task: { notebook_path: '/a' } }),
      'INVALID_PARAMETER_VALUE',
      /Cluster gone does not exist/,
      (s) => client.post('/api/2.2/jobs/reset', { job_id, new_settings: s }),
    );
    await refused(
      { tasks: [{ task_key: 'b', run_job_task: { job_id: 404 } }] },
      'INVALID_PARAMETER_VALUE',
      /Job 404 does not exist/,
      (s) => client.post('/api/2.2/jobs/update', { job_id, new_settings: s }),
    );
    // Nothing was written by the refused calls.
    expect(emulator.state.jobs.get(job_id)?.settings).toMatchObject({ name: 'ok' });
    expect(emulator.state.jobs.size).toBe(2);
  });

  it('lists with limit, tokens, offset, name and expand_tasks', async () => {
    const client = clientFor(emulator);
    for (let i = 0; i < 45; i++)
      emulator.state.jobs.create({ name: `job ${i}`, tasks: tasks(1) }, { singleTaskAllowed: false });
    await expect(client.get('/api/2.2/jobs/list', { limit: 101 })).rejects.toThrow(/between 1 and 100/);
    const first = await client.get<JsonObject>('/api/2.2/jobs/list', { limit: 20 });
    expect((first.jobs as JsonObject[]).length).toBe(20);
    // 2.2 has no root has_more (OpenMetadata PR #33204); 2.1 still answers it.
    expect(first).not.toHaveProperty('has_more');
    expect(first.next_page_token).toEqual(expect.any(String));
    expect((await client.get<JsonObject>('/api/2.1/jobs/list', { limit: 20 })).has_more).toBe(true);
    expect((first.jobs as JsonObject[])[0].settings).not.toHaveProperty('tasks');
    const names: string[] = [];
    for await (const job of client.paginate<JsonObject>('/api/2.1/jobs/list', 'jobs', {
      limit: 7,
      expand_tasks: true,
    })) {
      names.push(String((job.settings as JsonObject).name));
      expect((job.settings as JsonObject).tasks).toHaveLength(1);
    }
    expect(names).toEqual(Array.from({ length: 45 }, (_, i) => `job ${i}`));
    const offset = await client.get<JsonObject>('/api/2.1/jobs/list', { offset: 40, limit: 10 });
    expect((offset.jobs as JsonObject[]).map((j) => (j.settings as JsonObject).name)).toEqual([
      'job 40',
      'job 41',
      'job 42',
      'job 43',
      'job 44',
    ]);
    expect(offset.has_more).toBe(false);
    // Past 1000 the deprecated offset is refused, as in production; tokens list any number of jobs.
    await expect(client.get('/api/2.2/jobs/list', { offset: 1001 })).rejects.toMatchObject({
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
      message: expect.stringMatching(/^The supplied offset 1001 has exceeded the value of 1000/),
    });
    expect(await client.get<JsonObject>('/api/2.2/jobs/list', { offset: 1000 })).toEqual({});

    // prev_page_token goes back a page: from the third page of 20 to the second, and from there to the first.
    const nameOf = (page: JsonObject) =>
      (page.jobs as JsonObject[]).map((j) => (j.settings as JsonObject).name);
    expect(first).not.toHaveProperty('prev_page_token');
    const second = await client.get<JsonObject>('/api/2.2/jobs/list', {
      limit: 20,
      page_token: String(first.next_page_token),
    });
    const third = await client.get<JsonObject>('/api/2.2/jobs/list', {
      limit: 20,
      page_token: String(second.next_page_token),
    });
    expect(nameOf(third)).toEqual(names.slice(40));
    expect(third).not.toHaveProperty('next_page_token');
    const back = await client.get<JsonObject>('/api/2.2/jobs/list', {
      limit: 20,
      page_token: String(third.prev_page_token),
    });
    expect(nameOf(back)).toEqual(nameOf(second));
    expect(back.next_page_token).toEqual(expect.any(String));
    const front = await client.get<JsonObject>('/api/2.2/jobs/list', {
      limit: 20,
      page_token: String(back.prev_page_token),
    });
    expect(nameOf(front)).toEqual(names.slice(0, 20));
    expect(front).not.toHaveProperty('prev_page_token');
    const named = await client.get<JsonObject>('/api/2.2/jobs/list', { name: 'JOB 7' });
    expect((named.jobs as JsonObject[]).map((j) => j.job_id)).toHaveLength(1);
    const none = await client.get<JsonObject>('/api/2.2/jobs/list', { name: 'nope' });
    expect(none).toEqual({});
    // API 2.0 lists every job in one answer, whatever limit says: the legacy CLI never pages it
    // (databricks/databricks-cli databricks_cli/jobs/cli.py list_cli: paging "only available in API 2.1").
    const all = await client.get<JsonObject>('/api/2.0/jobs/list');
    expect((all.jobs as JsonObject[]).map((j) => (j.settings as JsonObject).name)).toEqual(names);
    expect(all).not.toHaveProperty('has_more');
    expect(all).not.toHaveProperty('next_page_token');
  });

  it('pages tasks beyond 100 on 2.2 only', async () => {
    const client = clientFor(emulator);
    const job = emulator.state.jobs.create({ name: 'big', tasks: tasks(250) }, { singleTaskAllowed: false });
    const v21 = await client.get<JsonObject>('/api/2.1/jobs/get', { job_id: String(job.job_id) });
    expect((v21.settings as JsonObject).tasks).toHaveLength(250);
    const p1 = await client.get<JsonObject>('/api/2.2/jobs/get', { job_id: String(job.job_id) });
    expect((p1.settings as JsonObject).tasks).toHaveLength(100);
    const p2 = await client.get<JsonObject>('/api/2.2/jobs/get', {
      job_id: String(job.job_id),
      page_token: String(p1.next_page_token),
    });
    const p3 = await client.get<JsonObject>('/api/2.2/jobs/get', {
      job_id: String(job.job_id),
      page_token: String(p2.next_page_token),
    });
    expect((p3.settings as JsonObject).tasks).toHaveLength(50);
    expect(p3.next_page_token).toBeUndefined();
    const listed = await client.get<JsonObject>('/api/2.2/jobs/list', { expand_tasks: true });
    const entry = (listed.jobs as JsonObject[])[0];
    expect(entry.has_more).toBe(true);
    expect(isJsonObject(entry.settings) && entry.settings.tasks).toHaveLength(100);
  });
});

describe('jobs emulator: new clusters', () => {
  it('refuses a new_cluster without spark_version unless a policy gives it, and never answers apply_policy_default_values', async () => {
    const client = clientFor(emulator);
    const policy = emulator.state.compute.createPolicy({ name: 'p', definition: '{}' });
    const job = (cluster: JsonObject) => ({
      name: 'J',
      tasks: [{ task_key: 'a', new_cluster: cluster, notebook_task: { notebook_path: '/a' } }],
    });
    for (const body of [
      job({ num_workers: 1, node_type_id: 'Standard_DS3_v2' }),
      { name: 'J', job_clusters: [{ job_cluster_key: 'c', new_cluster: { num_workers: 1 } }] },
    ])
      await expect(client.post('/api/2.2/jobs/create', body)).rejects.toMatchObject({
        status: 400,
        errorCode: 'INVALID_PARAMETER_VALUE',
        message: expect.stringMatching(/spark_version/),
      });
    await expect(
      client.post('/api/2.0/jobs/create', {
        name: 'L',
        new_cluster: { num_workers: 1 },
        notebook_task: { notebook_path: '/a' },
      }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/spark_version/) });
    const { job_id } = await client.post<JsonObject>(
      '/api/2.2/jobs/create',
      job({ num_workers: 1, policy_id: policy.policy_id, apply_policy_default_values: true }),
    );
    const got = await client.get<JsonObject>('/api/2.2/jobs/get', { job_id: String(job_id) });
    const task = ((got.settings as JsonObject).tasks as JsonObject[])[0];
    expect(task.new_cluster).not.toHaveProperty('apply_policy_default_values');
    expect(task).toMatchObject({ run_if: 'ALL_SUCCESS', email_notifications: {}, timeout_seconds: 0 });
    expect(task.new_cluster).toMatchObject({ data_security_mode: 'SINGLE_USER', enable_elastic_disk: true });
    expect(got.settings).toMatchObject({
      email_notifications: {},
      webhook_notifications: {},
      queue: { enabled: true },
    });
  });
});

describe('jobs/get 2.2 pages every long array, and getJob follows', () => {
  it('pages tasks, job_clusters, parameters and environments past 100 and getJob puts them together', async () => {
    const client = clientFor(emulator);
    const settings = {
      name: 'wide',
      tasks: tasks(130),
      job_clusters: Array.from({ length: 120 }, (_, i) => ({
        job_cluster_key: `c${i}`,
        new_cluster: { spark_version: '15.4.x-scala2.12', num_workers: 1 },
      })),
      parameters: Array.from({ length: 205 }, (_, i) => ({ name: `p${i}`, default: String(i) })),
      environments: Array.from({ length: 101 }, (_, i) => ({
        environment_key: `e${i}`,
        spec: { client: '1' },
      })),
    };
    const job = emulator.state.jobs.create(settings, { singleTaskAllowed: false });
    const first = await client.get<JsonObject>('/api/2.2/jobs/get', { job_id: String(job.job_id) });
    for (const field of ['tasks', 'job_clusters', 'parameters', 'environments'])
      expect((first.settings as JsonObject)[field]).toHaveLength(100);
    expect(first.next_page_token).toEqual(expect.any(String));
    const full = await getJob(client, job.job_id);
    const got = full.settings as JsonObject;
    expect((got.tasks as JsonObject[]).map((t) => t.task_key)).toEqual(settings.tasks.map((t) => t.task_key));
    expect((got.job_clusters as JsonObject[]).map((c) => c.job_cluster_key)).toEqual(
      settings.job_clusters.map((c) => c.job_cluster_key),
    );
    expect((got.parameters as JsonObject[]).map((p) => p.name)).toEqual(
      settings.parameters.map((p) => p.name),
    );
    expect(got.environments).toHaveLength(101);
    expect(full).not.toHaveProperty('next_page_token');
  });
});

describe('jobs emulator: system-managed jobs', () => {
  it('refuses to reset, update or delete a SYSTEM_MANAGED job, and to make one through the API', async () => {
    const client = clientFor(emulator);
    const job = emulator.state.jobs.create(
      { name: 'System', deployment: { kind: 'SYSTEM_MANAGED' } },
      { singleTaskAllowed: false },
    );
    const refused = async (call: Promise<unknown>) => {
      const error = (await call.catch((e: unknown) => e)) as ApiError;
      expect(error).toBeInstanceOf(ApiError);
      expect([error.status, error.errorCode]).toEqual([403, 'PERMISSION_DENIED']);
      expect(error.message).toMatch(/SYSTEM_MANAGED\) and is read-only/);
    };
    await refused(client.post('/api/2.2/jobs/reset', { job_id: job.job_id, new_settings: { name: 'x' } }));
    await refused(client.post('/api/2.2/jobs/update', { job_id: job.job_id, new_settings: { name: 'x' } }));
    await refused(client.post('/api/2.2/jobs/delete', { job_id: job.job_id }));
    expect(emulator.state.jobs.get(job.job_id)?.settings.name).toBe('System');
    await refused(
      client.post('/api/2.2/jobs/create', { name: 'Mine', deployment: { kind: 'SYSTEM_MANAGED' } }),
    );
    const { job_id: mine } = await client.post<JsonObject>('/api/2.2/jobs/create', { name: 'Mine' });
    await refused(
      client.post('/api/2.2/jobs/update', {
        job_id: mine,
        new_settings: { deployment: { kind: 'SYSTEM_MANAGED' } },
      }),
    );
    // A bundle-deployed job is an ordinary one.
    await client.post('/api/2.2/jobs/reset', {
      job_id: mine,
      new_settings: { name: 'Mine', deployment: { kind: 'BUNDLE', metadata_file_path: '/x' } },
    });
    await client.post('/api/2.2/jobs/delete', { job_id: mine });
  });
});

describe('jobs emulator: tags', () => {
  it('refuses more than 25 tags on create, reset and update (§10 limits)', async () => {
    const client = clientFor(emulator);
    const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, 'v']));
    const refused = async (call: Promise<unknown>) => {
      const error = (await call.catch((e: unknown) => e)) as ApiError;
      expect(error).toBeInstanceOf(ApiError);
      expect([error.status, error.errorCode, error.message]).toEqual([
        400,
        'INVALID_PARAMETER_VALUE',
        'A job can have at most 25 tags, got 26.',
      ]);
    };
    await refused(client.post('/api/2.2/jobs/create', { name: 'J', tags: tags(26) }));
    const { job_id } = await client.post<JsonObject>('/api/2.2/jobs/create', { name: 'J', tags: tags(25) });
    await refused(
      client.post('/api/2.2/jobs/reset', { job_id, new_settings: { name: 'J', tags: tags(26) } }),
    );
    // update replaces the whole tags map, so 26 in it are 26 on the job.
    await refused(client.post('/api/2.2/jobs/update', { job_id, new_settings: { tags: tags(26) } }));
    expect(Object.keys(emulator.state.jobs.get(job_id)?.settings.tags as JsonObject)).toHaveLength(25);
  });
});

describe('jobs emulator: run_as', () => {
  it('answers run_as_user_name from run_as (user, service principal or group), else the creator', async () => {
    const client = clientFor(emulator);
    const runAsOf = async (runAs?: JsonObject) => {
      const { job_id } = await client.post<JsonObject>('/api/2.2/jobs/create', {
        name: 'J',
        ...(runAs ? { run_as: runAs } : {}),
      });
      return (await client.get<JsonObject>('/api/2.2/jobs/get', { job_id: String(job_id) })).run_as_user_name;
    };
    expect(await runAsOf({ user_name: 'bob@example.com' })).toBe('bob@example.com');
    expect(await runAsOf({ service_principal_name: 'a1b2' })).toBe('a1b2');
    expect(await runAsOf({ group_name: 'etl-runners' })).toBe('etl-runners');
    expect(await runAsOf()).toBe('admin@example.com');
  });
});
