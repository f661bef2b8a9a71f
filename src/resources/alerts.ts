/**
 * Databricks SQL alerts of the current API (`/api/2.0/alerts`, AlertV2): `alerts/<key>.json`, keyed by
 * display name. An alert holds its own query text and runs it on a warehouse
 * (`${resources.sql_warehouses.<key>.id}`); its subscriptions name users or notification destinations
 * (`${resources.notification_destinations.<key>.id}`). Jobs' `alert_task.alert_id` names an alert by
 * reference. (`sql_task.alert.alert_id` names an alert of the older `/api/2.0/sql/alerts` API, which has
 * other ids: not exported, see docs/sql-and-notifications.md.)
 *
 * An alert has a schedule, and a restored alert must not evaluate and notify from the secondary before
 * cutover (as jobs' schedules): the schedule is kept in `alerts/<key>.schedule.json` as the primary has it,
 * and apply restores alerts PAUSED unless `activate-schedules` (cutover), which restores the recorded state
 * (an alert paused in the primary stays paused); `pause-schedules` pauses.
 * `run_as` is not restored: the API lets a caller set only itself or a service principal it may act as
 * (model.go AlertV2RunAs), so the alert runs as the identity apply runs as; export notes a run_as it leaves
 * out.
 */
import { isJsonObject, type JsonObject } from '../util/json.js';
import { dropEmpty, pick, refOrMarker } from './compute-common.js';
import {
  byDisplayNameThenCreation,
  configKind,
  type ConfigKindSpec,
  type SideFileSpec,
} from './config-kind.js';
import { changedFields, createdId, missingRequired, type FieldRoles } from './fields.js';
import { NOTIFICATION_DESTINATIONS } from './notification-destinations.js';
import { SQL_WAREHOUSES } from './sql-warehouses.js';

export const ALERTS = 'alerts';

export const ALERT_FIELDS: FieldRoles = {
  settable: [
    'display_name',
    'custom_description',
    'custom_summary',
    'evaluation',
    'parameters',
    'parent_path',
    'query_text',
    'schedule',
    'warehouse_id',
  ],
  recreateOnChange: ['parent_path'],
  outputOnly: [
    'id',
    'create_time',
    'update_time',
    'lifecycle_state',
    'owner_user_name',
    'run_as_user_name',
    'effective_run_as',
    'run_as',
  ],
  source: 'databricks/databricks-sdk-go service/sql/model.go (AlertV2, AlertV2Evaluation, CronSchedule)',
};

const BASE = '/api/2.0/alerts';

/**
 * `alerts/<key>.schedule.json`: `{"schedule": {...}}` as the primary has it. The plan compares the target's
 * schedule with the recorded one, paused unless activate-schedules (as jobs' scheduleSideFile does).
 */
const scheduleFile: SideFileSpec = {
  suffix: '.schedule.json',
  extract(normalized) {
    const schedule = normalized.schedule;
    delete normalized.schedule;
    return schedule === undefined ? undefined : { schedule };
  },
  combine(main, part, options, side) {
    const schedule = part?.schedule;
    if (!isJsonObject(schedule)) return main;
    if (side === 'actual') return { ...main, schedule };
    const activate = options.activateSchedules === true && options.pauseSchedules !== true;
    const recorded = schedule.pause_status === 'PAUSED' ? 'PAUSED' : 'UNPAUSED';
    return { ...main, schedule: { ...schedule, pause_status: activate ? recorded : 'PAUSED' } };
  },
  validate(part) {
    const extra = Object.keys(part).filter((k) => k !== 'schedule');
    if (extra.length) return `unexpected field '${extra[0]}': only schedule belongs here`;
    return isJsonObject(part.schedule) ? undefined : "'schedule' must be an object";
  },
};

const spec: ConfigKindSpec = {
  name: ALERTS,
  folder: 'alerts',
  fields: ALERT_FIELDS,
  sideFiles: [scheduleFile],

  async list(client) {
    const out: JsonObject[] = [];
    for await (const a of client.paginate<JsonObject>(BASE, 'alerts', { page_size: 100 })) out.push(a);
    return out;
  },
  id: (raw) => raw.id,
  displayName: (raw) => String(raw.display_name ?? raw.id),
  order: byDisplayNameThenCreation('id'),

  normalize(raw, n) {
    const out = dropEmpty(pick(raw, ALERT_FIELDS.settable));
    if (isJsonObject(raw.run_as) && Object.keys(raw.run_as).length)
      n.warn(
        `run_as ${JSON.stringify(raw.run_as)} left out: apply restores the alert running as its own identity`,
      );
    if (typeof out.warehouse_id === 'string' && out.warehouse_id !== '')
      out.warehouse_id = refOrMarker(
        SQL_WAREHOUSES,
        out.warehouse_id,
        n,
        `warehouse_id '${out.warehouse_id}' matches no exported warehouse`,
      );
    if (isJsonObject(out.evaluation)) {
      const evaluation = { ...out.evaluation };
      delete evaluation.state;
      delete evaluation.last_evaluated_at;
      const notification = evaluation.notification;
      if (isJsonObject(notification) && Array.isArray(notification.subscriptions))
        notification.subscriptions.forEach((s, i) => {
          if (isJsonObject(s) && typeof s.destination_id === 'string' && !s.destination_id.startsWith('${'))
            s.destination_id = refOrMarker(
              NOTIFICATION_DESTINATIONS,
              s.destination_id,
              n,
              `evaluation.notification.subscriptions[${i}].destination_id '${s.destination_id}' matches no exported notification destination`,
            );
        });
      out.evaluation = evaluation;
    }
    return out;
  },

  validate(value) {
    const invalid = missingRequired(value, ['display_name', 'query_text', 'warehouse_id']);
    if (invalid) return invalid;
    if (!isJsonObject(value.evaluation)) return "'evaluation' is required";
    if (value.schedule !== undefined) return `'schedule' belongs in the alert's .schedule.json file`;
    return undefined;
  },

  async create(client, value) {
    return createdId(await client.post<JsonObject>(BASE, value), 'id', 'alerts');
  },

  async update(client, id, value, _ctx, request) {
    // The fields that changed, by name (update_mask in the query string, the alert as the body: impl.go).
    const fields = changedFields(request.changes, ['parent_path']);
    if (!fields.length) return;
    await client.request('PATCH', `${BASE}/${String(id)}`, {
      query: { update_mask: fields.join(',') },
      body: value,
      idempotent: true,
    });
  },

  async remove(client, id) {
    await client.request('DELETE', `${BASE}/${String(id)}`, { notFoundOnRetryIsDone: true });
  },
};

export const alertsKind = configKind(spec);
