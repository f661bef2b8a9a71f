/**
 * Request fields of the Databricks REST API as the reference lists them: one table for the kinds that
 * check snapshot files and for the emulator that checks requests, so the two never disagree on a field.
 */

/** CreateCluster (§4.1); EditCluster takes the same without `clone_from`, plus `cluster_id`. */
export const CREATE_CLUSTER_FIELDS: readonly string[] = [
  'cluster_name',
  'spark_version',
  'apply_policy_default_values',
  'autoscale',
  'autotermination_minutes',
  'aws_attributes',
  'azure_attributes',
  'clone_from',
  'cluster_log_conf',
  'custom_tags',
  'data_security_mode',
  'dependency_mode',
  'docker_image',
  'driver_instance_pool_id',
  'driver_node_type_flexibility',
  'driver_node_type_id',
  'enable_elastic_disk',
  'enable_local_disk_encryption',
  'gcp_attributes',
  'init_scripts',
  'instance_pool_id',
  'is_single_node',
  'kind',
  'node_type_id',
  'num_workers',
  'policy_id',
  'remote_disk_throughput',
  'runtime_engine',
  'single_user_name',
  'spark_conf',
  'spark_env_vars',
  'ssh_public_keys',
  'total_initial_remote_disk_size',
  'use_ml_runtime',
  'worker_node_type_flexibility',
  'workload_type',
];

/**
 * CreateWarehouseRequest (§16; databricks-sdk-go service/sql/model.go), in the SDK's order; EditWarehouseRequest
 * takes the same plus `id`.
 */
export const CREATE_WAREHOUSE_FIELDS: readonly string[] = [
  'name',
  'cluster_size',
  'min_num_clusters',
  'max_num_clusters',
  'auto_stop_mins',
  'spot_instance_policy',
  'enable_photon',
  'enable_serverless_compute',
  'warehouse_type',
  'channel',
  'tags',
  'instance_profile_arn',
  'creator_name',
];

/**
 * The optional fields of EditInstancePool (§5; databricks-sdk-go service/compute/model.go), which also takes
 * the pool's id, name and node type.
 */
export const EDIT_INSTANCE_POOL_FIELDS: readonly string[] = [
  'custom_tags',
  'idle_instance_autotermination_minutes',
  'max_capacity',
  'min_idle_instances',
  'enable_auto_alternate_node_types',
  'remote_disk_throughput',
  'total_initial_remote_disk_size',
];
