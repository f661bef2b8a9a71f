/**
 * Jobs (reference §10; databricks-sdk-go service/jobs/model.go): `jobs/<key>.json` holds a job's settings
 * with output-only fields stripped and every id made symbolic (§10.2). What would make a job run on its own
 * (`schedule`, `trigger`, `continuous`, the preview `triggers`) is moved into `jobs/<key>.schedule.json`:
 * apply leaves it out, so a secondary never runs a job before cutover; `activateSchedules` brings it back and
 * `pauseSchedules` pauses it (fail back).
 *
 * Legacy 2.0 single-task jobs (task fields at the top of the settings, `format: SINGLE_TASK`) are kept in
 * their 2.0 form, not converted to tasks[]: the file then shows what the workspace holds, and applying it
 * through the 2.0 endpoints makes the secondary hold the same shape, so export → apply → export converges.
 * Converting would need an invented task_key and would turn every such job into a diff against itself.
 *
 * Jobs that Databricks manages (`deployment.kind: SYSTEM_MANAGED`, read-only) are skipped on both sides:
 * never exported, and a target's own are never reset or deleted (see `systemManaged`).
 */
import type { DatabricksClient } from '../databricks/client.js';
import { parseRef } from '../plan/references.js';
import { PlanError } from '../plan/planner.js';
import { isJsonObject, toJson, type JsonObject, type JsonValue } from '../util/json.js';
import { slot } from '../util/memo.js';
import {
  configKind,
  KEY_TAG,
  mapKeyTag,
  type ConfigKindSpec,
  type KeyTagSpec,
  type SideFileSpec,
} from './config-kind.js';
import type { ApplyOptions, CatalogValue, Normalizer, RefIndex, ResourceKind, RunCache } from './kind.js';
import { clusterSpecValues } from './target-catalog.js';
import { keepServerDefaults, refOrMarker, stripRegionPinned } from './compute-common.js';
import { unknownField, warnUnknownFields, type FieldRoles } from './fields.js';

/** Blocks that start runs without anyone asking; they live in the side file. */
export const SCHEDULE_FIELDS = ['schedule', 'trigger', 'continuous', 'triggers'] as const;

/**
 * Settings fields the service decides (§10.1 "Read-only"): `format` is ignored on write; `deployment` is
 * dropped too because it says a bundle deployment owns the job, and no bundle was deployed on the target.
 */
const OUTPUT_ONLY_SETTINGS = ['format', 'deployment'];

/**
 * Why a job is left alone: `deployment.kind: SYSTEM_MANAGED` marks a job that Databricks manages and that
 * is read-only (SDK JobDeploymentKind). Each workspace has its own, so one is never exported, and one in a
 * target is never reset or deleted (it could share a name with a job of the snapshot). Pure.
 */
export function systemManaged(raw: JsonObject): string | undefined {
  const deployment = isJsonObject(raw.settings) ? raw.settings.deployment : undefined;
  return isJsonObject(deployment) && deployment.kind === 'SYSTEM_MANAGED'
    ? 'managed by Databricks and read-only (deployment kind SYSTEM_MANAGED): each workspace has its own, never exported, changed or deleted'
    : undefined;
}

/**
 * Task fields that Jobs API 2.0 took at the top of the settings of a single-task job (terraform-provider-
 * databricks `jobs/resource_job.go` JobSettings, "BEGIN Jobs API 2.0" block). Any of them at the top level
 * without `tasks` makes the settings legacy 2.0 settings, even without a task type (2.0 let a job name only
 * a cluster); `timeout_seconds` is a job field in both forms.
 */
const LEGACY_TASK_FIELDS = [
  'existing_cluster_id',
  'new_cluster',
  'notebook_task',
  'spark_jar_task',
  'spark_python_task',
  'spark_submit_task',
  'pipeline_task',
  'python_wheel_task',
  'dbt_task',
  'run_job_task',
  'libraries',
  'max_retries',
  'min_retry_interval_millis',
  'retry_on_timeout',
];

/**
 * settable: JobSettings (§10.1), every top-level field a job file may hold. Every field changes in place
 * (jobs/reset takes the whole settings). `format` and `deployment` are settable but dropped by normalize
 * (OUTPUT_ONLY_SETTINGS); tasks are checked field by field in validate (TASK_FIELDS).
 */
const FIELDS: FieldRoles = {
  settable: [
    'name',
    'description',
    'tags',
    'tasks',
    'job_clusters',
    'environments',
    'environment_variables',
    'parameters',
    'schedule',
    'trigger',
    'triggers',
    'continuous',
    'email_notifications',
    'webhook_notifications',
    'notification_settings',
    'timeout_seconds',
    'max_concurrent_runs',
    'health',
    'git_source',
    'run_as',
    'queue',
    'format',
    'edit_mode',
    'deployment',
    'budget_policy_id',
    'usage_policy_id',
    'performance_target',
    'parent_path',
    // Legacy 2.0 single-task jobs hold their one task's fields at the top (§10.2, last line).
    ...LEGACY_TASK_FIELDS,
  ],
  source:
    'databricks-sdk-go service/jobs/model.go JobSettings (reference §10.1); terraform-provider-databricks jobs/resource_job.go JobSettings (the Jobs API 2.0 task fields)',
};

export function isSingleTask(settings: JsonObject): boolean {
  return !Array.isArray(settings.tasks) && LEGACY_TASK_FIELDS.some((f) => settings[f] !== undefined);
}

