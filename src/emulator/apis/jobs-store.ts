import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isJsonObject, parseJson, type JsonObject, type JsonValue } from '../../util/json.js';
import type { EmulatorContext } from '../context.js';
import { ApiError } from '../errors.js';

/** The user the emulator acts as when a job is created through the API (no per-token identities). */
export const EMULATOR_USER = 'admin@example.com';

/**
 * Task fields that Jobs API 2.0 took at the top of the settings of a single-task job (terraform-provider-
 * databricks `jobs/resource_job.go` JobSettings, "BEGIN Jobs API 2.0" block). Any of them without `tasks`
 * makes the job a legacy single-task job, even one without a task type (2.0 let a job name only a cluster).
 */
export const LEGACY_TASK_FIELDS = [
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

export function isSingleTaskSettings(settings: JsonObject): boolean {
  return !Array.isArray(settings.tasks) && LEGACY_TASK_FIELDS.some((f) => settings[f] !== undefined);
}

/** Limits of the write endpoints (§10 "Limits"). */
export const MAX_TASKS = 1000;
export const MAX_TAGS = 25;
const MAX_NAME_BYTES = 4096;

export interface StoredJob {
  job_id: number;
  created_time: number;
  creator_user_name: string;
  /** Settings exactly as the API answers them (format and server defaults included). */
  settings: JsonObject;
  /** Creation sequence: list order, and what page tokens point at (stable when jobs come and go). */
  seq: number;
}

export const jobDoesNotExist = (id: JsonValue): ApiError =>
  ApiError.invalidParameter(`Job ${String(id)} does not exist.`);

function isSystemManaged(settings: JsonObject): boolean {
  return isJsonObject(settings.deployment) && settings.deployment.kind === 'SYSTEM_MANAGED';
}

/**
 * A job with `deployment.kind: SYSTEM_MANAGED` "is managed by Databricks and is read-only" (SDK
 * JobDeploymentKind): reset, update and delete are refused, and no API call makes one (only seeds do). The
 * reference gives no error for it; 403 PERMISSION_DENIED is the emulator's choice (unverified): the request
 * is well formed and the job exists, the caller may just not change it. The client does not take this
 * code for bad credentials (only a 403 without PERMISSION_DENIED is).
 */
function systemManagedError(what: string): ApiError {
  return new ApiError(
    403,
    'PERMISSION_DENIED',
    `${what} is managed by Databricks (deployment kind SYSTEM_MANAGED) and is read-only.`,
  );
}

function requireWritable(job: StoredJob): void {
  if (isSystemManaged(job.settings)) throw systemManagedError(`Job ${job.job_id}`);
}

function refuseSystemManaged(settings: JsonObject): void {
  if (isSystemManaged(settings)) throw systemManagedError('A job whose deployment kind is SYSTEM_MANAGED');
}

function clone<T extends JsonValue>(value: T): T {
  return structuredClone(value);
}

/**
 * The jobs of one workspace, shared by the 2.0, 2.1 and 2.2 endpoints. Settings are stored as written
 * (2.0 single-task jobs keep their top-level task fields and `format: SINGLE_TASK`) plus the defaults the
 * service echoes back (`email_notifications: {}`, `max_concurrent_runs: 1`, `timeout_seconds: 0`, as every
 * fixture shows them).
 */
export class JobsStore {
  private readonly jobs = new Map<number, StoredJob>();
  private nextSeq = 1;

  constructor(private readonly context: EmulatorContext) {}

  get size(): number {
    return this.jobs.size;
  }

  /** Every job in creation order. */
  all(): StoredJob[] {
    return [...this.jobs.values()].sort((a, b) => a.seq - b.seq);
  }

  get(jobId: JsonValue | undefined): StoredJob | undefined {
    if (jobId === undefined || jobId === null) return undefined;
    return this.jobs.get(Number(jobId));
  }

  require(jobId: JsonValue | undefined): StoredJob {
    if (jobId === undefined || jobId === null) throw ApiError.missingField('job_id');
    const job = this.get(jobId);
    if (!job) throw jobDoesNotExist(jobId);
    return job;
  }

  /**
   * Checks the objects written settings name (clusters, pools, policies, jobs, pipelines) as the service
   * does on create, reset and update; set by the API module, which sees the other stores. Seeds skip it: a
   * real workspace can hold a job whose cluster was deleted since.
   */
  checkRefs: (settings: JsonObject, self?: number) => void = () => undefined;

  /** `jobs/create`; `singleTaskAllowed` is true on 2.0 only; `checked` for API calls (see checkRefs). */
  create(
    settings: JsonObject,
    options: {
      singleTaskAllowed: boolean;
      creator?: string;
      jobId?: number;
      createdTime?: number;
      checked?: boolean;
    },
  ): StoredJob {
    const stored = this.prepare(settings, options.singleTaskAllowed, options.checked === true);
    if (options.checked) {
      refuseSystemManaged(stored);
      this.checkRefs(stored);
    }
    const jobId = options.jobId ?? this.context.ids.int64();
    if (options.jobId !== undefined) {
      if (this.jobs.has(jobId)) throw ApiError.alreadyExists(`Job ${jobId} already exists.`);
      this.context.ids.reserve(jobId);
    }
    const job: StoredJob = {
      job_id: jobId,
      created_time: options.createdTime ?? this.context.now(),
      creator_user_name: options.creator ?? EMULATOR_USER,
      settings: stored,
      seq: this.nextSeq++,
    };
    this.jobs.set(jobId, job);
    return job;
  }

  /** `jobs/reset`: a full replace of the settings. */
  reset(jobId: JsonValue | undefined, settings: JsonObject, singleTaskAllowed: boolean): void {
    const job = this.require(jobId);
    requireWritable(job);
    // A full replace, except run_as: omitting it keeps the identity the job had (databricks/cli
    // libs/testserver/jobs.go JobsReset; acceptance/bundle/run_as/job_default, Cloud = true, Badness "run_as
    // is still set even though it's not in bundle and not in reset request").
    const kept = settings.run_as === undefined && job.settings.run_as !== undefined;
    const next = this.prepare(
      kept ? { ...settings, run_as: job.settings.run_as } : settings,
      singleTaskAllowed,
      true,
    );
    refuseSystemManaged(next);
    this.checkRefs(next, job.job_id);
    job.settings = next;
  }

  /**
   * `jobs/update`: top-level fields of `newSettings` replace the job's, except `tasks` and `job_clusters`,
   * which are merged by `task_key` / `job_cluster_key`; `fields_to_remove` names top-level fields or
   * `tasks/<task_key>`, `job_clusters/<job_cluster_key>`.
   */
  update(
    jobId: JsonValue | undefined,
    newSettings: JsonObject,
    fieldsToRemove: string[],
    singleTaskAllowed: boolean,
  ): void {
    const job = this.require(jobId);
    requireWritable(job);
    const next = clone(job.settings);
    delete next.format;
    for (const field of fieldsToRemove) {
      const [top, key, ...rest] = field.split('/');
      if (rest.length) throw ApiError.invalidParameter(`Invalid field to remove: ${field}`);
      if (key === undefined) delete next[top];
      else if (top === 'tasks' || top === 'job_clusters') {
        const keyField = top === 'tasks' ? 'task_key' : 'job_cluster_key';
        const list = next[top];
        if (Array.isArray(list)) next[top] = list.filter((x) => !isJsonObject(x) || x[keyField] !== key);
      } else throw ApiError.invalidParameter(`Invalid field to remove: ${field}`);
    }
    for (const [field, value] of Object.entries(newSettings)) {
      if (
        (field === 'tasks' || field === 'job_clusters') &&
        Array.isArray(value) &&
        Array.isArray(next[field])
      ) {
        const keyField = field === 'tasks' ? 'task_key' : 'job_cluster_key';
        const merged = [...(next[field] as JsonValue[])];
        for (const item of value) {
          const at = isJsonObject(item)
            ? merged.findIndex((x) => isJsonObject(x) && x[keyField] === item[keyField])
            : -1;
          if (at >= 0) merged[at] = item;
          else merged.push(item);
        }
        next[field] = merged;
      } else next[field] = value;
    }
    const prepared = this.prepare(next, singleTaskAllowed || job.settings.format === 'SINGLE_TASK', true);
    refuseSystemManaged(prepared);
    this.checkRefs(prepared, job.job_id);
    job.settings = prepared;
  }

  delete(jobId: JsonValue | undefined): void {
    const job = this.require(jobId);
    requireWritable(job);
    this.jobs.delete(job.job_id);
  }

  /**
   * Loads the `settings` of every `get-job-*.json` in a folder (the Terraform exporter fixtures), keeping
   * their job ids and creation times. Files that are not valid JSON (get-job-16.json is not, on purpose)
   * are skipped and named in the answer rather than failing the whole seed.
   */
  seedFromFixtures(dir: string): { loaded: StoredJob[]; skipped: { file: string; reason: string }[] } {
    const loaded: StoredJob[] = [];
    const skipped: { file: string; reason: string }[] = [];
    for (const file of readdirSync(dir)
      .filter((f) => /^get-job-.*\.json$/.test(f))
      .sort()) {
      let job: JsonValue;
      try {
        job = parseJson(readFileSync(join(dir, file), 'utf8'));
      } catch (error) {
        skipped.push({ file, reason: `not valid JSON: ${(error as Error).message}` });
        continue;
      }
      if (!isJsonObject(job) || !isJsonObject(job.settings)) {
        skipped.push({ file, reason: 'no settings object' });
        continue;
      }
      loaded.push(
        this.create(job.settings, {
          singleTaskAllowed: true,
          jobId: typeof job.job_id === 'number' ? job.job_id : undefined,
          createdTime: typeof job.created_time === 'number' ? job.created_time : undefined,
          creator: typeof job.creator_user_name === 'string' ? job.creator_user_name : undefined,
        }),
      );
    }
    return { loaded, skipped };
  }

  /** Validates written settings and adds what the service adds: `format` and echoed defaults. */
  private prepare(input: JsonObject, singleTaskAllowed: boolean, checked: boolean): JsonObject {
    const settings = clone(input);
    // `format` is ignored on create/update/reset (§10.1): the service decides it.
    delete settings.format;
    const singleTask = isSingleTaskSettings(settings);
    if (singleTask && !singleTaskAllowed)
      // Emulator choice (§21 item 5 is unverified): single-task settings are only accepted by the 2.0
      // endpoints, so a client that writes them through 2.1/2.2 finds out in tests.
      throw ApiError.invalidParameter(
        'Single-task job settings (top-level notebook_task, new_cluster, ...) are only accepted by /api/2.0/jobs; use tasks[] instead.',
      );
    if (singleTask && Array.isArray(settings.tasks))
      throw ApiError.invalidParameter('A job cannot have both tasks and top-level task settings.');
    const name = settings.name;
    if (name !== undefined && typeof name !== 'string')
      throw ApiError.invalidParameter('Invalid value for name: expected a string');
    if (typeof name === 'string' && Buffer.byteLength(name) > MAX_NAME_BYTES)
      throw ApiError.invalidParameter(`Job name must be at most ${MAX_NAME_BYTES} bytes.`);
    const runs = settings.max_concurrent_runs;
    // §10: max_concurrent_runs ≤ 1000 (0 skips every new run); the error text is the usual bad-field one.
    if (
      runs !== undefined &&
      (typeof runs !== 'number' || !Number.isInteger(runs) || runs < 0 || runs > 1000)
    )
      throw ApiError.invalidParameter('Invalid value for max_concurrent_runs: expected 0 to 1000');
    const tags = settings.tags;
    if (tags !== undefined && !isJsonObject(tags))
      throw ApiError.invalidParameter('Invalid value for tags: expected an object');
    // §10 gives the limit but not the error: the usual answer to a bad field.
    if (isJsonObject(tags) && Object.keys(tags).length > MAX_TAGS)
      throw ApiError.invalidParameter(
        `A job can have at most ${MAX_TAGS} tags, got ${Object.keys(tags).length}.`,
      );
    checkKeys(settings.tasks, 'task_key', 'tasks', MAX_TASKS);
    checkKeys(settings.job_clusters, 'job_cluster_key', 'job_clusters', MAX_TASKS);
    settings.email_notifications ??= {};
    settings.webhook_notifications ??= {};
    settings.max_concurrent_runs ??= 1;
    settings.timeout_seconds ??= 0;
    if (checked) eachNewCluster(settings, singleTask, requireSparkVersion);
    fillServerDefaults(settings, singleTask);
    if (settings.name === undefined) settings.name = 'Untitled';
    settings.format = singleTask ? 'SINGLE_TASK' : 'MULTI_TASK';
    return settings;
  }
}

/**
 * What the service fills in on write and answers on read, although the request did not send it, and what
 * it takes but never answers ("match cloud" comments of databricks/cli `libs/testserver/jobs.go`,
 * jobFixUps): every task gets `run_if: ALL_SUCCESS`, `email_notifications: {}` and `timeout_seconds: 0`;
 * every new cluster (a task's, a for_each task's, a job cluster's, a legacy job's top-level one) gets the
 * cloud's attributes, `data_security_mode: SINGLE_USER` and `enable_elastic_disk`, and loses
 * `apply_policy_default_values`. The cloud here is Azure, as the catalog of this emulator is (node types
 * `Standard_*`): the attributes are those clusters/get answers (compute-store.ts), which carry no zone;
 * AWS would add `aws_attributes {availability: SPOT_WITH_FALLBACK, zone_id}` (testserver, us-east-1c).
 */
export function fillServerDefaults(settings: JsonObject, singleTask: boolean): void {
  eachNewCluster(settings, singleTask, (spec) => {
    delete spec.apply_policy_default_values;
    if (!spec.aws_attributes && !spec.gcp_attributes)
      spec.azure_attributes = {
        first_on_demand: 1,
        availability: 'ON_DEMAND_AZURE',
        spot_bid_max_price: -1,
        ...(isJsonObject(spec.azure_attributes) ? spec.azure_attributes : {}),
      };
    spec.data_security_mode ??= 'SINGLE_USER';
    spec.enable_elastic_disk ??= true;
  });
  const task = (t: JsonObject) => {
    t.run_if ??= 'ALL_SUCCESS';
    t.email_notifications ??= {};
    t.timeout_seconds ??= 0;
    if (isJsonObject(t.for_each_task) && isJsonObject(t.for_each_task.task)) task(t.for_each_task.task);
  };
  if (Array.isArray(settings.tasks)) for (const t of settings.tasks) if (isJsonObject(t)) task(t);
}

/** Every new cluster of the settings: job clusters', tasks' (for_each tasks too), a legacy job's. */
function eachNewCluster(settings: JsonObject, singleTask: boolean, fn: (spec: JsonObject) => void): void {
  const task = (t: JsonObject) => {
    if (isJsonObject(t.new_cluster)) fn(t.new_cluster);
    if (isJsonObject(t.for_each_task) && isJsonObject(t.for_each_task.task)) task(t.for_each_task.task);
  };
  if (Array.isArray(settings.tasks)) for (const t of settings.tasks) if (isJsonObject(t)) task(t);
  if (Array.isArray(settings.job_clusters))
    for (const jc of settings.job_clusters)
      if (isJsonObject(jc) && isJsonObject(jc.new_cluster)) fn(jc.new_cluster);
  if (singleTask && isJsonObject(settings.new_cluster)) fn(settings.new_cluster);
}

/**
 * The service refuses a job cluster without a runtime ("spark_version is ... required by terraform's schema
 * and the backend", databricks/cli acceptance/bundle/empty_string_dropped/base.yml), unless a policy gives
 * it (apply_policy_default_values). The message is this emulator's: no recorded answer gives the real one.
 */
function requireSparkVersion(spec: JsonObject): void {
  if (typeof spec.spark_version === 'string' && spec.spark_version !== '') return;
  if (spec.policy_id !== undefined && spec.apply_policy_default_values === true) return;
  throw ApiError.missingField('new_cluster.spark_version');
}

function checkKeys(list: JsonValue | undefined, keyField: string, what: string, max: number): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) throw ApiError.invalidParameter(`Invalid value for ${what}: expected an array`);
  if (list.length > max)
    throw ApiError.invalidParameter(`A job can have at most ${max} ${what}, got ${list.length}.`);
  const seen = new Set<string>();
  for (const item of list) {
    if (!isJsonObject(item)) throw ApiError.invalidParameter(`Invalid value in ${what}: expected an object`);
    const key = item[keyField];
    if (typeof key !== 'string' || key === '') throw ApiError.missingField(`${what}.${keyField}`);
    if (seen.has(key))
      throw ApiError.invalidParameter(`${keyField} '${key}' is used more than once in ${what}.`);
    seen.add(key);
    // for_each_task nests a full task; its key must be present too.
    if (what === 'tasks' && isJsonObject(item.for_each_task) && !isJsonObject(item.for_each_task.task))
      throw ApiError.missingField('tasks.for_each_task.task');
  }
}
