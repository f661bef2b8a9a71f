/**
 * Databricks SQL queries (`/api/2.0/sql/queries`: list, get, create, update, delete), as the Go SDK models
 * them (databricks/databricks-sdk-go service/sql/model.go: Query, CreateQueryRequest{query,
 * auto_resolve_display_name}, UpdateQueryRequest{update_mask, query}, ListQueryObjectsResponse; impl.go for
 * the paths; reference sql.api.txt QueriesAPI). Answers carry the fields of the Terraform exporter's
 * recorded query (terraform-provider-databricks exporter/test-data/get-query.json: create_time, update_time,
 * owner_user_name, last_modifier_user_name, lifecycle_state ACTIVE, run_as_mode OWNER).
 *
 * Delete moves a query to the trash: it leaves the list at once, get still answers it with lifecycle_state
 * TRASHED (the reference's doc of `delete`). The list answers no `parent_path` (ListQueryObjectsResponseQuery
 * has none); get does. A display name another query has is refused unless `auto_resolve_display_name`
 * (CreateQueryRequest's doc); the emulator's choices: the clash is within one parent folder, answered 400
 * RESOURCE_ALREADY_EXISTS, and `update_mask` is `*` or a comma list of top-level fields.
 */
import { isJsonObject, type JsonObject } from '../../util/json.js';
import type { EmulatorContext } from '../context.js';
import { ApiError } from '../errors.js';
import { bodyObject, seqPage } from '../paging.js';
import { EMULATOR_USER } from './compute-store.js';
import type { ApiModule } from './module.js';

/** CreateQueryRequestQuery (model.go). */
const CREATE_FIELDS = [
  'apply_auto_limit',
  'catalog',
  'description',
  'display_name',
  'parameters',
  'parent_path',
  'query_text',
  'run_as_mode',
  'schema',
  'tags',
  'warehouse_id',
];
/** UpdateQueryRequestQuery (model.go): no parent_path, and the owner. */
const UPDATE_FIELDS = [...CREATE_FIELDS.filter((f) => f !== 'parent_path'), 'owner_user_name'];

export interface StoredQuery {
  id: string;
  spec: JsonObject;
  owner: string;
  trashed: boolean;
  created: number;
  updated: number;
  seq: number;
}

export class QueriesStore {
  private readonly queries = new Map<string, StoredQuery>();
  private nextSeq = 1;

  constructor(
    private readonly context: EmulatorContext,
    /** Whether a warehouse id exists (queries run on one). */
    private readonly warehouseExists: (id: string) => boolean,
  ) {}

  all(): StoredQuery[] {
    return [...this.queries.values()].filter((q) => !q.trashed).sort((a, b) => a.seq - b.seq);
  }

  require(id: string): StoredQuery {
    const q = this.queries.get(id);
    if (!q) throw ApiError.notFound(`Query ${id} does not exist.`);
    return q;
  }

  private check(spec: JsonObject): void {
    if (typeof spec.display_name !== 'string' || spec.display_name === '')
      throw ApiError.missingField('display_name');
    const w = spec.warehouse_id;
    if (w !== undefined && (typeof w !== 'string' || !this.warehouseExists(w)))
      throw ApiError.invalidParameter(`Warehouse ${String(w)} does not exist.`);
    if (spec.run_as_mode !== undefined && !['OWNER', 'VIEWER'].includes(String(spec.run_as_mode)))
      throw ApiError.invalidParameter(`Invalid run_as_mode ${String(spec.run_as_mode)}`);
  }

  /** A display name another query of the folder has: refused unless the caller asks for a new name. */
  private clash(spec: JsonObject, self?: string): StoredQuery | undefined {
    return this.all().find(
      (q) =>
        q.id !== self && q.spec.display_name === spec.display_name && q.spec.parent_path === spec.parent_path,
    );
  }

  create(query: JsonObject, autoResolve = false): StoredQuery {
    const spec: JsonObject = {};
    for (const f of CREATE_FIELDS) if (query[f] !== undefined && query[f] !== null) spec[f] = query[f];
    this.check(spec);
    for (let n = 1; this.clash(spec); n++) {
      if (!autoResolve)
        throw ApiError.alreadyExists(`A query named '${String(query.display_name)}' already exists.`);
      spec.display_name = `${String(query.display_name)} (${n})`;
    }
    spec.run_as_mode ??= 'OWNER';
    const now = this.context.now();
    const q: StoredQuery = {
      id: this.context.ids.uuid(),
      spec,
      owner: EMULATOR_USER,
      trashed: false,
      created: now,
      updated: now,
      seq: this.nextSeq++,
    };
    this.queries.set(q.id, q);
    return q;
  }

  update(id: string, mask: string, query: JsonObject): StoredQuery {
    const q = this.require(id);
    if (q.trashed) throw ApiError.notFound(`Query ${id} is in the trash.`);
    const fields = mask === '*' ? UPDATE_FIELDS : mask.split(',');
    const bad = fields.find((f) => !UPDATE_FIELDS.includes(f));
    if (bad) throw ApiError.invalidParameter(`Invalid update_mask field: ${bad}`);
    const spec = { ...q.spec };
    for (const f of fields) {
      if (f === 'owner_user_name') continue;
      if (query[f] === undefined || query[f] === null) delete spec[f];
      else spec[f] = query[f];
    }
    this.check(spec);
    if (this.clash(spec, id))
      throw ApiError.alreadyExists(`A query named '${String(spec.display_name)}' already exists.`);
    spec.run_as_mode ??= 'OWNER';
    if (fields.includes('owner_user_name') && typeof query.owner_user_name === 'string')
      q.owner = query.owner_user_name;
    q.spec = spec;
    q.updated = this.context.now();
    return q;
  }

  trash(id: string): void {
    const q = this.require(id);
    if (q.trashed) throw ApiError.notFound(`Query ${id} is in the trash.`);
    q.trashed = true;
  }

  /** Query (get) or ListQueryObjectsResponseQuery (list: no parent_path). */
  info(q: StoredQuery, listed = false): JsonObject {
    const out: JsonObject = {
      id: q.id,
      ...structuredClone(q.spec),
      owner_user_name: q.owner,
      last_modifier_user_name: q.owner,
      lifecycle_state: q.trashed ? 'TRASHED' : 'ACTIVE',
      create_time: new Date(q.created).toISOString().replace(/\.\d+Z$/, 'Z'),
      update_time: new Date(q.updated).toISOString().replace(/\.\d+Z$/, 'Z'),
    };
    if (listed) delete out.parent_path;
    return out;
  }
}

export const sqlQueriesApi: ApiModule<{ readonly queries: QueriesStore }> = {
  name: 'sql-queries',
  register(router, state) {
    const store = state.queries;
    const base = '/api/2.0/sql/queries';

    router.get(base, (request) => seqPage(request, store.all(), 'results', (q) => store.info(q, true)));
    router.get(`${base}/:id`, (request) => store.info(store.require(request.params.id)));
    router.post(base, (request) => {
      const body = bodyObject(request);
      if (!isJsonObject(body.query)) throw ApiError.missingField('query');
      return store.info(store.create(body.query, body.auto_resolve_display_name === true));
    });
    router.patch(`${base}/:id`, (request) => {
      const body = bodyObject(request);
      if (typeof body.update_mask !== 'string' || body.update_mask === '')
        throw ApiError.missingField('update_mask');
      const query = isJsonObject(body.query) ? body.query : {};
      return store.info(store.update(request.params.id, body.update_mask, query));
    });
    router.delete(`${base}/:id`, (request) => {
      store.trash(request.params.id);
      return {};
    });
  },
};
