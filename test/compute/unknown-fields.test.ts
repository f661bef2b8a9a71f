import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { startEmulator } from '../../src/emulator/index.js';
import { seedSampleCompute } from '../../src/emulator/sample-compute.js';
import { seedSampleJobs } from '../../src/emulator/sample-jobs.js';
import { closestName } from '../../src/util/closest-name.js';
import type { JsonObject } from '../../src/util/json.js';
import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';
import { post } from '../emulator/helpers.js';
import { writes } from '../jobs/helpers.js';

/** Renames a top-level field in a snapshot file; returns the 1-based line it is on. */
async function renameField(file: string, from: string, to: string): Promise<number> {
  const text = await fs.readFile(file, 'utf8');
  const at = text.indexOf(`"${from}":`);
  expect(at).toBeGreaterThan(0);
  await fs.writeFile(file, text.replace(`"${from}":`, `"${to}":`));
  return text.slice(0, at).split('\n').length;
}

describe('unknown fields in snapshot files', () => {
  it.each([
    ['clusters/etl_shared.json', 'autotermination_minutes', 'autotermination_minute'],
    ['instance-pools/shared_ds4_pool.json', 'max_capacity', 'max_capacty'],
    ['cluster-policies/etl_pool_policy.json', 'max_clusters_per_user', 'max_cluster_per_user'],
    ['jobs/orders_etl.json', 'max_concurrent_runs', 'max_concurent_runs'],
  ])(
    '%s: a misspelled %s stops the apply before anything is written, at its line',
    async (file, right, wrong) => {
      await withEmulators(async (primary, secondary) => {
        seedSampleCompute(primary);
        seedSampleJobs(primary);
        const repo = await tempDir();
        const exported = await exportWorkspace(clientFor(primary), repo);
        // What the workspace answered holds only known fields: export warns about none.
        expect(exported.report.warnings.filter((w) => w.reason.includes('databricks-dr knows'))).toEqual([]);
        const snap = path.join(repo, 'databricks');
        const line = await renameField(path.join(snap, file), right, wrong);
        secondary.clearRequests();
        await expect(applySnapshot(clientFor(secondary), snap)).rejects.toThrow(
          `${file}:${line}: unknown field '${wrong}' (did you mean '${right}'?)`,
        );
        expect(writes(secondary)).toEqual([]);
      });
    },
  );

  it('sends a field near no known one as it is: one newer than the reference must never block a restore', async () => {
    await withEmulators(async (primary, secondary) => {
      seedSampleCompute(primary);
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo);
      const snap = path.join(repo, 'databricks');
      await renameField(path.join(snap, 'clusters/etl_shared.json'), 'custom_tags', 'colour');
      // Not refused up front; the emulator, which knows only the reference's fields, refuses the one cluster.
      const applied = await applySnapshot(clientFor(secondary), snap);
      expect(applied.failed).toBe(1);
      expect(secondary.state.compute.clusters.size).toBeGreaterThan(0);
    });
  });

  it('notes on export a cluster field the reference does not list, kept and restored as it is', async () => {
    await withEmulators(async (primary) => {
      primary.state.compute.seedCluster({
        cluster_name: 'future',
        spark_version: '16.4.x-scala2.12',
        node_type_id: 'Standard_DS3_v2',
        num_workers: 1,
        cluster_source: 'UI',
        state: 'TERMINATED',
        spec: {
          cluster_name: 'future',
          spark_version: '16.4.x-scala2.12',
          node_type_id: 'Standard_DS3_v2',
          num_workers: 1,
          gpu_sharing: 'ON',
        },
      });
      const exported = await exportWorkspace(clientFor(primary), await tempDir());
      expect(exported.report.warnings).toContainEqual({
        kind: 'clusters',
        key: 'future',
        reason:
          "field 'gpu_sharing' is newer than the API reference databricks-dr knows: kept and restored as it is",
      });
    });
  });
});

describe('the clusters emulator', () => {
  it('refuses an unknown field on create and edit with INVALID_PARAMETER_VALUE, and stores nothing', async () => {
    const emulator = await startEmulator();
    try {
      const spec = {
        cluster_name: 'etl',
        spark_version: '15.4.x-scala2.12',
        node_type_id: 'Standard_DS3_v2',
      };
      const refused = await post(emulator, '/api/2.1/clusters/create', {
        ...spec,
        autotermination_minute: 30,
      });
      expect(refused.status).toBe(400);
      expect(refused.json()).toMatchObject({
        error_code: 'INVALID_PARAMETER_VALUE',
        message: "Unknown field 'autotermination_minute' in CreateCluster.",
      });
      expect(emulator.state.compute.clusters.size).toBe(0);

      const created = await post(emulator, '/api/2.0/clusters/create', {
        ...spec,
        autotermination_minutes: 30,
      });
      expect(created.status).toBe(200);
      const id = (created.json() as JsonObject).cluster_id as string;
      emulator.state.compute.getCluster(id).state = 'TERMINATED';
      const edit = await post(emulator, '/api/2.0/clusters/edit', {
        ...spec,
        cluster_id: id,
        autotermination_minute: 9,
      });
      expect(edit.status).toBe(400);
      expect(edit.json()).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
      expect(emulator.state.compute.getCluster(id).spec).toEqual({ ...spec, autotermination_minutes: 30 });
      // clone_from is for create only.
      const cloned = await post(emulator, '/api/2.0/clusters/edit', {
        ...spec,
        cluster_id: id,
        clone_from: { source_cluster_id: id },
      });
      expect(cloned.status).toBe(400);
    } finally {
      await emulator.stop();
    }
  });
});

describe('closestName', () => {
  it.each([
    ['autotermination_minute', 'autotermination_minutes'],
    ['cluster_nmae', 'cluster_name'],
    ['Spark_Version', 'spark_version'],
    ['colour', undefined],
    ['x', undefined],
  ])('%s -> %s', (name, expected) => {
    expect(
      closestName(name, ['cluster_name', 'spark_version', 'autotermination_minutes', 'num_workers']),
    ).toBe(expected);
  });
});
