import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { DatabricksClient } from '../../src/databricks/client.js';
import type { JsonObject } from '../../src/util/json.js';
import { runApply } from '../../src/modes/apply.js';
import { RunReport } from '../../src/report/report.js';
import { SnapshotSource } from '../../src/snapshot/source.js';
import { MemoryLog } from '../../src/util/log.js';
import { clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';
import { applyJobs, jobsByName, writes } from '../jobs/helpers.js';

/**
 * Issue 13 item 2: everything apply could refuse is refused by plan, before the first write. A snapshot
 * whose files are wrong in ways only a careful reading shows (a reference to an object of the wrong kind, a
 * misspelt field beside the right one, a Git folder path with `..`) used to be applied in part, then fail
 * on an API error.
 */
async function seed(client: DatabricksClient): Promise<void> {
  const { cluster_id: clusterId } = await client.post<{ cluster_id: string }>('/api/2.1/clusters/create', {
    cluster_name: 'Shared',
    spark_version: '15.4.x-scala2.12',
    node_type_id: 'Standard_DS3_v2',
    num_workers: 1,
    autotermination_minutes: 30,
  });
  await client.post('/api/2.0/repos', {
    url: 'https://github.com/contoso/etl.git',
    provider: 'gitHub',
    path: '/Repos/alice@contoso.com/etl',
  });
  const notebook = { notebook_path: '/Shared/etl' };
  const { job_id: child } = await client.post<{ job_id: number }>('/api/2.2/jobs/create', {
    name: 'Child',
    tasks: [{ task_key: 'run', existing_cluster_id: clusterId, notebook_task: notebook }],
  });
  await client.post('/api/2.2/jobs/create', {
    name: 'Parent',
    tasks: [{ task_key: 'call', run_job_task: { job_id: child } }],
  });
  // Many objects, so that a late refusal would show as many writes.
  for (let i = 0; i < 30; i++)
    await client.post('/api/2.2/jobs/create', {
      name: `Filler ${i}`,
      tasks: [{ task_key: 'run', existing_cluster_id: clusterId, notebook_task: notebook }],
    });
}

async function editJson(file: string, edit: (value: JsonObject) => void): Promise<void> {
  const value = JSON.parse(await fs.readFile(file, 'utf8')) as JsonObject;
  edit(value);
  await fs.writeFile(file, JSON.stringify(value, null, 2) + '\n');
}

type Task = JsonObject & { run_job_task?: JsonObject };
const tasksOf = (v: JsonObject) => v.tasks as Task[];

const BREAKS: Array<{ name: string; file: string; edit: (v: JsonObject) => void; message: RegExp }> = [
  {
    name: 'a cluster reference where a job id belongs',
    file: 'jobs/parent.json',
    edit: (v) => {
      (tasksOf(v)[0].run_job_task as JsonObject).job_id = '${resources.clusters.shared.id}';
    },
    message:
      /^jobs\/parent\.json:\d+: tasks\[0\]\.run_job_task\.job_id is \$\{resources\.clusters\.shared\.id\}, a reference to a clusters object: it takes a jobs object \(\$\{resources\.jobs\.<key>\.id\}\)/,
  },
  {
    name: 'a reference to a key of another kind',
    file: 'jobs/child.json',
    edit: (v) => {
      tasksOf(v)[0].existing_cluster_id = '${resources.jobs.child.id}';
    },
    message:
      /^jobs\/child\.json:\d+: tasks\[0\]\.existing_cluster_id is \$\{resources\.jobs\.child\.id\}, a reference to a jobs object: it takes a clusters object/,
  },
  {
    name: 'a misspelt field beside the right one',
    file: 'jobs/child.json',
    edit: (v) => {
      tasksOf(v)[0].existing_cluster_idd = tasksOf(v)[0].existing_cluster_id;
    },
    message: /^jobs\/child\.json:\d+: .*'existing_cluster_idd'.*existing_cluster_id/,
  },
  {
    name: 'a task that depends on a task the job lacks',
    file: 'jobs/child.json',
    edit: (v) => {
      tasksOf(v)[0].depends_on = [{ task_key: 'gone' }];
    },
    message: /^jobs\/child\.json:\d+: tasks\[run\]: 'depends_on' names 'gone', which is not another task/,
  },
  {
    name: 'a task_key used twice',
    file: 'jobs/child.json',
    edit: (v) => {
      v.tasks = [tasksOf(v)[0], tasksOf(v)[0]];
    },
    message: /^jobs\/child\.json:\d+: 'task_key' 'run' is used twice in tasks/,
  },
  {
    name: 'more tags than a job can have',
    file: 'jobs/child.json',
    edit: (v) => {
      v.tags = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`t${i}`, 'x']));
    },
    message: /^jobs\/child\.json:\d+: 'tags': a job can have at most 25 tags, this one has 26/,
  },
  // A second adversarial pass: values the service refuses by size or range, once applied after ~70 writes.
  {
    name: 'a job name longer than 4096 bytes',
    file: 'jobs/child.json',
    edit: (v) => {
      v.name = 'x'.repeat(5000);
    },
    message: /^jobs\/child\.json:\d+: 'name' is 5000 bytes long: a job name can be at most 4096/,
  },
  {
    name: 'a negative max_concurrent_runs',
    file: 'jobs/child.json',
    edit: (v) => {
      v.max_concurrent_runs = -1;
    },
    message: /^jobs\/child\.json:\d+: 'max_concurrent_runs' must be a whole number from 0 to 1000, not -1/,
  },
  {
    name: 'a max_concurrent_runs given as text',
    file: 'jobs/child.json',
    edit: (v) => {
      v.max_concurrent_runs = '5';
    },
    message: /^jobs\/child\.json:\d+: 'max_concurrent_runs' must be a whole number from 0 to 1000, not "5"/,
  },
  {
    name: 'a Git folder path with ..',
    file: 'repos/repos_alice_contoso_com_etl.json',
    edit: (v) => {
      v.path = '/Repos/alice@contoso.com/../../Shared/etl';
    },
    message: /^repos\/repos_alice_contoso_com_etl\.json:\d+: .*'\.\.'/,
  },
];

