/**
 * Jobs (reference §10): `jobs/<key>.json` holds a job's settings with output-only fields stripped and every
 * id made symbolic (§10.2). What would make a job run on its own (`schedule`, `trigger`, `continuous`, the
 * preview `triggers`) is moved into `jobs/<key>.schedule.json`: apply leaves it out, so a secondary never
 * runs a job before cutover; `activateSchedules` brings it back and `pauseSchedules` pauses it (fail back).
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
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js';
import {
  configKind,
  KEY_TAG,
  mapKeyTag,
  type ConfigKindSpec,
  type KeyTagSpec,
  type Normalizer,
  type SideFileSpec,
} from './config-kind.js';
import type { ApplyOptions, CatalogValue, ResourceKind } from './kind.js';
import { clusterSpecValues } from './target-catalog.js';
import { refOrMarker, unknownField, warnUnknownFields } from './compute-common.js';

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

/** Task fields that make settings a legacy 2.0 single-task job when they sit at the top level. */
const SINGLE_TASK_MARKERS = [
  'notebook_task',
  'spark_jar_task',
  'spark_python_task',
  'spark_submit_task',
  'python_wheel_task',
  'pipeline_task',
];

/** JobSettings (§10.1): every top-level field a job file may hold. */
const SETTINGS_FIELDS = [
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
  ...SINGLE_TASK_MARKERS,
  'existing_cluster_id',
  'new_cluster',
  'libraries',
  'max_retries',
  'min_retry_interval_millis',
  'retry_on_timeout',
];

export function isSingleTask(settings: JsonObject): boolean {
  return !Array.isArray(settings.tasks) && SINGLE_TASK_MARKERS.some((f) => settings[f] !== undefined);
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
function jobShapeProblem(settings: JsonObject): string | undefined {
  const tags = settings.tags;
  if (tags !== undefined && !isJsonObject(tags)) return "'tags' must be an object";
  if (isJsonObject(tags) && Object.keys(tags).length > MAX_TAGS)
    return `'tags': a job can have at most ${MAX_TAGS} tags, this one has ${Object.keys(tags).length}`;
  if (Array.isArray(settings.tasks) && SINGLE_TASK_MARKERS.some((f) => settings[f] !== undefined))
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

/**
 * A job as the snapshot stores it: its settings without output-only fields, every id a reference where
 * the object was exported. Schedules are still in; the side file spec takes them out. Pure.
 */
export function normalizeJob(raw: JsonObject, n: Normalizer): JsonObject {
  const settings: JsonObject = isJsonObject(raw.settings) ? structuredClone(raw.settings) : {};
  for (const field of OUTPUT_ONLY_SETTINGS) delete settings[field];
  if (isJsonObject(settings.git_source)) delete settings.git_source.git_snapshot;
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
  warnUnknownFields(settings, SETTINGS_FIELDS, n);
  return settings;
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
  let token = job.next_page_token;
  while (typeof token === 'string' && token !== '') {
    if (seen.has(token))
      throw new Error(`jobs/get ${String(jobId)} returned the page token '${token}' twice`);
    seen.add(token);
    const page = await client.get<Job>('/api/2.2/jobs/get', { job_id: String(jobId), page_token: token });
    const into = isJsonObject(job.settings) ? job.settings : (job.settings = {});
    const from = isJsonObject(page.settings) ? page.settings : {};
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

function apiBase(settings: JsonObject): string {
  // Single-task settings are the 2.0 form; only the 2.0 endpoints take them (see the header comment).
  return isSingleTask(settings) ? '/api/2.0/jobs' : '/api/2.2/jobs';
}

const spec: ConfigKindSpec<Job> = {
  name: 'jobs',
  folder: 'jobs',

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
    return raw.has_more === true || !isJsonObject(raw.settings) ? getJob(client, raw.job_id) : raw;
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
    const unknown = unknownField(settings, SETTINGS_FIELDS);
    if (unknown) return unknown;
    const inTask = taskTypo(settings.tasks) ?? jobShapeProblem(settings);
    if (inTask) return inTask;
    if (typeof settings.name !== 'string' || settings.name === '') return "a job needs a 'name'";
    const scheduled = SCHEDULE_FIELDS.find((f) => settings[f] !== undefined);
    if (scheduled)
      return `'${scheduled}' belongs in the .schedule.json file beside this one, so that apply never starts a job before cutover`;
    return undefined;
  },

  async create(client, settings) {
    const answer = await client.post<JsonObject>(`${apiBase(settings)}/create`, settings);
    if (answer.job_id === undefined) throw new Error('jobs/create answered without a job_id');
    return answer.job_id;
  },

  async update(client, id, settings, ctx) {
    let next = settings;
    if (scheduleMode(ctx.options) === 'keep') {
      // reset replaces everything: carry the target's own schedules over, since without an option the
      // snapshot says nothing about them (after cutover the secondary's schedules must survive a sync).
      const current = await client.get<Job>('/api/2.2/jobs/get', { job_id: String(id) });
      const kept = isJsonObject(current.settings) ? current.settings : {};
      next = { ...settings };
      for (const field of SCHEDULE_FIELDS) if (kept[field] !== undefined) next[field] = kept[field];
    }
    await client.post(`${apiBase(next)}/reset`, { job_id: id, new_settings: next }, { idempotent: true });
  },

  async remove(client, id) {
    // Deleting twice makes nothing: retried like any delete.
    await client.post(
      '/api/2.2/jobs/delete',
      { job_id: id },
      { idempotent: true, notFoundOnRetryIsDone: true },
    );
  },

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

export const jobsKind: ResourceKind = { ...configKind(spec), catalogValues: jobCatalogValues };
