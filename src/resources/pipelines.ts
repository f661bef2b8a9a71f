/**
 * Pipelines (Lakeflow Declarative Pipelines / DLT, reference §15; databricks-sdk-go
 * service/pipelines/model.go): `pipelines/<key>.json`, keyed by name, holding the pipeline's `spec` without
 * its `id`, plus `run_as` and `parameters`: get answers those two outside the spec, and create and edit take
 * them beside the spec's fields, so the file holds them at its top level too. Pools and policies named by
 * `clusters[]` become references; notebook and file paths are kept as they are (the workspace kind restores
 * them at the same paths); `run_as` names its principal by name, as a job's does, valid in every workspace of
 * the account. An ingestion pipeline's `ingestion_definition.ingestion_gateway_id` is the id of its gateway
 * pipeline: a reference, so apply creates the gateway first and sends its new id. Ids of things outside the
 * workspace (`serverless_compute_id`, budget and usage policies) are kept as they are and reported, as in
 * jobs. Everything else outside `spec` (state, health, creator, `run_as_user_name`, latest updates) is output
 * and left out.
 *
 * Names may repeat, as jobs' do: export keys them `etl`, `etl_2`, ... and apply tells them apart in a
 * target by the `databricks-dr-key` tag in the spec's `tags` (see KeyTagSpec). The API gives no creation
 * time, so same-named pipelines are keyed in the order of their ids. The tag needs every pipeline's tags
 * while keys are assigned, and only get answers the spec: the listing gets each pipeline (export and plan
 * got each one anyway).
 *
 * A continuous pipeline runs on its own, as a scheduled job does: `continuous` (and the deprecated
 * `trigger`) live in `pipelines/<key>.schedule.json`, and apply restores them only with activateSchedules
 * (cutover). Until then the secondary's copy is a triggered pipeline that runs only when asked.
 */
import type { DatabricksClient } from '../databricks/client.js';
import { unlessNotFound } from '../databricks/errors.js';
import { keyFromName, parseRef } from '../plan/references.js';
import { keyedFiles } from '../snapshot/keyed-files.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js';
import { CLUSTER_POLICIES } from './cluster-policies.js';
import { refField } from './compute-common.js';
import { configKind, KEY_TAG, type ConfigKindSpec, type SideFileSpec } from './config-kind.js';
import { warnUnknownFields, type FieldRoles } from './fields.js';
import { INSTANCE_POOLS } from './instance-pools.js';
import { externalField, limitedKeyTag, scheduleMode } from './jobs.js';
import type { ApplyContext, CatalogValue, Normalizer, ResourceKind } from './kind.js';
import { clusterSpecValues } from './target-catalog.js';

export const PIPELINES = 'pipelines';

/** Spec fields that make a pipeline run without anyone asking; they live in the side file. */
export const PIPELINE_SCHEDULE_FIELDS = ['continuous', 'trigger'] as const;

/**
 * Dropped from the spec: `id` is the pipeline's own id; `deployment` says a bundle deployment owns the
 * pipeline, and no bundle was deployed on the target (as for jobs).
 */
const DROPPED = ['id', 'deployment'];

/**
 * Fields of a get answer outside `spec` that create and edit take (§15): `run_as` (a user or service
 * principal, only present when set explicitly) and `parameters` (default parameters of every update).
 */
const REQUEST_FIELDS = ['run_as', 'parameters'];

/**
 * settable: what create and edit take (the spec's fields and REQUEST_FIELDS), less `id` (the pipeline's
 * own, refused in a file) and the request flags `allow_duplicate_names` (apply decides it, see sharesName)
 * and `dry_run`. recreateOnChange: the service refuses to change `storage` on an existing pipeline.
 */
const FIELDS: FieldRoles = {
  settable: [
    'budget_policy_id',
    'catalog',
    'channel',
    'clusters',
    'configuration',
    'continuous',
    'deployment',
    'development',
    'edition',
    'environment',
    'event_log',
    'filters',
    'gateway_definition',
    'ingestion_definition',
    'libraries',
    'name',
    'notifications',
    'parameters',
    'photon',
    'restart_window',
    'rewind_generation_interval',
    'root_path',
    'run_as',
    'schema',
    'serverless',
    'serverless_compute_id',
    'storage',
    'tags',
    'target',
    'trigger',
    'usage_policy_id',
  ],
  recreateOnChange: ['storage'],
  source:
    'databricks-sdk-py databricks/sdk/service/pipelines.py PipelinesAPI.create, PipelineSpec (v0.133.0, reference §15); storage: terraform-provider-databricks pipelines/resource_pipeline.go CustomizeSchema (SetForceNew)',
};

