import { describe, expect, it } from '@jest/globals';
import * as path from 'node:path';
import type { JsonObject } from '../../src/util/json.js';
import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';

/**
 * A run over thousands of objects never hands the client thousands of calls at once: each call waiting
 * inside it (for its endpoint's budget, for a concurrency slot) holds its frames, its body and a timer, and
 * at 10,000 notebooks that alone was most of the memory. Export, plan and apply keep their own bounded
 * queues, where a waiting call costs a closure.
 */
describe('calls pending in the client stay bounded', () => {
  it('export (first and nothing changed, permissions read) and apply (full and nothing changed)', async () => {
    await withEmulators(async (primary, secondary) => {
      const notebooks = 300;
      const seeder = clientFor(primary);
      await seeder.post('/api/2.0/preview/scim/v2/Users', { userName: 'bob@example.com' });
      for (let i = 0; i < notebooks; i++) {
        primary.state.workspace.putNotebook(`/Shared/many/nb_${i}`, 'PYTHON', `print(${i})\n`);
        const { object_id } = await seeder.get<JsonObject>('/api/2.0/workspace/get-status', {
          path: `/Shared/many/nb_${i}`,
        });
        await seeder.request('PUT', `/api/2.0/permissions/notebooks/${String(object_id)}`, {
          body: { access_control_list: [{ user_name: 'bob@example.com', permission_level: 'CAN_EDIT' }] },
        });
      }
      primary.faults.set({ latencyMs: 2 });
      primary.clearRequests();
      const repo = await tempDir();
      const snap = path.join(repo, 'databricks');

      const full = clientFor(primary);
      const exported = await exportWorkspace(full, repo);
      expect(exported.report.total('exported')).toBeGreaterThanOrEqual(notebooks);
      // 32 objects exported at once, 16 ACL reads ahead, and the odd listing.
      expect(full.stats.peakPending).toBeLessThanOrEqual(60);

      primary.clearRequests();
      const again = clientFor(primary);
      await exportWorkspace(again, repo);
      expect(primary.countRequests({ path: '/api/2.0/workspace/export' })).toBe(0);
      expect(again.stats.peakPending).toBeLessThanOrEqual(30);

      const target = clientFor(secondary);
      const applied = await applySnapshot(target, snap);
      expect(applied.failed).toBe(0);
      // Each notebook, and its grants.
      expect(applied.report.total('created')).toBeGreaterThanOrEqual(2 * notebooks);
      expect(secondary.countRequests({ method: 'PUT' })).toBeGreaterThanOrEqual(notebooks);
      // 64 changes of a wave at once.
      expect(target.stats.peakPending).toBeLessThanOrEqual(70);

      const noop = clientFor(secondary);
      expect((await applySnapshot(noop, snap)).plan.hasChanges).toBe(false);
      expect(noop.stats.peakPending).toBeLessThanOrEqual(30);
    });
  });
});
