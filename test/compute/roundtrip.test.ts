import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { planText } from '../../src/report/plan-render.js';
import { CLUSTER_WAIT } from '../../src/resources/clusters.js';
import { EXPORT_STATE_FILE } from '../../src/snapshot/store.js';
import { MemoryLog } from '../../src/util/log.js';
import { parseJson, stableJson, toJson, type JsonObject } from '../../src/util/json.js';
import {
  applySnapshot,
  clientFor,
  exportWorkspace,
  readTree,
  tempDir,
  withEmulators,
} from '../helpers/harness.js';
import { fixture, seedComputeFixtures } from './fixtures.js';

const LIBS: JsonObject[] = [
  { pypi: { package: 'requests==2.32.3' } },
  { jar: 'dbfs:/FileStore/jars/etl.jar' },
];

/** Fixtures (a pool, a policy naming it, two clusters, one under the policy) plus objects made through the API. */
async function seedPrimary(
  emulator: Emulator,
): Promise<{ poolId: string; policyId: string; personalId: string }> {
  const compute = emulator.state.compute;
  seedComputeFixtures(compute);
  // Anonymised real answers whose `spec` holds spark_version only (Azure and AWS); both named my-cluster.
  compute.seedCluster(fixture('clusters/syncsparkpy-azure_cluster.json'));
  compute.seedCluster(fixture('clusters/syncsparkpy-aws_cluster.json'));
  // Not user-managed: never exported (the listing does not even ask for it).
  compute.seedCluster({
    cluster_id: '0101-000000-jobclstr',
    cluster_name: 'job-42-run-7',
    cluster_source: 'JOB',
    spark_version: '15.4.x-scala2.12',
    node_type_id: 'Standard_DS3_v2',
    state: 'TERMINATED',
  });

  const client = clientFor(emulator);
  const { instance_pool_id: poolId } = await client.post<{ instance_pool_id: string }>(
    '/api/2.0/instance-pools/create',
    {
      instance_pool_name: 'ETL pool',
      node_type_id: 'Standard_DS4_v2',
      min_idle_instances: 1,
      max_capacity: 10,
      idle_instance_autotermination_minutes: 30,
      preloaded_spark_versions: ['15.4.x-scala2.12'],
      custom_tags: { team: 'data' },
    },
  );
  const definition = {
    instance_pool_id: { type: 'fixed', value: poolId, hidden: true },
    driver_instance_pool_id: { type: 'allowlist', values: [poolId, 'pool1'] },
    autotermination_minutes: { type: 'range', maxValue: 120, defaultValue: 60 },
  };
  const { policy_id: policyId } = await client.post<{ policy_id: string }>(
    '/api/2.0/policies/clusters/create',
    {
      name: 'ETL policy',
      description: 'Nightly ETL',
      definition: toJson(definition),
      max_clusters_per_user: 2,
    },
  );
  const { cluster_id } = await client.post<{ cluster_id: string }>('/api/2.1/clusters/create', {
    cluster_name: 'ETL nightly',
    spark_version: '15.4.x-scala2.12',
    instance_pool_id: poolId,
    policy_id: policyId,
    autoscale: { min_workers: 1, max_workers: 4 },
    autotermination_minutes: 60,
    spark_conf: { 'spark.sql.shuffle.partitions': '64' },
    custom_tags: { job: 'nightly' },
    init_scripts: [{ workspace: { destination: '/Shared/init/setup.sh' } }],
  });
  await client.post('/api/2.0/libraries/install', { cluster_id, libraries: LIBS });
  const personal = [...compute.policies.values()].find((p) => p.is_default);
  await client.post('/api/2.1/clusters/create', {
    cluster_name: 'personal',
    spark_version: '15.4.x-scala2.12',
    node_type_id: 'Standard_DS3_v2',
    num_workers: 0,
    policy_id: personal?.policy_id,
  });
  return { poolId, policyId, personalId: String(personal?.policy_id) };
}

/** The seeded primary exported: the snapshot folder. */
async function exportedPrimary(primary: Emulator): Promise<string> {
  await seedPrimary(primary);
  const repo = await tempDir();
  await exportWorkspace(clientFor(primary), repo);
  return path.join(repo, 'databricks');
}

const skipMeta = (rel: string) =>
  rel.endsWith(EXPORT_STATE_FILE) || rel === 'snapshot.json' || rel === '.gitattributes';

async function readJson(file: string): Promise<JsonObject> {
  return parseJson(await fs.readFile(file, 'utf8')) as JsonObject;
}

function clusterByName(emulator: Emulator, name: string) {
  const c = [...emulator.state.compute.clusters.values()].find(
    (x) => (x.spec ?? x.seeded)?.cluster_name === name,
  );
  if (!c) throw new Error(`no cluster ${name}`);
  return c;
}

