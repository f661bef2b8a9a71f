/**
 * SQL Warehouses API 2.0 (reference §16; databricks-sdk-go service/sql/model.go): list, get, create, edit,
 * start, stop, delete. State changes are immediate (create and start answer with a RUNNING warehouse on the
 * next get; the real service passes through STARTING/STOPPING). Create and edit fill in the defaults the SDK
 * documents (auto_stop_mins 120, enable_photon true, one cluster, COST_OPTIMIZED spot policy, CLASSIC type,
 * CURRENT channel); edit replaces every create field (the emulator's choice: clients send the whole
 * definition, as the SDK does). Answers also carry the undocumented fields of the Terraform fixture
 * (creator_id, size, auto_resume).
 */
import { readFileSync } from 'node:fs';
import { CREATE_WAREHOUSE_FIELDS } from '../../databricks/api-fields.js';
import { isJsonObject, parseJson, type JsonObject } from '../../util/json.js';
import type { EmulatorContext } from '../context.js';
import { ApiError } from '../errors.js';
import { optionalInteger, optionalString } from '../params.js';
import type { EmulatorRequest } from '../router.js';
import type { ApiModule } from './module.js';
import { EMULATOR_USER } from './jobs-store.js';

/** cluster_size → the undocumented `size` of the fixture. */
const SIZES: Record<string, string> = {
  '2X-Small': 'XXSMALL',
  'X-Small': 'XSMALL',
  Small: 'SMALL',
  Medium: 'MEDIUM',
  Large: 'LARGE',
  'X-Large': 'XLARGE',
  '2X-Large': 'XXLARGE',
  '3X-Large': 'XXXLARGE',
  '4X-Large': 'XXXXLARGE',
  '5X-Large': 'XXXXXLARGE',
};

/** An id made up for the user the emulator acts as (creator_id in answers). */
const EMULATOR_USER_ID = 661448457191611;

export interface StoredWarehouse {
  id: string;
  /** The create fields as answered (defaults filled in). */
  spec: JsonObject;
  state: 'RUNNING' | 'STOPPED';
  creator_name: string;
  /** Output fields a seeded warehouse came with that this emulator does not compute (kept as given). */
  extra: JsonObject;
  seq: number;
}

export class WarehousesStore {
  private readonly warehouses = new Map<string, StoredWarehouse>();
  private nextSeq = 1;

  constructor(private readonly context: EmulatorContext) {}

  get size(): number {
    return this.warehouses.size;
  }

  all(): StoredWarehouse[] {
    return [...this.warehouses.values()].sort((a, b) => a.seq - b.seq);
  }

  require(id: string): StoredWarehouse {
    const w = this.warehouses.get(id);
    if (!w) throw ApiError.notFound(`SQL warehouse ${id} does not exist.`);
    return w;
  }

  private prepare(body: JsonObject, self?: string): JsonObject {
    const spec: JsonObject = {};
    for (const f of CREATE_WAREHOUSE_FIELDS) if (body[f] !== undefined && body[f] !== null) spec[f] = body[f];
    delete spec.creator_name;
    if (typeof spec.name !== 'string' || spec.name === '') throw ApiError.missingField('name');
    if (spec.name.length >= 100) throw ApiError.invalidParameter('name must be less than 100 characters.');
    const clash = this.all().find((w) => w.spec.name === spec.name && w.id !== self);
    if (clash) throw ApiError.alreadyExists(`SQL warehouse with name '${String(spec.name)}' already exists.`);
    if (typeof spec.cluster_size !== 'string' || !(spec.cluster_size in SIZES))
      throw ApiError.invalidParameter(
        `Invalid cluster_size ${String(spec.cluster_size)}: expected one of ${Object.keys(SIZES).join(', ')}`,
      );
    spec.auto_stop_mins ??= 120;
    const stop = Number(spec.auto_stop_mins);
    if (stop !== 0 && stop < 10)
      throw ApiError.invalidParameter('auto_stop_mins must be 0 (no autostop) or at least 10.');
    spec.min_num_clusters ??= 1;
    spec.max_num_clusters ??= spec.min_num_clusters;
    if (Number(spec.max_num_clusters) < Number(spec.min_num_clusters) || Number(spec.max_num_clusters) > 40)
      throw ApiError.invalidParameter('max_num_clusters must be >= min_num_clusters and <= 40.');
    spec.enable_photon ??= true;
    spec.spot_instance_policy ??= 'COST_OPTIMIZED';
    spec.warehouse_type ??= 'CLASSIC';
    spec.channel ??= { name: 'CHANNEL_NAME_CURRENT' };
    return spec;
  }

  create(body: JsonObject): StoredWarehouse {
    const w: StoredWarehouse = {
      id: this.context.ids.hex(16),
      spec: this.prepare(body),
      state: 'RUNNING',
      creator_name: EMULATOR_USER,
      extra: {},
      seq: this.nextSeq++,
    };
    this.warehouses.set(w.id, w);
    return w;
  }

