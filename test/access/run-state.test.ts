import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { JsonObject } from '../../src/util/json.js';
import { parseJson } from '../../src/util/json.js';
import { clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';

/**
 * Per-run state lives in the run (RunCache on the contexts), never in a module-level table keyed by the
 * client: two runs in one process with one client do not see each other's reads.
 */
describe('state of one run', () => {
  it('a second export with the same client reads grants afresh, not those a failed export read ahead', async () => {
    await withEmulators(async (primary) => {
      const client = clientFor(primary);
      const { job_id: jobId } = await client.post<{ job_id: number }>('/api/2.1/jobs/create', {
        name: 'nightly',
        tasks: [{ task_key: 'a', notebook_task: { notebook_path: '/Shared/x' } }],
      });
      const grant = (level: string) =>
        client.request('PUT', `/api/2.0/permissions/jobs/${jobId}`, {
          body: {
            access_control_list: [
              { user_name: 'admin@example.com', permission_level: 'IS_OWNER' },
              { group_name: 'users', permission_level: level },
            ],
          },
        });
      await grant('CAN_VIEW');

      // The first export reads the job's grants ahead (as soon as the jobs kind registers its id), then
      // fails in another kind before the permissions kind takes them.
      primary.faults.set({
        failPaths: [{ match: '/api/2.0/secrets/scopes/list', status: 400, errorCode: 'INVALID_STATE' }],
      });
      const repo = await tempDir();
      await expect(exportWorkspace(client, repo, { 'workspace-paths': '/Shared' })).rejects.toThrow();
      const readAhead = `/api/2.0/permissions/jobs/${jobId}`;
      while (!primary.requests.some((r) => r.method === 'GET' && r.path === readAhead))
        await new Promise((resolve) => setTimeout(resolve, 10));
      expect(primary.requests.filter((r) => r.method === 'GET' && r.path === readAhead)).toHaveLength(1);

      // The grants change; the next export, with the same client, must record what the job has now.
      await grant('CAN_MANAGE_RUN');
      primary.faults.clear();
      await exportWorkspace(client, repo, { 'workspace-paths': '/Shared' });
      const jobs = parseJson(
        await fs.readFile(path.join(repo, 'databricks', 'permissions', 'jobs.json'), 'utf8'),
      ) as JsonObject;
      expect(jobs).toEqual({
        nightly: [
          { user_name: 'admin@example.com', permission_level: 'IS_OWNER' },
          { group_name: 'users', permission_level: 'CAN_MANAGE_RUN' },
        ],
      });
    });
  });
});
