/**
 * SQL warehouses (reference §16; databricks-sdk-go service/sql/model.go): `sql-warehouses/<key>.json`, keyed
 * by name, holding the create fields only. State, health, connection details and the undocumented fields seen
 * in real answers are left out. Jobs reference warehouses (`${resources.sql_warehouses.<key>.id}`, §10.2).
 *
 * A warehouse apply creates is stopped at once unless start-clusters is on: creating one starts it, and a
 * DR copy should not bill for compute until someone uses it (auto-resume starts it on the first query).
 */
import { CREATE_WAREHOUSE_FIELDS } from '../databricks/api-fields.js';
import { asArray } from '../databricks/client.js';
import { isJsonObject, type JsonObject } from '../util/json.js';
import { dropEmpty } from './compute-common.js';
import { configKind, type ConfigKindSpec } from './config-kind.js';
import { settableFields, type FieldRoles } from './fields.js';

export const SQL_WAREHOUSES = 'sql_warehouses';

/**
 * settable: CreateWarehouseRequest's fields minus `creator_name`: the SDK lets a request set it, but the
 * service fills it in with the caller, so it would differ between workspaces without meaning anything.
 * outputOnly: GetWarehouseResponse's output fields and the fixture's undocumented ones; a file holding one
 * is refused. Every settable field changes in place (edit takes the whole definition).
 */
const FIELDS: FieldRoles = {
  settable: CREATE_WAREHOUSE_FIELDS.filter((f) => f !== 'creator_name'),
  outputOnly: [
    'id',
    'state',
    'health',
    'jdbc_url',
    'odbc_params',
    'num_active_sessions',
    'num_clusters',
    'creator_name',
    'creator_id',
    'size',
    'auto_resume',
  ],
  source:
    'databricks-sdk-go service/sql/model.go CreateWarehouseRequest, GetWarehouseResponse (reference §16)',
};

const BASE = '/api/2.0/sql/warehouses';

/** The warehouse as the snapshot stores it. Pure. */
export function normalizeWarehouse(raw: JsonObject): JsonObject {
  const out = settableFields(raw, FIELDS);
  if (isJsonObject(out.tags)) {
    // `tags: {}` and `custom_tags: []` both mean no tags.
    const tags = dropEmpty({ ...out.tags });
    if (Object.keys(tags).length) out.tags = tags;
    else delete out.tags;
  }
  return dropEmpty(out);
}

const spec: ConfigKindSpec = {
  name: SQL_WAREHOUSES,
  folder: 'sql-warehouses',
  fields: FIELDS,

  async list(client) {
    const out: JsonObject[] = [];
    for await (const w of client.paginate<JsonObject>(BASE, 'warehouses', { page_size: 100 })) out.push(w);
    return out;
  },

  id: (raw) => raw.id,
  displayName: (raw) => String(raw.name ?? raw.id),

  normalize: (raw) => normalizeWarehouse(raw),

  validate(value) {
    if (typeof value.name !== 'string' || value.name === '') return "'name' is required";
    if (typeof value.cluster_size !== 'string' || value.cluster_size === '')
      return "'cluster_size' is required";
    const tags = value.tags;
    if (tags !== undefined && (!isJsonObject(tags) || !asArray(tags.custom_tags).every(isJsonObject)))
      return '\'tags\' must be {"custom_tags": [{"key", "value"}]}';
    return undefined;
  },

  async create(client, value, ctx) {
    const answer = await client.post<{ id?: string }>(BASE, value);
    const id = answer.id;
    if (typeof id !== 'string' || id === '') throw new Error('sql/warehouses create answered without an id');
    if (!ctx.options.startClusters) {
      await client.post(`${BASE}/${id}/stop`, {}, { idempotent: true });
      ctx.log.info(
        `SQL warehouse '${String(value.name)}' (${id}) created and stopped (start-clusters is off)`,
      );
    }
    return id;
  },

  async update(client, id, value) {
    // edit takes the whole definition; it leaves a stopped warehouse stopped.
    await client.post(`${BASE}/${String(id)}/edit`, value, { idempotent: true });
  },

  async remove(client, id) {
    await client.request('DELETE', `${BASE}/${String(id)}`, { notFoundOnRetryIsDone: true });
  },
};

export const sqlWarehousesKind = configKind(spec);