/**
 * A job created through API 2.0 in the single-task form, as 2.1 and 2.2 answer it, back in its 2.0 form.
 * "All API 2.1 requests must conform to the multi-task format and responses are structured in the
 * multi-task format" (docs.databricks.com/reference/jobs-api-2-1-updates.html): such a job comes back with
 * `format: SINGLE_TASK` and its task fields inside one task whose task_key the service chose. The snapshot
 * keeps the 2.0 form, which apply writes through the 2.0 endpoints (as the Terraform provider still does,
 * `jobs/resource_job.go` Create "Api 2.0"), so the secondary holds the same kind of job and a read of it
 * converts the same way: export -> apply -> export converges. The service's own additions to that task are
 * dropped when they are its defaults (`run_if: ALL_SUCCESS`, empty notifications, the job's timeout:
 * databricks/cli libs/testserver/jobs.go jobFixUps); a task holding anything the 2.0 form cannot hold
 * (a description, notification settings, ...) is left in the multi-task form, and apply writes it so. Pure.
 */
export function legacyForm(settings: JsonObject): JsonObject {
  const tasks = settings.tasks;
  if (settings.format !== 'SINGLE_TASK' || !Array.isArray(tasks) || tasks.length !== 1) return settings;
  const task = tasks[0];
  if (!isJsonObject(task)) return settings;
  const empty = (v: JsonValue | undefined) => isJsonObject(v) && Object.keys(v).length === 0;
  const top: JsonObject = {};
  for (const [field, value] of Object.entries(task)) {
    if (field === 'task_key') continue;
    if (field === 'run_if' && value === 'ALL_SUCCESS') continue;
    if ((field === 'email_notifications' || field === 'webhook_notifications') && empty(value)) continue;
    if (
      field === 'timeout_seconds' &&
      (value === 0 || String(value) === String(settings.timeout_seconds ?? 0))
    )
      continue;
    if (!LEGACY_TASK_FIELDS.includes(field) || settings[field] !== undefined) return settings;
    top[field] = value;
  }
  const out: JsonObject = { ...settings, ...top };
  delete out.tasks;
  return out;
}

type ScheduleMode = 'keep' | 'activate' | 'pause';

export function scheduleMode(options: Partial<ApplyOptions> | undefined): ScheduleMode {
  if (options?.activateSchedules && options.pauseSchedules)
    throw new PlanError('activate-schedules and pause-schedules cannot be used together: choose one');
  return options?.activateSchedules ? 'activate' : options?.pauseSchedules ? 'pause' : 'keep';
}

// ----- ids → references (§10.2) -------------------------------------------------------------------------

/**
 * Replaces `holder[field]` by a reference to `kind`; an id no exported object has becomes the unexported
 * marker (reported on export, refused on apply).
 */
function refField(
  holder: JsonValue | undefined,
  field: string,
  kind: string,
  n: Normalizer,
  where: string,
): void {
  if (!isJsonObject(holder)) return;
  const id = holder[field];
  if (id === undefined || id === null || id === '' || parseRef(id)) return;
  holder[field] = refOrMarker(
    kind,
    id,
    n,
    `${where}.${field}: no exported ${kind} object has the id ${String(id)}`,
  );
}

/**
 * An id of something outside the workspace (an account-level policy, a Unity Catalog object named the same
 * in every workspace of the metastore, a job in another service): the same value is right in the target,
 * so it is kept, and reported so that nobody mistakes it for a mapped reference. `where` '' for a
 * top-level field.
 */
export function externalField(
  holder: JsonValue | undefined,
  field: string,
  n: Normalizer,
  where: string,
  what: string,
): void {
  if (!isJsonObject(holder)) return;
  const id = holder[field];
  if (id === undefined || id === null || id === '') return;
  n.warn(`${where ? `${where}.` : ''}${field} '${String(id)}' kept as is: external object (${what})`);
}

function eachObject(list: JsonValue | undefined, fn: (item: JsonObject, i: number) => void): void {
  if (Array.isArray(list)) list.forEach((item, i) => isJsonObject(item) && fn(item, i));
}

function clusterSpec(cluster: JsonValue | undefined, n: Normalizer, where: string): void {
  if (isJsonObject(cluster)) {
    const before = structuredClone(cluster);
    const zones = stripRegionPinned(cluster).map((path) => {
      const [field, sub] = path.split('.');
      const holder = before[field];
      return `${path} '${String(isJsonObject(holder) ? holder[sub] : '')}'`;
    });
    if (zones.length)
      n.warn(
        `${where}: ${zones.join(', ')} left out: a zone of the primary's region, which a restore in another region could not start a cluster in; the target's workspace picks its own`,
      );
  }
  refField(cluster, 'policy_id', 'cluster_policies', n, where);
  refField(cluster, 'instance_pool_id', 'instance_pools', n, where);
  refField(cluster, 'driver_instance_pool_id', 'instance_pools', n, where);
}

function webhooks(holder: JsonValue | undefined, n: Normalizer, where: string): void {
  if (!isJsonObject(holder)) return;
  for (const [event, list] of Object.entries(holder))
    eachObject(list, (d, i) => refField(d, 'id', 'notification_destinations', n, `${where}.${event}[${i}]`));
}

function sqlCondition(holder: JsonValue | undefined, n: Normalizer, where: string): void {
  if (!isJsonObject(holder)) return;
  refField(holder.sql_condition, 'warehouse_id', 'sql_warehouses', n, `${where}.sql_condition`);
  refField(holder.sql_condition, 'sql_query_id', 'queries', n, `${where}.sql_condition`);
}

