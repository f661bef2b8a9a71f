import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { DatabricksClient } from '../../src/databricks/client.js';
import { nodeTransport } from '../../src/databricks/transport.js';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import type { Emulator } from '../../src/emulator/index.js';
import { isJsonObject, parseJson, type JsonObject } from '../../src/util/json.js';
import { applySnapshot, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';
import { seedClusterAndJob } from '../helpers/seed-job.js';
import { gitLog, snapshotTree } from '../reliability/helpers.js';

/**
 * Objects deleted in a workspace between the listing and their read (CI deploying and deleting per-PR
 * jobs all day). The deletion happens on the wire, just before the read reaches the emulator.
 */

/** A client that calls `before` ahead of every request it sends. */
function clientWithHook(
  emulator: Emulator,
  before: (method: string, url: URL) => Promise<void> | void,
): DatabricksClient {
  const wire = nodeTransport();
  return new DatabricksClient({
    host: emulator.url,
    credentials: { headers: async () => ({ Authorization: `Bearer ${emulator.token}` }) },
    concurrency: 8,
    retry: { baseDelayMs: 5, maxDelayMs: 200, maxAttempts: 12, budgetMs: 60_000 },
    timeoutMs: 10_000,
    transport: async (url, request) => {
      await before(request.method, new URL(url));
      return wire(url, request);
    },
  });
}

/** Calls `action` once, the first time a GET matches: its API path is `apiPath`, and `param=value` if given. */
function onceOnRead(
  apiPath: string,
  param: string | undefined,
  value: string | undefined,
  action: () => Promise<void> | void,
): (method: string, url: URL) => Promise<void> {
  let done = false;
  return async (method, url) => {
    if (done || method !== 'GET' || url.pathname !== apiPath) return;
    if (param !== undefined && url.searchParams.get(param) !== value) return;
    done = true;
    await action();
  };
}

/** Waits until the emulator answered a request for `apiPath` (the permissions read ahead, here). */
async function answered(emulator: Emulator, apiPath: string): Promise<number> {
  for (let i = 0; i < 500; i++) {
    const found = emulator.requests.find((r) => r.path === apiPath && r.status !== 0);
    if (found) return found.status;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${apiPath} was never answered`);
}

async function readJson(file: string): Promise<JsonObject> {
  const value = parseJson(await fs.readFile(file, 'utf8'));
  if (!isJsonObject(value)) throw new Error(`${file} is not a JSON object`);
  return value;
}

/**
 * More tasks than an expanded jobs/list gives (100): the entry is truncated, so the job is read with
 * jobs/get, as a big bundle job is.
 */
function manyTasks(notebookPath: string): JsonObject[] {
  return Array.from({ length: 101 }, (_, i) => ({
    task_key: `t${i}`,
    notebook_task: { notebook_path: notebookPath },
  }));
}

const exists = (file: string) =>
  fs.access(file).then(
    () => true,
    () => false,
  );

describe('an object deleted between the listing and its read', () => {
  test('a job: skipped and reported, no file and no grants for it (read ahead before it went); the snapshot applies', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.workspace.putNotebook('/Shared/nightly', 'PYTHON', 'print(1)');
      seedClusterAndJob(primary, '/Shared/nightly');
      const nightly = primary.state.jobs.all()[0];
      const preview = primary.state.jobs.create(
        { ...structuredClone(nightly.settings), name: 'PR 123 preview', tasks: manyTasks('/Shared/nightly') },
        { singleTaskAllowed: false, creator: 'ana@contoso.com' },
      );
      const id = String(preview.job_id);
      const aclPath = `/api/2.0/permissions/jobs/${id}`;
      let aclStatus = 0;
      const client = clientWithHook(
        primary,
        onceOnRead('/api/2.2/jobs/get', 'job_id', id, async () => {
          // Its grants were read ahead while it existed; then CI deletes it.
          aclStatus = await answered(primary, aclPath);
          primary.state.jobs.delete(preview.job_id);
        }),
      );

      const { repo } = await makeRepoWithRemote(await tempDir());
      const inputs = { commit: 'true', push: 'false' };
      const result = await exportWorkspace(client, repo, inputs);
      expect(aclStatus).toBe(200);
      expect(result.changed).toBe(true);
      expect(result.report.skipped).toEqual([
        {
          kind: 'jobs',
          key: 'pr_123_preview',
          reason: `deleted while the export ran ('PR 123 preview', ${id})`,
        },
      ]);
      const snapshot = path.join(repo, 'databricks');
      expect(await exists(path.join(snapshot, 'jobs/pr_123_preview.json'))).toBe(false);
      expect(await exists(path.join(snapshot, 'jobs/nightly.json'))).toBe(true);
      const grants = await readJson(path.join(snapshot, 'permissions/jobs.json'));
      expect(Object.keys(grants)).toEqual(['nightly']);
      const recorded = await readJson(path.join(snapshot, 'permissions/recorded.json'));
      expect(JSON.stringify(recorded.unread ?? [])).not.toContain('pr_123_preview');

      const applied = await applySnapshot(
        clientWithHook(secondary, () => undefined),
        snapshot,
      );
      expect(applied.failed).toBe(0);
      expect(secondary.state.jobs.all().map((j) => j.settings.name)).toEqual(['Nightly']);

      // The next export does not list it: nothing to skip, and nothing changed.
      const next = await exportWorkspace(client, repo, inputs);
      expect(next.report.skipped).toEqual([]);
      expect(next.changed).toBe(false);
    });
  });

  test('a cluster a kept job file references: the export fails in one line and commits nothing; the next one succeeds', async () => {
    await withEmulators(async (primary) => {
      primary.state.workspace.putNotebook('/Shared/nightly', 'PYTHON', 'print(1)');
      seedClusterAndJob(primary, '/Shared/nightly');
      const cluster = [...primary.state.compute.clusters.values()][0];
      const id = cluster.cluster_id;
      const { repo } = await makeRepoWithRemote(await tempDir());
      const inputs = { commit: 'true', push: 'false' };
      expect(
        (
          await exportWorkspace(
            clientWithHook(primary, () => undefined),
            repo,
            inputs,
          )
        ).changed,
      ).toBe(true);
      const head = await gitLog(repo);
      const before = await snapshotTree(repo);

      // Edited, so export reads it again (the job is unchanged: its file is kept from the last snapshot);
      // deleted just before that read.
      primary.state.compute.editCluster(id, {
        cluster_name: 'shared-etl',
        spark_version: '15.4.x-scala2.12',
        node_type_id: 'Standard_DS3_v2',
        num_workers: 2,
      });
      const client = clientWithHook(
        primary,
        onceOnRead('/api/2.1/clusters/get', 'cluster_id', id, () =>
          primary.state.compute.permanentDeleteCluster(id),
        ),
      );
      const error = await exportWorkspace(client, repo, inputs).catch((e: Error) => e);
      expect((error as Error).message).toBe(
        `export failed, the snapshot and git history are unchanged: jobs/nightly.json references \${resources.clusters.shared_etl.id} (id ${id}), which was deleted while the export ran: run the export again; the next run will not list it`,
      );
      expect(await gitLog(repo)).toEqual(head);
      expect(await snapshotTree(repo)).toEqual(before);
      expect((await simpleGit(repo).status()).isClean()).toBe(true);
      expect((await fs.readdir(repo)).filter((f) => f.includes('staging'))).toEqual([]);

      // The next run does not list the cluster: the job's file says what the workspace now holds.
      const next = await exportWorkspace(client, repo, inputs);
      expect(next.changed).toBe(true);
      expect(next.report.skipped).toEqual([]);
      expect(await exists(path.join(repo, 'databricks/clusters/shared_etl.json'))).toBe(false);
      const job = await fs.readFile(path.join(repo, 'databricks/jobs/nightly.json'), 'utf8');
      expect(job).toContain('${resources.clusters.unexported_');
      expect(next.report.warnings.some((w) => w.kind === 'jobs' && w.key === 'nightly')).toBe(true);
      expect(await gitLog(repo)).toHaveLength(head.length + 1);
    });
  });

  test("a job another job runs, on a first export: fails naming the runner's file; the next export succeeds", async () => {
    await withEmulators(async (primary) => {
      primary.state.workspace.putNotebook('/Shared/deploy', 'PYTHON', 'print(1)');
      const deploy = primary.state.jobs.create(
        { name: 'Deploy PR 7', tasks: manyTasks('/Shared/deploy') },
        { singleTaskAllowed: false },
      );
      primary.state.jobs.create(
        {
          name: 'Orchestrate',
          tasks: [{ task_key: 'deploy', run_job_task: { job_id: deploy.job_id } }],
        },
        { singleTaskAllowed: false },
      );
      const id = String(deploy.job_id);
      const client = clientWithHook(
        primary,
        onceOnRead('/api/2.2/jobs/get', 'job_id', id, () => primary.state.jobs.delete(deploy.job_id)),
      );
      const repo = await tempDir();
      const error = await exportWorkspace(client, repo).catch((e: Error) => e);
      expect((error as Error).message).toBe(
        `export failed, the snapshot and git history are unchanged: jobs/orchestrate.json references \${resources.jobs.deploy_pr_7.id} (id ${id}), which was deleted while the export ran: run the export again; the next run will not list it`,
      );
      expect(await fs.readdir(repo)).toEqual([]);

      const next = await exportWorkspace(client, repo);
      expect(next.report.skipped).toEqual([]);
      expect(await exists(path.join(repo, 'databricks/jobs/deploy_pr_7.json'))).toBe(false);
      expect(await fs.readFile(path.join(repo, 'databricks/jobs/orchestrate.json'), 'utf8')).toContain(
        `\${resources.jobs.unexported_${id}.id}`,
      );
    });
  });

  test('a target job deleted while a plan reads it is absent: apply creates it', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.workspace.putNotebook('/Shared/nightly', 'PYTHON', 'print(1)');
      seedClusterAndJob(primary, '/Shared/nightly');
      const repo = await tempDir();
      await exportWorkspace(
        clientWithHook(primary, () => undefined),
        repo,
      );

      // A job of the same name that no apply recorded and that jobs/list truncates, so the plan reads it with
      // jobs/get; gone when it does.
      const stale = secondary.state.jobs.create(
        { name: 'Nightly', tasks: manyTasks('/Shared/old') },
        { singleTaskAllowed: false },
      );
      const client = clientWithHook(
        secondary,
        onceOnRead('/api/2.2/jobs/get', 'job_id', String(stale.job_id), () =>
          secondary.state.jobs.delete(stale.job_id),
        ),
      );
      const applied = await applySnapshot(client, path.join(repo, 'databricks'));
      expect(applied.failed).toBe(0);
      expect(applied.plan.changes.find((c) => c.kind === 'jobs' && c.key === 'nightly')?.action).toBe(
        'create',
      );
      const jobs = secondary.state.jobs.all();
      expect(jobs.map((j) => j.settings.name)).toEqual(['Nightly']);
      expect(jobs[0].job_id).not.toBe(stale.job_id);
    });
  });

  test('a global init script and a secret scope: skipped and reported; the snapshot applies', async () => {
    await withEmulators(async (primary, secondary) => {
      const scripts = primary.state.globalInitScripts;
      scripts.create({ name: 'agent', script: Buffer.from('echo agent\n'), enabled: true });
      const old = scripts.create({ name: 'old agent', script: Buffer.from('echo old\n'), enabled: true });
      primary.state.secrets.createScope('shared');
      primary.state.secrets.createScope('pr-7');
      const deleteScope = onceOnRead('/api/2.0/secrets/list', 'scope', 'pr-7', () => {
        primary.state.secrets.scopes.delete('pr-7');
      });
      const deleteAcls = onceOnRead('/api/2.0/secrets/acls/list', 'scope', 'pr-7', () => {
        primary.state.secrets.scopes.delete('pr-7');
      });
      const deleteScript = onceOnRead(
        `/api/2.0/global-init-scripts/${old.script_id}`,
        undefined,
        undefined,
        () => scripts.delete(old.script_id),
      );
      const client = clientWithHook(primary, async (method, url) => {
        await deleteScope(method, url);
        await deleteAcls(method, url);
        await deleteScript(method, url);
      });
      const repo = await tempDir();
      const result = await exportWorkspace(client, repo);
      expect(result.report.sorted(result.report.skipped)).toEqual([
        {
          kind: 'global_init_scripts',
          key: 'old_agent',
          reason: `deleted while the export ran ('old agent', ${old.script_id})`,
        },
        { kind: 'secret_scopes', key: 'pr_7', reason: "deleted while the export ran ('pr-7')" },
      ]);
      const snapshot = path.join(repo, 'databricks');
      expect((await fs.readdir(path.join(snapshot, 'global-init-scripts'))).sort()).toEqual([
        'agent.json',
        'agent.sh',
      ]);
      expect(await fs.readdir(path.join(snapshot, 'secret-scopes'))).toEqual(['shared.json']);

      const applied = await applySnapshot(
        clientWithHook(secondary, () => undefined),
        snapshot,
      );
      expect(applied.failed).toBe(0);
      expect(secondary.state.globalInitScripts.scripts.map((s) => s.name)).toEqual(['agent']);
      expect([...secondary.state.secrets.scopes.keys()]).toEqual(['shared']);
    });
  });

  test("a workspace folder and a notebook: skipped, no grants for them (the folder's read ahead before it went); the snapshot applies", async () => {
    await withEmulators(async (primary, secondary) => {
      const ws = primary.state.workspace;
      const kept = ws.putNotebook('/Shared/kept', 'PYTHON', 'print(1)');
      const gone = ws.putNotebook('/Shared/gone', 'PYTHON', 'print(2)');
      ws.putNotebook('/Shared/pr-7/deploy', 'PYTHON', 'print(3)');
      const folder = ws.get('/Shared/pr-7');
      if (!folder) throw new Error('no folder');
      const grant = (type: string, id: number) =>
        primary.state.permissions.acls.set(
          `${type}/${id}`,
          new Map([
            [
              'user_name:ana@contoso.com',
              { field: 'user_name', name: 'ana@contoso.com', level: 'CAN_MANAGE' },
            ],
          ]),
        );
      grant('notebooks', Number(kept.object_id));
      grant('notebooks', Number(gone.object_id));
      grant('directories', Number(folder.object_id));
      const aclStatus: number[] = [];
      const deleteFolder = onceOnRead('/api/2.0/workspace/list', 'path', '/Shared/pr-7', async () => {
        aclStatus.push(await answered(primary, `/api/2.0/permissions/directories/${folder.object_id}`));
        ws.delete('/Shared/pr-7', true);
      });
      // A notebook's id is registered once it is exported: its grants are never read ahead.
      const deleteNotebook = onceOnRead('/api/2.0/workspace/export', 'path', '/Shared/gone', () =>
        ws.delete('/Shared/gone', false),
      );
      const client = clientWithHook(primary, async (method, url) => {
        await deleteFolder(method, url);
        await deleteNotebook(method, url);
      });
      const repo = await tempDir();
      const result = await exportWorkspace(client, repo, { 'workspace-paths': '/Shared' });
      expect(aclStatus).toEqual([200]);
      expect(result.report.sorted(result.report.skipped)).toEqual([
        { kind: 'workspace', key: '/Shared/gone', reason: 'deleted while the export ran' },
        { kind: 'workspace', key: '/Shared/pr-7', reason: 'deleted while the export ran' },
      ]);
      const snapshot = path.join(repo, 'databricks');
      expect(await fs.readdir(path.join(snapshot, 'workspace/Shared'))).toEqual(['kept.py']);
      const grants = await readJson(path.join(snapshot, 'permissions/workspace.json'));
      expect(Object.keys(grants)).toEqual(['/Shared/kept']);

      const applied = await applySnapshot(
        clientWithHook(secondary, () => undefined),
        snapshot,
      );
      expect(applied.failed).toBe(0);
      expect(secondary.state.workspace.get('/Shared/kept')).toBeDefined();
      expect(secondary.state.workspace.get('/Shared/pr-7')).toBeUndefined();
    });
  });
});
