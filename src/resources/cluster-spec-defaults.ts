/**
 * Which fields of a cluster spec (an all-purpose cluster, an instance pool, a job's new_cluster) the
 * Databricks service fills in or ties to a region, each with why and where that is shown. Data only, pure:
 * the kinds apply it (compute-common.ts stripRegionPinned and keepServerDefaults).
 */

/** A field of a spec, the reason for its rule, and a source a reader can open. */
export interface FieldRule {
  /** `field` or `field.subfield` of the spec. */
  path: string;
  reason: string;
  source: string;
}

/**
 * Values of the primary's region that must never be pinned in a snapshot: a cross-region restore passes
 * plan and apply with them, then the cluster fails when it starts ("Your requested instance type ... is not
 * supported in your requested Availability Zone", databrickslabs/ucx#533; the service accepts any zone on
 * create, databricks/terraform-provider-databricks#2128). Stripped on export, and from what a target
 * answers, so neither side shows them; the target then picks a zone of its own region. `portable` values
 * name no zone and are kept.
 */
export const REGION_PINNED: ReadonlyArray<FieldRule & { portable: readonly string[] }> = [
  {
    path: 'aws_attributes.zone_id',
    portable: ['auto'],
    reason:
      "an availability zone of the primary's AWS region (us-east-1c); the service fills it in when the create had none; 'auto' (auto-AZ) names no zone",
    source:
      'databricks-sdk-go service/compute/model.go AwsAttributes.ZoneId ("must be in the same region as the Databricks deployment"; "auto"); databricks/cli libs/testserver/clusters.go clusterFixUps and jobs.go jobFixUps ("match cloud": us-east-1c filled in) @7bbe2852; test/fixtures/api-fixtures/clusters/syncsparkpy-aws_cluster.json (us-west-2c), instance-pools/get-instance-pool1.json (us-west-2a)',
  },
  {
    path: 'gcp_attributes.zone_id',
    portable: ['HA', 'AUTO'],
    reason: "a GCP zone of the primary's region (us-central1-a); 'HA' and 'AUTO' name no zone",
    source:
      'databricks-sdk-go service/compute/model.go GcpAttributes.ZoneId (HA, AUTO or a zone) and InstancePoolGcpAttributes.ZoneId ("us-west1-a" is not a valid zone id if the workspace resides in "us-east1")',
  },
];

/** REGION_PINNED's reason in a few words, for messages. */
export const REGION_PINNED_REASON =
  'a zone only exists in its region; a restore elsewhere fails when the cluster starts';

/**
 * Fields the service fills in when a create leaves them out, and answers on get. A snapshot file that
 * does not set one means "whatever the target's default is": the plan takes the target's value for it
 * (for an object field, the target's subfields the file does not set), so a default never shows as a
 * change. Fields derived from others (a driver's node type from the workers', a pool cluster's node types
 * from its pool) are not here: normalize leaves them out of both sides (clusters.ts userFields).
 */
export const SERVER_DEFAULTS: readonly FieldRule[] = [
  {
    path: 'aws_attributes',
    reason: 'availability SPOT_WITH_FALLBACK, first_on_demand, spot_bid_price_percent, zone_id filled in',
    source:
      'databricks/cli libs/testserver/clusters.go clusterFixUps @7bbe2852; terraform-provider-databricks clusters/resource_cluster.go suppressUnlessBlockDeleted ("the platform echoing cloud attributes the user never set") @684f4424',
  },
  {
    path: 'azure_attributes',
    reason: 'availability ON_DEMAND_AZURE, first_on_demand 1, spot_bid_max_price -1 filled in',
    source:
      'terraform-provider-databricks exporter/test-data/get-cluster-test1-response.json @684f4424; test/fixtures/api-fixtures/clusters/syncsparkpy-azure_cluster.json',
  },
  {
    path: 'gcp_attributes',
    reason: 'first_on_demand 1, use_preemptible_executors false filled in',
    source: 'databricks/cli libs/testserver/clusters.go clusterFixUps @7bbe2852',
  },
  {
    path: 'enable_elastic_disk',
    reason: 'always answered (false or the cloud default)',
    source:
      'databricks/cli libs/testserver/clusters.go clusterFixUps (ForceSendFields EnableElasticDisk) @7bbe2852; terraform-provider-databricks clusters/resource_cluster.go SetComputed @684f4424',
  },
  {
    path: 'enable_local_disk_encryption',
    reason: 'always answered',
    source: 'terraform-provider-databricks clusters/resource_cluster.go SetComputed @684f4424',
  },
  {
    path: 'data_security_mode',
    reason: 'filled in when not sent (SINGLE_USER for job clusters)',
    source:
      'databricks/cli libs/testserver/jobs.go jobFixUps @7bbe2852; terraform-provider-databricks clusters/resource_cluster.go DataSecurityModeDiffSuppressFunc (old != "" && new == "") @684f4424',
  },
  {
    path: 'single_user_name',
    reason: 'a SINGLE_USER cluster created without it is assigned to its creator',
    source: 'databricks/cli libs/testserver/clusters.go ClustersCreate ("Match cloud behavior") @7bbe2852',
  },
];

/**
 * Values of `data_security_mode` a create may send, and the one get answers for each: the newer names
 * are read back as the older ones (and AUTO as one of them).
 */
export const DATA_SECURITY_MODE_READ_AS: Readonly<Record<string, readonly string[]>> = {
  DATA_SECURITY_MODE_DEDICATED: ['SINGLE_USER'],
  DATA_SECURITY_MODE_STANDARD: ['USER_ISOLATION'],
  DATA_SECURITY_MODE_AUTO: ['SINGLE_USER', 'USER_ISOLATION'],
};
/** Where DATA_SECURITY_MODE_READ_AS comes from. */
export const DATA_SECURITY_MODE_SOURCE =
  'terraform-provider-databricks clusters/resource_cluster.go DataSecurityModeDiffSuppressFunc @684f4424';

/**
 * On a cluster that takes its nodes from an instance pool, the pool decides the node types and the cloud
 * attributes: the service refuses `node_type_id` with `instance_pool_id` ("The field 'node_type_id' cannot
 * be supplied when an instance pool ID is provided.", Nike-Inc/brickflow#43,
 * databricks/terraform-provider-databricks#2141), and Terraform clears these fields before every create
 * and edit of a pool cluster, keeping only the named subfields (clusters/resource_cluster.go
 * ModifyRequestOnInstancePool @684f4424).
 */
export const POOL_CLUSTER_DROPPED: Readonly<Record<string, readonly string[]>> = {
  node_type_id: [],
  driver_node_type_id: [],
  enable_elastic_disk: [],
  aws_attributes: ['instance_profile_arn'],
  azure_attributes: [],
  gcp_attributes: ['google_service_account'],
};