/** Ids in a task that name objects outside the workspace (§10.2): task type, field, what it names. */
const EXTERNAL_TASK_FIELDS: ReadonlyArray<readonly [string, string, string]> = [
  ['power_bi_task', 'connection_resource_name', 'a Unity Catalog connection, by name'],
  ['power_bi_task', 'power_bi_gateway_id', 'a Power BI gateway'],
  ['dbt_cloud_task', 'connection_resource_name', 'a Unity Catalog connection, by name'],
  ['dbt_cloud_task', 'dbt_cloud_job_id', 'a dbt Cloud job'],
  ['dbt_platform_task', 'connection_resource_name', 'a Unity Catalog connection, by name'],
  ['dbt_platform_task', 'dbt_platform_job_id', 'a dbt platform job'],
  ['clean_rooms_notebook_task', 'clean_room_name', 'a Unity Catalog clean room, by name'],
];

/**
 * Task (databricks-sdk-go service/jobs/model.go `Task`): the fields a task may hold, to tell a misspelt
 * one (`existing_cluster_idd`) from one newer than this list (see unknownField).
 */
const TASK_FIELDS = [
  'task_key',
  'description',
  'depends_on',
  'run_if',
  'disabled',
  'existing_cluster_id',
  'new_cluster',
  'job_cluster_key',
  'environment_key',
  'compute',
  'libraries',
  'timeout_seconds',
  'max_retries',
  'min_retry_interval_millis',
  'retry_on_timeout',
  'disable_auto_optimization',
  'email_notifications',
  'webhook_notifications',
  'notification_settings',
  'health',
  'notebook_task',
  'spark_jar_task',
  'spark_python_task',
  'spark_submit_task',
  'python_wheel_task',
  'pipeline_task',
  'sql_task',
  'dbt_task',
  'dbt_cloud_task',
  'dbt_platform_task',
  'run_job_task',
  'condition_task',
  'for_each_task',
  'clean_rooms_notebook_task',
  'dashboard_task',
  'power_bi_task',
  'gen_ai_compute_task',
  'alert_task',
  'genie_task',
];

/** The first misspelt field of a task (`tasks[etl]: unknown field ...`), through for_each_task. */
function taskTypo(tasks: JsonValue | undefined, where = 'tasks'): string | undefined {
  if (!Array.isArray(tasks)) return undefined;
  for (const [i, task] of tasks.entries()) {
    if (!isJsonObject(task)) continue;
    const at = `${where}[${String(task.task_key ?? i)}]`;
    const unknown = unknownField(task, TASK_FIELDS);
    if (unknown) return `${at}: ${unknown}`;
    const inner = isJsonObject(task.for_each_task) ? task.for_each_task.task : undefined;
    const nested = inner === undefined ? undefined : taskTypo([inner], `${at}.for_each_task.task`);
    if (nested) return nested;
  }
  return undefined;
}

/**
 * What jobs/create and jobs/reset refuse about a job's shape (§10 limits; a task depending on itself is
 * refused `400 INVALID_PARAMETER_VALUE "Invalid dependency graph, task '…' can not reference itself."`,
 * github.com/apache/airflow/issues/47983; one depending on a task the job lacks, "Invalid dependency graph",
 * github.com/astronomer/astronomer-providers/issues/1499): found while planning, so that apply never writes
 * other objects first and then fails on this one (issue 13, item 2). Pure.
 */
/**
 * The task types among LEGACY_TASK_FIELDS: one of them beside `tasks` is two jobs in one file. The retry
 * fields are not among them: a real multi-task job can answer them at the top level (terraform-provider-
 * databricks exporter/test-data/get-job-15.json, test/fixtures/api-fixtures/jobs).
 */
const LEGACY_TASK_TYPES = LEGACY_TASK_FIELDS.filter((f) => f.endsWith('_task'));

/** §10 limits of jobs/create and jobs/reset (databricks-sdk-go service/jobs JobSettings docs). */
const MAX_NAME_BYTES = 4096;
const MAX_CONCURRENT_RUNS = 1000;

function jobShapeProblem(settings: JsonObject): string | undefined {
  const name = settings.name;
  if (typeof name === 'string' && Buffer.byteLength(name) > MAX_NAME_BYTES)
    return `'name' is ${Buffer.byteLength(name)} bytes long: a job name can be at most ${MAX_NAME_BYTES}`;
  const runs = settings.max_concurrent_runs;
  if (
    runs !== undefined &&
    (typeof runs !== 'number' || !Number.isInteger(runs) || runs < 0 || runs > MAX_CONCURRENT_RUNS)
  )
    return `'max_concurrent_runs' must be a whole number from 0 to ${MAX_CONCURRENT_RUNS}, not ${toJson(runs)}`;
  const tags = settings.tags;
  if (tags !== undefined && !isJsonObject(tags)) return "'tags' must be an object";
  if (isJsonObject(tags) && Object.keys(tags).length > MAX_TAGS)
    return `'tags': a job can have at most ${MAX_TAGS} tags, this one has ${Object.keys(tags).length}`;
  if (Array.isArray(settings.tasks) && LEGACY_TASK_TYPES.some((f) => settings[f] !== undefined))
    return "'tasks' and top-level task fields (a legacy single-task job) cannot be in one job";
  const keysOf = (field: 'tasks' | 'job_clusters', keyField: string): Set<string> | string => {
    const list = settings[field];
    if (list === undefined) return new Set();
    if (!Array.isArray(list)) return `'${field}' must be a list`;
    const keys = new Set<string>();
    for (const [i, item] of list.entries()) {
      const key = isJsonObject(item) ? item[keyField] : undefined;
      if (typeof key !== 'string' || key === '') return `'${field}'[${i}] needs a '${keyField}'`;
      if (keys.has(key)) return `'${keyField}' '${key}' is used twice in ${field}`;
      keys.add(key);
    }
    return keys;
  };
  const tasks = keysOf('tasks', 'task_key');
  if (typeof tasks === 'string') return tasks;
  const clusters = keysOf('job_clusters', 'job_cluster_key');
  if (typeof clusters === 'string') return clusters;
  for (const task of (settings.tasks ?? []) as JsonObject[]) {
    const at = `tasks[${String(task.task_key)}]`;
    const jc = task.job_cluster_key;
    if (jc !== undefined && (typeof jc !== 'string' || !clusters.has(jc)))
      return `${at}: 'job_cluster_key' '${String(jc)}' names no entry of job_clusters`;
    const deps = task.depends_on ?? [];
    if (!Array.isArray(deps)) return `${at}: 'depends_on' must be a list`;
    for (const dep of deps) {
      const key = isJsonObject(dep) ? dep.task_key : undefined;
      if (typeof key !== 'string' || !tasks.has(key) || key === task.task_key)
        return `${at}: 'depends_on' names '${String(key)}', which is not another task of this job`;
    }
  }
  return undefined;
}

