import { describe, expect, it } from '@jest/globals';
import * as path from 'node:path';
import { ApiError } from '../../src/databricks/errors.js';
import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';

describe('a plan identity without MANAGE on a secret scope', () => {
  it('is refused the ACLs by the emulator, and the plan goes on with a warning naming the scope', async () => {
    await withEmulators(async (primary, secondary) => {
      const c1 = clientFor(primary);
      primary.state.scim.createGroup({ displayName: 'data-eng' });
      for (const scope of ['locked', 'open']) {
        await c1.post('/api/2.0/secrets/scopes/create', { scope });
        await c1.post('/api/2.0/secrets/acls/put', { scope, principal: 'data-eng', permission: 'READ' });
      }
      const repo = await tempDir();
      await exportWorkspace(c1, repo, { 'workspace-paths': '/Shared' });
      const snap = path.join(repo, 'databricks');
      const c2 = clientFor(secondary);
      expect((await applySnapshot(c2, snap)).failed).toBe(0);

      // The target drifted in both scopes; the plan runs as reader, who may MANAGE only 'open'.
      secondary.state.secrets.setAcl('locked', 'data-eng', 'WRITE');
      secondary.state.secrets.setAcl('open', 'data-eng', 'WRITE');
      secondary.state.secrets.setAcl('open', 'reader@example.com', 'MANAGE');
      // Listing keys needs READ, which a plan identity has on every scope (README: what each identity needs).
      secondary.state.secrets.setAcl('locked', 'reader@example.com', 'READ');
      secondary.state.secrets.nonAdminCaller = 'reader@example.com';
      const refused = await c2.get('/api/2.0/secrets/acls/list', { scope: 'locked' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(ApiError);
      expect([(refused as ApiError).status, (refused as ApiError).errorCode]).toEqual([
        403,
        'PERMISSION_DENIED',
      ]);

      secondary.clearRequests();
      const plan = await applySnapshot(c2, snap, { dryRun: true });
      expect(plan.report.warnings).toEqual([
        {
          kind: 'secret_scopes',
          key: 'locked',
          reason: expect.stringMatching(
            /^secret scope 'locked': its ACLs were not compared \(.*\); listing ACLs needs MANAGE on the scope/,
          ),
        },
      ]);
      const changed = plan.plan.changes.filter((ch) => ch.action !== 'no-op');
      expect(changed.map((ch) => [ch.key, ch.changes])).toEqual([
        ['open', [{ path: 'acls["data-eng"]', before: 'WRITE', after: 'READ' }]],
      ]);
      expect(secondary.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    });
  });
});
