/**
 * AI/BI (Lakeview) dashboards (`/api/2.0/lakeview/dashboards`): `dashboards/<key>.json`, keyed by display
 * name. The API carries the dashboard as a JSON document in a string (`serialized_dashboard`); the file holds
 * it parsed, keys sorted (the snapshot's JSON writer sorts them), so a review shows which dataset or widget
 * changed, and apply serializes it back. The warehouse is `${resources.sql_warehouses.<key>.id}`. The
 * published state is `published: {embed_credentials, warehouse_id}` (absent: not published), restored through
 * `/published` after the draft (databricks/databricks-sdk-go service/dashboards/model.go PublishRequest,
 * PublishedDashboard; databricks/cli libs/testserver/dashboards.go). Jobs' `dashboard_task.dashboard_id`
 * names a dashboard by reference.
 *
 * The list answers no parent folder (model.go: parent_path "is excluded in List Dashboards responses"), so
 * dashboards are keyed by display name alone, like warehouses: two dashboards of one name in the target
 * (in two folders) stop the plan, naming both. The folder is `parent_path`; it cannot change in place (a
 * replace, which needs allow-replace); apply creates it in the target when it is missing.
 */
import type { DatabricksClient } from '../databricks/client.js';
import { unlessNotFound } from '../databricks/errors.js';
import { isJsonObject, parseJson, toJson, type JsonObject } from '../util/json.js';
import { pick, refOrMarker } from './compute-common.js';
import {
  byDisplayNameThenCreation,
  configKind,
  type ConfigKindSpec,
  type Normalizer,
} from './config-kind.js';
import { changedFields, createdId, missingRequired, type FieldRoles } from './fields.js';
import { SQL_WAREHOUSES } from './sql-warehouses.js';

export const DASHBOARDS = 'dashboards';

export const DASHBOARD_FIELDS: FieldRoles = {
  // `published` is this tool's: the state of `/published` (PublishRequest's fields).
  settable: ['display_name', 'parent_path', 'warehouse_id', 'serialized_dashboard', 'published'],
  recreateOnChange: ['parent_path'],
  outputOnly: ['dashboard_id', 'etag', 'lifecycle_state', 'path', 'create_time', 'update_time'],
  source:
    'databricks/databricks-sdk-go service/dashboards/model.go (Dashboard, PublishRequest, PublishedDashboard)',
};

const BASE = '/api/2.0/lakeview/dashboards';

function warehouseRef(id: unknown, n: Normalizer, where: string): unknown {
  return typeof id === 'string' && id !== '' && !id.startsWith('${')
    ? refOrMarker(SQL_WAREHOUSES, id, n, `${where} '${id}' matches no exported warehouse`)
    : id;
}

/** The dashboard as the snapshot keeps it. Pure (but for the normalizer's references). */
export function normalizeDashboard(raw: JsonObject, n: Normalizer): JsonObject {
  const out = pick(raw, ['display_name', 'parent_path', 'warehouse_id']);
  if (out.warehouse_id !== undefined)
    out.warehouse_id = warehouseRef(out.warehouse_id, n, 'warehouse_id') as string;
  if (typeof raw.serialized_dashboard === 'string' && raw.serialized_dashboard.trim() !== '') {
    try {
      out.serialized_dashboard = parseJson(raw.serialized_dashboard);
    } catch {
      n.warn('serialized_dashboard is not JSON: stored as text');
      out.serialized_dashboard = raw.serialized_dashboard;
    }
  }
  if (isJsonObject(raw.published)) {
    const published: JsonObject = { embed_credentials: raw.published.embed_credentials === true };
    if (typeof raw.published.warehouse_id === 'string' && raw.published.warehouse_id !== '')
      published.warehouse_id = warehouseRef(
        raw.published.warehouse_id,
        n,
        'published.warehouse_id',
      ) as string;
    out.published = published;
  }
  return out;
}