/** One task (or the top of a legacy single-task job); recursive through for_each_task. */
function taskRefs(task: JsonObject, n: Normalizer, where: string): void {
  refField(task, 'existing_cluster_id', 'clusters', n, where);
  clusterSpec(task.new_cluster, n, `${where}.new_cluster`);
  if (isJsonObject(task.run_job_task))
    refField(task.run_job_task, 'job_id', 'jobs', n, `${where}.run_job_task`);
  refField(task.pipeline_task, 'pipeline_id', 'pipelines', n, `${where}.pipeline_task`);
  for (const t of ['notebook_task', 'dbt_task', 'power_bi_task', 'dashboard_task', 'alert_task'])
    refField(task[t], 'warehouse_id', 'sql_warehouses', n, `${where}.${t}`);
  const sql = task.sql_task;
  if (isJsonObject(sql)) {
    const w = `${where}.sql_task`;
    refField(sql, 'warehouse_id', 'sql_warehouses', n, w);
    refField(sql.query, 'query_id', 'queries', n, `${w}.query`);
    refField(sql.dashboard, 'dashboard_id', 'dashboards', n, `${w}.dashboard`);
    refField(sql.alert, 'alert_id', 'alerts', n, `${w}.alert`);
    for (const part of ['alert', 'dashboard'] as const)
      if (isJsonObject(sql[part]))
        eachObject((sql[part] as JsonObject).subscriptions, (s, i) =>
          refField(s, 'destination_id', 'notification_destinations', n, `${w}.${part}.subscriptions[${i}]`),
        );
  }
  const dashboard = task.dashboard_task;
  if (isJsonObject(dashboard)) {
    refField(dashboard, 'dashboard_id', 'dashboards', n, `${where}.dashboard_task`);
    if (isJsonObject(dashboard.subscription))
      eachObject(dashboard.subscription.subscribers, (s, i) =>
        refField(
          s,
          'destination_id',
          'notification_destinations',
          n,
          `${where}.dashboard_task.subscription.subscribers[${i}]`,
        ),
      );
  }
  const alert = task.alert_task;
  if (isJsonObject(alert)) {
    refField(alert, 'alert_id', 'alerts', n, `${where}.alert_task`);
    eachObject(alert.subscribers, (s, i) =>
      refField(s, 'destination_id', 'notification_destinations', n, `${where}.alert_task.subscribers[${i}]`),
    );
  }
  for (const [type, field, what] of EXTERNAL_TASK_FIELDS)
    externalField(task[type], field, n, `${where}.${type}`, what);
  // Workspace objects this tool does not export (§10.2): markers, so apply stops rather than guess.
  if (isJsonObject(task.gen_ai_compute_task))
    refField(
      task.gen_ai_compute_task.compute,
      'gpu_node_pool_id',
      'gpu_node_pools',
      n,
      `${where}.gen_ai_compute_task.compute`,
    );
  refField(task.genie_task, 'configuration_id', 'genie_spaces', n, `${where}.genie_task`);
  webhooks(task.webhook_notifications, n, `${where}.webhook_notifications`);
  if (isJsonObject(task.for_each_task) && isJsonObject(task.for_each_task.task)) {
    const inner = task.for_each_task.task;
    taskRefs(inner, n, `${where}.for_each_task.task`);
  }
}

// ----- run_as --------------------------------------------------------------------------------------------

/**
 * Where `get` puts the job's owner (its IS_OWNER, from the Permissions API) for normalize: read only for a
 * job that names whom it runs as, since only there does the owner decide what the snapshot records.
 */
export const OWNER_FIELD = '_databricks_dr_owner';

