import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';
import * as path from 'node:path';

test('workspace-paths below the top (/Shared/x): the folder above the root is not planned anew on every apply', async () => {
  await withEmulators(async (primary, secondary) => {
    primary.state.workspace.putNotebook('/Shared/x/nb', 'PYTHON', 'print(1)\n');
    const repo = await tempDir();
    await exportWorkspace(clientFor(primary), repo, { 'workspace-paths': '/Shared/x' });
    const snapshot = path.join(repo, 'databricks');
    const first = await applySnapshot(clientFor(secondary), snapshot);
    expect(first.plan.changes.filter((c) => c.action === 'create').map((c) => c.key)).toEqual([
      '/Shared/x',
      '/Shared/x/nb',
    ]);
    secondary.clearRequests();
    const again = await applySnapshot(clientFor(secondary), snapshot);
    // Before: '+ workspace /Shared' and a mkdirs of /Shared on every apply.
    expect(again.plan.line).toBe('Plan: 0 to create, 0 to update, 0 to delete');
    expect(secondary.requests.filter((r) => r.method !== 'GET').map((r) => r.path)).toEqual([]);
  });
});
