import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { normalizeJob, OWNER_FIELD } from '../../src/resources/jobs.js';
import { parseJson, type JsonObject } from '../../src/util/json.js';
import { clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';
import { applyJobs, jobsByName, snapshotOf, writes } from './helpers.js';

const SP = '6f1c2a34-9d7e-4b8a-a1f0-123456789abc';
const tasks = [{ task_key: 'a', notebook_task: { notebook_path: '/a' } }];
const noRefs = { ref: () => undefined, warn: () => undefined };

describe('run_as (issue 12 item 4)', () => {
  it('records whom a job runs as, restores it, clears a run_as the snapshot lacks, and converges', async () => {
    await withEmulators(async (primary, secondary) => {
      const p = clientFor(primary);
      await p.post('/api/2.2/jobs/create', { name: 'As SP', tasks, run_as: { service_principal_name: SP } });
      await p.post('/api/2.2/jobs/create', { name: 'As owner', tasks });
      // Explicitly the creator, who owns it: the same as no run_as.
      await p.post('/api/2.2/jobs/create', {
        name: 'As self',
        tasks,
        run_as: { user_name: 'admin@example.com' },
      });
      const repo = await tempDir();
      await exportWorkspace(p, repo);
      const file = async (key: string) =>
        parseJson(await fs.readFile(path.join(snapshotOf(repo), `jobs/${key}.json`), 'utf8')) as JsonObject;
      expect((await file('as_sp')).run_as).toEqual({ service_principal_name: SP });
      expect(await file('as_owner')).not.toHaveProperty('run_as');
      expect(await file('as_self')).not.toHaveProperty('run_as');

      // The target has 'As owner' already, set to run as someone else (a reset without run_as keeps it).
      const s = clientFor(secondary);
      await s.post('/api/2.2/jobs/create', {
        name: 'As owner',
        tasks,
        run_as: { user_name: 'mallory@example.com' },
      });
      const applied = await applyJobs(s, snapshotOf(repo));
      expect(applied.failed).toBe(0);
      const jobs = jobsByName(secondary);
      expect(jobs.get('As SP')?.settings.run_as).toEqual({ service_principal_name: SP });
      // Cleared: run as its owner, given explicitly because an omitted run_as is kept.
      expect(jobs.get('As owner')?.settings.run_as).toEqual({ user_name: 'admin@example.com' });
      const got = await s.get<JsonObject>('/api/2.2/jobs/get', { job_id: String(jobs.get('As owner')?.id) });
      expect(got.run_as_user_name).toBe('admin@example.com');

      secondary.clearRequests();
      const second = await applyJobs(s, snapshotOf(repo));
      expect(second.plan.hasChanges).toBe(false);
      expect(writes(secondary)).toEqual([]);
    });
  });

  it('takes run_as from run_as_user_name when the settings lack it, unless it names the owner', () => {
    const base = { job_id: 1, creator_user_name: 'alice@example.com', settings: { name: 'J', tasks } };
    // Terraform: settings.run_as "is not returned on read"; run_as_user_name is.
    expect(normalizeJob({ ...base, run_as_user_name: SP }, noRefs).run_as).toEqual({
      service_principal_name: SP,
    });
    expect(normalizeJob({ ...base, run_as_user_name: 'bob@example.com' }, noRefs).run_as).toEqual({
      user_name: 'bob@example.com',
    });
    expect(normalizeJob({ ...base, run_as_user_name: 'alice@example.com' }, noRefs)).not.toHaveProperty(
      'run_as',
    );
    // Owned by bob since: bob is whom it runs as without a run_as.
    expect(
      normalizeJob(
        { ...base, run_as_user_name: 'bob@example.com', [OWNER_FIELD]: 'bob@example.com' },
        noRefs,
      ),
    ).not.toHaveProperty('run_as');
    const explicit = { ...base, settings: { ...base.settings, run_as: { user_name: 'bob@example.com' } } };
    expect(normalizeJob({ ...explicit, [OWNER_FIELD]: 'bob@example.com' }, noRefs)).not.toHaveProperty(
      'run_as',
    );
    expect(normalizeJob(explicit, noRefs).run_as).toEqual({ user_name: 'bob@example.com' });
  });
});

describe('jobs emulator: reset keeps run_as', () => {
  it('keeps the run_as a reset omits, as the service does', async () => {
    await withEmulators(async (primary) => {
      const p = clientFor(primary);
      const { job_id } = await p.post<JsonObject>('/api/2.2/jobs/create', {
        name: 'J',
        tasks,
        run_as: { user_name: 'bob@example.com' },
      });
      await p.post('/api/2.2/jobs/reset', { job_id, new_settings: { name: 'J', tasks } });
      const got = await p.get<JsonObject>('/api/2.2/jobs/get', { job_id: String(job_id) });
      expect((got.settings as JsonObject).run_as).toEqual({ user_name: 'bob@example.com' });
      expect(got.run_as_user_name).toBe('bob@example.com');
    });
  });
});
