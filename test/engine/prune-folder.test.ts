import * as path from 'node:path';
import { collapseDeletes } from '../../src/plan/planner.js';
import type { PlannedChange } from '../../src/plan/plan.js';
import { planJson, planMarkdown, planText } from '../../src/report/plan-render.js';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import type { Emulator } from '../../src/emulator/index.js';
import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';

/**
 * Prune of a folder that is wholly gone sends one recursive delete (issue 17): at the published 2 deletes/s
 * (src/databricks/rate-limits.ts), 5,000 deletes of the notebooks inside would take 40 minutes.
 */

const INSIDE = 120;

/** The primary holds /Shared/keep/a; the secondary has that and a stale file, plus a folder tree to prune. */
function seed(primary: Emulator, secondary: Emulator): void {
  primary.state.workspace.putNotebook('/Shared/keep/a', 'PYTHON', 'print("a")');
  secondary.state.workspace.putNotebook('/Shared/keep/a', 'PYTHON', 'print("a")');
  secondary.state.workspace.putNotebook('/Shared/keep/stale', 'PYTHON', 'print("stale")');
  for (let i = 0; i < INSIDE; i++)
    secondary.state.workspace.putNotebook(`/Shared/old/d${i % 4}/n${i}`, 'PYTHON', `print(${i})`);
}

function deleteRequests(e: Emulator): string[] {
  return e.requests
    .filter((r) => r.method === 'POST' && r.path === '/api/2.0/workspace/delete')
    .map((r) => String((r.body as { path?: string } | undefined)?.path));
}

async function exported(primary: Emulator): Promise<string> {
  const base = await tempDir();
  const { repo } = await makeRepoWithRemote(base);
  await exportWorkspace(clientFor(primary), repo, { 'workspace-paths': '/Shared' });
  return path.join(repo, 'databricks');
}

describe('prune deletes a wholly gone folder with one request', () => {
  test('one delete for /Shared/old and its 124 objects, one for the stale notebook beside kept ones', async () => {
    await withEmulators(async (primary, secondary) => {
      seed(primary, secondary);
      const snapshot = await exported(primary);
      const dry = await applySnapshot(clientFor(secondary), snapshot, { prune: true, dryRun: true });
      // 120 notebooks, 4 folders inside, the folder itself, and the stale notebook.
      expect(dry.plan.counts.delete).toBe(INSIDE + 4 + 1 + 1);
      const text = planText(dry.plan);
      expect(text).toContain(
        `- workspace /Shared/old (and the ${INSIDE + 4} objects in it, one recursive delete)`,
      );
      expect(text).toContain('- workspace /Shared/keep/stale\n');
      expect(text).not.toContain('/Shared/old/d1');
      const markdown = planMarkdown(dry.plan, 'plan');
      expect(markdown).toContain(`### workspace (${INSIDE + 6} delete)`);
      expect(markdown).toContain('`/Shared/old` (and the 124 objects in it, one recursive delete)');
      expect(markdown).not.toContain('/Shared/old/d1/n1');
      // plan.json still names each object, and which delete takes it.
      const json = planJson(dry.plan) as { changes: Array<Record<string, unknown>> };
      expect(json.changes.find((c) => c.key === '/Shared/old/d1/n1')).toMatchObject({
        action: 'delete',
        deleted_with: '/Shared/old',
      });
      expect(json.changes.find((c) => c.key === '/Shared/old')).toMatchObject({
        deletes_with_it: INSIDE + 4,
      });

      const applied = await applySnapshot(clientFor(secondary), snapshot, { prune: true });
      expect(applied.failed).toBe(0);
      expect(deleteRequests(secondary).sort()).toEqual(['/Shared/keep/stale', '/Shared/old']);
      expect(applied.report.counts.get('workspace')?.deleted).toBe(INSIDE + 6);
      expect(secondary.state.workspace.get('/Shared/old')).toBeUndefined();
      expect(secondary.state.workspace.get('/Shared/keep/a')).toBeDefined();

      const again = await applySnapshot(clientFor(secondary), snapshot, { prune: true, dryRun: true });
      expect(again.plan.hasChanges).toBe(false);
    });
  });

  test('without prune nothing is collapsed: each object is listed as not deleted', async () => {
    await withEmulators(async (primary, secondary) => {
      seed(primary, secondary);
      const snapshot = await exported(primary);
      const dry = await applySnapshot(clientFor(secondary), snapshot, { dryRun: true });
      expect(dry.plan.changes.some((c) => c.deletedWith !== undefined || c.deletesWithIt)).toBe(false);
      expect(planText(dry.plan)).toContain('/Shared/old/d1/n1 (not applied:');
    });
  });

  test('a failed folder delete fails it and skips what it holds, naming why', async () => {
    await withEmulators(async (primary, secondary) => {
      seed(primary, secondary);
      const snapshot = await exported(primary);
      secondary.faults.set({ failPaths: [{ match: '/api/2.0/workspace/delete', status: 400 }] });
      const applied = await applySnapshot(clientFor(secondary), snapshot, { prune: true });
      expect(applied.failed).toBe(2);
      expect(applied.report.failed.map((f) => f.key).sort()).toEqual(['/Shared/keep/stale', '/Shared/old']);
      const skipped = applied.report.skipped.filter((s) => s.key.startsWith('/Shared/old/'));
      expect(skipped).toHaveLength(INSIDE + 4);
      expect(skipped[0].reason).toBe('not deleted: the delete of /Shared/old, which holds it, failed');
      expect(secondary.state.workspace.get('/Shared/old/d1/n1')).toBeDefined();
    });
  });
});

describe('collapseDeletes', () => {
  const parent = (key: string): string | undefined => {
    const i = key.lastIndexOf('/');
    return i <= 0 ? undefined : key.slice(0, i);
  };
  const del = (key: string, blocked?: string): PlannedChange => ({
    kind: 'workspace',
    key,
    action: 'delete',
    changes: [],
    dependsOn: [],
    ...(blocked ? { blocked } : {}),
  });

  test('a folder holding a delete that will not run is no container, nor any folder above it', () => {
    const changes = [
      del('/a'),
      del('/a/b'),
      del('/a/b/x'),
      del('/a/b/kept', 'protected'),
      del('/a/c'),
      del('/a/c/y'),
      del('/z'),
    ];
    collapseDeletes(changes, () => parent);
    const by = Object.fromEntries(changes.map((c) => [c.key, [c.deletedWith, c.deletesWithIt]]));
    expect(by).toEqual({
      '/a': [undefined, undefined],
      '/a/b': [undefined, undefined],
      '/a/b/x': [undefined, undefined],
      '/a/b/kept': [undefined, undefined],
      '/a/c': [undefined, 1],
      '/a/c/y': ['/a/c', undefined],
      '/z': [undefined, undefined],
    });
  });

  test('kinds without a parentKey, and deletes whose folder stays, are left as they are', () => {
    const changes = [del('/a/x'), { ...del('pool-1'), kind: 'instance_pools' }];
    collapseDeletes(changes, (kind) => (kind === 'workspace' ? parent : undefined));
    expect(changes.every((c) => c.deletedWith === undefined && c.deletesWithIt === undefined)).toBe(true);
  });
});
