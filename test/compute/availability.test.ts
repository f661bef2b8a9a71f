/**
 * A DR restore goes to another region, which may lack a node type (an Azure VM size) or a runtime version
 * the primary uses. The plan reads the target's clusters/list-node-types and clusters/spark-versions once,
 * and an object that uses a value the target lacks is blocked with a reason naming the field and the value:
 * apply restores everything else, and skips that object, and what needs it, with a manual step.
 */
import { describe, expect, it } from '@jest/globals';
import * as path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { planText } from '../../src/report/plan-render.js';
import type { PlannedChange } from '../../src/plan/plan.js';
import { MemoryLog } from '../../src/util/log.js';
import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';
import { jobsByName, writes } from '../jobs/helpers.js';

const CATALOG_CALLS = /^\/api\/2\.[01]\/clusters\/(list-node-types|spark-versions)$/;

/** The catalog requests since the last clearRequests, as `METHOD path`. */
function catalogCalls(emulator: Emulator): string[] {
  return emulator.requests
    .filter((r) => CATALOG_CALLS.test(r.path))
    .map((r) => `${r.method} ${r.path}`)
    .sort();
}

function requestLines(emulator: Emulator): string[] {
  return emulator.requests.map((r) => `${r.method} ${r.path}`).sort();
}

function change(changes: PlannedChange[], kind: string, key: string): PlannedChange {
  const found = changes.find((c) => c.kind === kind && c.key === key);
  if (!found) throw new Error(`no change for ${kind}.${key}`);
  return found;
}

function clusterNames(emulator: Emulator): string[] {
  return [...emulator.state.compute.clusters.values()].map((c) => String(c.spec?.cluster_name)).sort();
}

/** Exports the primary into a temporary repository; returns the snapshot folder. */
async function exported(primary: Emulator): Promise<string> {
  const repo = await tempDir();
  await exportWorkspace(clientFor(primary), repo);
  return path.join(repo, 'databricks');
}

const notebook = { notebook_path: '/Shared/train' };