const BASE = '/api/2.0/pipelines';

/**
 * The gateway pipeline an ingestion pipeline reads through, as a reference. A gateway that was not
 * exported (deleted since, say) has no key: its id is kept and reported, not marked, since the target may
 * hold a gateway of that id (apply then sends it as it is).
 */
function gatewayRef(definition: JsonValue | undefined, n: Normalizer): void {
  if (!isJsonObject(definition)) return;
  const id = definition.ingestion_gateway_id;
  if (typeof id !== 'string' || id === '' || parseRef(id)) return;
  const ref = n.ref(PIPELINES, id);
  if (ref) definition.ingestion_gateway_id = ref;
  else
    externalField(
      definition,
      'ingestion_gateway_id',
      n,
      'ingestion_definition',
      'a gateway pipeline that was not exported: apply sends this id unchanged',
    );
}

/** The pipeline as the snapshot stores it, schedule fields still in (the side file takes them). Pure. */
export function normalizePipeline(raw: JsonObject, n: Normalizer): JsonObject {
  const spec: JsonObject = isJsonObject(raw.spec) ? structuredClone(raw.spec) : {};
  for (const f of DROPPED) delete spec[f];
  for (const f of REQUEST_FIELDS) {
    const value = raw[f];
    // Empty is absent: an answer may carry `{}` for a pipeline that has none.
    if (isJsonObject(value) && Object.keys(value).length) spec[f] = structuredClone(value);
  }
  // false is the default: absent and false mean the same triggered pipeline.
  if (spec.continuous === false) delete spec.continuous;
  if (Array.isArray(spec.clusters))
    spec.clusters.forEach((c, i) => {
      if (!isJsonObject(c)) return;
      const where = `clusters[${String(c.label ?? i)}]`;
      refField(c, 'policy_id', CLUSTER_POLICIES, n, `${where}.policy_id`);
      refField(c, 'instance_pool_id', INSTANCE_POOLS, n, `${where}.instance_pool_id`);
      refField(c, 'driver_instance_pool_id', INSTANCE_POOLS, n, `${where}.driver_instance_pool_id`);
    });
  gatewayRef(spec.ingestion_definition, n);
  externalField(spec, 'serverless_compute_id', n, '', 'serverless compute, not a workspace object');
  // Budget and usage policies are account-level objects: the same id is valid in every workspace.
  for (const field of ['budget_policy_id', 'usage_policy_id'])
    externalField(spec, field, n, '', 'an account-level policy');
  // The spec is kept whole: a field newer than the reference is reported now, not first on apply.
  warnUnknownFields(spec, FIELDS.settable, n);
  return spec;
}

export const pipelineScheduleSideFile: SideFileSpec = {
  suffix: '.schedule.json',

  extract(normalized) {
    const part: JsonObject = {};
    for (const field of PIPELINE_SCHEDULE_FIELDS) {
      if (normalized[field] === undefined) continue;
      part[field] = normalized[field];
      delete normalized[field];
    }
    return Object.keys(part).length ? part : undefined;
  },

  combine(main, part, options, side) {
    const mode = scheduleMode(options);
    // Without an option neither side shows the fields, so the plan never touches them (and an update
    // keeps the target's own, see `update`).
    if (mode === 'keep' || !part) return main;
    // Pausing means a triggered pipeline: the snapshot side leaves the fields out, so a continuous target
    // shows `continuous` to be removed.
    if (mode === 'pause' && side === 'desired') return main;
    return { ...main, ...part };
  },

  validate(part) {
    const extra = Object.keys(part).filter(
      (k) => !(PIPELINE_SCHEDULE_FIELDS as readonly string[]).includes(k),
    );
    if (extra.length)
      return `unexpected field '${extra[0]}': only ${PIPELINE_SCHEDULE_FIELDS.join(', ')} belong here`;
    if (part.continuous !== undefined && typeof part.continuous !== 'boolean')
      return "'continuous' must be true or false";
    return undefined;
  },
};

async function getPipeline(client: DatabricksClient, id: JsonValue): Promise<JsonObject> {
  return client.get<JsonObject>(`${BASE}/${encodeURIComponent(String(id))}`);
}

/**
 * Whether a create or edit must allow a name that another pipeline has (`allow_duplicate_names`). One that
 * carries the key tag shares its name by definition. A plain one shares it when the target or the snapshot
 * has a pipeline keyed `<key>_<n>` (a tagged one from an earlier apply, or one created beside it now, in
 * either order). Otherwise not: a pipeline of that name made meanwhile by someone else then makes the
 * write fail loudly instead of giving two.
 */
