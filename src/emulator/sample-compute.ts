/**
 * Compute objects for the demo's primary workspace: a policy that pins clusters to a pool, the pool, a
 * cluster on the pool under the policy and a small single-node cluster, both with libraries, plus a job
 * cluster the exporter must skip. Built through the store, so ids come from the emulator's seeded stream.
 */
import { toJson } from '../util/json.js';
import type { EmulatorState } from './apis/index.js';

export function seedSampleCompute(target: { state: EmulatorState }): void {
  const compute = target.state.compute;

  const pool = compute.createPool({
    instance_pool_name: 'Shared DS4 pool',
    node_type_id: 'Standard_DS4_v2',
    min_idle_instances: 1,
    max_capacity: 12,
    idle_instance_autotermination_minutes: 30,
    preloaded_spark_versions: ['15.4.x-scala2.12'],
    azure_attributes: { availability: 'ON_DEMAND_AZURE' },
    custom_tags: { cost_center: 'analytics' },
  });

  const policy = compute.createPolicy({
    name: 'ETL pool policy',
    description: 'ETL clusters run on the shared pool and stop after an hour idle.',
    definition: toJson({
      instance_pool_id: { type: 'fixed', value: pool.instance_pool_id, hidden: true },
      autotermination_minutes: { type: 'range', minValue: 10, maxValue: 120, defaultValue: 60 },
      'spark_conf.spark.databricks.io.cache.enabled': { type: 'fixed', value: 'true' },
      'custom_tags.team': { type: 'fixed', value: 'data-eng' },
    }),
    max_clusters_per_user: 3,
  });

  const etl = compute.createCluster({
    cluster_name: 'ETL shared',
    spark_version: '15.4.x-scala2.12',
    instance_pool_id: pool.instance_pool_id,
    policy_id: policy.policy_id,
    autoscale: { min_workers: 1, max_workers: 6 },
    autotermination_minutes: 60,
    data_security_mode: 'USER_ISOLATION',
    spark_conf: { 'spark.databricks.io.cache.enabled': 'true', 'spark.sql.shuffle.partitions': '64' },
    custom_tags: { team: 'data-eng' },
    init_scripts: [{ workspace: { destination: '/Shared/init/install-drivers.sh' } }],
  });
  compute.installLibraries(etl.cluster_id, [
    { pypi: { package: 'great-expectations==0.18.19' } },
    { maven: { coordinates: 'com.microsoft.azure:azure-eventhubs-spark_2.12:2.3.22' } },
  ]);

  // A SINGLE_USER cluster needs its user in the workspace (the API refuses it otherwise).
  const scim = target.state.scim;
  const alice = 'alice@contoso.com';
  if (!scim.userByName(alice)) scim.createUser({ userName: alice }, true);
  const adhoc = compute.createCluster({
    cluster_name: "Alice's sandbox",
    spark_version: '15.4.x-cpu-ml-scala2.12',
    node_type_id: 'Standard_DS3_v2',
    num_workers: 0,
    autotermination_minutes: 30,
    data_security_mode: 'SINGLE_USER',
    single_user_name: alice,
    spark_conf: { 'spark.databricks.cluster.profile': 'singleNode', 'spark.master': 'local[*]' },
    custom_tags: { ResourceClass: 'SingleNode' },
  });
  compute.installLibraries(adhoc.cluster_id, [
    { pypi: { package: 'plotly==5.24.1' } },
    { whl: '/Workspace/Shared/libs/helpers-0.3-py3-none-any.whl' },
  ]);
  compute.terminateCluster(adhoc.cluster_id);

  // Created by a job run: never exported (the exporter lists UI and API clusters only).
  compute.seedCluster({
    cluster_name: 'job-1042-run-88',
    cluster_source: 'JOB',
    spark_version: '15.4.x-scala2.12',
    node_type_id: 'Standard_DS3_v2',
    num_workers: 2,
    state: 'TERMINATED',
  });
}
