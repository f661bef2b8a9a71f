/**
 * What the service fills in or ties to a region (src/resources/cluster-spec-defaults.ts), the creator a
 * SINGLE_USER cluster gets, and pool clusters (issue 12 items 3, 5 and 9): export never pins a zone of the
 * primary's region, records whom a single-user cluster is assigned to, and the plan never shows a value
 * the target filled in as a change.
 */
import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { parseJson, type JsonObject } from '../../src/util/json.js';
import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';
import { fixture } from './fixtures.js';

async function readJson(file: string): Promise<JsonObject> {
  return parseJson(await fs.readFile(file, 'utf8')) as JsonObject;
}

async function exported(emulator: Emulator): Promise<{ snap: string; warnings: string[] }> {
  const repo = await tempDir();
  const result = await exportWorkspace(clientFor(emulator), repo);
  return {
    snap: path.join(repo, 'databricks'),
    warnings: result.report.warnings.map((w) => `${w.kind}/${w.key}: ${w.reason}`),
  };
}

function clusterNamed(emulator: Emulator, name: string) {
  const c = [...emulator.state.compute.clusters.values()].find(
    (x) => (x.spec ?? x.seeded)?.cluster_name === name,
  );
  if (!c) throw new Error(`no cluster ${name}`);
  return c;
}

/** The changes a plan of `snap` against `emulator` makes (no-ops left out). */
async function planChanges(emulator: Emulator, snap: string) {
  const { plan } = await applySnapshot(clientFor(emulator), snap, { dryRun: true });
  return plan.changes.filter((c) => c.action !== 'no-op').map((c) => [c.kind, c.key, c.action, c.changes]);
}

