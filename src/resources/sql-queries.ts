/**
 * Databricks SQL queries (`/api/2.0/sql/queries`): `queries/<key>.json`, keyed by display name. The query
 * runs on a warehouse, written `${resources.sql_warehouses.<key>.id}`; a query-backed parameter names
 * another query, `${resources.queries.<key>.id}`. Jobs' `sql_task.query.query_id` and
 * `trigger.sql_condition.sql_query_id` name queries the same way, so a job running a saved query restores.
 *
 * The owner, creation and update times, last modifier and lifecycle state are the API's (output-only).
 * `parent_path` cannot be updated (UpdateQueryRequestQuery has none): a query moved in the primary is
 * re-created in its new folder, which needs allow-replace. Display names may repeat across folders: the
 * second one is keyed `<name>_2` and carries the tag `databricks-dr-key:<key>` in the target.
 */
import { isJsonObject, type JsonObject } from '../util/json.js';
import { dropEmpty, pick, refOrMarker } from './compute-common.js';
import {
  byDisplayNameThenCreation,
  configKind,
  KEY_TAG,
  type ConfigKindSpec,
  type KeyTagSpec,
} from './config-kind.js';
import { changedFields, createdId, missingRequired, type FieldRoles } from './fields.js';
import { SQL_WAREHOUSES } from './sql-warehouses.js';

export const QUERIES = 'queries';

export const QUERY_FIELDS: FieldRoles = {
  settable: [
    'display_name',
    'description',
    'query_text',
    'warehouse_id',
    'catalog',
    'schema',
    'parameters',
    'apply_auto_limit',
    'run_as_mode',
    'tags',
    'parent_path',
  ],
  recreateOnChange: ['parent_path'],
  outputOnly: [
    'id',
    'owner_user_name',
    'last_modifier_user_name',
    'lifecycle_state',
    'create_time',
    'update_time',
  ],
  source:
    'databricks/databricks-sdk-go service/sql/model.go (CreateQueryRequestQuery, UpdateQueryRequestQuery, Query)',
};

const BASE = '/api/2.0/sql/queries';
const TAG_PREFIX = `${KEY_TAG}:`;

/** Queries' tags are plain strings: the key tag is `databricks-dr-key:<key>`. */
const keyTag: KeyTagSpec<JsonObject> = {
  read(raw) {
    const tag = Array.isArray(raw.tags)
      ? raw.tags.find((t) => typeof t === 'string' && t.startsWith(TAG_PREFIX))
      : undefined;
    return typeof tag === 'string' ? tag.slice(TAG_PREFIX.length) : undefined;
  },
  name: (spec) => (typeof spec.display_name === 'string' ? spec.display_name : undefined),
  set: (spec, key) => ({
    ...spec,
    tags: [...(Array.isArray(spec.tags) ? spec.tags : []), `${TAG_PREFIX}${key}`],
  }),
  strip(spec) {
    if (!Array.isArray(spec.tags)) return;
    const rest = spec.tags.filter((t) => !(typeof t === 'string' && t.startsWith(TAG_PREFIX)));
    if (rest.length) spec.tags = rest;
    else delete spec.tags;
  },
};

const spec: ConfigKindSpec = {
  name: QUERIES,
  folder: 'queries',
  fields: QUERY_FIELDS,

  async list(client) {
    const out: JsonObject[] = [];
    for await (const q of client.paginate<JsonObject>(BASE, 'results', { page_size: 100 })) out.push(q);
    return out;
  },
  // The list leaves out parent_path (ListQueryObjectsResponseQuery): each query is read whole.
  get: (client, raw) => client.get<JsonObject>(`${BASE}/${String(raw.id)}`),
  id: (raw) => raw.id,
  displayName: (raw) => String(raw.display_name ?? raw.id),
  order: byDisplayNameThenCreation('id'),
  keyTag,

  normalize(raw, n) {
    const out = dropEmpty(pick(raw, QUERY_FIELDS.settable));
    if (typeof out.warehouse_id === 'string' && out.warehouse_id !== '')
      out.warehouse_id = refOrMarker(
        SQL_WAREHOUSES,
        out.warehouse_id,
        n,
        `warehouse_id '${out.warehouse_id}' matches no exported warehouse`,
      );
    if (Array.isArray(out.parameters))
      out.parameters.forEach((p, i) => {
        const backed = isJsonObject(p) ? p.query_backed_value : undefined;
        if (isJsonObject(backed) && typeof backed.query_id === 'string' && !backed.query_id.startsWith('${'))
          backed.query_id = refOrMarker(
            QUERIES,
            backed.query_id,
            n,
            `parameters[${i}].query_backed_value.query_id '${backed.query_id}' matches no exported query`,
          );
      });
    return out;
  },

  validate(value) {
    const invalid = missingRequired(value, ['display_name']);
    if (invalid) return invalid;
    if (
      value.tags !== undefined &&
      (!Array.isArray(value.tags) || !value.tags.every((t) => typeof t === 'string'))
    )
      return "'tags' must be a list of strings";
    return undefined;
  },

  async create(client, value) {
    return createdId(await client.post<JsonObject>(BASE, { query: value }), 'id', 'sql/queries');
  },

  async update(client, id, value, _ctx, request) {
    // Only the fields that changed, by name (the reference advises against `*`); one the snapshot lacks is
    // cleared by naming it without a value.
    const fields = changedFields(request.changes, ['parent_path']);
    if (!fields.length) return;
    await client.request('PATCH', `${BASE}/${String(id)}`, {
      body: { update_mask: fields.join(','), query: pick(value, fields) },
      idempotent: true,
    });
  },

  async remove(client, id) {
    await client.request('DELETE', `${BASE}/${String(id)}`, { notFoundOnRetryIsDone: true });
  },
};

export const sqlQueriesKind = configKind(spec);