describe('target availability: node types and runtime versions', () => {
  it('blocks a cluster on a node type the target lacks, and the job with a job cluster on it; restores the rest', async () => {
    await withEmulators(async (primary, secondary) => {
      const client = clientFor(primary);
      const create = (spec: object) =>
        client.post<{ cluster_id: string }>('/api/2.1/clusters/create', spec).then((r) => r.cluster_id);
      const etl = await create({
        cluster_name: 'ETL',
        spark_version: '15.4.x-scala2.12',
        node_type_id: 'Standard_DS3_v2',
        num_workers: 2,
      });
      const gpu = await create({
        cluster_name: 'GPU training',
        spark_version: '15.4.x-gpu-ml-scala2.12',
        node_type_id: 'Standard_NC6s_v3',
        num_workers: 1,
      });
      const job = (settings: object) => client.post('/api/2.2/jobs/create', settings);
      await job({
        name: 'Train',
        tasks: [{ task_key: 'fit', existing_cluster_id: gpu, notebook_task: notebook }],
      });
      await job({
        name: 'Plain',
        tasks: [{ task_key: 'run', existing_cluster_id: etl, notebook_task: notebook }],
      });
      await job({
        name: 'Nightly GPU',
        job_clusters: [
          {
            job_cluster_key: 'gpu',
            new_cluster: {
              spark_version: '15.4.x-gpu-ml-scala2.12',
              node_type_id: 'Standard_NC6s_v3',
              num_workers: 2,
            },
          },
        ],
        tasks: [{ task_key: 'fit', job_cluster_key: 'gpu', notebook_task: notebook }],
      });
      const snap = await exported(primary);

      // The DR region has no NC-series VMs.
      secondary.state.compute.nodeTypes.delete('Standard_NC6s_v3');
      const target = clientFor(secondary);
      secondary.clearRequests();
      const dry = await applySnapshot(target, snap, { dryRun: true });
      expect(writes(secondary)).toEqual([]);
      // One request per list for the whole plan, however many objects use them.
      expect(catalogCalls(secondary)).toEqual([
        'GET /api/2.1/clusters/list-node-types',
        'GET /api/2.1/clusters/spark-versions',
      ]);
      const gpuReason =
        "not restorable: clusters/gpu_training.json: node_type_id 'Standard_NC6s_v3' is not offered by the target workspace (list-node-types)";
      expect(change(dry.plan.changes, 'clusters', 'gpu_training')).toMatchObject({
        action: 'create',
        blocked: gpuReason,
        unrestorable: true,
      });
      expect(change(dry.plan.changes, 'jobs', 'nightly_gpu').blocked).toBe(
        "not restorable: jobs/nightly_gpu.json: job_clusters[gpu].new_cluster.node_type_id 'Standard_NC6s_v3' is not offered by the target workspace (list-node-types)",
      );
      // The runtime is offered: only the node type is named.
      expect(change(dry.plan.changes, 'clusters', 'gpu_training').blocked).not.toContain('spark_version');
      expect(change(dry.plan.changes, 'clusters', 'etl').blocked).toBeUndefined();
      expect(change(dry.plan.changes, 'jobs', 'train').blocked).toBeUndefined();
      expect(dry.plan.line).toMatch(/\(2 not restorable: see the manual steps\)$/);
      expect(planText(dry.plan)).toContain(`+ clusters gpu_training (not applied: ${gpuReason})`);

      const applied = await applySnapshot(target, snap);
      expect(applied.failed).toBe(0);
      expect(clusterNames(secondary)).toEqual(['ETL']);
      expect([...jobsByName(secondary).keys()]).toEqual(['Plain']);
      expect(applied.report.skipped).toEqual(
        expect.arrayContaining([
          { kind: 'clusters', key: 'gpu_training', reason: gpuReason },
          expect.objectContaining({ kind: 'jobs', key: 'nightly_gpu' }),
          {
            kind: 'jobs',
            key: 'train',
            reason: 'not applied: depends on clusters.gpu_training, which was not applied',
          },
        ]),
      );
      expect(applied.report.manual).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: 'clusters',
            key: 'gpu_training',
            reason: expect.stringContaining("node_type_id 'Standard_NC6s_v3' is not offered"),
          }),
          expect.objectContaining({ kind: 'jobs', key: 'nightly_gpu' }),
        ]),
      );

      // Nothing more to do until the region offers the size or someone restores them by hand.
      secondary.clearRequests();
      const again = await applySnapshot(target, snap);
      expect(again.failed).toBe(0);
      expect(writes(secondary)).toEqual([]);
    });
  });

  it('blocks a pool whose preloaded runtime the target lacks, and the cluster on it', async () => {
    await withEmulators(async (primary, secondary) => {
      const client = clientFor(primary);
      const pool = (spec: object) =>
        client
          .post<{ instance_pool_id: string }>('/api/2.0/instance-pools/create', spec)
          .then((r) => r.instance_pool_id);
      const legacy = await pool({
        instance_pool_name: 'Legacy pool',
        node_type_id: 'Standard_DS4_v2',
        preloaded_spark_versions: ['12.2.x-photon-scala2.12'],
      });
      await pool({
        instance_pool_name: 'Current pool',
        node_type_id: 'Standard_DS4_v2',
        preloaded_spark_versions: ['15.4.x-scala2.12'],
      });
      await client.post('/api/2.1/clusters/create', {
        cluster_name: 'On legacy pool',
        spark_version: '15.4.x-scala2.12',
        instance_pool_id: legacy,
        num_workers: 1,
      });
      const snap = await exported(primary);

      secondary.state.compute.sparkVersions.delete('12.2.x-photon-scala2.12');
      const target = clientFor(secondary);
      const dry = await applySnapshot(target, snap, { dryRun: true });
      const reason =
        "not restorable: instance-pools/legacy_pool.json: preloaded_spark_versions[0] '12.2.x-photon-scala2.12' is not offered by the target workspace (spark-versions)";
      expect(change(dry.plan.changes, 'instance_pools', 'legacy_pool').blocked).toBe(reason);
      expect(change(dry.plan.changes, 'instance_pools', 'current_pool').blocked).toBeUndefined();

      const applied = await applySnapshot(target, snap);
      expect(applied.failed).toBe(0);
      const pools = [...secondary.state.compute.pools.values()].map((p) => p.fields.instance_pool_name);
      expect(pools).toEqual(['Current pool']);
      expect(clusterNames(secondary)).toEqual([]);
      expect(applied.report.skipped).toEqual(
        expect.arrayContaining([
          { kind: 'instance_pools', key: 'legacy_pool', reason },
          {
            kind: 'clusters',
            key: 'on_legacy_pool',
            reason: 'not applied: depends on instance_pools.legacy_pool, which was not applied',
          },
        ]),
      );
      expect(applied.report.manual).toEqual([
        expect.objectContaining({ kind: 'instance_pools', key: 'legacy_pool' }),
      ]);
    });
  });

  it('costs two list requests when everything is offered, and none for a snapshot without compute', async () => {
    await withEmulators(async (primary, secondary) => {
      const target = clientFor(secondary);
      // Nothing that runs on a cluster: the lists are not read at all.
      const empty = await exported(primary);
      secondary.clearRequests();
      const none = await applySnapshot(target, empty, { dryRun: true });
      expect(none.plan.counts.blocked).toBe(0);
      expect(catalogCalls(secondary)).toEqual([]);
      const withoutCompute = requestLines(secondary);

      const client = clientFor(primary);
      const { instance_pool_id } = await client.post<{ instance_pool_id: string }>(
        '/api/2.0/instance-pools/create',
        {
          instance_pool_name: 'Pool',
          node_type_id: 'Standard_DS4_v2',
          preloaded_spark_versions: ['16.4.x-scala2.12'],
        },
      );
      for (const [name, version] of [
        ['Photon', '16.4.x-photon-scala2.12'],
        ['ML', '15.4.x-cpu-ml-scala2.12'],
        ['Alias', 'auto:latest-lts'],
      ])
        await client.post('/api/2.1/clusters/create', {
          cluster_name: name,
          spark_version: version,
          node_type_id: 'Standard_E8ds_v4',
          driver_node_type_id: 'Standard_DS3_v2',
          num_workers: 1,
        });
      await client.post('/api/2.1/clusters/create', {
        cluster_name: 'Pooled',
        spark_version: '16.4.x-scala2.12',
        instance_pool_id,
        num_workers: 1,
      });
      const snap = await exported(primary);

      secondary.clearRequests();
      const dry = await applySnapshot(target, snap, { dryRun: true });
      expect(dry.plan.counts.blocked).toBe(0);
      expect(catalogCalls(secondary)).toEqual([
        'GET /api/2.1/clusters/list-node-types',
        'GET /api/2.1/clusters/spark-versions',
      ]);
      // Nothing else: against the same target, the plan of the snapshot without compute made the same
      // requests but those two (no request per object, nothing per value).
      expect(requestLines(secondary)).toEqual([...withoutCompute, ...catalogCalls(secondary)].sort());

      const applied = await applySnapshot(target, snap);
      expect(applied.failed).toBe(0);
      expect(clusterNames(secondary)).toEqual(['Alias', 'ML', 'Photon', 'Pooled']);
    });
  });

  it('warns and leaves values unchecked when a list cannot be read', async () => {
    await withEmulators(async (primary, secondary) => {
      await clientFor(primary).post('/api/2.1/clusters/create', {
        cluster_name: 'Old',
        spark_version: '7.3.x-scala2.12',
        node_type_id: 'Standard_NC6s_v3',
        num_workers: 1,
      });
      const snap = await exported(primary);
      secondary.state.compute.sparkVersions.delete('7.3.x-scala2.12');
      secondary.faults.set({
        failPaths: [
          { match: '/api/2.1/clusters/list-node-types', status: 403, errorCode: 'PERMISSION_DENIED' },
        ],
      });
      const log = new MemoryLog();
      const dry = await applySnapshot(clientFor(secondary), snap, { dryRun: true, log });
      // The runtime is still checked; the node type could not be.
      expect(change(dry.plan.changes, 'clusters', 'old').blocked).toBe(
        "not restorable: clusters/old.json: spark_version '7.3.x-scala2.12' is not offered by the target workspace (spark-versions)",
      );
      expect(log.lines).toContainEqual({
        level: 'warning',
        message: expect.stringMatching(
          /^clusters\/list-node-types could not be read \(.*\): node_type_id values not checked against the target$/,
        ),
      });
    });
  });
});