describe('apply refuses a bad snapshot before its first write', () => {
  it.each(BREAKS)('$name: one message with file:line, zero writes', async ({ file, edit, message }) => {
    await withEmulators(async (primary, secondary) => {
      await seed(clientFor(primary));
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo, { 'workspace-paths': '/Shared' });
      const dir = path.join(repo, 'databricks');
      await editJson(path.join(dir, file), edit);
      secondary.clearRequests();
      const error = (await applyJobs(clientFor(secondary), dir).catch((e: unknown) => e)) as Error;
      expect(error.message).toMatch(message);
      // One line, naming the way out.
      expect(error.message).not.toContain('\n');
      expect(error.message).toMatch(/fix the file, or set the 'skip-unrestorable' input/);
      expect(writes(secondary)).toEqual([]);
      expect(jobsByName(secondary).size).toBe(0);
    });
  });
});

/**
 * Issue 12 item 12: one unknown field must not block a restore in an outage. A top-level field other tools
 * write (`existing_cluster_name`) refuses the snapshot by default, before any write; with
 * skip-unrestorable, that object (and what needs it) is skipped onto the manual checklist with its
 * file:line, and everything else is restored.
 */
describe('skip-unrestorable past a file that cannot be applied', () => {
  async function apply(client: DatabricksClient, dir: string, skipUnrestorable: boolean) {
    const report = new RunReport();
    const result = await runApply(
      await SnapshotSource.fromDirectory(dir),
      { client, log: new MemoryLog(), report },
      { prune: false, allowReplace: false, dryRun: false, startClusters: false, skipUnrestorable },
    );
    return { ...result, report };
  }

  it('skips the object and what needs it, restores the rest; refuses without the flag', async () => {
    await withEmulators(async (primary, secondary) => {
      await seed(clientFor(primary));
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo, { 'workspace-paths': '/Shared' });
      const dir = path.join(repo, 'databricks');
      await editJson(path.join(dir, 'jobs/child.json'), (v) => {
        v.existing_cluster_name = 'Shared';
      });
      await editJson(path.join(dir, 'repos/repos_alice_contoso_com_etl.json'), (v) => {
        v.path = '/Repos/alice@contoso.com/../x';
      });

      secondary.clearRequests();
      // Refused at the first file the plan reads (repos come before jobs), before any write.
      await expect(apply(clientFor(secondary), dir, false)).rejects.toThrow(
        /^repos\/repos_alice_contoso_com_etl\.json:\d+: 'path' must not hold .*set the 'skip-unrestorable' input/,
      );
      expect(writes(secondary)).toEqual([]);

      const applied = await apply(clientFor(secondary), dir, true);
      expect(applied.failed).toBe(0);
      const names = [...jobsByName(secondary).keys()].sort();
      expect(names).toHaveLength(30);
      expect(names).not.toContain('Child');
      expect(names).not.toContain('Parent');
      expect(secondary.state.repos.all()).toEqual([]);
      expect(applied.report.manual).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: 'jobs',
            key: 'child',
            reason: expect.stringMatching(
              /^restore jobs child by hand: jobs\/child\.json:\d+: unknown field 'existing_cluster_name'/,
            ),
          }),
          expect.objectContaining({
            kind: 'repos',
            key: 'repos_alice_contoso_com_etl',
            reason: expect.stringMatching(
              /repos\/repos_alice_contoso_com_etl\.json:\d+: 'path' must not hold/,
            ),
          }),
        ]),
      );
      expect(applied.report.skipped).toContainEqual(
        expect.objectContaining({
          kind: 'jobs',
          key: 'parent',
          reason: 'not applied: depends on jobs.child, which was not applied',
        }),
      );

      // Nothing more to do until someone restores it: a second apply writes nothing.
      secondary.clearRequests();
      const again = await apply(clientFor(secondary), dir, true);
      expect(again.failed).toBe(0);
      expect(writes(secondary)).toEqual([]);
    });
  });
});

