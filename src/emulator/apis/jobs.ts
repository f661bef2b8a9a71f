/**
 * Jobs API 2.0 / 2.1 / 2.2 (reference §10; databricks-sdk-go service/jobs/model.go): list, get, create,
 * reset, update, delete, all versions on one store. Differences between versions, as the reference describes
 * them:
 * - 2.0 takes legacy single-task settings (top-level notebook_task, new_cluster, ...); 2.1/2.2 refuse them
 *   (emulator choice, see JobsStore.prepare). Every version answers a job in the shape it was stored in.
 * - 2.2 caps tasks, job_clusters, parameters and environments at 100 per answer: `jobs/get` pages them
 *   with a root `next_page_token`, and an expanded `jobs/list` truncates them and sets `has_more` on the job.
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../../util/json.js';
import { ApiError } from '../errors.js';
import { optionalBoolean, optionalInteger, optionalString, param } from '../params.js';
import type { EmulatorRequest } from '../router.js';
import type { ComputeStore } from './compute-store.js';
import type { PermissionsStore } from './permissions.js';
import type { PipelinesStore } from './pipelines.js';
import type { ApiModule } from './module.js';
import { clusterDoesNotExist } from './compute-store.js';
import { jobDoesNotExist, LEGACY_TASK_FIELDS, type JobsStore, type StoredJob } from './jobs-store.js';

/** The stores this API reads. */
type Stores = {
  readonly compute: ComputeStore;
  readonly jobs: JobsStore;
  readonly permissions: PermissionsStore;
  readonly pipelines: PipelinesStore;
};

/** Arrays inside a job that 2.2 pages (§10, SDK `mixins/jobs.py`). */
const PAGED_ARRAYS = ['tasks', 'job_clusters', 'parameters', 'environments'] as const;
/** Elements of each paged array per 2.2 answer. */
export const JOB_ARRAY_PAGE = 100;
/** `jobs/list` limit: default and maximum (§10). */
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;
/** The largest `offset` jobs/list takes (a Terraform exporter issue quotes the error, §10). */
const MAX_OFFSET = 1000;

type Version = '2.0' | '2.1' | '2.2';

function versionOf(request: EmulatorRequest): Version {
  const v = /^\/api\/(2\.[012])\//.exec(request.path)?.[1];
  return (v ?? '2.2') as Version;
}

/** Page tokens are opaque to clients; here they carry a position so a bad one can be refused. */
function encodeToken(kind: string, n: number): string {
  return Buffer.from(`${kind}:${n}`, 'utf8').toString('base64url');
}

function decodeToken(kind: string, token: string | undefined): number | undefined {
  if (token === undefined || token === '') return undefined;
  const m = new RegExp(`^${kind}:(\\d+)$`).exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m) throw ApiError.invalidParameter(`Invalid page token: ${token}`);
  return Number(m[1]);
}

