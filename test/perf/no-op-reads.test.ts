/**
 * Requests, not timings: a run where nothing changed must not read clusters one by one (their libraries
 * come in one all-cluster-statuses call, and clusters/get is skipped for list entries whose fingerprint was
 * recorded), while a cluster that did change is read again and its change exported and planned.
 */
import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { CONFIG_STATE_FILE } from '../../src/resources/config-state.js';
import { EXPORT_STATE_FILE } from '../../src/snapshot/store.js';
import { parseJson, type JsonObject } from '../../src/util/json.js';
import {
  applySnapshot,
  clientFor,
  exportWorkspace,
  readTree,
  tempDir,
  withEmulators,
} from '../helpers/harness.js';

const CLUSTERS = 5;

/** A pool and CLUSTERS clusters on it; cluster 0 has libraries. */
async function seed(emulator: Emulator): Promise<{ poolId: string; clusterIds: string[] }> {
  const client = clientFor(emulator);
  const { instance_pool_id: poolId } = await client.post<{ instance_pool_id: string }>(
    '/api/2.0/instance-pools/create',
    { instance_pool_name: 'shared pool', node_type_id: 'Standard_DS3_v2' },
  );
  const clusterIds: string[] = [];
  for (let i = 0; i < CLUSTERS; i++) {
    const { cluster_id } = await client.post<{ cluster_id: string }>('/api/2.1/clusters/create', {
      cluster_name: `perf-${i}`,
      spark_version: '15.4.x-scala2.12',
      instance_pool_id: poolId,
      num_workers: 1,
      autotermination_minutes: 30,
    });
    await client.post('/api/2.1/clusters/delete', { cluster_id });
    clusterIds.push(cluster_id);
  }
  await client.post('/api/2.0/libraries/install', {
    cluster_id: clusterIds[0],
    libraries: [{ pypi: { package: 'requests==2.32.3' } }],
  });
  return { poolId, clusterIds };
}

/** clusters/get and cluster-status requests since the last clearRequests, by cluster id. */
function clusterReads(emulator: Emulator): { get: string[]; status: number; all: number } {
  const get = emulator.requests
    .filter((r) => r.path === '/api/2.1/clusters/get' || r.path === '/api/2.0/clusters/get')
    .map((r) => String(r.query.cluster_id))
    .sort();
  return {
    get,
    status: emulator.countRequests({ path: '/api/2.0/libraries/cluster-status' }),
    all: emulator.countRequests({ path: '/api/2.0/libraries/all-cluster-statuses' }),
  };
}

async function readJson(file: string): Promise<JsonObject> {
  return parseJson(await fs.readFile(file, 'utf8')) as JsonObject;
}

const notMeta = (rel: string) => rel === EXPORT_STATE_FILE || rel === 'snapshot.json';

