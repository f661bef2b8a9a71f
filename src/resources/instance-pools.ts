/**
 * Instance pools (reference §5; databricks-sdk-go service/compute/model.go): `instance-pools/<key>.json`, one
 * per pool, keyed by name. Only some fields can be edited in place; a change to any other one is planned as a
 * replace, which needs consent.
 */
import { EDIT_INSTANCE_POOL_FIELDS } from '../databricks/api-fields.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js';
import { dropEmpty, keepServerDefaults, stripRegionPinned } from './compute-common.js';
import { configKind, type ConfigKindSpec } from './config-kind.js';
import { editableFields, settableFields, type FieldRoles } from './fields.js';
import type { CatalogValue, ResourceKind } from './kind.js';
import { catalogValue } from './target-catalog.js';

export const INSTANCE_POOLS = 'instance_pools';

/**
 * settable: CreateInstancePool, everything a user can set. editable: EditInstancePool's optional fields;
 * the name is editable too. `node_type_id` is required by edit but the reference lists it with the fixed
 * fields' siblings, and Terraform forces a new pool when it changes: treated as not editable. The
 * output-only fields (instance_pool_id, default_tags, state, stats, status) are left out by normalize, not
 * refused in a file.
 */
const FIELDS: FieldRoles = {
  settable: [
    'instance_pool_name',
    'node_type_id',
    'aws_attributes',
    'azure_attributes',
    'gcp_attributes',
    'custom_tags',
    'disk_spec',
    'enable_elastic_disk',
    'idle_instance_autotermination_minutes',
    'max_capacity',
    'min_idle_instances',
    'preloaded_spark_versions',
    'preloaded_docker_images',
    'node_type_flexibility',
    'enable_auto_alternate_node_types',
    'remote_disk_throughput',
    'total_initial_remote_disk_size',
  ],
  editable: ['instance_pool_name', ...EDIT_INSTANCE_POOL_FIELDS],
  source:
    'databricks-sdk-go service/compute/model.go CreateInstancePool, EditInstancePool (reference §5); terraform-provider-databricks pools/resource_instance_pool.go (node_type_id ForceNew)',
};

const spec: ConfigKindSpec = {
  name: INSTANCE_POOLS,
  folder: 'instance-pools',
  fields: FIELDS,

  async list(client) {
    const page = await client.getList<{ instance_pools?: JsonObject[] }>(
      '/api/2.0/instance-pools/list',
      'instance_pools',
    );
    return page.instance_pools ?? [];
  },

  id: (raw) => raw.instance_pool_id,
  displayName: (raw) => String(raw.instance_pool_name ?? raw.instance_pool_id),

  // Stripped: instance_pool_id, default_tags, state, stats, status (output-only, §5), and an availability
  // zone of the primary's region (REGION_PINNED: the pool fixture's us-west-2a), which the target would
  // take on create and fail with when the pool first provisions an instance.
  normalize(raw) {
    const out = dropEmpty(settableFields(raw, FIELDS));
    stripRegionPinned(out);
    return out;
  },

  // Cloud attributes and disk settings the file leaves to the service are the target's (SERVER_DEFAULTS).
  keepFromTarget: (desired, actual) => ({
    spec:
      isJsonObject(desired.spec) && isJsonObject(actual.spec)
        ? keepServerDefaults(desired.spec, actual.spec)
        : desired.spec,
    unmanaged: [],
  }),

  validate(value) {
    if (typeof value.instance_pool_name !== 'string' || value.instance_pool_name === '')
      return "'instance_pool_name' is required";
    if (typeof value.node_type_id !== 'string' || value.node_type_id === '')
      return "'node_type_id' is required";
    return undefined;
  },

  async create(client, value) {
    const answer = await client.post<{ instance_pool_id: string }>('/api/2.0/instance-pools/create', value);
    return answer.instance_pool_id;
  },

  async update(client, id, value) {
    // Edit takes the id, name and node type plus the editable fields only; leaving one out clears it.
    const body: JsonObject = {
      instance_pool_id: id,
      node_type_id: value.node_type_id,
      ...editableFields(value, FIELDS),
    };
    await client.post('/api/2.0/instance-pools/edit', body, { idempotent: true });
  },

  async remove(client, id) {
    await client.post(
      '/api/2.0/instance-pools/delete',
      { instance_pool_id: id },
      { idempotent: true, notFoundOnRetryIsDone: true },
    );
  },

  catalogValues: poolCatalogValues,
};

/** A pool's node type and the runtime it preloads, both from the target's lists (§5). Pure. */
function poolCatalogValues(value: JsonValue): CatalogValue[] {
  if (!isJsonObject(value)) return [];
  const preloaded = Array.isArray(value.preloaded_spark_versions) ? value.preloaded_spark_versions : [];
  return [
    ...catalogValue('node_types', 'node_type_id', value.node_type_id),
    ...preloaded.flatMap((v, i) => catalogValue('spark_versions', `preloaded_spark_versions[${i}]`, v)),
  ];
}

export const instancePoolsKind: ResourceKind = configKind(spec);
