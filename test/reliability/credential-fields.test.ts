import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import { seedSample } from '../../src/emulator/sample-all.js';
import { looksLikeSecretName, REDACTED, redactText, scanText } from '../../src/security/credentials.js';
import { stableJson } from '../../src/util/json.js';
import { exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';
import { allText, exportRedacting, fastClient, gitLog } from './helpers.js';

// Built from parts so that no scanner (ours or a host's) mistakes this file for a leak.
const GH = ['ghp', '_', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'].join('');

describe('secret-named parameters beyond spark_conf', () => {
  test.each<[string, boolean]>([
    ['db_password', true],
    ['jdbc.password', true],
    ['api_token', true],
    ['apiToken', true],
    ['GITHUB_TOKEN', true],
    ['client_secret', true],
    ['storage_account_key', true],
    ['access_key', true],
    ['private_key', true],
    ['credentials', true],
    ['pwd', true],
    ['passphrase', true],
    ['max_tokens', false],
    ['tokenizer', false],
    ['partition_key', false],
    ['primary_key', false],
    ['secret_scope', false],
    ['token_url', false],
    ['credential_name', false],
    ['landing_path', false],
  ])('%s -> %s', (name, secret) => expect(looksLikeSecretName(name)).toBe(secret));

  const job = {
    name: 'etl',
    parameters: [
      { default: GH, name: 'api_token' },
      { default: 'p4ss-w0rd', name: 'db_password' },
      { default: '{{secrets/etl/db-password}}', name: 'db_password_ref' },
      { default: '', name: 'empty_token' },
      { default: '/mnt/x', name: 'landing_path' },
      { default: '4096', name: 'max_tokens' },
    ],
    tasks: [
      {
        notebook_task: {
          base_parameters: {
            password: 'nb-plain',
            token: '{{job.parameters.api_token}}',
            table: 'orders',
            conn: 'Server=db;Database=x;User Id=etl;Password=conn-plain;',
          },
          notebook_path: '/x',
        },
        task_key: 'a',
      },
      {
        python_wheel_task: {
          entry_point: 'main',
          named_parameters: { secret_key: 'wheel-plain', env: 'prod' },
          package_name: 'p',
        },
        task_key: 'b',
      },
      {
        spark_python_task: {
          parameters: [
            '--db-password',
            'argv-plain',
            '--api_token=argv-eq-plain',
            '--table',
            'orders',
            '--token',
            '<TOKEN>',
          ],
          python_file: 'x.py',
        },
        task_key: 'c',
      },
      { run_job_task: { job_id: 1, job_parameters: { sas_token: 'sv=x-plain' } }, task_key: 'd' },
      { sql_task: { parameters: { password: 'sql-plain' }, warehouse_id: 'w' }, task_key: 'e' },
    ],
  };
  const pipeline = {
    configuration: {
      'jdbc.password': 'Hunter2-Plaintext!',
      'orders.source': '/mnt/landing',
      'my.token': '${TOKEN}',
    },
    name: 'dlt',
  };

  test('job parameters, task parameters and pipeline configuration: plain secrets found, the rest not', () => {
    const text = stableJson(job);
    const found = scanText(text, 'jobs/etl.json');
    expect(found.map((f) => f.field)).toEqual([
      'parameters.0.default',
      'parameters.1.default',
      'tasks.0.notebook_task.base_parameters.conn',
      'tasks.0.notebook_task.base_parameters.password',
      'tasks.1.python_wheel_task.named_parameters.secret_key',
      'tasks.2.spark_python_task.parameters.1',
      'tasks.2.spark_python_task.parameters.2',
      'tasks.3.run_job_task.job_parameters.sas_token',
      'tasks.4.sql_task.parameters.password',
    ]);
    // The GitHub token is found by its format; the field is known too.
    expect(found[0].detector).toBe('github-token');
    expect(found[1].description).toMatch(/job parameter 'db_password'/);
    expect(found[1].line).toBe(text.split('\n').findIndex((l) => l.includes('p4ss-w0rd')) + 1);
    const redacted = redactText(text, found);
    const back = JSON.parse(redacted) as typeof job;
    expect(back.parameters.map((p) => p.default)).toEqual([
      REDACTED,
      REDACTED,
      '{{secrets/etl/db-password}}',
      '',
      '/mnt/x',
      '4096',
    ]);
    expect(back.tasks[0].notebook_task?.base_parameters.conn).toBe(
      `Server=db;Database=x;User Id=etl;Password=${REDACTED};`,
    );
    expect(back.tasks[2].spark_python_task?.parameters).toEqual([
      '--db-password',
      REDACTED,
      `--api_token=${REDACTED}`,
      '--table',
      'orders',
      '--token',
      '<TOKEN>',
    ]);
    expect(redacted).not.toMatch(/plain/);
    expect(scanText(redacted, 'jobs/etl.json')).toEqual([]);

    const pText = stableJson(pipeline);
    const pFound = scanText(pText, 'pipelines/dlt.json');
    expect(pFound.map((f) => [f.field, f.line])).toEqual([['configuration.jdbc.password', 3]]);
  });

  test('user content (workspace, DBFS) is not read as a resource definition; spark_conf still is', () => {
    const text = stableJson({
      parameters: { password: 'in-a-user-file' },
      spark_conf: { 'x.password': 'p' },
    });
    expect(scanText(text, 'workspace/Shared/config.json').map((f) => f.field)).toEqual([
      'spark_conf.x.password',
    ]);
    expect(scanText(text, 'dbfs/FileStore/conf.json').map((f) => f.field)).toEqual(['spark_conf.x.password']);
    expect(scanText(text, 'jobs/x.json').map((f) => f.field)).toEqual([
      'parameters.password',
      'spark_conf.x.password',
    ]);
  });

  test('cluster custom_tags are not judged by name (tags never carry secrets); token formats still are', () => {
    const text = stableJson({ cluster_name: 'c', custom_tags: { secret_level: 'high', owner_token: GH } });
    expect(scanText(text, 'clusters/c.json').map((f) => f.detector)).toEqual(['github-token']);
  });

  test('docker basic_auth password', () => {
    const text = stableJson({
      docker_image: { basic_auth: { password: 'dockerpw', username: 'u' }, url: 'x' },
    });
    expect(scanText(text, 'clusters/c.json').map((f) => f.field)).toEqual([
      'docker_image.basic_auth.password',
    ]);
  });
});

describe('export: job parameters and pipeline configuration', () => {
  test('fail names file, line and field and commits nothing; redact replaces and warns', async () => {
    await withEmulators(async (primary) => {
      seedSample(primary);
      const { repo } = await makeRepoWithRemote(await tempDir());
      const inputs = { commit: 'true', push: 'false' };
      // The sample workspace itself is clean: no false alarm on its notebooks, jobs and pipelines.
      await exportWorkspace(fastClient(primary), repo, inputs);
      const head = await gitLog(repo);

      primary.state.jobs.create(
        {
          name: 'Leaky job',
          parameters: [
            { name: 'api_token', default: GH },
            { name: 'db_password', default: 'p4ss-w0rd' },
          ],
          tasks: [
            {
              task_key: 'run',
              notebook_task: { notebook_path: '/Shared/x', base_parameters: { db_password: 'nb-p4ss' } },
              existing_cluster_id: [...primary.state.compute.clusters.keys()][0],
            },
          ],
        },
        { singleTaskAllowed: false, creator: 'alice@contoso.com', createdTime: Date.UTC(2025, 0, 1) },
      );
      primary.state.pipelines.create({
        name: 'Leaky DLT',
        configuration: { 'jdbc.password': 'Hunter2-Plaintext!' },
        libraries: [{ notebook: { path: '/Shared/x' } }],
      });
      let message = '';
      await exportWorkspace(fastClient(primary), repo, inputs).catch((e: Error) => (message = e.message));
      expect(message).toMatch(/credential\(s\) found/);
      expect(message).toMatch(/jobs\/leaky_job\.json:\d+: GitHub token in 'parameters\.0\.default'/);
      expect(message).toMatch(
        /jobs\/leaky_job\.json:\d+: plain value in job parameter 'db_password' .*in 'parameters\.1\.default'/,
      );
      expect(message).toMatch(/in 'tasks\.0\.notebook_task\.base_parameters\.db_password'/);
      expect(message).toMatch(
        /pipelines\/leaky_dlt\.json:\d+: plain value in configuration .*in 'configuration\.jdbc\.password'/,
      );
      expect(message).not.toMatch(/Hunter2|p4ss|ghp_/);
      expect(await gitLog(repo)).toEqual(head);
      const onDisk = await allText(path.join(repo, 'databricks'));
      expect(onDisk).not.toContain('Hunter2');
      expect(onDisk).not.toContain(GH);

      const { result, log } = await exportRedacting(primary, repo);
      expect(result.changed).toBe(true);
      const job = JSON.parse(
        await fs.readFile(path.join(repo, 'databricks/jobs/leaky_job.json'), 'utf8'),
      ) as { parameters: { name: string; default: string }[] };
      expect(job.parameters).toEqual([
        { name: 'api_token', default: REDACTED },
        { name: 'db_password', default: REDACTED },
      ]);
      const dlt = JSON.parse(
        await fs.readFile(path.join(repo, 'databricks/pipelines/leaky_dlt.json'), 'utf8'),
      ) as { configuration: Record<string, string> };
      expect(dlt.configuration['jdbc.password']).toBe(REDACTED);
      expect(log.text()).toMatch(
        /warning: pipelines\/leaky_dlt\.json:\d+: plain value in configuration .*'configuration\.jdbc\.password': redacted/,
      );
      const history = await simpleGit(repo).raw(['log', '-p']);
      for (const secret of ['Hunter2', 'p4ss', GH]) expect(history).not.toContain(secret);
    });
  });
});