describe('no-op runs skip per-object reads of config kinds', () => {
  it('the emulator answers all-cluster-statuses as cluster-status does, cluster by cluster', async () => {
    await withEmulators(async (primary) => {
      const { clusterIds } = await seed(primary);
      const client = clientFor(primary);
      await client.post('/api/2.0/libraries/uninstall', {
        cluster_id: clusterIds[0],
        libraries: [{ pypi: { package: 'requests==2.32.3' } }],
      });
      await client.post('/api/2.0/libraries/install', {
        cluster_id: clusterIds[1],
        libraries: [{ maven: { coordinates: 'a:b:1' } }],
      });
      const all = await client.get<{ statuses: JsonObject[] }>('/api/2.0/libraries/all-cluster-statuses');
      // Clusters without libraries are not listed (cluster 0's library went at once: it is terminated).
      expect(all.statuses.map((s) => s.cluster_id)).toEqual([clusterIds[1]]);
      for (const s of all.statuses)
        expect(s).toEqual(
          await client.get('/api/2.0/libraries/cluster-status', { cluster_id: String(s.cluster_id) }),
        );
    });
  });

  it('export: libraries in one call, unchanged clusters copied, changed ones read again', async () => {
    await withEmulators(async (primary) => {
      const { poolId, clusterIds } = await seed(primary);
      const client = clientFor(primary);
      const repo = await tempDir();
      const snap = path.join(repo, 'databricks');

      primary.clearRequests();
      await exportWorkspace(client, repo);
      expect(clusterReads(primary)).toEqual({ get: [...clusterIds].sort(), status: 0, all: 1 });
      const first = await readTree(snap, notMeta);
      expect((await readJson(path.join(snap, 'clusters/perf_0.json'))).libraries).toEqual([
        { pypi: { package: 'requests==2.32.3' } },
      ]);

      // Nothing changed: no per-cluster request, the same files.
      primary.clearRequests();
      const second = await exportWorkspace(client, repo);
      expect(clusterReads(primary)).toEqual({ get: [], status: 0, all: 1 });
      expect(await readTree(snap, notMeta)).toEqual(first);
      expect(second.report.total('unchanged')).toBeGreaterThanOrEqual(CLUSTERS);

      // An edit of cluster 1 and a library on cluster 2: exactly those two are read, both changes exported.
      await client.post('/api/2.1/clusters/edit', {
        cluster_id: clusterIds[1],
        cluster_name: 'perf-1',
        spark_version: '15.4.x-scala2.12',
        instance_pool_id: poolId,
        num_workers: 3,
        autotermination_minutes: 30,
      });
      await client.post('/api/2.0/libraries/install', {
        cluster_id: clusterIds[2],
        libraries: [{ jar: 'dbfs:/FileStore/jars/etl.jar' }],
      });
      primary.clearRequests();
      await exportWorkspace(client, repo);
      expect(clusterReads(primary)).toEqual({
        get: [clusterIds[1], clusterIds[2]].sort(),
        status: 0,
        all: 1,
      });
      expect((await readJson(path.join(snap, 'clusters/perf_1.json'))).num_workers).toBe(3);
      expect((await readJson(path.join(snap, 'clusters/perf_2.json'))).libraries).toEqual([
        { jar: 'dbfs:/FileStore/jars/etl.jar' },
      ]);

      // The pool is renamed: its key changes, so every cluster naming it is read again (their list entries
      // did not change, the references they were written with did).
      await client.post('/api/2.0/instance-pools/edit', {
        instance_pool_id: poolId,
        instance_pool_name: 'renamed pool',
        node_type_id: 'Standard_DS3_v2',
      });
      primary.clearRequests();
      await exportWorkspace(client, repo);
      expect(clusterReads(primary).get).toHaveLength(CLUSTERS);
      expect((await readJson(path.join(snap, 'clusters/perf_4.json'))).instance_pool_id).toBe(
        '${resources.instance_pools.renamed_pool.id}',
      );

      // A file edited by hand in the repository is written afresh from the workspace.
      const file = path.join(snap, 'clusters/perf_3.json');
      const exported = await fs.readFile(file);
      await fs.writeFile(file, exported.toString('utf8').replace('"num_workers": 1', '"num_workers": 7'));
      primary.clearRequests();
      await exportWorkspace(client, repo);
      expect(clusterReads(primary).get).toEqual([clusterIds[3]]);
      expect(await fs.readFile(file)).toEqual(exported);
    });
  });

  it('plan/apply: the target state spares clusters/get; a cluster changed in the target is read and planned', async () => {
    await withEmulators(async (primary, secondary) => {
      await seed(primary);
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo);
      const snap = path.join(repo, 'databricks');
      const target = clientFor(secondary);

      const full = await applySnapshot(target, snap);
      expect(full.failed).toBe(0);
      // afterApply read the clusters it created again and recorded them.
      const state = parseJson(
        (
          await target.getBytes('/api/2.0/workspace/export', {
            path: CONFIG_STATE_FILE,
            format: 'AUTO',
            direct_download: true,
          })
        ).toString('utf8'),
      ) as JsonObject;
      expect(Object.keys((state.kinds as JsonObject).clusters as JsonObject)).toHaveLength(CLUSTERS);

      // Nothing changed: no per-cluster read, nothing planned, nothing written (not even the state).
      secondary.clearRequests();
      const noop = await applySnapshot(target, snap);
      expect(noop.plan.hasChanges).toBe(false);
      expect(clusterReads(secondary)).toEqual({ get: [], status: 0, all: 1 });
      expect(secondary.countRequests({ method: 'POST' })).toBe(0);

      // Someone edits a cluster in the target and adds a library to another one.
      const clusters = [...secondary.state.compute.clusters.values()];
      const byName = (name: string) => {
        const c = clusters.find((x) => x.spec?.cluster_name === name);
        if (!c) throw new Error(`no cluster ${name}`);
        return c;
      };
      const edited = byName('perf-3');
      await target.post('/api/2.1/clusters/edit', {
        ...edited.spec,
        cluster_id: edited.cluster_id,
        autotermination_minutes: 99,
      });
      const withLibrary = byName('perf-4');
      await target.post('/api/2.0/libraries/install', {
        cluster_id: withLibrary.cluster_id,
        libraries: [{ whl: 'dbfs:/FileStore/wheels/x.whl' }],
      });

      secondary.clearRequests();
      const drift = await applySnapshot(target, snap, { dryRun: true });
      expect(clusterReads(secondary).get).toEqual([edited.cluster_id, withLibrary.cluster_id].sort());
      const updates = drift.plan.changes.filter((c) => c.kind === 'clusters' && c.action !== 'no-op');
      expect(updates.map((c) => [c.key, c.action, c.changes.map((x) => x.path)])).toEqual([
        ['perf_3', 'update', ['autotermination_minutes']],
        ['perf_4', 'update', [expect.stringMatching(/^libraries/)]],
      ]);

      // Apply repairs both; afterApply reads them again, so the next plan reads no cluster.
      const repaired = await applySnapshot(target, snap);
      expect(repaired.failed).toBe(0);
      secondary.clearRequests();
      const after = await applySnapshot(target, snap, { dryRun: true });
      expect(after.plan.hasChanges).toBe(false);
      expect(clusterReads(secondary).get).toEqual([]);
    });
  });

  it('a damaged target state only costs reads', async () => {
    await withEmulators(async (primary, secondary) => {
      await seed(primary);
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo);
      const snap = path.join(repo, 'databricks');
      const target = clientFor(secondary);
      await applySnapshot(target, snap);
      await target.post('/api/2.0/workspace/import', {
        path: CONFIG_STATE_FILE,
        format: 'RAW',
        content: Buffer.from('{ not json').toString('base64'),
        overwrite: true,
      });
      secondary.clearRequests();
      const plan = await applySnapshot(target, snap, { dryRun: true });
      expect(plan.plan.hasChanges).toBe(false);
      expect(clusterReads(secondary).get).toHaveLength(CLUSTERS);
    });
  });
});
