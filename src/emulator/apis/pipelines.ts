/**
 * Pipelines API 2.0 (Lakeflow Declarative Pipelines / DLT, reference §15; databricks-sdk-go
 * service/pipelines/model.go): list, get, create, edit (PUT, full spec), delete. Updates (runs) are not
 * emulated: every pipeline is IDLE.
 *
 * Server-side defaults echoed in `spec`, as the fixture shows them: `channel: CURRENT`, `edition: ADVANCED`,
 * and `storage: dbfs:/pipelines/<id>` for a Hive-metastore pipeline (no catalog) created without storage.
 * The storage location cannot be changed by an edit (the real service refuses it).
 *
 * `run_as` and `parameters` are taken by create and edit and answered by get outside the spec (§15);
 * `run_as_user_name` is the run_as principal, else the owner. An edit replaces both, as it replaces the
 * spec: an edit without them clears them (emulator choice; the reference does not say).
 *
 * An ingestion pipeline's `ingestion_definition.ingestion_gateway_id` must name a gateway pipeline (one with
 * a `gateway_definition`) on create and edit: 404 RESOURCE_DOES_NOT_EXIST for a missing one, as get
 * answers, 400 INVALID_PARAMETER_VALUE for a pipeline that is no gateway (emulator choices).
 */
import { isJsonObject, parseJson, type JsonObject } from '../../util/json.js';
import { readFileSync } from 'node:fs';
import type { EmulatorContext } from '../context.js';
import { ApiError } from '../errors.js';
import { optionalInteger, optionalString } from '../params.js';
import type { EmulatorRequest } from '../router.js';
import type { ApiModule } from './module.js';
import { EMULATOR_USER } from './jobs-store.js';

/** `max_results` default and maximum (§15). */
const DEFAULT_PAGE = 25;
const MAX_PAGE = 100;

/** Request fields that are not part of the spec. */
const REQUEST_ONLY = ['allow_duplicate_names', 'dry_run', 'run_as', 'parameters', 'expected_last_modified'];

/** "Maximum total size: 10k characters (JSON format)" (SDK GetPipelineResponse.parameters). */
const MAX_PARAMETERS_CHARS = 10_000;

/** "A maximum of 25 tags can be added to the pipeline" (SDK PipelineSpec.tags). */
const MAX_TAGS = 25;

export interface StoredPipeline {
  pipeline_id: string;
  /** The spec as get answers it (`id` included, defaults filled in). */
  spec: JsonObject;
  creator_user_name: string;
  /** Whom the pipeline runs as without a run_as: its owner (the creator unless a seed says otherwise). */
  owner_user_name: string;
  /** `{user_name | service_principal_name}` when create or edit set it. */
  run_as?: JsonObject;
  /** Default parameters of every update, when set. */
  parameters?: JsonObject;
  last_modified: number;
  state: string;
  /** Creation order: list order and what page tokens point at. */
  seq: number;
}

export class PipelinesStore {
  private readonly pipelines = new Map<string, StoredPipeline>();
  private nextSeq = 1;

  constructor(private readonly context: EmulatorContext) {}

  get size(): number {
    return this.pipelines.size;
  }

  all(): StoredPipeline[] {
    return [...this.pipelines.values()].sort((a, b) => a.seq - b.seq);
  }

  require(id: string): StoredPipeline {
    const pipeline = this.pipelines.get(id);
    if (!pipeline) throw ApiError.notFound(`Pipeline ${id} does not exist.`);
    return pipeline;
  }

  /**
   * A name another pipeline has needs allow_duplicate_names; an edit is only checked when it renames
   * ("If false, deployment will fail if name has changed and conflicts the name of another pipeline").
   */
  private checkName(spec: JsonObject, allowDuplicates: boolean, self?: StoredPipeline): void {
    if (typeof spec.name !== 'string' || spec.name === '') throw ApiError.missingField('name');
    if (allowDuplicates || spec.name === self?.spec.name) return;
    const other = this.all().find((p) => p.spec.name === spec.name && p !== self);
    if (other)
      throw new ApiError(
        409,
        'RESOURCE_CONFLICT',
        `Pipeline with name '${spec.name}' already exists (${other.pipeline_id}). Set allow_duplicate_names to create another one.`,
      );
  }

