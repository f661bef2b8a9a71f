/**
 * Databricks SQL alerts, the current API (`/api/2.0/alerts`: list, get, create, update, trash), as the Go
 * SDK models it (databricks/databricks-sdk-go service/sql/model.go: AlertV2, AlertV2Evaluation,
 * AlertV2Notification, AlertV2Subscription, CronSchedule, ListAlertsV2Response; impl.go: create takes the
 * AlertV2 as the body, update is PATCH with `update_mask` in the query string and the alert as the body).
 * An alert holds its own query text and warehouse, and notifies users or notification destinations.
 *
 * Output-only (model.go): id, create_time, update_time, lifecycle_state, owner_user_name, run_as_user_name,
 * effective_run_as, evaluation.state and evaluation.last_evaluated_at. Emulator choices: a new alert's
 * evaluation state is UNKNOWN; delete trashes (out of the list, get answers lifecycle_state TRASHED); a
 * warehouse or destination that does not exist is refused (400).
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../../util/json.js';
import type { EmulatorContext } from '../context.js';
import { ApiError } from '../errors.js';
import { bodyObject, seqPage } from '../paging.js';
import { optionalString } from '../params.js';
import { EMULATOR_USER } from './compute-store.js';
import type { ApiModule } from './module.js';

const SETTABLE = [
  'display_name',
  'custom_description',
  'custom_summary',
  'evaluation',
  'parameters',
  'parent_path',
  'query_text',
  'run_as',
  'schedule',
  'warehouse_id',
];

interface StoredAlert {
  id: string;
  spec: JsonObject;
  trashed: boolean;
  created: number;
  updated: number;
  seq: number;
}

const stamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

export class AlertsStore {
  private readonly alerts = new Map<string, StoredAlert>();
  private nextSeq = 1;

  constructor(
    private readonly context: EmulatorContext,
    private readonly exists: { warehouse(id: string): boolean; destination(id: string): boolean },
  ) {}

  all(): StoredAlert[] {
    return [...this.alerts.values()].filter((a) => !a.trashed).sort((a, b) => a.seq - b.seq);
  }

  require(id: string): StoredAlert {
    const a = this.alerts.get(id);
    if (!a) throw ApiError.notFound(`Alert ${id} does not exist.`);
    return a;
  }

  private check(spec: JsonObject): void {
    for (const f of ['display_name', 'query_text', 'warehouse_id'])
      if (typeof spec[f] !== 'string' || spec[f] === '') throw ApiError.missingField(f);
    if (!this.exists.warehouse(String(spec.warehouse_id)))
      throw ApiError.invalidParameter(`Warehouse ${String(spec.warehouse_id)} does not exist.`);
    const evaluation = spec.evaluation;
    if (!isJsonObject(evaluation) || typeof evaluation.comparison_operator !== 'string')
      throw ApiError.missingField('evaluation.comparison_operator');
    if (!isJsonObject(evaluation.source) || typeof evaluation.source.name !== 'string')
      throw ApiError.missingField('evaluation.source.name');
    const subscriptions = isJsonObject(evaluation.notification)
      ? evaluation.notification.subscriptions
      : undefined;
    for (const s of Array.isArray(subscriptions) ? subscriptions : [])
      if (
        isJsonObject(s) &&
        typeof s.destination_id === 'string' &&
        !this.exists.destination(s.destination_id)
      )
        throw ApiError.invalidParameter(`Notification destination ${s.destination_id} does not exist.`);
    const schedule = spec.schedule;
    if (!isJsonObject(schedule) || typeof schedule.quartz_cron_schedule !== 'string')
      throw ApiError.missingField('schedule.quartz_cron_schedule');
    if (typeof schedule.timezone_id !== 'string') throw ApiError.missingField('schedule.timezone_id');
  }

  /** The settable fields of a body, output-only parts of the evaluation dropped. */
  private settable(body: JsonObject, fields: readonly string[]): JsonObject {
    const out: JsonObject = {};
    for (const f of fields) if (body[f] !== undefined && body[f] !== null) out[f] = structuredClone(body[f]);
    if (isJsonObject(out.evaluation)) {
      delete out.evaluation.state;
      delete out.evaluation.last_evaluated_at;
    }
    return out;
  }

  create(body: JsonObject): StoredAlert {
    const spec = this.settable(body, SETTABLE);
    this.check(spec);
    const now = this.context.now();
    const a: StoredAlert = {
      id: this.context.ids.uuid(),
      spec,
      trashed: false,
      created: now,
      updated: now,
      seq: this.nextSeq++,
    };
    this.alerts.set(a.id, a);
    return a;
  }

  update(id: string, mask: string, body: JsonObject): StoredAlert {
    const a = this.require(id);
    if (a.trashed) throw ApiError.notFound(`Alert ${id} is in the trash.`);
    const fields = mask === '*' ? SETTABLE : mask.split(',');
    const bad = fields.find((f) => !SETTABLE.includes(f));
    if (bad) throw ApiError.invalidParameter(`Invalid update_mask field: ${bad}`);
    const given = this.settable(body, fields);
    const spec = { ...a.spec };
    for (const f of fields) {
      if (given[f] === undefined) delete spec[f];
      else spec[f] = given[f];
    }
    this.check(spec);
    a.spec = spec;
    a.updated = this.context.now();
    return a;
  }

  trash(id: string): void {
    const a = this.require(id);
    if (a.trashed) throw ApiError.notFound(`Alert ${id} is in the trash.`);
    a.trashed = true;
  }

  info(a: StoredAlert): JsonObject {
    const spec = structuredClone(a.spec);
    const evaluation = spec.evaluation as JsonObject;
    spec.evaluation = { ...evaluation, state: 'UNKNOWN' } as JsonValue;
    return {
      id: a.id,
      ...spec,
      owner_user_name: EMULATOR_USER,
      run_as_user_name: EMULATOR_USER,
      effective_run_as: { user_name: EMULATOR_USER },
      lifecycle_state: a.trashed ? 'TRASHED' : 'ACTIVE',
      create_time: stamp(a.created),
      update_time: stamp(a.updated),
    };
  }
}

export const alertsV2Api: ApiModule<{ readonly alerts: AlertsStore }> = {
  name: 'alerts-v2',
  register(router, state) {
    const store = state.alerts;
    const base = '/api/2.0/alerts';
    router.get(base, (request) => seqPage(request, store.all(), 'alerts', (a) => store.info(a)));
    router.get(`${base}/:id`, (request) => store.info(store.require(request.params.id)));
    router.post(base, (request) => store.info(store.create(bodyObject(request))));
    router.patch(`${base}/:id`, (request) => {
      const mask = optionalString(request, 'update_mask');
      if (mask === undefined || mask === '') throw ApiError.missingField('update_mask');
      return store.info(store.update(request.params.id, mask, bodyObject(request)));
    });
    router.delete(`${base}/:id`, (request) => {
      store.trash(request.params.id);
      return {};
    });
  },
};
