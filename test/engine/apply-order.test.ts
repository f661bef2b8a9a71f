import * as path from 'node:path';
import { seedClusterAndJob } from '../helpers/seed-job.js';
import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';

/** What apply does when an object fails: the objects that need it are skipped, in both directions. */
describe('apply: a failed object stops what depends on it', () => {
  // A folder wholly gone is one recursive delete (issue 17; see test/engine/prune-folder.test.ts): when it
  // fails, what it holds is skipped with the reason and stays, and the other deletes go through.
  test('a failed folder delete keeps what it holds: nothing inside is deleted one by one', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.workspace.putNotebook('/Shared/keep', 'PYTHON', 'print("keep")');
      const dir = await tempDir();
      await exportWorkspace(clientFor(primary), dir);
      secondary.state.workspace.putNotebook('/Shared/keep', 'PYTHON', 'print("keep")');
      secondary.state.workspace.putNotebook('/Shared/old/x', 'PYTHON', 'print("x")');
      secondary.state.workspace.putNotebook('/Shared/old/y', 'PYTHON', 'print("y")');
      secondary.state.workspace.putNotebook('/Shared/gone/z', 'PYTHON', 'print("z")');
      secondary.faults.set({
        failPaths: [
          { match: '/Shared/old', status: 400, errorCode: 'INVALID_PARAMETER_VALUE', methods: ['POST'] },
        ],
      });

      const result = await applySnapshot(clientFor(secondary), path.join(dir, 'databricks'), {
        prune: true,
      });
      expect(result.failed).toBe(1);
      expect(result.report.failed.map((f) => f.key)).toEqual(['/Shared/old']);
      expect(result.report.skipped.map((s) => [s.key, s.reason]).sort()).toEqual([
        ['/Shared/old/x', 'not deleted: the delete of /Shared/old, which holds it, failed'],
        ['/Shared/old/y', 'not deleted: the delete of /Shared/old, which holds it, failed'],
      ]);
      expect(secondary.state.workspace.get('/Shared/old/x')?.object_type).toBe('NOTEBOOK');
      expect(secondary.state.workspace.get('/Shared/old/y')?.object_type).toBe('NOTEBOOK');
      expect(secondary.state.workspace.get('/Shared/gone')).toBeUndefined();
      expect(secondary.state.workspace.get('/Shared/keep')?.object_type).toBe('NOTEBOOK');
      const deletes = secondary.requests.filter((r) => r.path === '/api/2.0/workspace/delete');
      expect(deletes.map((r) => (r.body as { path: string }).path).sort()).toEqual([
        '/Shared/gone',
        '/Shared/old',
      ]);
    });
  });

  test('prune never deletes a folder that holds objects the snapshot leaves out (unexportable, excluded)', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.workspace.putNotebook('/Shared/keep', 'PYTHON', 'print("keep")');
      const dir = await tempDir();
      await exportWorkspace(clientFor(primary), dir, { exclude: '/Shared/tmp/scratch' });
      for (const folder of ['/Shared/old', '/Shared/tmp', '/Shared/gone'])
        secondary.state.workspace.putNotebook(`${folder}/x`, 'PYTHON', 'print("x")');
      secondary.state.workspace.putObject('/Shared/old/deep/churn', 'MLFLOW_EXPERIMENT');
      secondary.state.workspace.putNotebook('/Shared/tmp/scratch/y', 'PYTHON', 'print("y")');

      const result = await applySnapshot(clientFor(secondary), path.join(dir, 'databricks'), {
        prune: true,
      });
      expect(result.failed).toBe(0);
      expect(result.plan.changes.filter((c) => c.action === 'delete').map((c) => c.key)).toEqual([
        '/Shared/gone/x',
        '/Shared/old/x',
        '/Shared/tmp/x',
        '/Shared/gone',
      ]);
      // The experiment (never exported) and the excluded folder are still there, with the folders above them.
      expect(secondary.state.workspace.get('/Shared/old/deep/churn')?.object_type).toBe('MLFLOW_EXPERIMENT');
      expect(secondary.state.workspace.get('/Shared/tmp/scratch/y')?.object_type).toBe('NOTEBOOK');
      expect(secondary.state.workspace.get('/Shared/tmp/x')).toBeUndefined();
      expect(secondary.state.workspace.get('/Shared/old/x')).toBeUndefined();
      expect(secondary.state.workspace.get('/Shared/gone')).toBeUndefined();
    });
  });

  test('a failed create skips what references it: a folder and its notebooks, a cluster and its job', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.workspace.putNotebook('/Shared/new/nb', 'PYTHON', 'print("nb")');
      primary.state.workspace.putNotebook('/Shared/other', 'PYTHON', 'print("other")');
      seedClusterAndJob(primary, '/Shared/other');
      const dir = await tempDir();
      await exportWorkspace(clientFor(primary), dir);
      secondary.faults.set({
        failPaths: [
          { match: '/Shared/new', status: 400, errorCode: 'INVALID_PARAMETER_VALUE', methods: ['POST'] },
          { match: '/api/2.1/clusters/create', status: 400, errorCode: 'INVALID_PARAMETER_VALUE' },
        ],
      });

      const result = await applySnapshot(clientFor(secondary), path.join(dir, 'databricks'));
      expect(result.failed).toBe(2);
      expect(result.report.sorted(result.report.failed).map((f) => `${f.kind} ${f.key}`)).toEqual([
        'clusters shared_etl',
        'workspace /Shared/new',
      ]);
      expect(result.report.sorted(result.report.skipped)).toEqual([
        {
          kind: 'jobs',
          key: 'nightly',
          reason: 'not applied: depends on clusters.shared_etl, which failed',
        },
        {
          kind: 'permissions',
          key: 'clusters:shared_etl',
          reason: 'not applied: depends on clusters.shared_etl, which failed',
        },
        // Transitively: the job's grants need the job, which was skipped.
        {
          kind: 'permissions',
          key: 'jobs:nightly',
          reason: 'not applied: depends on jobs.nightly, which was not applied',
        },
        {
          kind: 'workspace',
          key: '/Shared/new/nb',
          reason: 'not applied: depends on workspace./Shared/new, which failed',
        },
      ]);
      // Nothing that needed the failed objects was written; the rest was.
      expect(secondary.state.workspace.get('/Shared/new/nb')).toBeUndefined();
      expect(secondary.state.jobs.all()).toEqual([]);
      expect(secondary.state.workspace.get('/Shared/other')?.object_type).toBe('NOTEBOOK');
      expect(secondary.requests.filter((r) => r.path.includes('/jobs/create'))).toEqual([]);
    });
  });
});
