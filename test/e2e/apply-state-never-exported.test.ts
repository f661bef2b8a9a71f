import * as path from 'node:path';
import { APPLY_STATE_FILE } from '../../src/resources/workspace.js';
import { CONFIG_STATE_FILE } from '../../src/resources/config-state.js';
import {
  applySnapshot,
  clientFor,
  exportWorkspace,
  readTree,
  tempDir,
  withEmulators,
} from '../helpers/harness.js';
import { seedClusterAndJob } from '../helpers/seed-job.js';

/**
 * Apply records its state in the target (/Shared/.databricks-dr/apply-state.json and config-state.json).
 * An export of that target (fail back: the secondary becomes the primary) must never carry it into the
 * snapshot, whatever workspace-paths and exclude say.
 */
describe('the apply state in the target', () => {
  test('is never in an export of the target, whatever workspace-paths and exclude say', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.workspace.putNotebook('/Shared/etl/nb', 'PYTHON', 'print(1)');
      seedClusterAndJob(primary, '/Shared/etl/nb');
      const dir = await tempDir();
      await exportWorkspace(clientFor(primary), dir);
      const applied = await applySnapshot(clientFor(secondary), path.join(dir, 'databricks'));
      expect(applied.failed).toBe(0);
      // Apply did write both files: what follows is not vacuous.
      expect(secondary.state.workspace.get(APPLY_STATE_FILE)?.object_type).toBe('FILE');
      expect(secondary.state.workspace.get(CONFIG_STATE_FILE)?.object_type).toBe('FILE');

      const cases: Array<Record<string, string>> = [
        {},
        { 'workspace-paths': '/Shared' },
        { 'workspace-paths': '/Shared/etl,/Shared/.databricks-dr' },
        { 'workspace-paths': '/Workspace/Shared/.databricks-dr/' },
        { 'workspace-paths': `/Shared/etl\n${APPLY_STATE_FILE}\n${CONFIG_STATE_FILE}` },
        { 'workspace-paths': '/Shared', exclude: '/Shared/etl/**' },
      ];
      for (const inputs of cases) {
        const back = await tempDir();
        const result = await exportWorkspace(clientFor(secondary), back, inputs);
        const tree = await readTree(path.join(back, 'databricks'));
        const leaked = [...tree]
          .filter(([file, bytes]) => {
            const text = bytes.toString('utf8');
            // snapshot.json records the workspace-paths input as given: that is not the state.
            const content =
              file === 'snapshot.json' ? text.replace(/"workspace_paths":\s*\[[^\]]*\]/, '') : text;
            return /databricks-dr\//.test(file) || /\.databricks-dr\b/.test(content);
          })
          .map(([file]) => file);
        expect(tree.size).toBeGreaterThan(0);
        expect([inputs, leaked]).toEqual([inputs, []]);
        expect([inputs, result.report.skipped.filter((s) => s.key.includes('.databricks-dr'))]).toEqual([
          inputs,
          [],
        ]);
      }
    });
  });
});