describe('region-pinned values are never in the snapshot (issue 12 item 3)', () => {
  it('leaves out the AWS zone of a cluster and a pool, from the spec or filled in, and says so for a chosen one', async () => {
    await withEmulators(async (primary, secondary) => {
      const compute = primary.state.compute;
      // The AWS fixture: a partial spec, the zone the service filled in at the top level.
      compute.seedCluster(fixture('clusters/syncsparkpy-aws_cluster.json'));
      // A zone the user chose, in the spec; and 'auto', which names none.
      const chosen = {
        cluster_name: 'zoned',
        spark_version: '13.3.x-scala2.12',
        node_type_id: 'i3.xlarge',
        num_workers: 2,
        aws_attributes: { zone_id: 'us-west-2a', availability: 'SPOT', first_on_demand: 1 },
      };
      compute.seedCluster({ ...chosen, cluster_id: '0101-000000-zoned001', spec: chosen });
      const auto = { ...chosen, cluster_name: 'auto-az', aws_attributes: { zone_id: 'auto' } };
      compute.seedCluster({ ...auto, cluster_id: '0101-000000-autoaz01', spec: auto });
      // The pool fixture: aws_attributes.zone_id us-west-2a.
      compute.seedPool(fixture('instance-pools/get-instance-pool1.json'));

      const { snap, warnings } = await exported(primary);
      const files = {
        fixture: await readJson(path.join(snap, 'clusters/my_cluster.json')),
        zoned: await readJson(path.join(snap, 'clusters/zoned.json')),
        auto: await readJson(path.join(snap, 'clusters/auto_az.json')),
        pool: await readJson(path.join(snap, 'instance-pools/pool_1.json')),
      };
      expect(files.fixture.aws_attributes).toEqual({
        availability: 'SPOT_WITH_FALLBACK',
        first_on_demand: 1,
        spot_bid_price_percent: 100,
        ebs_volume_count: 0,
      });
      expect(files.zoned.aws_attributes).toEqual({ availability: 'SPOT', first_on_demand: 1 });
      expect(files.auto.aws_attributes).toEqual({ zone_id: 'auto' });
      expect(files.pool.aws_attributes).toEqual({ availability: 'SPOT', spot_bid_price_percent: 100 });
      // The zone a user chose is reported; one the service filled in is not worth a warning.
      expect(warnings.filter((w) => w.includes('zone_id'))).toEqual([
        expect.stringMatching(/^clusters\/zoned: aws_attributes\.zone_id of the primary's region left out/),
      ]);

      // The restore leaves the zone to the target; the primary, with its zones, plans no change.
      const applied = await applySnapshot(clientFor(secondary), snap);
      expect(applied.report.failed).toEqual([]);
      expect(clusterNamed(secondary, 'zoned').spec?.aws_attributes).toEqual({
        availability: 'SPOT',
        first_on_demand: 1,
      });
      const pool = [...secondary.state.compute.pools.values()].find(
        (p) => p.fields.instance_pool_name === 'Pool 1',
      );
      expect(pool?.fields.aws_attributes).toEqual({ availability: 'SPOT', spot_bid_price_percent: 100 });
      expect(await planChanges(secondary, snap)).toEqual([]);
      expect(await planChanges(primary, snap)).toEqual([]);
    });
  });
});

describe('defaults the target fills in are never a change (issue 12 item 3)', () => {
  it('takes the cloud attributes, disk flags and security mode a file leaves out from the target', async () => {
    await withEmulators(async (primary, secondary) => {
      const client = clientFor(primary);
      await client.post('/api/2.1/clusters/create', {
        cluster_name: 'lean',
        spark_version: '14.3.x-scala2.12',
        node_type_id: 'Standard_E4ds_v4',
        num_workers: 2,
        azure_attributes: { availability: 'SPOT_WITH_FALLBACK_AZURE' },
        data_security_mode: 'DATA_SECURITY_MODE_DEDICATED',
        single_user_name: 'admin@example.com',
      });
      const { snap } = await exported(primary);
      const file = await readJson(path.join(snap, 'clusters/lean.json'));
      expect(file).not.toHaveProperty('enable_elastic_disk');
      expect(file.azure_attributes).toEqual({ availability: 'SPOT_WITH_FALLBACK_AZURE' });

      // The same cluster in the target as a real answer with a partial spec gives it: everything at the top
      // level, with what the service filled in (and the security mode under its older name).
      const top = {
        cluster_id: '0101-000000-lean0001',
        cluster_name: 'lean',
        spark_version: '14.3.x-scala2.12',
        node_type_id: 'Standard_E4ds_v4',
        driver_node_type_id: 'Standard_E4ds_v4',
        num_workers: 2,
        azure_attributes: {
          availability: 'SPOT_WITH_FALLBACK_AZURE',
          first_on_demand: 1,
          spot_bid_max_price: -1,
        },
        enable_elastic_disk: true,
        enable_local_disk_encryption: false,
        data_security_mode: 'SINGLE_USER',
        single_user_name: 'admin@example.com',
        cluster_source: 'API',
        state: 'TERMINATED',
        spec: { spark_version: '14.3.x-scala2.12' },
      };
      secondary.state.compute.seedCluster(top);
      await clientFor(secondary).post('/api/2.1/clusters/pin', { cluster_id: top.cluster_id });
      expect(await planChanges(secondary, snap)).toEqual([]);

      // A real difference in a field the file sets is still one.
      secondary.state.compute.clusters.delete(top.cluster_id);
      secondary.state.compute.seedCluster({
        ...top,
        azure_attributes: { ...top.azure_attributes, availability: 'ON_DEMAND_AZURE' },
      });
      expect(await planChanges(secondary, snap)).toEqual([
        [
          'clusters',
          'lean',
          'update',
          [
            {
              path: 'azure_attributes.availability',
              before: 'ON_DEMAND_AZURE',
              after: 'SPOT_WITH_FALLBACK_AZURE',
            },
          ],
        ],
      ]);
    });
  });
});

describe('single-user clusters keep their user (issue 12 item 5)', () => {
  it('records the creator the service assigned a SINGLE_USER cluster created without single_user_name', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.scim.createUser({ userName: 'dana@example.com' });
      // Created by Dana, not by the identity the export or the restore runs as.
      primary.state.compute.createCluster(
        {
          cluster_name: 'dana',
          spark_version: '15.4.x-scala2.12',
          node_type_id: 'Standard_DS3_v2',
          num_workers: 0,
          data_security_mode: 'SINGLE_USER',
        },
        'dana@example.com',
      );
      const { snap } = await exported(primary);
      expect(await readJson(path.join(snap, 'clusters/dana.json'))).toMatchObject({
        data_security_mode: 'SINGLE_USER',
        single_user_name: 'dana@example.com',
      });
      const applied = await applySnapshot(clientFor(secondary), snap);
      expect(applied.report.failed).toEqual([]);
      const restored = clusterNamed(secondary, 'dana');
      // Sent explicitly: the service does not assign it to the DR identity (admin@example.com).
      expect(restored.spec?.single_user_name).toBe('dana@example.com');
      expect(await planChanges(secondary, snap)).toEqual([]);
      expect(await planChanges(primary, snap)).toEqual([]);
    });
  });
});