/** The seq a `prev_page_token` points before, or undefined for any other token. */
function decodePrevToken(token: string): number | undefined {
  const m = /^prev:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

function bodyObject(request: EmulatorRequest): JsonObject {
  if (!isJsonObject(request.body)) throw ApiError.invalidParameter('Request body must be a JSON object.');
  return request.body;
}

function settingsParam(request: EmulatorRequest, name: string, required: boolean): JsonObject | undefined {
  const value = param(request, name);
  if (value === undefined || value === null) {
    if (required) throw ApiError.missingField(name);
    return undefined;
  }
  if (!isJsonObject(value)) throw ApiError.invalidParameter(`Invalid value for ${name}: expected an object`);
  return value;
}

function jobIdParam(request: EmulatorRequest): number | bigint {
  const id = optionalInteger(request, 'job_id');
  if (id === undefined) throw ApiError.missingField('job_id');
  return id;
}

/**
 * Whom a job runs as without a `run_as`: its owner (Go SDK `service/jobs/model.go`, Job.run_as_user_name:
 * "the IS_OWNER when job ACLs are enabled"), who is its creator until someone is made owner.
 */
function ownerOf(state: Stores, job: StoredJob): string {
  const acl = state.permissions.acls.get(`jobs/${job.job_id}`);
  const owner = acl && [...acl.values()].find((g) => g.level === 'IS_OWNER');
  return owner?.name ?? job.creator_user_name;
}

/**
 * A legacy single-task job as 2.1 and 2.2 answer it: "All API 2.1 requests must conform to the multi-task
 * format and responses are structured in the multi-task format" (docs.databricks.com/reference/
 * jobs-api-2-1-updates.html), so the top-level task fields are answered as the one task of `tasks`, and
 * `format` stays SINGLE_TASK. The task_key the service gives that task is not documented: the job's name,
 * made a valid key, is this emulator's choice (the client must not depend on it).
 */
export function asMultiTask(settings: JsonObject): JsonObject {
  if (settings.format !== 'SINGLE_TASK' || Array.isArray(settings.tasks)) return settings;
  const out: JsonObject = {};
  const task: JsonObject = {
    task_key:
      String(settings.name ?? 'Untitled')
        .replace(/[^\w-]/g, '_')
        .slice(0, 100) || 'task',
  };
  for (const [field, value] of Object.entries(settings))
    if (LEGACY_TASK_FIELDS.includes(field)) task[field] = value;
    else out[field] = value;
  task.run_if = 'ALL_SUCCESS';
  task.email_notifications = {};
  task.timeout_seconds = settings.timeout_seconds ?? 0;
  out.tasks = [task];
  return out;
}

/** The job as get answers it, before any paging. */
function render(state: Stores, job: StoredJob, withRunAs: boolean, version: Version): JsonObject {
  const settings =
    version === '2.0' ? structuredClone(job.settings) : asMultiTask(structuredClone(job.settings));
  const out: JsonObject = {
    job_id: job.job_id,
    created_time: job.created_time,
    creator_user_name: job.creator_user_name,
    settings,
  };
  if (withRunAs) {
    const runAs = isJsonObject(settings.run_as) ? settings.run_as : {};
    // run_as takes one of a user, a service principal or a group (§10.1).
    const name = runAs.user_name ?? runAs.service_principal_name ?? runAs.group_name ?? ownerOf(state, job);
    out.run_as_user_name = name;
  }
  return out;
}

/** Page `page` of each paged array; true when any array has elements beyond it. */
function sliceArrays(settings: JsonObject, page: number): boolean {
  let more = false;
  for (const field of PAGED_ARRAYS) {
    const list = settings[field];
    if (!Array.isArray(list)) continue;
    const part = list.slice(page * JOB_ARRAY_PAGE, (page + 1) * JOB_ARRAY_PAGE);
    if (list.length > (page + 1) * JOB_ARRAY_PAGE) more = true;
    if (part.length) settings[field] = part;
    else delete settings[field];
  }
  return more;
}

/**
 * The objects job settings name must exist, as the service checks on create, reset and update: a task's
 * existing cluster, the pools and policy of every new cluster (job clusters, tasks, for_each tasks), the
 * job a run_job_task runs and the pipeline a pipeline_task updates; and the workspace must offer each new
 * cluster's runtime and node types. Errors as the APIs of those objects answer a missing one: 400
 * INVALID_PARAMETER_VALUE for clusters, pools, policies, jobs, node types and runtimes, 404
 * RESOURCE_DOES_NOT_EXIST for pipelines.
 */
function checkJobRefs(state: Stores, settings: JsonObject, self?: number): void {
  const cluster = (spec: JsonValue | undefined) => {
    if (!isJsonObject(spec)) return;
    state.compute.checkPoolsAndPolicy(spec);
    state.compute.checkCatalog(spec);
  };
  const task = (t: JsonObject) => {
    const existing = t.existing_cluster_id;
    if (existing !== undefined && (typeof existing !== 'string' || !state.compute.clusters.has(existing)))
      throw clusterDoesNotExist(String(existing));
    cluster(t.new_cluster);
    if (isJsonObject(t.run_job_task)) {
      const jobId = t.run_job_task.job_id;
      if (jobId !== undefined && Number(jobId) !== self && !state.jobs.get(jobId))
        throw jobDoesNotExist(jobId);
    }
    if (isJsonObject(t.pipeline_task) && t.pipeline_task.pipeline_id !== undefined)
      state.pipelines.require(String(t.pipeline_task.pipeline_id));
    if (isJsonObject(t.for_each_task) && isJsonObject(t.for_each_task.task)) task(t.for_each_task.task);
  };
  // A legacy single-task job carries its task at the top of the settings.
  task(settings);
  for (const t of Array.isArray(settings.tasks) ? settings.tasks : []) if (isJsonObject(t)) task(t);
  for (const jc of Array.isArray(settings.job_clusters) ? settings.job_clusters : [])
    if (isJsonObject(jc)) cluster(jc.new_cluster);
}

export const jobsApi: ApiModule<Stores> = {
  name: 'jobs',
  register(router, state) {
    const store: JobsStore = state.jobs;
    store.checkRefs = (settings, self) => checkJobRefs(state, settings, self);
    const base = '/api/2.0|2.1|2.2/jobs';

    router.get(`${base}/list`, (request) => {
      const version = versionOf(request);
      const limit = Number(optionalInteger(request, 'limit') ?? DEFAULT_LIMIT);
      if (limit < 1 || limit > MAX_LIMIT)
        throw ApiError.invalidParameter(`Invalid limit ${limit}: must be between 1 and ${MAX_LIMIT}.`);
      const offset = Number(optionalInteger(request, 'offset') ?? 0);
      if (offset < 0) throw ApiError.invalidParameter(`Invalid offset ${offset}.`);
      // The deprecated offset stops at 1000, as in production (tools paging by offset stopped there).
      if (offset > MAX_OFFSET)
        throw ApiError.invalidParameter(
          `The supplied offset ${offset} has exceeded the value of ${MAX_OFFSET} allowed for this parameter. Please use the page_token to list more jobs.`,
        );
      const expand = optionalBoolean(request, 'expand_tasks') ?? false;
      const name = optionalString(request, 'name')?.toLowerCase();
      const token = optionalString(request, 'page_token');
      const prev = token?.length ? decodePrevToken(token) : undefined;
      const after = prev === undefined ? decodeToken('list', token) : undefined;

      let jobs = store.all();
      if (name !== undefined) jobs = jobs.filter((j) => String(j.settings.name).toLowerCase() === name);
      if (version === '2.0') {
        // API 2.0 lists every job in one answer: limit, offset, expand_tasks and name came with 2.1, and
        // the legacy CLI never pages 2.0 ("--offset, --limit, --all, and --name are only available in
        // API 2.1", github databricks/databricks-cli `databricks_cli/jobs/cli.py` list_cli).
        const all = store.all();
        return all.length ? { jobs: all.map((job) => render(state, job, false, version)) } : {};
      }
      // A next token names the last job answered and a previous token the first (by creation sequence), so
      // jobs created or deleted between pages neither repeat nor disappear; the deprecated offset counts
      // positions.
      let start = offset;
      if (after !== undefined) start = jobs.findIndex((j) => j.seq > after);
      else if (prev !== undefined) {
        const end = jobs.findIndex((j) => j.seq >= prev);
        start = Math.max(0, (end < 0 ? jobs.length : end) - limit);
      }
      let page = start < 0 ? [] : jobs.slice(start, start + limit);
      if (prev !== undefined) page = page.filter((j) => j.seq < prev);
      const hasMore = start >= 0 && start + page.length < jobs.length;
      // 2.2 answers no root has_more, only next_page_token (OpenMetadata PR #33204, checked against a
      // workspace of 2,504 jobs; /work/shared/api-evidence.md 1b); 2.1 still answers it.
      const out: JsonObject = version === '2.2' ? {} : { has_more: hasMore };
      if (page.length) {
        out.jobs = page.map((job) => {
          const rendered = render(state, job, false, version);
          const settings = rendered.settings as JsonObject;
          if (!expand) {
            delete settings.tasks;
            delete settings.job_clusters;
          } else if (version === '2.2' && sliceArrays(settings, 0)) rendered.has_more = true;
          return rendered;
        });
      }
      if (hasMore && page.length) out.next_page_token = encodeToken('list', page[page.length - 1].seq);
      if (start > 0 && page.length) out.prev_page_token = encodeToken('prev', page[0].seq);
      return out;
    });

    router.get(`${base}/get`, (request) => {
      const job = store.require(jobIdParam(request));
      const rendered = render(state, job, true, versionOf(request));
      if (versionOf(request) !== '2.2') return rendered;
      const page = decodeToken('get', optionalString(request, 'page_token')) ?? 0;
      if (sliceArrays(rendered.settings as JsonObject, page))
        rendered.next_page_token = encodeToken('get', page + 1);
      return rendered;
    });

    router.post(`${base}/create`, (request) => {
      const body = { ...bodyObject(request) };
      // access_control_list is accepted on create but belongs to the Permissions API, not the settings.
      delete body.access_control_list;
      // "For jobs created with the Jobs API 2.2, queueing is enabled by default"; 2.0 and 2.1 leave it off
      // (docs.databricks.com jobs/jobs-api-updates, "Jobs are queued by default").
      if (versionOf(request) === '2.2' && body.queue === undefined) body.queue = { enabled: true };
      const job = store.create(body, { singleTaskAllowed: versionOf(request) === '2.0', checked: true });
      return { job_id: job.job_id };
    });

    router.post(`${base}/reset`, (request) => {
      bodyObject(request);
      const id = jobIdParam(request);
      const settings = settingsParam(request, 'new_settings', true) as JsonObject;
      store.reset(id, settings, versionOf(request) === '2.0');
      return {};
    });

    router.post(`${base}/update`, (request) => {
      bodyObject(request);
      const id = jobIdParam(request);
      const settings = settingsParam(request, 'new_settings', false) ?? {};
      const remove = param(request, 'fields_to_remove') ?? [];
      if (!Array.isArray(remove) || !remove.every((f: JsonValue) => typeof f === 'string'))
        throw ApiError.invalidParameter('Invalid value for fields_to_remove: expected a list of strings');
      store.update(id, settings, remove as string[], versionOf(request) === '2.0');
      return {};
    });

    router.post(`${base}/delete`, (request) => {
      bodyObject(request);
      store.delete(jobIdParam(request));
      return {};
    });
  },
};