  edit(id: string, body: JsonObject): void {
    const w = this.require(id);
    w.spec = this.prepare(body, id);
  }

  setState(id: string, state: StoredWarehouse['state']): void {
    this.require(id).state = state;
  }

  delete(id: string): void {
    this.require(id);
    this.warehouses.delete(id);
  }

  /** A GET answer (e.g. the fixture `sql-warehouses/get-sql-endpoint.json`) loaded as is, its id kept. */
  seed(raw: JsonObject): StoredWarehouse {
    const id = String(raw.id ?? this.context.ids.hex(16));
    const spec: JsonObject = {};
    const extra: JsonObject = {};
    for (const [k, v] of Object.entries(structuredClone(raw))) {
      if (CREATE_WAREHOUSE_FIELDS.includes(k) && k !== 'creator_name') spec[k] = v;
      else if (!['id', 'state', 'creator_name'].includes(k)) extra[k] = v;
    }
    const w: StoredWarehouse = {
      id,
      spec,
      state: raw.state === 'RUNNING' ? 'RUNNING' : 'STOPPED',
      creator_name: String(raw.creator_name ?? EMULATOR_USER),
      extra,
      seq: this.nextSeq++,
    };
    this.warehouses.set(id, w);
    return w;
  }

  seedFromFile(file: string): StoredWarehouse[] {
    const raw = parseJson(readFileSync(file, 'utf8'));
    if (!isJsonObject(raw)) throw new Error(`${file}: not a JSON object`);
    // Both the list shape (`endpoints`/`warehouses`) and a single get answer.
    const list = raw.warehouses ?? raw.endpoints;
    if (Array.isArray(list)) return list.filter(isJsonObject).map((w) => this.seed(w));
    return [this.seed(raw)];
  }

  /** EndpointInfo: the create fields plus the output-only ones (§16). */
  info(w: StoredWarehouse): JsonObject {
    const host = `adb-${this.context.orgId}.0.azuredatabricks.net`;
    const httpPath = `/sql/1.0/warehouses/${w.id}`;
    const running = w.state === 'RUNNING';
    return {
      id: w.id,
      ...structuredClone(w.spec),
      creator_name: w.creator_name,
      creator_id: EMULATOR_USER_ID,
      size: SIZES[String(w.spec.cluster_size)] ?? 'XXSMALL',
      auto_resume: true,
      state: w.state,
      num_clusters: running ? Number(w.spec.min_num_clusters ?? 1) : 0,
      num_active_sessions: 0,
      jdbc_url: `jdbc:spark://${host}:443/default;transportMode=http;ssl=1;AuthMech=3;httpPath=${httpPath};`,
      odbc_params: { hostname: host, path: httpPath, port: 443, protocol: 'https' },
      ...(running ? { health: { status: 'HEALTHY' } } : {}),
      ...structuredClone(w.extra),
    };
  }
}

function bodyObject(request: EmulatorRequest): JsonObject {
  if (request.body === undefined) return {};
  if (!isJsonObject(request.body)) throw ApiError.invalidParameter('Request body must be a JSON object.');
  return request.body;
}

const encodeToken = (seq: number) => Buffer.from(`warehouses:${seq}`, 'utf8').toString('base64url');
function decodeToken(token: string | undefined): number | undefined {
  if (token === undefined || token === '') return undefined;
  const m = /^warehouses:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m) throw ApiError.invalidParameter(`Invalid page token: ${token}`);
  return Number(m[1]);
}

export const sqlWarehousesApi: ApiModule<{ readonly warehouses: WarehousesStore }> = {
  name: 'sql-warehouses',
  register(router, state) {
    const store = state.warehouses;
    const base = '/api/2.0/sql/warehouses';

    router.get(base, (request) => {
      // Without page_size every warehouse is answered at once (the API has no documented default).
      const size = Number(optionalInteger(request, 'page_size') ?? 0);
      if (size < 0) throw ApiError.invalidParameter(`Invalid page_size ${size}.`);
      const after = decodeToken(optionalString(request, 'page_token')) ?? 0;
      const rest = store.all().filter((w) => w.seq > after);
      const page = size > 0 ? rest.slice(0, size) : rest;
      const out: JsonObject = {};
      if (page.length) out.warehouses = page.map((w) => store.info(w));
      if (page.length < rest.length) out.next_page_token = encodeToken(page[page.length - 1].seq);
      return out;
    });

    router.get(`${base}/:id`, (request) => store.info(store.require(request.params.id)));

    router.post(base, (request) => ({ id: store.create(bodyObject(request)).id }));

    router.post(`${base}/:id/edit`, (request) => {
      store.edit(request.params.id, bodyObject(request));
      return {};
    });

    router.post(`${base}/:id/start`, (request) => {
      store.setState(request.params.id, 'RUNNING');
      return {};
    });

    router.post(`${base}/:id/stop`, (request) => {
      store.setState(request.params.id, 'STOPPED');
      return {};
    });

    router.delete(`${base}/:id`, (request) => {
      store.delete(request.params.id);
      return {};
    });
  },
};
