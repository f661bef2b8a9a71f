import { isJsonObject, type JsonValue } from '../util/json.js';
import { parseRef, type Ref } from './references.js';

/**
 * The kind of object an id field names, by the field's name, as the kinds write their references
 * (`refField` in jobs.ts, clusters.ts, pipelines.ts; cluster policy rules for pool paths). A reference of
 * another kind in such a field resolves to an id of the wrong kind: the target answers an API error after
 * other objects were written (issue 13, item 2), so the plan refuses it before the first write.
 */
const FIELD_KINDS: Readonly<Record<string, string>> = {
  existing_cluster_id: 'clusters',
  job_id: 'jobs',
  pipeline_id: 'pipelines',
  ingestion_gateway_id: 'pipelines',
  warehouse_id: 'sql_warehouses',
  policy_id: 'cluster_policies',
  instance_pool_id: 'instance_pools',
  driver_instance_pool_id: 'instance_pools',
  query_id: 'queries',
  sql_query_id: 'queries',
  dashboard_id: 'dashboards',
  alert_id: 'alerts',
  destination_id: 'notification_destinations',
  gpu_node_pool_id: 'gpu_node_pools',
  configuration_id: 'genie_spaces',
  serverless_compute_id: 'serverless_compute',
};

/** Keys under which a value keeps the meaning of the field above it (cluster policy rules). */
const RULE_PARTS = new Set(['value', 'defaultValue', 'values']);

export interface MisdirectedRef {
  /** Where in the file: `tasks[0].run_job_task.job_id`. */
  path: string;
  value: string;
  ref: Ref;
  expected: string;
}

/**
 * The first reference in a snapshot object that sits in an id field of another kind
 * (`${resources.clusters.x.id}` as a `run_job_task.job_id`). Webhook destinations are `{id}` objects in
 * lists under `webhook_notifications`. Pure.
 */
export function misdirectedRef(value: JsonValue, path = '', field?: string): MisdirectedRef | undefined {
  if (typeof value === 'string') {
    const ref = parseRef(value);
    const expected = field === undefined ? undefined : FIELD_KINDS[field];
    return ref && expected && ref.kind !== expected ? { path, value, ref, expected } : undefined;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = misdirectedRef(v, `${path}[${i}]`, field);
      if (found) return found;
    }
    return undefined;
  }
  if (!isJsonObject(value)) return undefined;
  const inWebhooks = /(^|\.)webhook_notifications\.[a-z_]+\[\d+\]$/.test(path);
  for (const [k, v] of Object.entries(value)) {
    const inner =
      inWebhooks && k === 'id'
        ? 'destination_id'
        : RULE_PARTS.has(k) && field !== undefined && FIELD_KINDS[field]
          ? field
          : k;
    const found = misdirectedRef(v, path ? `${path}.${k}` : k, inner);
    if (found) return found;
  }
  return undefined;
}

/** The message for a misdirected reference: what it is, what the field takes. */
export function misdirectedMessage(m: MisdirectedRef): string {
  return `${m.path} is ${m.value}, a reference to a ${m.ref.kind} object: it takes a ${m.expected} object (\${resources.${m.expected}.<key>.id})`;
}