/** The principal a job's run_as names (one of user, service principal, group), or undefined. Pure. */
function runAsName(runAs: JsonValue | undefined): string | undefined {
  if (!isJsonObject(runAs)) return undefined;
  const name = runAs.user_name ?? runAs.service_principal_name ?? runAs.group_name;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/** A principal name as a run_as: an application id (a UUID) is a service principal's, as Terraform reads it. */
function runAsOf(name: string): JsonObject {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(name)
    ? { service_principal_name: name }
    : { user_name: name };
}

/**
 * Whom the job runs as, as the snapshot records it: a `run_as` only when the job runs as someone other than
 * its owner, who is whom a job without one runs as (Go SDK service/jobs/model.go, Job.run_as_user_name: "the
 * IS_OWNER when job ACLs are enabled"), and whom the permissions file restores.
 * - `settings.run_as` when the answer has it (jobs/get answers it when it was set: databricks/cli
 *   acceptance/bundle/run_as/job_default, Cloud = true, reads `.settings.run_as` back).
 * - Else `run_as_user_name` when it is neither the owner nor the creator: Terraform reads run_as from it
 *   because "in the settings struct it can only be set on write and is not returned on read"
 *   (terraform-provider-databricks jobs/resource_job.go, JobsAPI.Read). The creator is the owner until
 *   someone is made owner; a run_as_user_name that is neither was set, and dropping it would restore the job
 *   to run as its owner, silently.
 * - A run_as naming the owner is left out: it changes nothing, and apply, which must set one to clear another
 *   (jobs/reset keeps an omitted run_as), sets the owner.
 * Mutates `settings`.
 */
function recordRunAs(raw: JsonObject, settings: JsonObject): void {
  const owner = typeof raw[OWNER_FIELD] === 'string' ? raw[OWNER_FIELD] : raw.creator_user_name;
  const effective = raw.run_as_user_name;
  if (
    settings.run_as === undefined &&
    typeof effective === 'string' &&
    effective !== '' &&
    effective !== owner &&
    effective !== raw.creator_user_name
  )
    settings.run_as = runAsOf(effective);
  const named = runAsName(settings.run_as);
  if (named !== undefined && named === owner) delete settings.run_as;
}

/** The IS_OWNER of a job in the target, as a run_as; undefined when the answer names none. */
async function ownerOf(client: DatabricksClient, jobId: JsonValue): Promise<string | undefined> {
  const acl = await client.get<JsonObject>(`/api/2.0/permissions/jobs/${String(jobId)}`);
  for (const entry of Array.isArray(acl.access_control_list) ? acl.access_control_list : []) {
    if (!isJsonObject(entry) || !Array.isArray(entry.all_permissions)) continue;
    const owns = entry.all_permissions.some((p) => isJsonObject(p) && p.permission_level === 'IS_OWNER');
    const name = entry.user_name ?? entry.service_principal_name;
    if (owns && typeof name === 'string') return name;
  }
  return undefined;
}

/**
 * A job as the snapshot stores it: its settings without output-only fields, every id a reference where
 * the object was exported. Schedules are still in; the side file spec takes them out. Pure.
 */
export function normalizeJob(raw: JsonObject, n: Normalizer): JsonObject {
  const settings: JsonObject = isJsonObject(raw.settings) ? legacyForm(structuredClone(raw.settings)) : {};
  for (const field of OUTPUT_ONLY_SETTINGS) delete settings[field];
  if (isJsonObject(settings.git_source)) delete settings.git_source.git_snapshot;
  recordRunAs(raw, settings);
  // Queueing off is what a snapshot without a queue means (see withQueue), whichever way the service says it.
  if (
    isJsonObject(settings.queue) &&
    settings.queue.enabled === false &&
    Object.keys(settings.queue).length === 1
  )
    delete settings.queue;
  eachObject(settings.tasks, (task, i) => taskRefs(task, n, `tasks[${String(task.task_key ?? i)}]`));
  eachObject(settings.job_clusters, (jc, i) => {
    const where = `job_clusters[${String(jc.job_cluster_key ?? i)}]`;
    clusterSpec(jc.new_cluster, n, `${where}.new_cluster`);
    refField(jc, 'serverless_compute_id', 'serverless_compute', n, where);
  });
  if (isSingleTask(settings)) taskRefs(settings, n, 'settings');
  webhooks(settings.webhook_notifications, n, 'webhook_notifications');
  // Budget and usage policies are account-level objects: the same id is valid in every workspace.
  for (const field of ['budget_policy_id', 'usage_policy_id'])
    externalField(settings, field, n, 'settings', 'an account-level policy');
  sqlCondition(settings.schedule, n, 'schedule');
  sqlCondition(settings.trigger, n, 'trigger');
  eachObject(settings.triggers, (t, i) => sqlCondition(t, n, `triggers[${i}]`));
  warnUnknownFields(settings, FIELDS.settable, n);
  return settings;
}

// ----- what the service fills in ------------------------------------------------------------------------

const isEmptyObject = (v: JsonValue | undefined) => isJsonObject(v) && Object.keys(v).length === 0;

/** Fields the service answers when a request leaves them out, with the value that means "left out". */
function keepIfDefault(
  desired: JsonObject,
  actual: JsonObject,
  defaults: Record<string, (v: JsonValue) => boolean>,
) {
  for (const [field, isDefault] of Object.entries(defaults))
    if (desired[field] === undefined && actual[field] !== undefined && isDefault(actual[field]))
      desired[field] = structuredClone(actual[field]);
}

const JOB_DEFAULTS: Record<string, (v: JsonValue) => boolean> = {
  email_notifications: isEmptyObject,
  webhook_notifications: isEmptyObject,
  timeout_seconds: (v) => String(v) === '0',
  max_concurrent_runs: (v) => String(v) === '1',
};

const TASK_DEFAULTS: Record<string, (v: JsonValue) => boolean> = {
  run_if: (v) => v === 'ALL_SUCCESS',
  email_notifications: isEmptyObject,
  webhook_notifications: isEmptyObject,
  timeout_seconds: (v) => String(v) === '0',
};

function byKey(list: JsonValue | undefined, keyField: string): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  if (Array.isArray(list))
    for (const x of list) if (isJsonObject(x) && typeof x[keyField] === 'string') out.set(x[keyField], x);
  return out;
}

