import { jest } from '@jest/globals';
import { execFile, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { startEmulator, seedSample, type Emulator } from '../../src/emulator/index.js';
import { post } from '../emulator/helpers.js';
import { tempDir } from '../helpers/harness.js';

/**
 * The seed guide's own tool, the legacy databricks-cli (github databricks/databricks-cli), run against the
 * emulator for the commands the guide uses (docs/legacy-cli-fidelity.md). Runs only where that CLI is
 * available, never fetched here: `DATABRICKS_LEGACY_CLI=<checkout>` (run from source with Debian's
 * python3-click, -requests, -tabulate, -jwt, -oauthlib, -six) or an installed `databricks_cli` module.
 *
 * The legacy CLI drops the port of its host (databricks_cli/sdk/api_client.py builds
 * `scheme://hostname/api/`), so it is given a host that never resolves and the emulator as its HTTP proxy:
 * requests sends the whole URL to the proxy, the emulator serves its path, and nothing leaves 127.0.0.1.
 */

const PYTHON = process.env.DATABRICKS_LEGACY_CLI_PYTHON ?? '/usr/bin/python3';
const SOURCE = process.env.DATABRICKS_LEGACY_CLI;

function unavailable(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import databricks_cli.cli, click, requests, tabulate, six'], {
    env: { ...process.env, ...(SOURCE ? { PYTHONPATH: SOURCE } : {}) },
    encoding: 'utf8',
  });
  if (probe.error) return `${PYTHON} cannot run (${probe.error.message})`;
  if (probe.status !== 0)
    return `the legacy databricks-cli is not importable${SOURCE ? ` from ${SOURCE}` : ''} (set DATABRICKS_LEGACY_CLI to a checkout of github databricks/databricks-cli): ${probe.stderr.trim().split('\n').pop()}`;
  return undefined;
}

// Each command is a Python start-up (1-2 s on a shared machine); a test runs several.
jest.setTimeout(180_000);

const reason = unavailable();
if (reason) console.log(`legacy-cli.test.ts skipped: ${reason}`);
const suite = reason ? describe.skip : describe;

interface Run {
  code: number;
  out: string;
  err: string;
}

let emulator: Emulator;
let home: string;

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      PYTHON,
      ['-m', 'databricks_cli.cli', ...args],
      {
        env: {
          PATH: process.env.PATH,
          HOME: home,
          ...(SOURCE ? { PYTHONPATH: SOURCE } : {}),
          DATABRICKS_HOST: 'http://legacy-cli.invalid',
          DATABRICKS_TOKEN: emulator.token,
          HTTP_PROXY: emulator.url,
          http_proxy: emulator.url,
          NO_PROXY: '',
          no_proxy: '',
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number((error as { code?: number }).code ?? 1) : 0,
          out: stdout,
          err: stderr,
        }),
    );
  });
}

/** The legacy CLI prints API errors and exits 0 or 1 depending on the command: an error is its text. */
async function ok(...args: string[]): Promise<string> {
  const run = await cli(...args);
  const failed = run.code !== 0 || /^Error: /m.test(run.out + run.err);
  if (failed) throw new Error(`databricks ${args.join(' ')} failed (${run.code}): ${run.out}${run.err}`);
  return run.out;
}

const json = (text: string) => JSON.parse(text.replace(/^WARN:.*$/gm, '')) as Record<string, unknown>;