describe('compute: export, restore into an empty workspace, export again', () => {
  it('round-trips byte for byte with references resolved to the target ids; a second apply writes nothing', async () => {
    await withEmulators(async (primary, secondary) => {
      const ids = await seedPrimary(primary);
      const repoA = await tempDir();
      const exported = await exportWorkspace(clientFor(primary), repoA);
      const snapA = path.join(repoA, 'databricks');

      // What export wrote: user-settable fields only, references instead of ids.
      const files = [...(await readTree(snapA, skipMeta)).keys()].filter(
        // Identities and permissions have their own tests (test/access).
        (f) => !/^(workspace|users|groups|service_principals|permissions)\//.test(f),
      );
      expect(files).toEqual([
        'cluster-policies/etl_policy.json',
        // The default policies every workspace has, untouched: update-only files, no-ops on apply.
        'cluster-policies/job_compute.json',
        'cluster-policies/personal_compute.json',
        'cluster-policies/power_user_compute.json',
        'cluster-policies/shared_compute.json',
        'cluster-policies/users_cluster_policy.json',
        'clusters/etl_nightly.json',
        'clusters/my_cluster.json',
        'clusters/my_cluster_2.json',
        'clusters/personal.json',
        'clusters/test1.json',
        'clusters/test_cluster_policy.json',
        'instance-pools/etl_pool.json',
        'instance-pools/pool_1.json',
        // The node types and runtimes they use, for verify's emulated workspace (issue 18).
        'workspace-catalog.json',
      ]);
      const etl = await readJson(path.join(snapA, 'clusters/etl_nightly.json'));
      expect(etl).toEqual({
        cluster_name: 'ETL nightly',
        spark_version: '15.4.x-scala2.12',
        instance_pool_id: '${resources.instance_pools.etl_pool.id}',
        policy_id: '${resources.cluster_policies.etl_policy.id}',
        autoscale: { min_workers: 1, max_workers: 4 },
        autotermination_minutes: 60,
        spark_conf: { 'spark.sql.shuffle.partitions': '64' },
        custom_tags: { job: 'nightly' },
        init_scripts: [{ workspace: { destination: '/Shared/init/setup.sh' } }],
        libraries: [{ jar: 'dbfs:/FileStore/jars/etl.jar' }, { pypi: { package: 'requests==2.32.3' } }],
      });
      const test2 = await readJson(path.join(snapA, 'clusters/test_cluster_policy.json'));
      expect(test2.policy_id).toBe('${resources.cluster_policies.users_cluster_policy.id}');
      expect(test2).toMatchObject({
        node_type_id: 'Standard_F4s',
        azure_attributes: { availability: 'ON_DEMAND_AZURE' },
      });
      for (const gone of [
        'driver_node_type_id',
        'cluster_id',
        'state',
        'default_tags',
        'spark_context_id',
        'disk_spec',
      ])
        expect(test2).not.toHaveProperty(gone);
      // The partial specs lose nothing: node type, size, cloud attributes and auto-termination are kept;
      // only the availability zone (us-west-2c), which exists in the primary's region alone, is left out.
      expect(await readJson(path.join(snapA, 'clusters/my_cluster_2.json'))).toEqual({
        cluster_name: 'my-cluster',
        spark_version: '13.3.x-scala2.12',
        aws_attributes: {
          first_on_demand: 1,
          availability: 'SPOT_WITH_FALLBACK',
          spot_bid_price_percent: 100,
          ebs_volume_count: 0,
        },
        node_type_id: 'i3.xlarge',
        num_workers: 30,
        autotermination_minutes: 120,
        enable_elastic_disk: false,
        enable_local_disk_encryption: false,
      });
      expect(await readJson(path.join(snapA, 'clusters/my_cluster.json'))).toMatchObject({
        node_type_id: 'Standard_DS5_v2',
        azure_attributes: { availability: 'SPOT_WITH_FALLBACK_AZURE' },
      });
      const test1 = await readJson(path.join(snapA, 'clusters/test1.json'));
      expect((test1.libraries as JsonObject[]).length).toBe(6);
      const policy = await readJson(path.join(snapA, 'cluster-policies/etl_policy.json'));
      expect(policy.definition).toEqual({
        autotermination_minutes: { type: 'range', maxValue: 120, defaultValue: 60 },
        instance_pool_id: { type: 'fixed', value: '${resources.instance_pools.etl_pool.id}', hidden: true },
        driver_instance_pool_id: {
          type: 'allowlist',
          values: ['${resources.instance_pools.etl_pool.id}', '${resources.instance_pools.pool_1.id}'],
        },
      });
      const fixturePolicy = await readJson(path.join(snapA, 'cluster-policies/users_cluster_policy.json'));
      expect((fixturePolicy.definition as JsonObject).instance_pool_id).toMatchObject({
        value: '${resources.instance_pools.pool_1.id}',
      });
      const personalFile = await readJson(path.join(snapA, 'clusters/personal.json'));
      expect(personalFile.policy_id).toBe('${resources.cluster_policies.personal_compute.id}');
      // An untouched default policy: its mark, name and family only.
      expect(await readJson(path.join(snapA, 'cluster-policies/personal_compute.json'))).toEqual({
        is_default: true,
        name: 'Personal Compute',
        policy_family_id: 'personal-vm',
      });
      // The default policy is exported, so naming it warns of nothing. The job cluster is not listed (only UI
      // and API clusters are asked for), so it is neither exported nor reported as skipped.
      expect(exported.report.warnings.filter((w) => w.reason.includes('personal_compute'))).toEqual([]);
      expect(exported.report.skipped).toEqual([]);

      // Restore into the empty secondary.
      const applied = await applySnapshot(clientFor(secondary), snapA);
      expect(applied.failed).toBe(0);
      // Both run at once: ordered by key here.
      expect([...applied.report.failed].sort((a, b) => a.key.localeCompare(b.key))).toEqual([]);
      // Identities and permissions are counted in test/access.
      const computeCreates = (changes: { kind: string; action: string }[]) =>
        changes.filter((c) => c.action === 'create' && !['users', 'groups', 'permissions'].includes(c.kind));
      expect(computeCreates(applied.plan.changes)).toHaveLength(10);
      expect(applied.plan.counts).toMatchObject({ update: 0, delete: 0, blocked: 0 });

      const compute = secondary.state.compute;
      const pool2 = [...compute.pools.values()].find((p) => p.fields.instance_pool_name === 'ETL pool');
      const policy2 = [...compute.policies.values()].find((p) => p.name === 'ETL policy');
      const personal2 = [...compute.policies.values()].find((p) => p.is_default);
      expect(pool2 && policy2 && personal2).toBeTruthy();
      expect(pool2?.instance_pool_id).not.toBe(ids.poolId);
      expect(policy2?.policy_id).not.toBe(ids.policyId);
      const etl2 = clusterByName(secondary, 'ETL nightly');
      expect(etl2.spec?.instance_pool_id).toBe(pool2?.instance_pool_id);
      expect(etl2.spec?.policy_id).toBe(policy2?.policy_id);
      expect(JSON.parse(String(policy2?.definition)).instance_pool_id.value).toBe(pool2?.instance_pool_id);
      expect(clusterByName(secondary, 'personal').spec?.policy_id).toBe(personal2?.policy_id);
      expect(personal2?.policy_id).not.toBe(ids.personalId);
      // Created clusters are terminated (start-clusters is off), with their libraries attached.
      for (const name of ['ETL nightly', 'personal', 'Test1', 'Test cluster policy'])
        expect(clusterByName(secondary, name).state).toBe('TERMINATED');
      expect(compute.libraryStatuses(etl2).map((s) => s.library)).toEqual([LIBS[1], LIBS[0]]);
      expect(compute.libraryStatuses(clusterByName(secondary, 'Test1'))).toHaveLength(6);
      expect([...compute.clusters.values()].some((c) => c.cluster_source === 'JOB')).toBe(false);
      // Every cluster apply created is pinned, so Databricks keeps it after 30 days terminated.
      expect([...compute.clusters.values()].filter((c) => c.pinnedBy === undefined)).toEqual([]);
      expect(secondary.countRequests({ path: '/api/2.1/clusters/pin' })).toBe(compute.clusters.size);

      // Export of the restored workspace: the same bytes.
      const repoB = await tempDir();
      await exportWorkspace(clientFor(secondary), repoB);
      const a = await readTree(snapA, skipMeta);
      const b = await readTree(path.join(repoB, 'databricks'), skipMeta);
      expect([...b.keys()]).toEqual([...a.keys()]);
      for (const [file, bytes] of a)
        expect(`${file}\n${b.get(file)?.toString('utf8')}`).toBe(`${file}\n${bytes.toString('utf8')}`);

      // A second apply is a no-op: only reads.
      secondary.clearRequests();
      const again = await applySnapshot(clientFor(secondary), snapA);
      expect(again.plan.hasChanges).toBe(false);
      expect(secondary.countRequests()).toBeGreaterThan(0);
      expect(secondary.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    });
  });

  it('plans a replace for a fixed pool field and blocks it without consent; edits editable fields and libraries in place', async () => {
    await withEmulators(async (primary, secondary) => {
      const snap = await exportedPrimary(primary);
      await applySnapshot(clientFor(secondary), snap);

      const poolFile = path.join(snap, 'instance-pools/etl_pool.json');
      const pool = await readJson(poolFile);
      await fs.writeFile(
        poolFile,
        stableJson({ ...pool, preloaded_spark_versions: ['16.4.x-scala2.12'], max_capacity: 20 }),
      );
      const clusterFile = path.join(snap, 'clusters/etl_nightly.json');
      const cluster = await readJson(clusterFile);
      await fs.writeFile(
        clusterFile,
        stableJson({ ...cluster, libraries: [LIBS[0], { whl: '/Volumes/main/libs/x.whl' }] }),
      );

      secondary.clearRequests();
      const blocked = await applySnapshot(clientFor(secondary), snap);
      const change = blocked.plan.changes.find((c) => c.kind === 'instance_pools' && c.key === 'etl_pool');
      expect(change?.action).toBe('replace');
      expect(change?.note).toContain('preloaded_spark_versions');
      expect(change?.blocked).toContain('allow-replace');
      expect(secondary.countRequests({ path: /instance-pools\/(create|delete|edit)$/ })).toBe(0);

      // Libraries change without an edit (which would restart a running cluster).
      const clusterChange = blocked.plan.changes.find(
        (c) => c.kind === 'clusters' && c.key === 'etl_nightly',
      );
      expect(clusterChange?.action).toBe('update');
      expect(secondary.countRequests({ path: /clusters\/edit$/ })).toBe(0);
      expect(secondary.countRequests({ path: '/api/2.0/libraries/install' })).toBe(1);
      expect(secondary.countRequests({ path: '/api/2.0/libraries/uninstall' })).toBe(1);
      const repoB = await tempDir();
      await exportWorkspace(clientFor(secondary), repoB);
      const exportedCluster = await readJson(path.join(repoB, 'databricks/clusters/etl_nightly.json'));
      expect(exportedCluster.libraries).toEqual([LIBS[0], { whl: '/Volumes/main/libs/x.whl' }]);

      // With consent the pool is replaced: a new pool with the new fixed field.
      const oldId = [...secondary.state.compute.pools.values()].find(
        (p) => p.fields.instance_pool_name === 'ETL pool',
      )?.instance_pool_id;
      const replaced = await applySnapshot(clientFor(secondary), snap, { allowReplace: true });
      expect(replaced.failed).toBe(0);
      const newPool = [...secondary.state.compute.pools.values()].find(
        (p) => p.fields.instance_pool_name === 'ETL pool',
      );
      expect(newPool?.instance_pool_id).not.toBe(oldId);
      expect(newPool?.fields).toMatchObject({
        preloaded_spark_versions: ['16.4.x-scala2.12'],
        max_capacity: 20,
      });
      // Its dependents were re-applied in the same run: the cluster and the policy name the new pool.
      const reapplied = replaced.plan.changes
        .filter((c) => c.note?.startsWith('re-applied after instance_pools.etl_pool'))
        .map((c) => [c.kind, c.key, c.action, c.changes.map((f) => f.path)]);
      expect(reapplied).toEqual([
        [
          'cluster_policies',
          'etl_policy',
          'update',
          ['definition.driver_instance_pool_id.values[0]', 'definition.instance_pool_id.value'],
        ],
        // The grants on the pool are put again: the new pool starts without them.
        ['permissions', 'instance_pools:etl_pool', 'update', []],
        ['clusters', 'etl_nightly', 'update', ['instance_pool_id']],
      ]);
      const newId = newPool?.instance_pool_id;
      expect(clusterByName(secondary, 'ETL nightly').spec?.instance_pool_id).toBe(newId);
      const policy = [...secondary.state.compute.policies.values()].find((p) => p.name === 'ETL policy');
      const pool1 = [...secondary.state.compute.pools.values()].find(
        (p) => p.fields.instance_pool_name === 'Pool 1',
      );
      expect(JSON.parse(String(policy?.definition))).toMatchObject({
        instance_pool_id: { value: newId },
        driver_instance_pool_id: { values: [newId, pool1?.instance_pool_id] },
      });
      // Nothing left for a second apply.
      secondary.clearRequests();
      const again = await applySnapshot(clientFor(secondary), snap, { allowReplace: true });
      expect(again.plan.hasChanges).toBe(false);
      expect(secondary.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    });
  });

  it('starts restored clusters when start-clusters is on', async () => {
    await withEmulators(async (primary, secondary) => {
      await applySnapshot(clientFor(secondary), await exportedPrimary(primary), { startClusters: true });
      const etl = clusterByName(secondary, 'ETL nightly');
      expect(etl.state).not.toBe('TERMINATED');
      expect(secondary.countRequests({ path: /clusters\/delete$/ })).toBe(0);
    });
  });

  it('restores a policy auto_enforcement_config exactly, and changes it in place', async () => {
    await withEmulators(async (primary, secondary) => {
      const client = clientFor(primary);
      const policies: Array<[string, JsonObject]> = [
        ['deferred', { enforce_mode: 'WAIT_FOR_TERMINATION' }],
        ['immediate', { enforce_mode: 'ENFORCE_IMMEDIATELY' }],
        // Present but empty: auto enforcement on, in the default mode.
        ['default mode', {}],
      ];
      for (const [name, config] of policies)
        await client.post('/api/2.0/policies/clusters/create', {
          name,
          definition: '{"autotermination_minutes":{"type":"fixed","value":30}}',
          auto_enforcement_config: config,
        });
      await client.post('/api/2.0/policies/clusters/create', {
        name: 'family',
        policy_family_id: 'shared-compute',
        auto_enforcement_config: { enforce_mode: 'WAIT_FOR_TERMINATION' },
      });
      const repo = await tempDir();
      await exportWorkspace(client, repo);
      const snap = path.join(repo, 'databricks');
      const file = (key: string) => path.join(snap, `cluster-policies/${key}.json`);
      expect((await readJson(file('deferred'))).auto_enforcement_config).toEqual({
        enforce_mode: 'WAIT_FOR_TERMINATION',
      });
      expect((await readJson(file('default_mode'))).auto_enforcement_config).toEqual({});
      expect(await readJson(file('family'))).toEqual({
        name: 'family',
        policy_family_id: 'shared-compute',
        auto_enforcement_config: { enforce_mode: 'WAIT_FOR_TERMINATION' },
      });

      const applied = await applySnapshot(clientFor(secondary), snap);
      // Both run at once: ordered by key here.
      expect([...applied.report.failed].sort((a, b) => a.key.localeCompare(b.key))).toEqual([]);
      const restored = (name: string) =>
        [...secondary.state.compute.policies.values()].find((p) => p.name === name)?.auto_enforcement_config;
      for (const [name, config] of policies) expect(restored(name)).toEqual(config);
      expect(restored('family')).toEqual({ enforce_mode: 'WAIT_FOR_TERMINATION' });

      // Exported from the secondary: the same bytes; applied again: nothing to do.
      const repoB = await tempDir();
      await exportWorkspace(clientFor(secondary), repoB);
      for (const key of ['deferred', 'immediate', 'default_mode', 'family'])
        expect(await fs.readFile(path.join(repoB, `databricks/cluster-policies/${key}.json`), 'utf8')).toBe(
          await fs.readFile(file(key), 'utf8'),
        );
      secondary.clearRequests();
      expect((await applySnapshot(clientFor(secondary), snap)).plan.hasChanges).toBe(false);
      expect(secondary.requests.filter((r) => r.method !== 'GET')).toEqual([]);

      // A changed mode is an update; a removed config turns auto enforcement off in the target.
      const { auto_enforcement_config: _, ...plain } = await readJson(file('immediate'));
      await fs.writeFile(file('immediate'), stableJson(plain));
      await fs.writeFile(
        file('deferred'),
        stableJson({
          ...(await readJson(file('deferred'))),
          auto_enforcement_config: { enforce_mode: 'ENFORCE_IMMEDIATELY' },
        }),
      );
      const edited = await applySnapshot(clientFor(secondary), snap);
      expect(
        edited.plan.changes
          .filter((c) => c.kind === 'cluster_policies' && c.action !== 'no-op')
          .map((c) => [c.key, c.action, c.changes]),
      ).toEqual([
        [
          'deferred',
          'update',
          [
            {
              path: 'auto_enforcement_config.enforce_mode',
              before: 'WAIT_FOR_TERMINATION',
              after: 'ENFORCE_IMMEDIATELY',
            },
          ],
        ],
        [
          'immediate',
          'update',
          [{ path: 'auto_enforcement_config', before: { enforce_mode: 'ENFORCE_IMMEDIATELY' } }],
        ],
      ]);
      expect(restored('deferred')).toEqual({ enforce_mode: 'ENFORCE_IMMEDIATELY' });
      expect(restored('immediate')).toBeUndefined();
    });
  });

  it('pins every cluster it creates; an unpinned target cluster is no change; deletes a pinned one by unpinning it', async () => {
    await withEmulators(async (primary, secondary) => {
      const snap = await exportedPrimary(primary);
      const first = await applySnapshot(clientFor(secondary), snap);
      // The plan says what apply does beyond the fields: the pin.
      expect(
        first.plan.changes
          .filter((c) => c.kind === 'clusters')
          .map((c) => [c.action, c.note?.includes('apply pins it')]),
      ).toEqual(first.plan.changes.filter((c) => c.kind === 'clusters').map(() => ['create', true]));
      // The file never says whether a cluster is pinned: apply pins what it creates, whatever the source's.
      for (const file of (await fs.readdir(path.join(snap, 'clusters'))).filter((f) => f.endsWith('.json')))
        expect(await readJson(path.join(snap, 'clusters', file))).not.toHaveProperty('pinned');

      const etl = clusterByName(secondary, 'ETL nightly');
      expect(etl.pinnedBy).toBe(secondary.state.scim.me.id);
      await clientFor(secondary).post('/api/2.1/clusters/unpin', { cluster_id: etl.cluster_id });
      secondary.clearRequests();
      // The pin is the target's housekeeping, never compared: an unpinned cluster is no change, no write.
      const again = await applySnapshot(clientFor(secondary), snap);
      expect(again.plan.hasChanges).toBe(false);
      expect(secondary.requests.filter((r) => r.method !== 'GET')).toEqual([]);
      await clientFor(secondary).post('/api/2.1/clusters/pin', { cluster_id: etl.cluster_id });

      // A cluster the snapshot no longer has is pinned, as apply left it: prune unpins it to delete it.
      await fs.rm(path.join(snap, 'clusters/etl_nightly.json'));
      secondary.clearRequests();
      const pruned = await applySnapshot(clientFor(secondary), snap, { prune: true });
      expect(pruned.report.failed).toEqual([]);
      expect(secondary.state.compute.clusters.has(etl.cluster_id)).toBe(false);
      expect(
        secondary.requests
          .filter((r) => r.path.includes('/clusters/') && r.method === 'POST')
          .map((r) => [r.path, r.status]),
      ).toEqual([
        ['/api/2.1/clusters/permanent-delete', 400],
        ['/api/2.1/clusters/unpin', 200],
        ['/api/2.1/clusters/permanent-delete', 200],
      ]);
    });
  });

  it('plans no change against the primary it just exported, pinned and unpinned clusters alike (issue 12 item 10)', async () => {
    await withEmulators(async (primary) => {
      await seedPrimary(primary);
      // Two clusters share a name there, which only apply's key tags tell apart in a target.
      primary.state.compute.clusters.delete('1234-567890-reef123');
      const client = clientFor(primary);
      // A mix: one pinned by its owner, the rest (seeded and created through the API) not.
      const etl = clusterByName(primary, 'ETL nightly');
      await client.post('/api/2.1/clusters/pin', { cluster_id: etl.cluster_id });
      const pins = [...primary.state.compute.clusters.values()].map((c) => c.pinnedBy !== undefined);
      expect(pins).toContain(true);
      expect(pins).toContain(false);
      const repo = await tempDir();
      await exportWorkspace(client, repo);
      primary.clearRequests();
      const drift = await applySnapshot(client, path.join(repo, 'databricks'), { dryRun: true });
      expect(
        drift.plan.changes.filter((c) => c.action !== 'no-op').map((c) => [c.kind, c.key, c.changes]),
      ).toEqual([]);
      expect(drift.plan.hasChanges).toBe(false);
      // A plan is read-only: the primary's pins are as they were.
      expect(primary.requests.filter((r) => r.method !== 'GET')).toEqual([]);
      expect([...primary.state.compute.clusters.values()].map((c) => c.pinnedBy !== undefined)).toEqual(pins);
    });
  });

  it("refuses a cluster file that says 'pinned': apply pins every cluster it creates", async () => {
    await withEmulators(async (primary, secondary) => {
      const snap = await exportedPrimary(primary);
      const file = path.join(snap, 'clusters/personal.json');
      await fs.writeFile(file, stableJson({ ...(await readJson(file)), pinned: false }));
      await expect(applySnapshot(clientFor(secondary), snap)).rejects.toThrow(
        /clusters\/personal\.json.*'pinned' does not belong in the file: apply pins every cluster it creates/,
      );
    });
  });

  it('stops the plan when two clusters in the target have the same key', async () => {
    await withEmulators(async (primary, secondary) => {
      const snap = await exportedPrimary(primary);
      for (const name of ['Dup', 'dup'])
        secondary.state.compute.createCluster({
          cluster_name: name,
          spark_version: '15.4.x-scala2.12',
          node_type_id: 'Standard_DS3_v2',
        });
      await expect(applySnapshot(clientFor(secondary), snap)).rejects.toThrow(
        /two clusters in the target workspace have the key 'dup'/,
      );
    });
  });
});

describe('clusters that are starting, restarting or broken', () => {
  /** Primary and secondary on one clock that only the test and the apply's waits move. */
  async function restoredAndStarted(
    run: (ctx: {
      secondary: Emulator;
      snap: string;
      clock: { now: number };
      sleep: (ms: number) => Promise<void>;
      slept: number[];
      edit: (key: string, change: (file: JsonObject) => JsonObject) => Promise<void>;
    }) => Promise<void>,
  ): Promise<void> {
    const clock = { now: Date.UTC(2025, 0, 2) };
    const slept: number[] = [];
    const sleep = async (ms: number) => {
      slept.push(ms);
      clock.now += ms;
    };
    await withEmulators(
      async (primary, secondary) => {
        const snap = await exportedPrimary(primary);
        // Starting, restarting and terminating take 5 minutes, as in a real workspace.
        secondary.state.compute.clusterTransitionMs = 5 * 60_000;
        const restored = await applySnapshot(clientFor(secondary), snap, { startClusters: true });
        expect(restored.report.failed).toEqual([]);
        const edit = async (key: string, change: (file: JsonObject) => JsonObject) => {
          const file = path.join(snap, `clusters/${key}.json`);
          await fs.writeFile(file, stableJson(change(await readJson(file))));
        };
        await run({ secondary, snap, clock, sleep, slept, edit });
      },
      { now: () => clock.now },
    );
  }

  const clusterPosts = (emulator: Emulator) =>
    emulator.requests
      .filter((r) => r.method === 'POST' && /\/(clusters|libraries)\//.test(r.path))
      .map((r) => `${r.path.replace(/^\/api\/2\.\d\//, '')} ${r.status}`);

  it('waits for a cluster still PENDING before it edits it, and the plan says so', async () => {
    await restoredAndStarted(async ({ secondary, snap, sleep, slept, edit }) => {
      const etl = clusterByName(secondary, 'ETL nightly');
      expect(etl.state).toBe('PENDING');
      await edit('etl_nightly', (f) => ({ ...f, autotermination_minutes: 90 }));

      secondary.clearRequests();
      const log = new MemoryLog();
      const applied = await applySnapshot(clientFor(secondary), snap, { startClusters: true, sleep, log });
      // Both run at once: ordered by key here.
      expect([...applied.report.failed].sort((a, b) => a.key.localeCompare(b.key))).toEqual([]);
      const change = applied.plan.changes.find((c) => c.kind === 'clusters' && c.key === 'etl_nightly');
      expect(change?.note).toBe(
        'the cluster is PENDING: apply waits until it is RUNNING, then the edit restarts it',
      );
      // Polled with growing pauses until the 5 minutes were over, then edited once, never refused.
      expect(slept[0]).toBe(CLUSTER_WAIT.firstPollMs);
      expect(slept.every((ms, i) => i === 0 || ms >= slept[i - 1])).toBe(true);
      expect(slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5 * 60_000);
      expect(slept.length).toBeLessThan(30);
      expect(clusterPosts(secondary)).toEqual(['clusters/edit 200']);
      expect(log.text()).toContain(
        `cluster 'ETL nightly' (${etl.cluster_id}) is PENDING: waiting for it to be RUNNING or TERMINATED before the edit`,
      );
      expect(etl.spec?.autotermination_minutes).toBe(90);
      // The edit restarts the cluster it found running.
      expect(etl.state).toBe('RESTARTING');
    });
  });

  it('plans an edit of a RUNNING cluster as restarting it, uninstalls before it so the restart takes them', async () => {
    await restoredAndStarted(async ({ secondary, snap, clock, edit }) => {
      clock.now += 10 * 60_000;
      const etl = clusterByName(secondary, 'ETL nightly');
      expect(secondary.state.compute.advance(etl)).toBe('RUNNING');
      const whl = { whl: '/Volumes/main/libs/x.whl' };
      await edit('etl_nightly', (f) => ({ ...f, autotermination_minutes: 120, libraries: [LIBS[0], whl] }));

      const planned = await applySnapshot(clientFor(secondary), snap, { startClusters: true, dryRun: true });
      const change = planned.plan.changes.find((c) => c.kind === 'clusters' && c.key === 'etl_nightly');
      const note =
        'the edit restarts the cluster, which is RUNNING; 1 uninstalled library goes with that restart';
      expect(change?.note).toBe(note);
      expect(planText(planned.plan).split('\n')).toContain(`      note: ${note}`);

      secondary.clearRequests();
      const applied = await applySnapshot(clientFor(secondary), snap, { startClusters: true });
      // Both run at once: ordered by key here.
      expect([...applied.report.failed].sort((a, b) => a.key.localeCompare(b.key))).toEqual([]);
      expect(clusterPosts(secondary)).toEqual([
        'libraries/uninstall 200',
        'clusters/edit 200',
        'libraries/install 200',
      ]);
      // Once restarted, the uninstalled jar is gone and the new wheel is there.
      clock.now += 10 * 60_000;
      expect(secondary.state.compute.advance(etl)).toBe('RUNNING');
      expect(secondary.state.compute.libraryStatuses(etl).map((s) => [s.library, s.status])).toEqual([
        [LIBS[0], 'INSTALLED'],
        [whl, 'INSTALLED'],
      ]);

      // Libraries alone: no edit, so the plan says the uninstall waits for the next restart.
      await edit('etl_nightly', (f) => ({ ...f, libraries: [LIBS[0]] }));
      const libsOnly = await applySnapshot(clientFor(secondary), snap, { startClusters: true, dryRun: true });
      expect(libsOnly.plan.changes.find((c) => c.key === 'etl_nightly')?.note).toBe(
        '1 uninstalled library stays on the cluster until it next restarts',
      );
    });
  });

  it('refuses to edit a cluster in ERROR, and gives up on one that never leaves PENDING, naming it', async () => {
    await restoredAndStarted(async ({ secondary, snap, sleep, slept, edit }) => {
      const etl = clusterByName(secondary, 'ETL nightly');
      const personal = clusterByName(secondary, 'personal');
      etl.state = 'ERROR';
      personal.settlesAt = Infinity;
      await edit('etl_nightly', (f) => ({ ...f, autotermination_minutes: 90, libraries: [LIBS[0]] }));
      await edit('personal', (f) => ({ ...f, autotermination_minutes: 45 }));

      secondary.clearRequests();
      const applied = await applySnapshot(clientFor(secondary), snap, { startClusters: true, sleep });
      expect(applied.plan.changes.find((c) => c.kind === 'clusters' && c.key === 'etl_nightly')?.note).toBe(
        'the cluster is ERROR: apply cannot edit it, nor change its libraries, until it is RUNNING or TERMINATED',
      );
      // Both run at once: ordered by key here.
      expect([...applied.report.failed].sort((a, b) => a.key.localeCompare(b.key))).toEqual([
        {
          kind: 'clusters',
          key: 'etl_nightly',
          reason: `cluster 'ETL nightly' (${etl.cluster_id}) is ERROR: clusters/edit takes only a RUNNING or TERMINATED cluster; restart or terminate it in the workspace, then apply again`,
        },
        {
          kind: 'clusters',
          key: 'personal',
          reason: `cluster 'personal' (${personal.cluster_id}) is still PENDING after 20 minutes: clusters/edit takes only a RUNNING or TERMINATED cluster; apply again once it is`,
        },
      ]);
      expect(slept.reduce((a, b) => a + b, 0)).toBe(CLUSTER_WAIT.timeoutMs);
      // Nothing written to either: the state is checked before the libraries are touched.
      expect(clusterPosts(secondary)).toEqual([]);
    });
  });
});

describe('demo sample compute', () => {
  it('exports the sample pool, policy and clusters (not the job cluster) and restores them cleanly', async () => {
    const { seedSampleCompute } = await import('../../src/emulator/sample-compute.js');
    await withEmulators(async (primary, secondary) => {
      seedSampleCompute(primary);
      const repo = await tempDir();
      const exported = await exportWorkspace(clientFor(primary), repo);
      const snap = path.join(repo, 'databricks');
      const files = [...(await readTree(snap, skipMeta)).keys()].filter(
        // Identities and permissions have their own tests (test/access).
        (f) => !/^(workspace|users|groups|service_principals|permissions)\//.test(f),
      );
      expect(files).toEqual([
        'cluster-policies/etl_pool_policy.json',
        'cluster-policies/job_compute.json',
        'cluster-policies/personal_compute.json',
        'cluster-policies/power_user_compute.json',
        'cluster-policies/shared_compute.json',
        'clusters/alice_s_sandbox.json',
        'clusters/etl_shared.json',
        'instance-pools/shared_ds4_pool.json',
        'workspace-catalog.json',
      ]);
      // The job cluster is not even listed: only UI and API clusters are asked for.
      expect(exported.report.skipped).toEqual([]);
      // The init script and the wheel the clusters name are in the sample workspace, not seeded here.
      expect(exported.report.warnings.map((w) => w.reason.split(' is not in the snapshot (')[0])).toEqual([
        "libraries[1].whl '/Workspace/Shared/libs/helpers-0.3-py3-none-any.whl'",
        "init_scripts[0].workspace.destination '/Shared/init/install-drivers.sh'",
      ]);
      const applied = await applySnapshot(clientFor(secondary), snap);
      expect(applied.failed).toBe(0);
      expect(
        applied.plan.changes.filter(
          (c) => c.action === 'create' && !['users', 'groups', 'permissions'].includes(c.kind),
        ),
      ).toHaveLength(4);
    });
  });
});