/**
 * The snapshot's job settings (mutated) with the values the target's service filled in where the snapshot
 * leaves a field out: `email_notifications {}`, `webhook_notifications {}`, task `run_if: ALL_SUCCESS`,
 * `timeout_seconds 0` (databricks/cli libs/testserver/jobs.go jobFixUps, "match cloud"), and in every new
 * cluster its cloud attributes (a zone export left out included), `data_security_mode`, `enable_elastic_disk`
 * (cluster-spec-defaults.ts). A snapshot written before these were answered, or without a zone, then plans
 * no change against a target that has them. Tasks and job clusters are matched by key. Pure but for `desired`.
 */
export function keepJobDefaults(desired: JsonObject, actual: JsonObject): void {
  keepIfDefault(desired, actual, JOB_DEFAULTS);
  const task = (d: JsonObject, a: JsonObject) => {
    keepIfDefault(d, a, TASK_DEFAULTS);
    keepClusterDefaults(d, a);
    if (isJsonObject(d.for_each_task) && isJsonObject(a.for_each_task)) {
      const di = d.for_each_task.task;
      const ai = a.for_each_task.task;
      if (isJsonObject(di) && isJsonObject(ai)) task(di, ai);
    }
  };
  const tasks = byKey(actual.tasks, 'task_key');
  eachObject(desired.tasks, (t) => {
    const a = tasks.get(String(t.task_key));
    if (a) task(t, a);
  });
  const clusters = byKey(actual.job_clusters, 'job_cluster_key');
  eachObject(desired.job_clusters, (jc) => {
    const a = clusters.get(String(jc.job_cluster_key));
    if (a) keepClusterDefaults(jc, a);
  });
  if (isSingleTask(desired)) keepClusterDefaults(desired, actual);
}

/** The target's server-filled values of a job cluster that the snapshot's `new_cluster` leaves out. */
function keepClusterDefaults(desired: JsonObject, actual: JsonObject): void {
  if (isJsonObject(desired.new_cluster) && isJsonObject(actual.new_cluster))
    desired.new_cluster = keepServerDefaults(desired.new_cluster, actual.new_cluster);
}

/**
 * Settings as create and update send them: without a `queue` in the snapshot, queueing off. A job made
 * through 2.2 queues by default and one made through 2.0 or 2.1 does not ("Jobs are queued by default",
 * docs.databricks.com jobs/jobs-api-updates, Jobs API 2.1 to 2.2): a primary's job without a queue does not
 * queue, so neither may its restored copy.
 */
function withQueue(settings: JsonObject): JsonObject {
  return settings.queue === undefined && !isSingleTask(settings)
    ? { ...settings, queue: { enabled: false } }
    : settings;
}

// ----- schedules: the side file -------------------------------------------------------------------------

function withPause(block: JsonValue, status: (recorded: JsonValue | undefined) => string): JsonValue {
  if (Array.isArray(block)) return block.map((b) => withPause(b, status));
  if (!isJsonObject(block)) return block;
  return { ...block, pause_status: status(block.pause_status) };
}

export const scheduleSideFile: SideFileSpec = {
  suffix: '.schedule.json',

  extract(normalized) {
    const part: JsonObject = {};
    for (const field of SCHEDULE_FIELDS) {
      if (normalized[field] === undefined) continue;
      part[field] = normalized[field];
      delete normalized[field];
    }
    return Object.keys(part).length ? part : undefined;
  },

  combine(main, part, options, side) {
    const mode = scheduleMode(options);
    // Without an option the schedules are not managed at all: neither side shows them, so a plan never
    // touches them (and an update keeps the target's, see `update` below).
    if (mode === 'keep') return main;
    const out = { ...main };
    for (const field of SCHEDULE_FIELDS) {
      const block = part?.[field];
      if (block === undefined) continue;
      if (side === 'actual') out[field] = block;
      // Activation restores what the primary ran: unpaused, except what was already paused there (a job
      // paused on purpose stays paused). Pausing pauses everything recorded.
      else if (mode === 'activate')
        out[field] = withPause(block, (r) => (r === 'PAUSED' ? 'PAUSED' : 'UNPAUSED'));
      else out[field] = withPause(block, () => 'PAUSED');
    }
    return out;
  },

  validate(part) {
    const extra = Object.keys(part).filter((k) => !(SCHEDULE_FIELDS as readonly string[]).includes(k));
    if (extra.length) return `unexpected field '${extra[0]}': only ${SCHEDULE_FIELDS.join(', ')} belong here`;
    return undefined;
  },
};

// ----- the key tag ------------------------------------------------------------------------------------

/** The most tags a job can have (§10 limits, JobSettings.tags); a pipeline's spec has the same limit. */
export const MAX_TAGS = 25;

/**
 * A key tag in a `{name: value}` tags field (see mapKeyTag) that refuses to push an object past MAX_TAGS:
 * the reference offers no other field to mark a job or pipeline with, and the service would refuse the
 * write with a message that does not say the extra tag is databricks-dr's. Thrown from apply, the error
 * fails that object only (and what depends on it).
 */
export function limitedKeyTag<Raw extends JsonObject>(
  what: 'job' | 'pipeline',
  tagsField: string,
  nameField: string,
  rawTags: (raw: Raw) => JsonValue | undefined,
): KeyTagSpec<Raw> {
  const base = mapKeyTag<Raw>(tagsField, nameField, rawTags);
  return {
    ...base,
    set(spec, key) {
      const tagged = base.set(spec, key);
      const count = Object.keys(tagged[tagsField] as JsonObject).length;
      if (count > MAX_TAGS) {
        const name = String(spec[nameField]);
        throw new Error(
          `${what} '${name}' (key ${key}) would have ${count} tags with the '${KEY_TAG}: ${key}' tag that tells it apart from the other ${what}s named '${name}', and a ${what} can have at most ${MAX_TAGS}: remove a tag from it, or rename it, in the primary`,
        );
      }
      return tagged;
    },
  };
}