  private checkGateway(spec: JsonObject): void {
    const definition = spec.ingestion_definition;
    if (!isJsonObject(definition) || definition.ingestion_gateway_id === undefined) return;
    const id = String(definition.ingestion_gateway_id);
    const gateway = this.pipelines.get(id);
    if (!gateway) throw ApiError.notFound(`Ingestion gateway pipeline ${id} does not exist.`);
    if (!isJsonObject(gateway.spec.gateway_definition))
      throw ApiError.invalidParameter(`Pipeline ${id} is not an ingestion gateway pipeline.`);
  }

  /** `run_as` and `parameters` of a create or edit body, checked; absent or empty ones left out. */
  private requestFields(body: JsonObject): Pick<StoredPipeline, 'run_as' | 'parameters'> {
    const out: Pick<StoredPipeline, 'run_as' | 'parameters'> = {};
    const runAs = body.run_as;
    if (runAs !== undefined && runAs !== null) {
      const names = isJsonObject(runAs)
        ? ['user_name', 'service_principal_name'].filter((f) => runAs[f] !== undefined)
        : [];
      if (!isJsonObject(runAs) || names.length !== 1 || typeof runAs[names[0]] !== 'string')
        throw ApiError.invalidParameter(
          'Invalid value for run_as: exactly one of user_name and service_principal_name must be set.',
        );
      out.run_as = { [names[0]]: runAs[names[0]] };
    }
    const parameters = body.parameters;
    if (parameters !== undefined && parameters !== null) {
      if (!isJsonObject(parameters) || !Object.values(parameters).every((v) => typeof v === 'string'))
        throw ApiError.invalidParameter('Invalid value for parameters: expected a map of strings.');
      if (JSON.stringify(parameters).length > MAX_PARAMETERS_CHARS)
        throw ApiError.invalidParameter(
          `The pipeline parameters must be at most ${MAX_PARAMETERS_CHARS} characters as JSON.`,
        );
      if (Object.keys(parameters).length) out.parameters = structuredClone(parameters);
    }
    return out;
  }

  private withDefaults(spec: JsonObject, id: string): JsonObject {
    const tags = spec.tags;
    if (tags !== undefined && !isJsonObject(tags))
      throw ApiError.invalidParameter('Invalid value for tags: expected an object');
    // The reference gives the limit but not the error: the usual answer to a bad field.
    if (isJsonObject(tags) && Object.keys(tags).length > MAX_TAGS)
      throw ApiError.invalidParameter(
        `A pipeline can have at most ${MAX_TAGS} tags, got ${Object.keys(tags).length}.`,
      );
    const out: JsonObject = { ...structuredClone(spec), id };
    for (const f of REQUEST_ONLY) delete out[f];
    out.channel ??= 'CURRENT';
    out.edition ??= 'ADVANCED';
    if (out.storage === undefined && out.catalog === undefined && out.serverless !== true)
      out.storage = `dbfs:/pipelines/${id}`;
    return out;
  }

  create(body: JsonObject): StoredPipeline {
    this.checkName(body, body.allow_duplicate_names === true);
    this.checkGateway(body);
    const fields = this.requestFields(body);
    const id = this.context.ids.uuid();
    const pipeline: StoredPipeline = {
      pipeline_id: id,
      spec: this.withDefaults(body, id),
      creator_user_name: EMULATOR_USER,
      owner_user_name: EMULATOR_USER,
      ...fields,
      last_modified: this.context.now(),
      state: 'IDLE',
      seq: this.nextSeq++,
    };
    this.pipelines.set(id, pipeline);
    return pipeline;
  }

  /** `PUT /pipelines/{id}`: replaces the whole spec. */
  edit(id: string, body: JsonObject): void {
    const pipeline = this.require(id);
    if (body.id !== undefined && body.id !== id)
      throw ApiError.invalidParameter(`The id in the body (${String(body.id)}) is not ${id}.`);
    const expected = body.expected_last_modified;
    if (expected !== undefined && Number(expected) !== pipeline.last_modified)
      throw new ApiError(409, 'ABORTED', `Pipeline ${id} was modified since ${String(expected)}.`);
    this.checkName(body, body.allow_duplicate_names === true, pipeline);
    this.checkGateway(body);
    const fields = this.requestFields(body);
    const next = this.withDefaults(body, id);
    if (next.storage !== pipeline.spec.storage)
      throw ApiError.invalidParameter(
        `The storage location of pipeline ${id} cannot be changed (${String(pipeline.spec.storage)}).`,
      );
    pipeline.spec = next;
    pipeline.run_as = fields.run_as;
    pipeline.parameters = fields.parameters;
    pipeline.last_modified = this.context.now();
  }

