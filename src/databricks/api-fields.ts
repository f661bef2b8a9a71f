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
