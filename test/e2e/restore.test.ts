import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import type { Emulator } from '../../src/emulator/index.js';
import { runAction } from '../helpers/action.js';
import { tempDir, withEmulators } from '../helpers/harness.js';

/** plan and apply through dist/index.js, as a workflow runs them. */

function seedJob(emulator: Emulator, maxRuns = 1): number {
  return emulator.state.jobs.create(
    {
      name: 'Nightly report',
      max_concurrent_runs: maxRuns,
      tasks: [{ task_key: 'run', notebook_task: { notebook_path: '/Shared/report' } }],
    },
    { singleTaskAllowed: false, creator: 'ana@contoso.com', createdTime: Date.UTC(2025, 0, 1) },
  ).job_id;
}

describe('plan and apply through the bundled action', () => {
  test('drift: plan against the primary shows a changed job and an added notebook; summary and plan.json', async () => {
    await withEmulators(async (primary) => {
      primary.state.workspace.putNotebook('/Shared/report', 'SQL', 'select 1');
      const jobId = seedJob(primary);
      const base = await tempDir();
      const { repo } = await makeRepoWithRemote(base);
      const env = { GITHUB_WORKSPACE: repo };
      const connection = { host: primary.url, token: primary.token };
      expect((await runAction({ mode: 'export', ...connection }, base, env)).code).toBe(0);

      const clean = await runAction({ mode: 'plan', ...connection }, base, env);
      expect(clean.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete\n');
      expect(clean.outputs).toMatchObject({ 'has-changes': 'false', unmanaged: '0' });

      // Since the export, someone added a notebook and changed the job on the primary.
      primary.state.workspace.putNotebook('/Shared/scratch', 'PYTHON', 'print("new")');
      const job = primary.state.jobs.get(jobId);
      if (!job) throw new Error('no job');
      primary.state.jobs.reset(jobId, { ...job.settings, max_concurrent_runs: 4 }, false);
      primary.clearRequests();

      const drift = await runAction({ mode: 'plan', ...connection }, base, env);
      expect(drift.code).toBe(0);
      expect(drift.stdout).toContain(
        'Plan: 0 to create, 1 to update, 0 to delete (1 not deleted: prune is off)',
      );
      expect(drift.stdout).toContain('  ~ jobs nightly_report\n      max_concurrent_runs: 4 -> 1');
      expect(drift.stdout).toContain(
        '  - workspace /Shared/scratch (not applied: not in the snapshot; deleting needs prune)',
      );
      expect(drift.outputs).toMatchObject({
        'has-changes': 'true',
        'to-create': '0',
        'to-update': '1',
        'to-delete': '0',
        unmanaged: '1',
      });
      expect(primary.requests.filter((r) => r.method !== 'GET')).toEqual([]);

      // The job summary: the line, then one table per kind with its counts.
      const summary = drift.summary;
      expect(summary).toContain(
        '**Plan: 0 to create, 1 to update, 0 to delete (1 not deleted: prune is off)**',
      );
      expect(summary).toContain(
        [
          '### workspace (1 delete)',
          '',
          '| | object | changes |',
          '| --- | --- | --- |',
          '| delete | `/Shared/scratch` _(not applied: not in the snapshot; deleting needs prune)_ |  |',
        ].join('\n'),
      );
      expect(summary).toContain(
        [
          '### jobs (1 update)',
          '',
          '| | object | changes |',
          '| --- | --- | --- |',
          '| update | `nightly_report` | `max_concurrent_runs: 4 -> 1` |',
        ].join('\n'),
      );

      // plan.json: the plan as data.
      const planJson = JSON.parse(await fs.readFile(drift.outputs['plan-file'], 'utf8'));
      expect(planJson).toEqual({
        format: 1,
        summary: 'Plan: 0 to create, 1 to update, 0 to delete (1 not deleted: prune is off)',
        counts: {
          create: 0,
          update: 1,
          replace: 0,
          delete: 0,
          'no-op': expect.any(Number),
          blocked: 1,
          unrestorable: 0,
          held: 0,
          unmanaged: 1,
        },
        has_changes: true,
        changes: [
          {
            kind: 'jobs',
            key: 'nightly_report',
            action: 'update',
            changes: [{ path: 'max_concurrent_runs', before: 4, after: 1 }],
            depends_on: [],
          },
          {
            kind: 'workspace',
            key: '/Shared/scratch',
            action: 'delete',
            blocked: 'not in the snapshot; deleting needs prune',
            changes: [{ path: '(object)', before: { language: 'PYTHON', type: 'NOTEBOOK' } }],
            depends_on: ['workspace./Shared'],
          },
        ],
        // Readiness at a glance (issue 18), one row per kind the snapshot holds.
        readiness: expect.arrayContaining([
          { kind: 'jobs', objects: 1, restorable: 1, skipped: 0, skipped_why: [], manual_steps: 0 },
        ]),
      });
    });
  });

  test('ref restores that commit and ignores a dirty working tree', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.workspace.putNotebook('/Shared/etl', 'PYTHON', 'print("v1")');
      const base = await tempDir();
      const { repo } = await makeRepoWithRemote(base);
      const env = { GITHUB_WORKSPACE: repo };
      const exportInputs = { mode: 'export', host: primary.url, token: primary.token };
      const v1 = (await runAction(exportInputs, base, env)).outputs['commit-sha'];
      primary.state.workspace.putNotebook('/Shared/etl', 'PYTHON', 'print("v2")');
      primary.state.workspace.putNotebook('/Shared/later', 'SQL', 'select 2');
      const v2 = (await runAction(exportInputs, base, env)).outputs['commit-sha'];
      expect(v1).toMatch(/^[0-9a-f]{40}$/);
      expect(v2).toMatch(/^[0-9a-f]{40}$/);

      // The working tree is dirty in every way: an edit, a new file, a deletion and a broken file.
      const ws = path.join(repo, 'databricks/workspace/Shared');
      await fs.writeFile(path.join(ws, 'etl.py'), '# Databricks notebook source\nprint("uncommitted")');
      await fs.writeFile(path.join(ws, 'untracked.py'), '# Databricks notebook source\nprint("untracked")');
      await fs.rm(path.join(ws, 'later.sql'));
      await fs.mkdir(path.join(repo, 'databricks/jobs'), { recursive: true });
      await fs.writeFile(path.join(repo, 'databricks/jobs/broken.json'), '{ not json');
      expect((await simpleGit(repo).status()).isClean()).toBe(false);

      const inputs = { mode: 'apply', host: secondary.url, token: secondary.token, ref: v1 };
      const restored = await runAction(inputs, base, env);
      expect(restored.code).toBe(0);
      expect(restored.stdout).toContain(`reading the snapshot at ${v1} (${v1.slice(0, 12)})`);
      expect(restored.stdout).toContain('Plan: 1 to create, 0 to update, 0 to delete');
      expect(secondary.state.workspace.get('/Shared/etl')?.content?.toString()).toContain('print("v1")');
      expect(secondary.state.workspace.get('/Shared/untracked')).toBeUndefined();
      expect(secondary.state.workspace.get('/Shared/later')).toBeUndefined();

      const later = await runAction({ ...inputs, ref: v2 }, base, env);
      expect(later.code).toBe(0);
      expect(later.stdout).toContain('Plan: 1 to create, 1 to update, 0 to delete');
      expect(secondary.state.workspace.get('/Shared/etl')?.content?.toString()).toContain('print("v2")');
      expect(secondary.state.workspace.get('/Shared/later')?.object_type).toBe('NOTEBOOK');
      expect(secondary.state.workspace.get('/Shared/untracked')).toBeUndefined();

      // Without ref, the working tree as it is: the broken file stops the plan.
      const dirty = await runAction({ ...inputs, ref: '' }, base, env);
      expect(dirty.code).toBe(1);
      expect(dirty.stdout).toMatch(/::error::jobs\/broken\.json(:\d+)?: invalid JSON/);
    });
  });
});
