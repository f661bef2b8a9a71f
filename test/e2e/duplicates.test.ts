import * as path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import {
  applySnapshot,
  clientFor,
  exportWorkspace,
  readTree,
  tempDir,
  withEmulators,
} from '../helpers/harness.js';

async function post(emulator: Emulator, api: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(emulator.url + api, {
    method: 'POST',
    headers: { Authorization: `Bearer ${emulator.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

const skip = (rel: string) => rel === '.export-state.json' || rel === 'snapshot.json';

/** Names of jobs and clusters may repeat; a restore must still be exact and converge. */
test('objects that share a name restore one for one, and a second apply changes nothing', async () => {
  await withEmulators(async (primary, secondary) => {
    for (const workers of [1, 2])
      await post(primary, '/api/2.1/clusters/create', {
        cluster_name: 'shared',
        spark_version: '15.4.x-scala2.12',
        node_type_id: 'Standard_DS3_v2',
        num_workers: workers,
      });
    for (const timeout of [60, 120])
      await post(primary, '/api/2.2/jobs/create', {
        name: 'Nightly ETL',
        timeout_seconds: timeout,
        tasks: [
          { task_key: 'run', notebook_task: { notebook_path: '/Shared/etl' }, environment_key: 'default' },
        ],
        environments: [{ environment_key: 'default', spec: { client: '1' } }],
      });
    const dir = await tempDir();
    await exportWorkspace(clientFor(primary), dir);
    const snapshot = path.join(dir, 'databricks');
    const files = [...(await readTree(snapshot, skip)).keys()].filter((f) => /^(jobs|clusters)\//.test(f));
    expect(files).toEqual([
      'clusters/shared.json',
      'clusters/shared_2.json',
      'jobs/nightly_etl.json',
      'jobs/nightly_etl_2.json',
    ]);

    const first = await applySnapshot(clientFor(secondary), snapshot);
    expect(first.failed).toBe(0);
    const second = await applySnapshot(clientFor(secondary), snapshot);
    expect(second.plan.line).toBe('Plan: 0 to create, 0 to update, 0 to delete');

    const copy = await tempDir();
    await exportWorkspace(clientFor(secondary), copy);
    expect(await readTree(path.join(copy, 'databricks'), skip)).toEqual(await readTree(snapshot, skip));
    // The tag that tells the twins apart stays in the target, never in the snapshot.
    expect(JSON.stringify([...(await readTree(snapshot)).values()].map(String))).not.toContain(
      'databricks-dr-key',
    );
  });
});
