/**
 * The fields of a cluster spec (a cluster's, a pool's, a job cluster's) that belong to the workspace rather
 * than to the object: a zone of the workspace's region, and the values the service fills in when a request
 * leaves them out. `clusters/get` and `jobs/get` answer both as if the user had set them ("match cloud"
 * comments of databricks/cli libs/testserver/jobs.go, jobFixUps: `aws_attributes {availability:
 * SPOT_WITH_FALLBACK, zone_id: us-east-1c}`, `data_security_mode`, `enable_elastic_disk`).
 *
 * - A zone is never kept in a snapshot: a restore into another region would pass plan and apply and fail
 *   when the cluster starts (an instance type "is not supported in your requested Availability Zone",
 *   databrickslabs/ucx#533). `stripRegionBound` removes it at export.
 * - A field the service filled in on the target and the snapshot does not set is the target's default, not
 *   a change: `keepServerDefaults` gives the snapshot's spec the target's value, so a plan never shows it.
 * Pure functions.
 */
import { isJsonObject, type JsonValue } from '../util/json.js';

/**
 * Zone fields and the values that are not zones but choices valid in every region: AWS `auto` (Databricks
 * picks an Availability Zone; SDK AwsAttributes.zone_id), GCP `HA` and `AUTO` (GcpAttributes.zone_id).
 * Azure's attributes have no zone.
 */
const ZONE_FIELDS: ReadonlyArray<readonly [attributes: string, field: string, keep: readonly string[]]> = [
  ['aws_attributes', 'zone_id', ['auto']],
  ['gcp_attributes', 'zone_id', ['HA', 'AUTO']],
];

/**
 * Removes the zones of the primary's region from a cluster spec (mutating it); returns a note for each,
 * e.g. `aws_attributes.zone_id 'us-east-1c'`, for the export to report.
 */
export function stripRegionBound(spec: JsonValue | undefined): string[] {
  if (!isJsonObject(spec)) return [];
  const removed: string[] = [];
  for (const [attributes, field, keep] of ZONE_FIELDS) {
    const holder = spec[attributes];
    if (!isJsonObject(holder)) continue;
    const zone = holder[field];
    if (zone === undefined || zone === null || zone === '') continue;
    if (typeof zone === 'string' && keep.some((k) => k.toLowerCase() === zone.toLowerCase())) continue;
    delete holder[field];
    removed.push(`${attributes}.${field} '${String(zone)}'`);
  }
  return removed;
}

/** The cloud attribute blocks; the service fills in the workspace's own and its fields. */
const CLOUD_ATTRIBUTES = ['aws_attributes', 'azure_attributes', 'gcp_attributes'];

/** Top-level fields the service fills in when a request leaves them out (testserver jobFixUps, clusters/get). */
const FILLED_FIELDS = ['data_security_mode', 'enable_elastic_disk', 'enable_local_disk_encryption'];

/**
 * Gives `desired` (a snapshot's cluster spec, mutated) the target's value of every field the service fills
 * in that `desired` does not set: the cloud attributes block, or the fields of it missing from the
 * snapshot's block (a zone stripped at export, the availability, first_on_demand...), and FILLED_FIELDS.
 * What the snapshot sets is never overridden.
 */
export function keepServerDefaults(desired: JsonValue | undefined, actual: JsonValue | undefined): void {
  if (!isJsonObject(desired) || !isJsonObject(actual)) return;
  const ownCloud = CLOUD_ATTRIBUTES.find((a) => isJsonObject(desired[a]));
  for (const attributes of CLOUD_ATTRIBUTES) {
    const theirs = actual[attributes];
    if (!isJsonObject(theirs)) continue;
    const mine = desired[attributes];
    if (isJsonObject(mine)) {
      for (const [field, value] of Object.entries(theirs)) if (mine[field] === undefined) mine[field] = value;
    } else if (ownCloud === undefined) desired[attributes] = structuredClone(theirs);
  }
  for (const field of FILLED_FIELDS)
    if (desired[field] === undefined && actual[field] !== undefined) desired[field] = actual[field];
}

/** The parts of a snapshot object that name a region: for messages. */
export function regionBoundNote(where: string, removed: string[]): string {
  return `${where}: ${removed.join(', ')} left out: a zone of the primary's region, which a restore in another region could not start a cluster in; the target's workspace picks its own`;
}