// ----- API calls ----------------------------------------------------------------------------------------

type Job = JsonObject;

/** Arrays that `jobs/get` 2.2 pages (§10 "2.2: loop while next_page_token present"). */
const PAGED_ARRAYS = ['tasks', 'job_clusters', 'parameters', 'environments'];

/** The full job: 2.2 answers at most 100 tasks (etc.) per call, so follow next_page_token and append. */
export async function getJob(client: DatabricksClient, jobId: JsonValue): Promise<Job> {
  const job = await client.get<Job>('/api/2.2/jobs/get', { job_id: String(jobId) });
  const seen = new Set<string>();
  const pages = new Set<string>();
  let token = job.next_page_token;
  while (typeof token === 'string' && token !== '') {
    if (seen.has(token))
      throw new Error(`jobs/get ${String(jobId)} returned the page token '${token}' twice`);
    seen.add(token);
    const page = await client.get<Job>('/api/2.2/jobs/get', { job_id: String(jobId), page_token: token });
    const into = isJsonObject(job.settings) ? job.settings : (job.settings = {});
    const from = isJsonObject(page.settings) ? page.settings : {};
    // The same tasks again under a fresh token (a service or proxy ignoring the token) would append them
    // forever: the run would never end.
    const content = toJson(PAGED_ARRAYS.map((field) => from[field] ?? null));
    if (pages.has(content))
      throw new Error(`jobs/get ${String(jobId)} returned the same page twice: stopping`);
    pages.add(content);
    for (const field of PAGED_ARRAYS) {
      const more = from[field];
      if (!Array.isArray(more)) continue;
      into[field] = [...(Array.isArray(into[field]) ? into[field] : []), ...more];
    }
    token = page.next_page_token;
  }
  delete job.next_page_token;
  return job;
}

/**
 * Before a job is created, the target is asked for the jobs of that name (`jobs/list?name=`, "exact (case
 * insensitive) job name", Go SDK ListJobsRequest.name). One the plan did not know means that the listing
 * the plan was made from left it out (an empty or truncated answer that looked valid, issue 13 item 12):
 * creating would make a duplicate that every later apply would see as an unmanaged job of the same name.
 * The job's change fails instead, naming the job found. Jobs the plan knew (same-named jobs told apart by
 * their key tags, jobs created earlier in this apply) and Databricks' own read-only jobs do not count.
 */
async function refuseUnknownNamesake(
  client: DatabricksClient,
  settings: JsonObject,
  refs: RefIndex,
  created: Set<string>,
): Promise<void> {
  const name = settings.name;
  if (typeof name !== 'string' || name === '') return;
  for await (const job of client.paginate<Job>('/api/2.2/jobs/list', 'jobs', { name, limit: 100 })) {
    if (
      job.job_id === undefined ||
      refs.keyOf('jobs', job.job_id) !== undefined ||
      created.has(String(job.job_id)) ||
      systemManaged(job)
    )
      continue;
    throw new Error(
      `not created: the target already has a job named '${name}' (id ${String(job.job_id)}) that its job list did not show when the plan was made, so creating one would make a duplicate; check that the target's jobs/list answers every job, then run apply again`,
    );
  }
}

/** Per apply: the jobs it created, and the last create of each name. */
const CREATES = slot<{ ids: Set<string>; byName: Map<string, Promise<unknown>> }>('job creates');

/**
 * Runs the creates of jobs of one name one after the other, and records the ids they made: two same-named
 * jobs of the snapshot (told apart by their key tags) are created concurrently otherwise, and the name
 * look-up of one could find the other before apply has registered its id, and refuse it as unknown.
 */
function createdInTurn(
  run: RunCache,
  settings: JsonObject,
  create: (created: Set<string>) => Promise<JsonValue>,
): Promise<JsonValue> {
  const { ids, byName } = run.get(CREATES, () => ({ ids: new Set<string>(), byName: new Map() }));
  const name = String(settings.name ?? '').toLowerCase();
  const mine = (byName.get(name) ?? Promise.resolve())
    .catch(() => undefined)
    .then(async () => {
      const id = await create(ids);
      ids.add(String(id));
      return id;
    });
  byName.set(name, mine);
  return mine;
}

function apiBase(settings: JsonObject): string {
  // Single-task settings are the 2.0 form; only the 2.0 endpoints take them (see the header comment).
  return isSingleTask(settings) ? '/api/2.0/jobs' : '/api/2.2/jobs';
}