  delete(id: string): void {
    this.require(id);
    this.pipelines.delete(id);
  }

  /** A GET answer (e.g. the fixture `pipelines/get-dlt-pipeline.json`) loaded as is, its id kept. */
  seed(raw: JsonObject): StoredPipeline {
    const id = String(raw.pipeline_id ?? this.context.ids.uuid());
    const spec = isJsonObject(raw.spec) ? structuredClone(raw.spec) : {};
    const pipeline: StoredPipeline = {
      pipeline_id: id,
      spec: { ...spec, id },
      creator_user_name: String(raw.creator_user_name ?? EMULATOR_USER),
      owner_user_name: String(raw.run_as_user_name ?? raw.creator_user_name ?? EMULATOR_USER),
      ...(isJsonObject(raw.run_as) ? { run_as: structuredClone(raw.run_as) } : {}),
      ...(isJsonObject(raw.parameters) ? { parameters: structuredClone(raw.parameters) } : {}),
      last_modified: Number(raw.last_modified ?? this.context.now()),
      state: String(raw.state ?? 'IDLE'),
      seq: this.nextSeq++,
    };
    this.pipelines.set(id, pipeline);
    return pipeline;
  }

  seedFromFile(file: string): StoredPipeline {
    const raw = parseJson(readFileSync(file, 'utf8'));
    if (!isJsonObject(raw)) throw new Error(`${file}: not a JSON object`);
    return this.seed(raw);
  }

  status(p: StoredPipeline): JsonObject {
    const runAs = p.run_as ?? {};
    return {
      pipeline_id: p.pipeline_id,
      name: p.spec.name ?? '',
      state: p.state,
      creator_user_name: p.creator_user_name,
      run_as_user_name: runAs.user_name ?? runAs.service_principal_name ?? p.owner_user_name,
    };
  }

  details(p: StoredPipeline): JsonObject {
    const out: JsonObject = {
      ...this.status(p),
      spec: structuredClone(p.spec),
      last_modified: p.last_modified,
    };
    if (p.run_as) out.run_as = structuredClone(p.run_as);
    if (p.parameters) out.parameters = structuredClone(p.parameters);
    return out;
  }
}

function bodyObject(request: EmulatorRequest): JsonObject {
  if (!isJsonObject(request.body)) throw ApiError.invalidParameter('Request body must be a JSON object.');
  return request.body;
}

const encodeToken = (seq: number) => Buffer.from(`pipelines:${seq}`, 'utf8').toString('base64url');
function decodeToken(token: string | undefined): number | undefined {
  if (token === undefined || token === '') return undefined;
  const m = /^pipelines:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m) throw ApiError.invalidParameter(`Invalid page token: ${token}`);
  return Number(m[1]);
}

export const pipelinesApi: ApiModule<{ readonly pipelines: PipelinesStore }> = {
  name: 'pipelines',
  register(router, state) {
    const store = state.pipelines;

    router.get('/api/2.0/pipelines', (request) => {
      const max = Number(optionalInteger(request, 'max_results') ?? DEFAULT_PAGE);
      if (max < 1 || max > MAX_PAGE)
        throw ApiError.invalidParameter(`Invalid max_results ${max}: must be between 1 and ${MAX_PAGE}.`);
      const after = decodeToken(optionalString(request, 'page_token')) ?? 0;
      const rest = store.all().filter((p) => p.seq > after);
      const page = rest.slice(0, max);
      const out: JsonObject = {};
      if (page.length) out.statuses = page.map((p) => store.status(p));
      if (rest.length > max) out.next_page_token = encodeToken(page[page.length - 1].seq);
      return out;
    });

    router.get('/api/2.0/pipelines/:pipeline_id', (request) =>
      store.details(store.require(request.params.pipeline_id)),
    );

    router.post('/api/2.0/pipelines', (request) => {
      const body = bodyObject(request);
      if (body.dry_run === true) return { effective_settings: { ...body } };
      return { pipeline_id: store.create(body).pipeline_id };
    });

    router.put('/api/2.0/pipelines/:pipeline_id', (request) => {
      store.edit(request.params.pipeline_id, bodyObject(request));
      return {};
    });

    router.delete('/api/2.0/pipelines/:pipeline_id', (request) => {
      store.delete(request.params.pipeline_id);
      return {};
    });
  },
};