suite('the legacy databricks-cli against the emulator (seed guide commands)', () => {
  beforeAll(async () => {
    emulator = await startEmulator();
    seedSample(emulator);
    home = await tempDir('legacy-cli-home-');
  });
  afterAll(async () => emulator?.stop());

  test('workspace import_dir then export_dir round-trips notebooks', async () => {
    const src = await tempDir('legacy-src-');
    await fs.mkdir(path.join(src, 'sub'));
    await fs.writeFile(path.join(src, 'nb.py'), '# Databricks notebook source\nprint(1)\n');
    await fs.writeFile(path.join(src, 'sub', 'q.sql'), '-- Databricks notebook source\nselect 1\n');
    await ok('workspace', 'import_dir', src, '/Shared/legacy');
    expect(await ok('workspace', 'ls', '/Shared/legacy')).toMatch(/nb[\s\S]*sub/);
    const out = await tempDir('legacy-out-');
    await ok('workspace', 'export_dir', '/Shared/legacy', out, '-o');
    expect(await fs.readFile(path.join(out, 'nb.py'), 'utf8')).toContain('print(1)');
    expect(await fs.readFile(path.join(out, 'sub', 'q.sql'), 'utf8')).toContain('select 1');
    // Without -o an existing path is refused as the service refuses it (400 RESOURCE_ALREADY_EXISTS).
    expect((await cli('workspace', 'import_dir', src, '/Shared/legacy')).out).toMatch(
      /RESOURCE_ALREADY_EXISTS/,
    );
  });

  test('clusters list, get, create; libraries install and list', async () => {
    const list = json(await ok('clusters', 'list', '--output', 'JSON')) as {
      clusters: { cluster_id: string }[];
    };
    expect(list.clusters.length).toBeGreaterThan(0);
    const id = list.clusters[0].cluster_id;
    expect(json(await ok('clusters', 'get', '--cluster-id', id)).cluster_id).toBe(id);
    const created = json(
      await ok(
        'clusters',
        'create',
        '--json',
        JSON.stringify({
          cluster_name: 'legacy',
          spark_version: '13.3.x-scala2.12',
          node_type_id: 'Standard_DS3_v2',
          num_workers: 1,
        }),
      ),
    ).cluster_id as string;
    await ok('libraries', 'install', '--cluster-id', created, '--pypi-package', 'requests');
    await ok('libraries', 'install', '--cluster-id', created, '--maven-coordinates', 'org.jsoup:jsoup:1.7.2');
    const libs = json(await ok('libraries', 'list', '--cluster-id', created)) as {
      library_statuses: unknown[];
    };
    expect(libs.library_statuses).toEqual([
      expect.objectContaining({ library: { pypi: { package: 'requests' } } }),
      expect.objectContaining({ library: { maven: { coordinates: 'org.jsoup:jsoup:1.7.2' } } }),
    ]);
  });

  test('jobs create, get, reset in the API 2.0 single-task shape', async () => {
    const settings = {
      name: 'legacy-job',
      new_cluster: { spark_version: '13.3.x-scala2.12', node_type_id: 'Standard_DS3_v2', num_workers: 1 },
      notebook_task: { notebook_path: '/Shared/legacy/nb' },
      libraries: [{ pypi: { package: 'requests' } }],
    };
    const jobId = String(json(await ok('jobs', 'create', '--json', JSON.stringify(settings))).job_id);
    expect(json(await ok('jobs', 'get', '--job-id', jobId)).settings).toMatchObject(settings);
    await ok(
      'jobs',
      'reset',
      '--job-id',
      jobId,
      '--json',
      JSON.stringify({ ...settings, name: 'legacy-job-2' }),
    );
    expect(json(await ok('jobs', 'get', '--job-id', jobId)).settings).toMatchObject({ name: 'legacy-job-2' });
    expect(await ok('jobs', 'list')).toContain('legacy-job-2');
  });

  test('secrets: scopes, values, ACLs', async () => {
    await ok('secrets', 'create-scope', '--scope', 'legacy', '--initial-manage-principal', 'users');
    await ok('secrets', 'put', '--scope', 'legacy', '--key', 'k1', '--string-value', 'not-a-real-secret');
    expect(await ok('secrets', 'list', '--scope', 'legacy')).toMatch(/k1/);
    await ok('secrets', 'put-acl', '--scope', 'legacy', '--principal', 'users', '--permission', 'READ');
    expect(await ok('secrets', 'list-acls', '--scope', 'legacy')).toMatch(/users\s+READ/);
    expect(await ok('secrets', 'list-scopes')).toMatch(/legacy\s+DATABRICKS/);
  });

  test('groups (Groups API 2.0): create, add and list members and parents, remove, delete', async () => {
    expect(json(await ok('groups', 'create', '--group-name', 'legacy-g'))).toEqual({
      group_name: 'legacy-g',
    });
    expect((json(await ok('groups', 'list')) as { group_names: string[] }).group_names).toContain('legacy-g');
    await ok('groups', 'add-member', '--parent-name', 'legacy-g', '--user-name', 'alice@contoso.com');
    await ok('groups', 'add-member', '--parent-name', 'legacy-g', '--group-name', 'admins');
    expect(json(await ok('groups', 'list-members', '--group-name', 'legacy-g'))).toEqual({
      members: [{ user_name: 'alice@contoso.com' }, { group_name: 'admins' }],
    });
    const parents = json(await ok('groups', 'list-parents', '--user-name', 'alice@contoso.com'));
    expect(parents.group_names).toContain('legacy-g');
    await ok('groups', 'remove-member', '--parent-name', 'legacy-g', '--user-name', 'alice@contoso.com');
    expect(json(await ok('groups', 'list-members', '--group-name', 'legacy-g'))).toEqual({
      members: [{ group_name: 'admins' }],
    });
    await ok('groups', 'delete', '--group-name', 'legacy-g');
    expect((await cli('groups', 'list-members', '--group-name', 'legacy-g')).out).toMatch(
      /RESOURCE_DOES_NOT_EXIST/,
    );
  });

  test('instance-pools and cluster-policies: create, get, list', async () => {
    const pool = json(
      await ok(
        'instance-pools',
        'create',
        '--json',
        JSON.stringify({
          instance_pool_name: 'legacy-pool',
          node_type_id: 'Standard_DS3_v2',
          min_idle_instances: 0,
          idle_instance_autotermination_minutes: 30,
        }),
      ),
    ).instance_pool_id as string;
    expect(json(await ok('instance-pools', 'get', '--instance-pool-id', pool)).instance_pool_name).toBe(
      'legacy-pool',
    );
    expect(await ok('instance-pools', 'list')).toContain('legacy-pool');
    const definition = JSON.stringify({ spark_version: { type: 'fixed', value: '13.3.x-scala2.12' } });
    const policy = json(
      await ok('cluster-policies', 'create', '--json', JSON.stringify({ name: 'legacy-pol', definition })),
    ).policy_id as string;
    expect(json(await ok('cluster-policies', 'get', '--policy-id', policy))).toMatchObject({
      name: 'legacy-pol',
      definition,
    });
    expect(await ok('cluster-policies', 'list')).toContain('legacy-pol');
  });

  // Emulator faults the first run of this suite found (docs/legacy-cli-fidelity.md), fixed since.
  test('dbfs cp of an init script (the multipart overwrite field arrives as True/False)', async () => {
    {
      const file = path.join(await tempDir('legacy-dbfs-'), 'init.sh');
      await fs.writeFile(file, '#!/bin/bash\necho hi\n');
      await ok('fs', 'cp', '--overwrite', file, 'dbfs:/databricks/init/init.sh');
      expect(await ok('fs', 'cat', 'dbfs:/databricks/init/init.sh')).toContain('echo hi');
    }
  });

  test('clusters events, restart, resize and list-zones; a current Azure spec is accepted', async () => {
    const id = (
      json(await ok('clusters', 'list', '--output', 'JSON')) as { clusters: { cluster_id: string }[] }
    ).clusters[0].cluster_id;
    expect(json(await ok('clusters', 'events', '--cluster-id', id, '--output', 'JSON'))).toHaveProperty(
      'events',
    );
    await ok('clusters', 'restart', '--cluster-id', id);
    expect(json(await ok('clusters', 'list-zones'))).toBeDefined();
    const spec = {
      cluster_name: 'legacy-azure',
      spark_version: '14.3.x-scala2.12',
      node_type_id: 'Standard_E4ds_v4',
      num_workers: 1,
    };
    const created = json(await ok('clusters', 'create', '--json', JSON.stringify(spec))) as {
      cluster_id: string;
    };
    expect(emulator.state.compute.clusters.has(created.cluster_id)).toBe(true);
  });

  test('jobs list shows every job (API 2.0 jobs/list is not paged)', async () => {
    {
      const cluster = [...emulator.state.compute.clusters.keys()][0];
      // Created over HTTP rather than by 22 slow CLI runs: what is under test is the legacy CLI's listing.
      for (let i = 0; i < 22; i++)
        await post(emulator, '/api/2.0/jobs/create', {
          name: `bulk-${i}`,
          existing_cluster_id: cluster,
          notebook_task: { notebook_path: '/Shared/x' },
        });
      const lines = (await ok('jobs', 'list'))
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('WARN'));
      expect(lines.length).toBe(emulator.state.jobs.all().length);
    }
  });
});