describe('skip-unrestorable past a reference that resolves nowhere', () => {
  it('skips the object that names it, with file:line, and restores the rest', async () => {
    await withEmulators(async (primary, secondary) => {
      await seed(clientFor(primary));
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo, { 'workspace-paths': '/Shared' });
      const dir = path.join(repo, 'databricks');
      await editJson(path.join(dir, 'jobs/parent.json'), (v) => {
        (tasksOf(v)[0].run_job_task as JsonObject).job_id = '${resources.jobs.nowhere.id}';
      });
      secondary.clearRequests();
      await expect(applyJobs(clientFor(secondary), dir)).rejects.toThrow(
        /^1 unresolved reference\(s\), nothing applied: jobs\/parent\.json:\d+: .*set the 'skip-unrestorable' input/,
      );
      expect(writes(secondary)).toEqual([]);
      const applied = await applyJobs(clientFor(secondary), dir, { skipUnrestorable: true });
      expect(applied.failed).toBe(0);
      expect(jobsByName(secondary).has('Parent')).toBe(false);
      expect(jobsByName(secondary).has('Child')).toBe(true);
      expect(applied.report.manual).toContainEqual(
        expect.objectContaining({
          kind: 'jobs',
          key: 'parent',
          reason: expect.stringMatching(
            /^restore jobs parent by hand: jobs\/parent\.json:\d+: \$\{resources\.jobs\.nowhere\.id\} is neither in the snapshot nor in the target$/,
          ),
        }),
      );
    });
  });
});

describe('a key tag the object cannot take', () => {
  it('is refused by the plan, before the first write, not by that object’s apply', async () => {
    await withEmulators(async (primary, secondary) => {
      const client = clientFor(primary);
      const task = [{ task_key: 'run', notebook_task: { notebook_path: '/Shared/etl' } }];
      await client.post('/api/2.2/jobs/create', { name: 'Dup', tasks: task });
      const tags = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`t${i}`, 'x']));
      await client.post('/api/2.2/jobs/create', { name: 'Dup', tasks: task, tags });
      const repo = await tempDir();
      await exportWorkspace(client, repo, { 'workspace-paths': '/Shared' });
      const dir = path.join(repo, 'databricks');
      secondary.clearRequests();
      await expect(applyJobs(clientFor(secondary), dir)).rejects.toThrow(
        /^jobs\/dup_2\.json(:\d+)?: job 'Dup' \(key dup_2\) would have 26 tags .*skip-unrestorable/,
      );
      expect(writes(secondary)).toEqual([]);
    });
  });
});
