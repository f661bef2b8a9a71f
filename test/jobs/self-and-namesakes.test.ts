import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseJson, type JsonObject } from '../../src/util/json.js';
import { clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';
import { applyJobs, jobsByName, snapshotOf, writes } from './helpers.js';

describe('a job that runs itself (issue 13 item 3)', () => {
  it('is created, then given its own new id, and the second apply writes nothing', async () => {
    await withEmulators(async (primary, secondary) => {
      const p = clientFor(primary);
      const { job_id } = await p.post<JsonObject>('/api/2.2/jobs/create', { name: 'Loop' });
      await p.post('/api/2.2/jobs/reset', {
        job_id,
        new_settings: {
          name: 'Loop',
          tags: { team: 'etl' },
          tasks: [
            { task_key: 'work', notebook_task: { notebook_path: '/Shared/work' } },
            { task_key: 'again', depends_on: [{ task_key: 'work' }], run_job_task: { job_id } },
          ],
        },
      });
      const repo = await tempDir();
      await exportWorkspace(p, repo);
      const file = parseJson(
        await fs.readFile(path.join(snapshotOf(repo), 'jobs/loop.json'), 'utf8'),
      ) as JsonObject;
      expect(((file.tasks as JsonObject[])[1].run_job_task as JsonObject).job_id).toBe(
        '${resources.jobs.loop.id}',
      );

      const applied = await applyJobs(clientFor(secondary), snapshotOf(repo));
      expect(applied.failed).toBe(0);
      const loop = jobsByName(secondary).get('Loop');
      expect(loop).toBeDefined();
      const tasks = loop?.settings.tasks as JsonObject[];
      expect(tasks.map((t) => t.task_key)).toEqual(['work', 'again']);
      expect((tasks[1].run_job_task as JsonObject).job_id).toBe(loop?.id);
      expect(loop?.settings.tags).toMatchObject({ team: 'etl' });
      expect(jobsByName(secondary).size).toBe(1);

      secondary.clearRequests();
      const second = await applyJobs(clientFor(secondary), snapshotOf(repo));
      expect(second.plan.hasChanges).toBe(false);
      expect(writes(secondary)).toEqual([]);
    });
  });
});

describe('apply checks the name before creating a job (issue 13 item 12)', () => {
  it('refuses to create a job whose name the target has, when the listing the plan read did not show it', async () => {
    await withEmulators(async (primary, secondary) => {
      const p = clientFor(primary);
      const s = clientFor(secondary);
      const settings = {
        name: 'Nightly ETL',
        tasks: [{ task_key: 'a', notebook_task: { notebook_path: '/a' } }],
      };
      await p.post('/api/2.2/jobs/create', settings);
      await p.post('/api/2.2/jobs/create', { name: 'Other', tasks: settings.tasks });
      const repo = await tempDir();
      await exportWorkspace(p, repo);
      // The target has the job already (an earlier apply made it), but its first listing lies: a 200 with
      // an answer that has the right shape and no jobs, as a proxy or a truncated answer could give.
      const existing = await s.post<JsonObject>('/api/2.2/jobs/create', settings);
      secondary.faults.set({
        failPaths: [{ match: '/api/2.2/jobs/list', status: 200, body: '{}', times: 1, methods: ['GET'] }],
      });
      secondary.clearRequests();
      const applied = await applyJobs(s, snapshotOf(repo));
      expect(applied.failed).toBe(1);
      const failure = applied.report.failed.find((f) => f.kind === 'jobs');
      expect(failure?.reason).toMatch(
        new RegExp(`already has a job named 'Nightly ETL' \\(id ${String(existing.job_id)}\\).*did not show`),
      );
      // One create only: the job that really was missing. No duplicate of the one the listing hid.
      expect(writes(secondary).filter((w) => w.endsWith('/jobs/create'))).toHaveLength(1);
      expect(secondary.state.jobs.all().filter((j) => j.settings.name === 'Nightly ETL')).toHaveLength(1);
      expect(jobsByName(secondary).has('Other')).toBe(true);

      // With a truthful listing the next apply finds it and converges.
      const again = await applyJobs(s, snapshotOf(repo));
      expect(again.failed).toBe(0);
      expect(secondary.state.jobs.all().filter((j) => j.settings.name === 'Nightly ETL')).toHaveLength(1);
    });
  });
});

describe('same-named jobs restored side by side', () => {
  it('are all created: the name look-up of one never takes another just created for unknown', async () => {
    await withEmulators(async (primary, secondary) => {
      const p = clientFor(primary);
      const settings = { name: 'ETL', tasks: [{ task_key: 'a', notebook_task: { notebook_path: '/a' } }] };
      for (let i = 0; i < 3; i++) await p.post('/api/2.2/jobs/create', settings);
      const repo = await tempDir();
      await exportWorkspace(p, repo);
      const s = clientFor(secondary);
      // Stagger the name look-ups and hold each create's answer back, so that a look-up reaches the
      // target after another job of that name was made there and before apply learnt its id.
      let lookups = 0;
      const get = s.get.bind(s);
      s.get = (async (apiPath: string, query?: Record<string, string | number | boolean>) => {
        if (apiPath.endsWith('/jobs/list') && query && 'name' in query)
          await new Promise((r) => setTimeout(r, 150 * lookups++));
        return get(apiPath, query);
      }) as typeof s.get;
      const post = s.post.bind(s);
      s.post = (async (...args: Parameters<typeof s.post>) => {
        const answer = await post(...args);
        if (args[0].endsWith('/jobs/create')) await new Promise((r) => setTimeout(r, 1000));
        return answer;
      }) as typeof s.post;
      const applied = await applyJobs(s, snapshotOf(repo));
      expect(applied.report.failed).toEqual([]);
      expect(secondary.state.jobs.all().filter((j) => j.settings.name === 'ETL')).toHaveLength(3);
    });
  });
});
