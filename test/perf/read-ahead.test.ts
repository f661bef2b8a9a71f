import { describe, expect, it } from '@jest/globals';
import { DatabricksClient } from '../../src/databricks/client.js';
import type { EndpointLimit } from '../../src/databricks/rate-limits.js';
import { exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';

/**
 * Export reads each object's permissions as soon as its id is known, not after every kind: the Permissions
 * API's budget is spent while the workspace export's is, and each ACL is read exactly once.
 */
describe('permissions read ahead during export', () => {
  it('reads ACLs while contents are still being exported, once per object', async () => {
    await withEmulators(async (primary) => {
      for (let i = 0; i < 40; i++)
        primary.state.workspace.putNotebook(`/Shared/ahead/nb_${i}`, 'PYTHON', `print(${i})\n`);
      // Workspace export is the slow budget, as in a workspace (60/s there; 20/s here, a window wide enough
      // that a loaded machine does not change the order).
      const limits: EndpointLimit[] = [
        { name: 'workspace/export', methods: ['GET'], path: /^\/api\/2\.0\/workspace\/export$/, rps: 20 },
      ];
      primary.faults.set({ rateLimit: { rps: 1000, burst: 4, endpoints: limits } });
      const client = new DatabricksClient({
        host: primary.url,
        credentials: { headers: async () => ({ Authorization: `Bearer ${primary.token}` }) },
        endpointLimits: limits,
        paceEndpoints: true,
        rateLimit: 1000,
        rateBurst: 4,
      });
      await exportWorkspace(client, await tempDir());
      // A read the emulator throttled and the client retried is one read. Client and emulator share one
      // event loop here, so under a loaded machine a paced burst can reach the emulator bunched and meet a
      // 429: that is pacing's business (client-budgets.test.ts), not read-ahead's.
      const paths = primary.requests.filter((r) => r.status !== 429).map((r) => r.path);
      const lastExport = paths.lastIndexOf('/api/2.0/workspace/export');
      const notebookAcls = paths
        .map((p, i) => (p.startsWith('/api/2.0/permissions/notebooks/') ? i : -1))
        .filter((i) => i >= 0);
      expect(notebookAcls).toHaveLength(40);
      // ACLs are read while contents are still being exported: side by side (on a quiet machine nearly every
      // ACL right after its notebook), not one phase after the other, which would read none before the last
      // export. Only the overlap is asserted: how far reads trail depends on the machine's load.
      expect(notebookAcls[0]).toBeLessThan(lastExport);
      expect(notebookAcls.filter((i) => i < lastExport).length).toBeGreaterThanOrEqual(5);
      const acls = paths.filter((p) => p.startsWith('/api/2.0/permissions/'));
      expect(new Set(acls).size).toBe(acls.length);
      expect(primary.requests.filter((r) => r.status === 429).length).toBeLessThan(10);
    });
  });
});
