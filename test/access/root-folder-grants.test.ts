import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ApiError } from '../../src/databricks/errors.js';
import { parseJson } from '../../src/util/json.js';
import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';

const ROOT = '/api/2.0/permissions/directories/0';

/**
 * Issue 12 #9: the workspace root refuses a PUT of its grants without admins' CAN_MANAGE ("Cannot remove
 * admins's CAN_MANAGE permission on 0", terraform-provider-databricks #2134, #1241); apply keeps admins.
 */
describe('grants on the workspace root folder', () => {
  it('the emulator refuses a PUT without admins CAN_MANAGE, as the service does', async () => {
    await withEmulators(async (primary) => {
      const c = clientFor(primary);
      const refused = await c
        .request('PUT', ROOT, {
          body: { access_control_list: [{ group_name: 'users', permission_level: 'CAN_READ' }] },
        })
        .then(
          () => undefined,
          (e: unknown) => e as ApiError,
        );
      expect(refused?.status).toBe(400);
      expect(refused?.message).toBe("Cannot remove admins's CAN_MANAGE permission on 0");
      await c.request('PUT', ROOT, {
        body: {
          access_control_list: [
            { group_name: 'users', permission_level: 'CAN_READ' },
            { group_name: 'admins', permission_level: 'CAN_MANAGE' },
          ],
        },
      });
      // PATCH adds; it never removes admins.
      await c.request('PATCH', ROOT, {
        body: { access_control_list: [{ group_name: 'users', permission_level: 'CAN_RUN' }] },
      });
    });
  });

  it('apply restores root grants recorded without admins, keeps admins, and converges', async () => {
    await withEmulators(async (primary, secondary) => {
      await clientFor(primary).request('PATCH', ROOT, {
        body: { access_control_list: [{ group_name: 'users', permission_level: 'CAN_READ' }] },
      });
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo);
      const file = path.join(repo, 'databricks', 'permissions', 'workspace.json');
      const recorded = parseJson(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
      expect(recorded['/']).toEqual([{ group_name: 'users', permission_level: 'CAN_READ' }]);

      const first = await applySnapshot(clientFor(secondary), path.join(repo, 'databricks'));
      expect(first.report.failed).toEqual([]);
      const puts = secondary.requests.filter((r) => r.method === 'PUT' && r.path === ROOT);
      expect(puts).toHaveLength(1);
      expect(puts[0].body).toEqual({
        access_control_list: expect.arrayContaining([
          { group_name: 'users', permission_level: 'CAN_READ' },
          { group_name: 'admins', permission_level: 'CAN_MANAGE' },
        ]),
      });
      secondary.clearRequests();
      const second = await applySnapshot(clientFor(secondary), path.join(repo, 'databricks'));
      expect(second.plan.line).toMatch(/^(No changes|Plan: 0 to create, 0 to update, 0 to delete)/);
      expect(secondary.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    });
  });
});