/** The draft's body for create and update: the serialized dashboard back in its string. */
function draftBody(value: JsonObject): JsonObject {
  const body = pick(value, ['display_name', 'parent_path', 'warehouse_id']);
  const s = value.serialized_dashboard;
  if (s !== undefined) body.serialized_dashboard = typeof s === 'string' ? s : toJson(s);
  return body;
}

async function publish(client: DatabricksClient, id: string, published: unknown): Promise<void> {
  if (isJsonObject(published))
    await client.post(`${BASE}/${id}/published`, pick(published, ['embed_credentials', 'warehouse_id']), {
      idempotent: true,
    });
  else await client.request('DELETE', `${BASE}/${id}/published`, { notFoundOnRetryIsDone: true });
}

const spec: ConfigKindSpec = {
  name: DASHBOARDS,
  folder: 'dashboards',
  fields: DASHBOARD_FIELDS,

  async list(client) {
    const out: JsonObject[] = [];
    for await (const d of client.paginate<JsonObject>(BASE, 'dashboards', { page_size: 100 })) out.push(d);
    return out;
  },
  // The list has no serialized dashboard; the published state is a second read (404: not published).
  async get(client, raw) {
    const id = String(raw.dashboard_id);
    const full = await client.get<JsonObject>(`${BASE}/${id}`);
    const published = await unlessNotFound(client.get<JsonObject>(`${BASE}/${id}/published`));
    return published ? { ...full, published } : full;
  },
  id: (raw) => raw.dashboard_id,
  displayName: (raw) => String(raw.display_name ?? raw.dashboard_id),
  order: byDisplayNameThenCreation('dashboard_id'),
  normalize: normalizeDashboard,

  validate(value) {
    const invalid = missingRequired(value, ['display_name']);
    if (invalid) return invalid;
    const s = value.serialized_dashboard;
    if (s !== undefined && !isJsonObject(s) && typeof s !== 'string')
      return "'serialized_dashboard' must be the dashboard's JSON object";
    const p = value.published;
    if (p !== undefined) {
      if (!isJsonObject(p)) return '\'published\' must be {"embed_credentials": true|false, "warehouse_id"?}';
      const extra = Object.keys(p).filter((k) => k !== 'embed_credentials' && k !== 'warehouse_id');
      if (extra.length)
        return `'published' takes embed_credentials and warehouse_id, not ${extra.join(', ')}`;
      if (typeof p.embed_credentials !== 'boolean')
        return "'published.embed_credentials' must be true or false";
    }
    return undefined;
  },

  async create(client, value) {
    // The folder first: apply does not order a dashboard after the workspace kind's folders (it names none
    // by reference), and a folder holding only dashboards is not in the workspace tree's snapshot. The
    // service answers 404 "Path (<p>) doesn't exist." without it (databricks/cli libs/testserver/dashboards.go).
    if (typeof value.parent_path === 'string' && value.parent_path !== '')
      await client.post('/api/2.0/workspace/mkdirs', { path: value.parent_path }, { idempotent: true });
    const answer = await client.post<JsonObject>(BASE, draftBody(value));
    const id = createdId(answer, 'dashboard_id', 'lakeview/dashboards');
    if (value.published !== undefined) await publish(client, id, value.published);
    return id;
  },

  async update(client, id, value, _ctx, request) {
    const fields = new Set(changedFields(request.changes));
    // The whole draft, warehouse included: an update without one leaves the dashboard without a warehouse
    // (databricks/cli libs/testserver/dashboards.go DashboardUpdate).
    if (['display_name', 'warehouse_id', 'serialized_dashboard'].some((f) => fields.has(f))) {
      const body = draftBody(value);
      delete body.parent_path;
      await client.request('PATCH', `${BASE}/${String(id)}`, { body, idempotent: true });
    }
    // A new draft is not what viewers see until it is published again.
    if (fields.size && (fields.has('published') || value.published !== undefined))
      await publish(client, String(id), value.published);
  },

  async remove(client, id) {
    await client.request('DELETE', `${BASE}/${String(id)}`, { notFoundOnRetryIsDone: true });
  },
};

export const dashboardsKind = configKind(spec);
