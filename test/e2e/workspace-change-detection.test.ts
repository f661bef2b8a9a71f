import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { get } from '../emulator/helpers.js';
import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';

/**
 * An edit in the notebook editor moves `modified_at_interactive` and, as far as any Databricks-authored
 * source says, maybe not `modified_at` (see Version in src/resources/workspace.ts). The emulator's
 * editInEditor plays that worst case: neither the incremental export nor the plan's apply state may keep
 * such an edit stale.
 */
describe('an edit made in the notebook editor', () => {
  test('list and get-status answer modified_at_interactive after it; modified_at stays', async () => {
    await withEmulators(async (primary) => {
      const nb = primary.state.workspace.putNotebook('/Shared/etl/nb', 'PYTHON', 'print(1)');
      const before = nb.modified_at;
      primary.state.workspace.editInEditor('/Shared/etl/nb', 'print(2)', '42');
      const status = (await get(primary, '/api/2.0/workspace/get-status', { path: '/Shared/etl/nb' })).json();
      expect(status).toMatchObject({
        modified_at: before,
        modified_at_interactive: { user_id: '42', time_millis: expect.any(Number) },
      });
      const listed = (await get(primary, '/api/2.0/workspace/list', { path: '/Shared/etl' })).json();
      expect(listed).toMatchObject({ objects: [{ modified_at_interactive: { user_id: '42' } }] });
    });
  });

  test('is exported by the next incremental export, not kept from the previous snapshot', async () => {
    await withEmulators(async (primary) => {
      const ws = primary.state.workspace;
      ws.putNotebook('/Shared/etl/nb', 'PYTHON', 'print("v1")');
      ws.putFile('/Shared/etl/conf.txt', 'retries=1\n');
      ws.putNotebook('/Shared/etl/other', 'PYTHON', 'print("untouched")');
      const repo = await tempDir();
      const client = clientFor(primary);
      await exportWorkspace(client, repo);
      const file = (rel: string) => fs.readFile(path.join(repo, 'databricks/workspace', rel), 'utf8');
      expect(await file('Shared/etl/nb.py')).toContain('v1');

      ws.editInEditor('/Shared/etl/nb', 'print("v2")');
      ws.editInEditor('/Shared/etl/conf.txt', 'retries=2\n');
      primary.clearRequests();
      const second = await exportWorkspace(client, repo);
      expect(await file('Shared/etl/nb.py')).toContain('v2');
      expect(await file('Shared/etl/conf.txt')).toBe('retries=2\n');
      // The cache still works for what was not edited.
      const exported = primary.requests
        .filter((r) => r.path === '/api/2.0/workspace/export')
        .map((r) => String(r.query.path))
        .sort();
      expect(exported).toEqual(['/Shared/etl/conf.txt', '/Shared/etl/nb']);
      expect(second.report.total('unchanged')).toBe(1);

      // A second edit in the editor moves it again.
      ws.editInEditor('/Shared/etl/nb', 'print("v3")');
      await exportWorkspace(client, repo);
      expect(await file('Shared/etl/nb.py')).toContain('v3');
    });
  });

  test('in the target is drift the next plan shows, not hidden by the apply state', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.workspace.putNotebook('/Shared/etl/nb', 'PYTHON', 'print("dr")');
      const dir = await tempDir();
      await exportWorkspace(clientFor(primary), dir);
      const snapshot = path.join(dir, 'databricks');
      expect((await applySnapshot(clientFor(secondary), snapshot)).failed).toBe(0);

      secondary.state.workspace.editInEditor('/Shared/etl/nb', 'print("hotfix in the secondary")');
      const plan = await applySnapshot(clientFor(secondary), snapshot, { dryRun: true });
      expect(plan.plan.changes.filter((c) => c.action !== 'no-op').map((c) => [c.key, c.action])).toEqual([
        ['/Shared/etl/nb', 'update'],
      ]);
    });
  });
});