function sharesName(value: JsonObject, ctx: ApplyContext): boolean {
  if (isJsonObject(value.tags) && value.tags[KEY_TAG] !== undefined) return true;
  if (typeof value.name !== 'string') return false;
  const base = keyFromName(value.name);
  const sibling = (key: string) => key.startsWith(`${base}_`) && /^[0-9]+$/.test(key.slice(base.length + 1));
  return (
    ctx.refs.entries(PIPELINES).some(([key]) => sibling(key)) ||
    keyedFiles(ctx.snapshot, PIPELINES, ['.json', pipelineScheduleSideFile.suffix], true).some((f) =>
      sibling(f.key),
    )
  );
}

const spec: ConfigKindSpec = {
  name: PIPELINES,
  folder: 'pipelines',
  fields: FIELDS,

  // The listing answers statuses without the spec, so without the tags that keys are read from: each
  // pipeline is got here. One deleted between the two calls is left out.
  async list(client) {
    const statuses: JsonObject[] = [];
    for await (const p of client.paginate<JsonObject>(BASE, 'statuses', { max_results: 100 }))
      statuses.push(p);
    const full = await Promise.all(statuses.map((p) => unlessNotFound(getPipeline(client, p.pipeline_id))));
    return full.filter((p): p is JsonObject => p !== undefined);
  },

  id: (raw) => raw.pipeline_id,
  displayName: (raw) => String(raw.name ?? raw.pipeline_id),
  // No creation time in the API (§15): same-named pipelines keep their keys in the order of their ids.
  order: (a, b) => String(a.pipeline_id).localeCompare(String(b.pipeline_id)),

  normalize: normalizePipeline,

  validate(value) {
    if (typeof value.name !== 'string' || value.name === '') return "a pipeline needs a 'name'";
    if (value.id !== undefined) return "'id' is the pipeline's own id in one workspace: leave it out";
    const scheduled = PIPELINE_SCHEDULE_FIELDS.find((f) => value[f] !== undefined);
    if (scheduled)
      return `'${scheduled}' belongs in the .schedule.json file beside this one, so that apply never starts a pipeline before cutover`;
    return undefined;
  },

  async create(client, value, ctx) {
    // Not retried (a retried POST could make a second pipeline); duplicate names only where the snapshot
    // asks for them (see sharesName).
    const answer = await client.post<JsonObject>(BASE, {
      ...value,
      allow_duplicate_names: sharesName(value, ctx),
    });
    if (typeof answer.pipeline_id !== 'string')
      throw new Error('pipelines create answered without a pipeline_id');
    return answer.pipeline_id;
  },

  async update(client, id, value, ctx) {
    let next: JsonObject = { ...value };
    if (scheduleMode(ctx.options) === 'keep') {
      // The edit replaces the whole spec: carry the target's own continuous/trigger over, since without an
      // option the snapshot says nothing about them (after cutover the secondary must keep running).
      const current = await getPipeline(client, id);
      const kept = isJsonObject(current.spec) ? current.spec : {};
      for (const field of PIPELINE_SCHEDULE_FIELDS) if (kept[field] !== undefined) next[field] = kept[field];
    }
    next = { ...next, id, allow_duplicate_names: sharesName(value, ctx) };
    await client.request('PUT', `${BASE}/${encodeURIComponent(String(id))}`, { body: next });
  },

  async remove(client, id) {
    await client.request('DELETE', `${BASE}/${encodeURIComponent(String(id))}`, {
      notFoundOnRetryIsDone: true,
    });
  },

  catalogValues: pipelineCatalogValues,
  sideFiles: [pipelineScheduleSideFile],
  keyTag: limitedKeyTag('pipeline', 'tags', 'name', (raw) =>
    isJsonObject(raw.spec) ? raw.spec.tags : undefined,
  ),
};

/**
 * The node types of a pipeline's clusters. Their runtime is the pipeline's channel's, so they rarely name a
 * spark_version; one that does is checked too. Pure.
 */
function pipelineCatalogValues(value: JsonValue): CatalogValue[] {
  if (!isJsonObject(value) || !Array.isArray(value.clusters)) return [];
  return value.clusters.flatMap((c, i) =>
    isJsonObject(c) ? clusterSpecValues(c, `clusters[${String(c.label ?? i)}]`) : [],
  );
}

export const pipelinesKind: ResourceKind = configKind(spec);