const spec: ConfigKindSpec<Job> = {
  name: 'jobs',
  folder: 'jobs',
  fields: FIELDS,

  async list(client) {
    const jobs: Job[] = [];
    // expand_tasks gives complete settings for most jobs in the list call itself; `get` fetches the rest.
    for await (const job of client.paginate<Job>('/api/2.2/jobs/list', 'jobs', {
      limit: 100,
      expand_tasks: true,
    }))
      jobs.push(job);
    return jobs;
  },

  // No `fingerprint` on purpose: jobs/get is only called for a job whose list entry is truncated (has_more:
  // the first 100 tasks, job clusters, parameters, environments), and an edit of the 101st task leaves that
  // entry unchanged, so the entry cannot vouch for the job. Every other job is complete in the list anyway.
  async get(client, raw) {
    const job = raw.has_more === true || !isJsonObject(raw.settings) ? await getJob(client, raw.job_id) : raw;
    const settings = isJsonObject(job.settings) ? job.settings : {};
    const runAs = runAsName(settings.run_as) ?? job.run_as_user_name;
    // Only a job that names someone else than its creator needs its owner (see recordRunAs).
    if (runAs === undefined || runAs === job.creator_user_name) return job;
    const owner = await ownerOf(client, job.job_id);
    return owner === undefined ? job : { ...job, [OWNER_FIELD]: owner };
  },

  id: (raw) => raw.job_id,
  displayName: (raw) => {
    const name = isJsonObject(raw.settings) ? raw.settings.name : undefined;
    return typeof name === 'string' && name !== '' ? name : 'Untitled';
  },
  ignore: systemManaged,
  // Jobs with one name keep their keys across runs: the oldest gets the plain key.
  order: (a, b) =>
    Number(a.created_time ?? 0) - Number(b.created_time ?? 0) || Number(a.job_id) - Number(b.job_id),

  normalize: normalizeJob,

  validate(settings) {
    const inTask = taskTypo(settings.tasks) ?? jobShapeProblem(settings);
    if (inTask) return inTask;
    if (typeof settings.name !== 'string' || settings.name === '') return "a job needs a 'name'";
    const scheduled = SCHEDULE_FIELDS.find((f) => settings[f] !== undefined);
    if (scheduled)
      return `'${scheduled}' belongs in the .schedule.json file beside this one, so that apply never starts a job before cutover`;
    return undefined;
  },

  async create(client, settings, ctx) {
    return createdInTurn(ctx.run, settings, async (created) => {
      await refuseUnknownNamesake(client, settings, ctx.refs, created);
      const answer = await client.post<JsonObject>(`${apiBase(settings)}/create`, withQueue(settings));
      if (answer.job_id === undefined) throw new Error('jobs/create answered without a job_id');
      return answer.job_id;
    });
  },

  // A job whose run_job_task runs the job itself (issue 13 item 3) is created as its name and tags (the key
  // tag finds it again if what follows fails), then reset to its settings with its own new id.
  placeholder: (settings) => ({
    name: settings.name ?? 'Untitled',
    ...(isJsonObject(settings.tags) ? { tags: settings.tags } : {}),
  }),

  async update(client, id, settings, ctx) {
    const next = { ...settings };
    const keep = scheduleMode(ctx.options) === 'keep';
    const current =
      keep || settings.run_as === undefined
        ? await client.get<Job>('/api/2.2/jobs/get', { job_id: String(id) })
        : undefined;
    const kept = current && isJsonObject(current.settings) ? current.settings : {};
    // reset replaces everything: carry the target's own schedules over, since without an option the
    // snapshot says nothing about them (after cutover the secondary's schedules must survive a sync).
    if (keep) for (const field of SCHEDULE_FIELDS) if (kept[field] !== undefined) next[field] = kept[field];
    // ...except run_as, which a reset without one keeps (databricks/cli libs/testserver/jobs.go JobsReset,
    // "verified" by acceptance/bundle/run_as/job_default with Cloud = true): a job that runs as its owner in
    // the snapshot is given its owner explicitly, which recordRunAs reads back as no run_as.
    const runAs = current && (runAsName(kept.run_as) ?? current.run_as_user_name);
    // A job that runs as its creator runs as no one else: the owner is read only otherwise.
    if (
      settings.run_as === undefined &&
      current &&
      runAs !== undefined &&
      runAs !== current.creator_user_name
    ) {
      const owner = (await ownerOf(client, id)) ?? current.creator_user_name;
      if (typeof runAs === 'string' && typeof owner === 'string' && runAs !== owner)
        next.run_as = runAsOf(owner);
    }
    await client.post(
      `${apiBase(next)}/reset`,
      { job_id: id, new_settings: withQueue(next) },
      { idempotent: true },
    );
  },

  async remove(client, id) {
    // Deleting twice makes nothing: retried like any delete.
    await client.post(
      '/api/2.2/jobs/delete',
      { job_id: id },
      { idempotent: true, notFoundOnRetryIsDone: true },
    );
  },

  keepFromTarget(desired, actual) {
    const spec = structuredClone(desired.spec);
    if (isJsonObject(spec) && isJsonObject(actual.spec)) keepJobDefaults(spec, actual.spec);
    return { spec, unmanaged: [] };
  },

  catalogValues: jobCatalogValues,
  sideFiles: [scheduleSideFile],
  keyTag: limitedKeyTag('job', 'tags', 'name', (raw) =>
    isJsonObject(raw.settings) ? raw.settings.tags : undefined,
  ),
};

/**
 * The node types and runtime versions of a job's clusters: its job clusters, each task's new_cluster
 * (for_each tasks included) and a legacy single-task job's. Paths as normalizeJob's messages give them. Pure.
 */
export function jobCatalogValues(settings: JsonValue): CatalogValue[] {
  if (!isJsonObject(settings)) return [];
  const out: CatalogValue[] = [];
  const task = (t: JsonObject, where: string) => {
    out.push(...clusterSpecValues(t.new_cluster, `${where}.new_cluster`));
    if (isJsonObject(t.for_each_task) && isJsonObject(t.for_each_task.task))
      task(t.for_each_task.task, `${where}.for_each_task.task`);
  };
  eachObject(settings.job_clusters, (jc, i) =>
    out.push(
      ...clusterSpecValues(jc.new_cluster, `job_clusters[${String(jc.job_cluster_key ?? i)}].new_cluster`),
    ),
  );
  eachObject(settings.tasks, (t, i) => task(t, `tasks[${String(t.task_key ?? i)}]`));
  if (isSingleTask(settings)) out.push(...clusterSpecValues(settings.new_cluster, 'new_cluster'));
  return out;
}

export const jobsKind: ResourceKind = configKind(spec);
