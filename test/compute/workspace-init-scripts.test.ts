import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { planWaves } from '../../src/plan/plan.js';
import { parseJson, type JsonObject } from '../../src/util/json.js';
import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';

/**
 * Issue 15 item 6: an init script kept as a workspace file is in the snapshot, and apply imports it before
 * it creates the cluster or job that starts with it (an earlier wave, not the same one).
 */
describe('workspace-file init scripts', () => {
  it('are exported and imported before the cluster and the job that run them', async () => {
    await withEmulators(async (primary, secondary) => {
      const script = '#!/bin/bash\necho setup\n';
      primary.state.workspace.putFile('/Shared/init/setup.sh', script);
      const client = clientFor(primary);
      const initScripts = [{ workspace: { destination: '/Workspace/Shared/init/setup.sh' } }];
      await client.post('/api/2.0/clusters/create', {
        cluster_name: 'With init',
        spark_version: '15.4.x-scala2.12',
        node_type_id: 'Standard_DS3_v2',
        num_workers: 1,
        init_scripts: initScripts,
      });
      primary.state.jobs.create(
        {
          name: 'Nightly',
          tasks: [
            {
              task_key: 'run',
              notebook_task: { notebook_path: '/Shared/init/setup.sh' },
              new_cluster: {
                spark_version: '15.4.x-scala2.12',
                node_type_id: 'Standard_DS3_v2',
                num_workers: 1,
                init_scripts: initScripts,
              },
            },
          ],
        },
        { singleTaskAllowed: false },
      );
      const repo = await tempDir();
      const exported = await exportWorkspace(client, repo);
      const dir = path.join(repo, 'databricks');
      expect(await fs.readFile(path.join(dir, 'workspace/Shared/init/setup.sh'), 'utf8')).toBe(script);
      expect(exported.report.manual.filter((m) => m.reason.includes('setup.sh'))).toEqual([]);
      const cluster = parseJson(
        await fs.readFile(path.join(dir, 'clusters/with_init.json'), 'utf8'),
      ) as JsonObject;
      expect(cluster.init_scripts).toEqual(initScripts);

      const plan = await applySnapshot(clientFor(secondary), dir, { dryRun: true });
      const wave = (kind: string, key: string) =>
        planWaves(plan.plan).findIndex((w) => w.some((c) => c.kind === kind && c.key === key));
      const scriptWave = wave('workspace', '/Shared/init/setup.sh');
      expect(scriptWave).toBeGreaterThanOrEqual(0);
      expect(wave('clusters', 'with_init')).toBeGreaterThan(scriptWave);
      expect(wave('jobs', 'nightly')).toBeGreaterThan(scriptWave);

      const applied = await applySnapshot(clientFor(secondary), dir);
      expect(applied.failed).toBe(0);
      const requests = secondary.requests;
      const imported = requests.findIndex(
        (r) =>
          r.path === '/api/2.0/workspace/import' &&
          JSON.stringify(r.body).includes('"path":"/Shared/init/setup.sh"'),
      );
      expect(imported).toBeGreaterThanOrEqual(0);
      expect(requests.findIndex((r) => r.path.endsWith('/clusters/create'))).toBeGreaterThan(imported);
      expect(secondary.state.workspace.get('/Shared/init/setup.sh')?.object_type).toBe('FILE');
    });
  });
});