describe('pool clusters (issue 12 item 9)', () => {
  it('never sends a pool cluster the node types, elastic disk or cloud attributes its pool decides', async () => {
    await withEmulators(async (primary, secondary) => {
      const client = clientFor(primary);
      const { instance_pool_id: pool } = await client.post<{ instance_pool_id: string }>(
        '/api/2.0/instance-pools/create',
        { instance_pool_name: 'E pool', node_type_id: 'Standard_E8ds_v4' },
      );
      // A real answer with a partial spec: the pool's node types, cloud attributes and disk flag at the top.
      primary.state.compute.seedCluster({
        cluster_id: '0101-000000-onpool01',
        cluster_name: 'on pool',
        spark_version: '15.4.x-cpu-ml-scala2.12',
        instance_pool_id: pool,
        driver_instance_pool_id: pool,
        node_type_id: 'Standard_E8ds_v4',
        driver_node_type_id: 'Standard_E8ds_v4',
        azure_attributes: { availability: 'ON_DEMAND_AZURE', first_on_demand: 1, spot_bid_max_price: -1 },
        enable_elastic_disk: true,
        num_workers: 2,
        cluster_source: 'UI',
        state: 'TERMINATED',
        spec: { spark_version: '15.4.x-cpu-ml-scala2.12', driver_instance_pool_id: pool },
      });
      const { snap } = await exported(primary);
      expect(await readJson(path.join(snap, 'clusters/on_pool.json'))).toEqual({
        cluster_name: 'on pool',
        spark_version: '15.4.x-cpu-ml-scala2.12',
        instance_pool_id: '${resources.instance_pools.e_pool.id}',
        driver_instance_pool_id: '${resources.instance_pools.e_pool.id}',
        num_workers: 2,
      });
      // The emulator refuses node_type_id with a pool, as the service does: the restore passes only
      // because none is sent.
      const applied = await applySnapshot(clientFor(secondary), snap);
      expect(applied.report.failed).toEqual([]);
      expect(await planChanges(secondary, snap)).toEqual([]);
    });
  });

  it('refuses, in the plan, a file that gives a pool cluster a node type', async () => {
    await withEmulators(async (primary, secondary) => {
      const client = clientFor(primary);
      const { instance_pool_id: pool } = await client.post<{ instance_pool_id: string }>(
        '/api/2.0/instance-pools/create',
        { instance_pool_name: 'E pool', node_type_id: 'Standard_E8ds_v4' },
      );
      await client.post('/api/2.1/clusters/create', {
        cluster_name: 'on pool',
        spark_version: '15.4.x-scala2.12',
        instance_pool_id: pool,
        num_workers: 1,
      });
      const { snap } = await exported(primary);
      const file = path.join(snap, 'clusters/on_pool.json');
      await fs.writeFile(
        file,
        JSON.stringify({ ...(await readJson(file)), node_type_id: 'Standard_E8ds_v4' }),
      );
      secondary.clearRequests();
      await expect(applySnapshot(clientFor(secondary), snap)).rejects.toThrow(
        /clusters\/on_pool\.json.*'node_type_id' cannot be set with 'instance_pool_id'/,
      );
      expect(secondary.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    });
  });
});
