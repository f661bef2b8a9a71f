import * as path from 'node:path';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import { seedSample } from '../../src/emulator/sample-all.js';
import { runExport } from '../../src/modes/export.js';
import { exportSummaryMarkdown } from '../../src/report/render.js';
import { parseSettings } from '../../src/settings.js';
import { MemoryLog } from '../../src/util/log.js';
import {
  missingWorkspaceDependencies,
  referencesOf,
  referencesToVanished,
  pathReferences,
  type ConfigFile,
  type WorkspaceScope,
} from '../../src/resources/dependencies.js';
import { referencedDbfsPaths } from '../../src/resources/dbfs-files.js';
import { clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';

const workspaceRefs = (value: Parameters<typeof pathReferences>[0]) =>
  pathReferences(value)
    .filter((r) => r.store === 'workspace')
    .map((r) => `${r.field} ${r.path}`);

describe('pathReferences', () => {
  it('finds the workspace paths of task sources, libraries, init scripts, pipelines and environments', () => {
    expect(
      workspaceRefs({
        tasks: [
          { task_key: 'a', notebook_task: { notebook_path: '/Users/a/nb' } },
          {
            task_key: 'b',
            spark_python_task: { python_file: '/Workspace/Shared/main.py', source: 'WORKSPACE' },
          },
          {
            task_key: 'c',
            sql_task: { warehouse_id: 'w', file: { path: '/Shared/q.sql', source: 'WORKSPACE' } },
          },
          { task_key: 'd', dbt_task: { commands: ['dbt run'], project_directory: '/Shared/dbt' } },
          {
            task_key: 'e',
            for_each_task: {
              inputs: '[1]',
              task: { task_key: 'f', notebook_task: { notebook_path: '/Shared/each' } },
            },
            libraries: [
              { whl: '/Workspace/Shared/libs/x.whl' },
              { jar: 'dbfs:/j.jar' },
              { requirements: '/Volumes/c/s/v/r.txt' },
              { pypi: { package: 'x' } },
            ],
            new_cluster: {
              init_scripts: [
                { workspace: { destination: '/Shared/init.sh' } },
                { volumes: { destination: '/Volumes/x' } },
              ],
              cluster_log_conf: { dbfs: { destination: 'dbfs:/logs' } },
            },
          },
        ],
        environments: [
          { environment_key: 'e', spec: { dependencies: ['pandas', '-r /Workspace/Shared/req.txt'] } },
        ],
      }),
    ).toEqual([
      'tasks[0].notebook_task.notebook_path /Users/a/nb',
      'tasks[1].spark_python_task.python_file /Shared/main.py',
      'tasks[2].sql_task.file.path /Shared/q.sql',
      'tasks[3].dbt_task.project_directory /Shared/dbt',
      'tasks[4].for_each_task.task.notebook_task.notebook_path /Shared/each',
      'tasks[4].libraries[0].whl /Shared/libs/x.whl',
      'tasks[4].new_cluster.init_scripts[0].workspace.destination /Shared/init.sh',
      'environments[0].spec.dependencies[1] /Shared/req.txt',
    ]);
  });

  it('leaves out sources that come from git: source GIT, or no source in a job with git_source', () => {
    expect(
      workspaceRefs({
        git_source: { git_url: 'https://github.com/x/y', git_provider: 'gitHub', git_branch: 'main' },
        tasks: [
          { task_key: 'a', notebook_task: { notebook_path: 'etl/ingest' } },
          { task_key: 'b', sql_task: { warehouse_id: 'w', file: { path: '/abs/but/git.sql' } } },
          { task_key: 'c', notebook_task: { notebook_path: '/Shared/local', source: 'WORKSPACE' } },
        ],
      }),
    ).toEqual(['tasks[2].notebook_task.notebook_path /Shared/local']);
    expect(workspaceRefs({ notebook_task: { notebook_path: '/x', source: 'GIT' } })).toEqual([]);
  });

  it('finds a legacy single-task job at the top and pipeline notebooks and files', () => {
    expect(
      workspaceRefs({ name: 'legacy', notebook_task: { notebook_path: '/Users/b/Weekly KPIs' } }),
    ).toEqual(['notebook_task.notebook_path /Users/b/Weekly KPIs']);
    expect(
      workspaceRefs({
        libraries: [
          { notebook: { path: '/Users/a/dlt' } },
          { file: { path: '/Users/a/t.py' } },
          { glob: { include: '/x/**' } },
        ],
      }),
    ).toEqual(['libraries[0].notebook.path /Users/a/dlt', 'libraries[1].file.path /Users/a/t.py']);
  });

  it('serves the DBFS files kind with the same walk', () => {
    expect(
      referencedDbfsPaths({
        tasks: [
          { spark_python_task: { python_file: 'dbfs:/py/main.py' }, libraries: [{ whl: 'dbfs:/w.whl' }] },
        ],
        init_scripts: [{ dbfs: { destination: 'dbfs:/a/init.sh' } }, { workspace: { destination: '/x.sh' } }],
      }),
    ).toEqual(['/a/init.sh', '/py/main.py', '/w.whl']);
  });
});

describe('missingWorkspaceDependencies', () => {
  const scope = (over: Partial<WorkspaceScope> = {}): WorkspaceScope => ({
    roots: ['/Users', '/Shared'],
    excluded: (p) => p === '/Shared/private',
    skipped: new Map([['/Shared/big.whl', '11000000 bytes: over the 10 MB limit']]),
    kindOf: (folder) => folder.replace(/-/g, '_'),
    ...over,
  });
  const job = (notebook: string): ConfigFile => ({
    file: 'jobs/etl.json',
    value: { name: 'etl', tasks: [{ task_key: 'a', notebook_task: { notebook_path: notebook } }] },
  });

  it('says which file, which field, why it is missing and what will fail', () => {
    const present = new Set(['/', '/Users', '/Users/a', '/Users/a/nb']);
    const reasons = (configs: ConfigFile[]) =>
      missingWorkspaceDependencies(configs.map(referencesOf), present, scope()).warnings.map(
        (w) => `${w.kind} ${w.key}: ${w.reason}`,
      );
    expect(reasons([job('/Users/a/nb')])).toEqual([]);
    expect(reasons([job('/Users/a/gone')])).toEqual([
      "jobs jobs/etl.json: tasks[0].notebook_task.notebook_path '/Users/a/gone' is not in the snapshot (the primary workspace has no such object): the job will fail on the secondary",
    ]);
    expect(reasons([job('/Shared/private/nb')])[0]).toContain("(left out by the 'exclude' input)");
    expect(reasons([job('/Repos/x/nb')])[0]).toContain(
      '(outside the exported workspace-paths (/Users, /Shared))',
    );
    expect(
      reasons([{ file: 'clusters/c.json', value: { libraries: [{ whl: '/Workspace/Shared/big.whl' }] } }]),
    ).toEqual([
      "clusters clusters/c.json: libraries[0].whl '/Workspace/Shared/big.whl' is not in the snapshot (skipped: 11000000 bytes: over the 10 MB limit): the library will fail to install on the secondary",
    ]);
    // A Git folder of the snapshot brings its files with the clone.
    expect(
      reasons([
        { file: 'repos/x.json', value: { path: '/Users/a/repo', url: 'u' } },
        job('/Users/a/repo/nb'),
      ]),
    ).toEqual([]);
  });
});

describe('referencesToVanished', () => {
  it('names every file that references an object deleted while the export ran, in file order', () => {
    const configs = (
      [
        {
          file: 'clusters/etl.json',
          value: { policy_id: '${resources.cluster_policies.small.id}', instance_pool_id: 'pool-1' },
        },
        {
          file: 'jobs/deploy.json',
          value: {
            tasks: [
              { task_key: 'a', existing_cluster_id: '${resources.clusters.etl.id}' },
              { task_key: 'b', run_job_task: { job_id: '${resources.jobs.pr_7.id}' } },
            ],
          },
        },
        {
          file: 'jobs/pr_8.json',
          value: { name: 'PR 8', description: 'not ${resources.jobs.pr_7.id} itself' },
        },
      ] as ConfigFile[]
    ).map(referencesOf);
    const gone = new Set(['jobs.pr_7', 'cluster_policies.small']);
    expect(referencesToVanished(configs, (r) => gone.has(`${r.kind}.${r.key}`))).toEqual([
      { file: 'clusters/etl.json', ref: { kind: 'cluster_policies', key: 'small' } },
      { file: 'jobs/deploy.json', ref: { kind: 'jobs', key: 'pr_7' } },
    ]);
    expect(referencesToVanished(configs, () => false)).toEqual([]);
  });
});

describe('export', () => {
  it('reports a workspace file a cluster needs but the primary lacks, in the log and on the checklist', async () => {
    await withEmulators(async (primary) => {
      seedSample(primary);
      // The sample is honest: everything its clusters, jobs and pipelines need is there.
      const clean = await exportWorkspace(clientFor(primary), await tempDir());
      expect(clean.report.warnings.filter((w) => w.reason.includes('is not in the snapshot'))).toEqual([]);
      // The region mapping's skeleton is the only step left (docs/unity-catalog.md).
      expect(clean.report.manual.filter((m) => m.kind !== 'uc_region_mapping')).toEqual([]);

      expect(primary.state.workspace.remove('/Shared/init/install-drivers.sh')).toBe(true);
      const { repo } = await makeRepoWithRemote(await tempDir());
      const log = new MemoryLog();
      const settings = parseSettings((name) => ({ mode: 'export', push: 'true' })[name], repo);
      const result = await runExport(settings, { client: clientFor(primary), log });
      expect(result.pushed).toBe(true);
      const warning =
        "init_scripts[0].workspace.destination '/Shared/init/install-drivers.sh' is not in the snapshot (the primary workspace has no such object): the cluster will fail to start on the secondary";
      expect(result.report.warnings).toContainEqual({
        kind: 'clusters',
        key: 'clusters/etl_shared.json',
        reason: warning,
      });
      const summary = exportSummaryMarkdown(result);
      expect(summary).toContain(
        '- [ ] clusters `clusters/etl_shared.json`: /Shared/init/install-drivers.sh (init_scripts[0].workspace.destination): create it in the secondary, or fix the field',
      );
      expect(summary).toContain(warning);
      // A warning annotation in the workflow run, naming the file and the field.
      expect(log.lines).toContainEqual({ level: 'warning', message: `clusters/etl_shared.json: ${warning}` });
    });
  });

  it('says when a missing path was left out by exclude or by workspace-paths', async () => {
    await withEmulators(async (primary) => {
      seedSample(primary);
      const dir = await tempDir();
      const result = await exportWorkspace(clientFor(primary), dir, {
        'workspace-paths': '/Users',
        exclude: '/Users/*/ETL/reports',
      });
      const byField = new Map(result.report.warnings.map((w) => [w.reason.split(' ')[0], w]));
      expect(byField.get('tasks[1].sql_task.file.path')?.reason).toContain(
        "(left out by the 'exclude' input)",
      );
      expect(byField.get('init_scripts[0].workspace.destination')?.reason).toContain(
        '(outside the exported workspace-paths (/Users))',
      );
      expect(byField.get('libraries[1].whl')?.key).toBe('clusters/alice_s_sandbox.json');
      // Notebooks that were exported are found, by their path without the extension.
      expect(result.report.warnings.map((w) => w.reason).join('\n')).not.toContain('notebook_path');
      expect(path.basename(result.snapshotDir)).toBe('databricks');
    });
  });
});
