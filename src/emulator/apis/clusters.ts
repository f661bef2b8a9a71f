/**
 * Clusters API (reference §4; databricks-sdk-go service/compute/model.go) under both /api/2.0 and /api/2.1,
 * and Libraries API 2.0 (§7). The two versions share one store; only list differs (2.1 pages with
 * page_size/page_token, 2.0 answers at once).
 */
import { isJsonObject, type JsonObject } from '../../util/json.js';
import { ApiError } from '../errors.js';
import { optionalBoolean, optionalInteger, optionalString, requiredString } from '../params.js';
import type { EmulatorRequest } from '../router.js';
import type { ComputeStore } from './compute-store.js';
import type { EmulatorContext } from '../context.js';
import type { ScimStore } from './scim.js';
import type { ApiModule } from './module.js';
import type { StoredCluster } from './compute-store.js';

const V = '/api/2.0|2.1/clusters';

/** The JSON body of a POST as an object; an empty body is `{}`. */
export function bodyObject(request: EmulatorRequest): JsonObject {
  if (request.body === undefined) return {};
  if (!isJsonObject(request.body))
    throw new ApiError(400, 'MALFORMED_REQUEST', 'Request body must be a JSON object.');
  return request.body;
}

function queryList(request: EmulatorRequest, name: string): string[] {
  const v = request.query[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

const CLUSTER_SOURCES = ['API', 'JOB', 'MODELS', 'PIPELINE', 'PIPELINE_MAINTENANCE', 'SQL', 'UI'];
const CLUSTER_STATES = [
  'PENDING',
  'RUNNING',
  'RESTARTING',
  'RESIZING',
  'TERMINATING',
  'TERMINATED',
  'ERROR',
  'UNKNOWN',
];

/** A repeated enum query parameter (`filter_by.cluster_states=RUNNING&filter_by.cluster_states=...`). */
function enumList(request: EmulatorRequest, name: string, allowed: string[]): string[] {
  const values = queryList(request, name);
  const bad = values.find((v) => !allowed.includes(v));
  if (bad !== undefined)
    throw ApiError.invalidParameter(
      `Invalid value '${bad}' for ${name}: expected one of ${allowed.join(', ')}.`,
    );
  return values;
}

function enumOne(request: EmulatorRequest, name: string, allowed: string[]): string | undefined {
  const value = optionalString(request, name);
  if (value !== undefined && !allowed.includes(value))
    throw ApiError.invalidParameter(
      `Invalid value '${value}' for ${name}: expected one of ${allowed.join(', ')}.`,
    );
  return value;
}

export const clustersApi: ApiModule<{
  readonly compute: ComputeStore;
  readonly context: EmulatorContext;
  readonly scim: ScimStore;
}> = {
  name: 'clusters',
  register(router, state) {
    const store = state.compute;

    const clusterIdOf = (request: EmulatorRequest) => requiredString(request, 'cluster_id');

    /** Filters and sort order of 2.1 list (§4); 2.0 ignores them, as it has none. */
    const listed = (request: EmulatorRequest): StoredCluster[] => {
      const sources = enumList(request, 'filter_by.cluster_sources', CLUSTER_SOURCES);
      const states = enumList(request, 'filter_by.cluster_states', CLUSTER_STATES);
      const pinned = optionalBoolean(request, 'filter_by.is_pinned');
      const policy = optionalString(request, 'filter_by.policy_id');
      const field = enumOne(request, 'sort_by.field', ['CLUSTER_NAME', 'DEFAULT']) ?? 'DEFAULT';
      const direction = enumOne(request, 'sort_by.direction', ['ASC', 'DESC']) ?? 'ASC';
      const all = [...store.clusters.values()].filter(
        (c) =>
          (sources.length === 0 || sources.includes(c.cluster_source)) &&
          (states.length === 0 || states.includes(store.advance(c))) &&
          (pinned === undefined || (c.pinnedBy !== undefined) === pinned) &&
          (policy === undefined || (c.spec?.policy_id ?? c.seeded?.policy_id) === policy),
      );
      const name = (c: StoredCluster) => String(c.spec?.cluster_name ?? c.seeded?.cluster_name ?? '');
      // DEFAULT: pinned first, then running before the rest, then by name (the UI's order); ids break ties.
      const ended = (c: StoredCluster) => c.state === 'TERMINATED' || c.state === 'TERMINATING';
      const rank = (c: StoredCluster) => (c.pinnedBy !== undefined ? 0 : 2) + (ended(c) ? 1 : 0);
      all.sort(
        (a, b) =>
          (field === 'DEFAULT' ? rank(a) - rank(b) : 0) ||
          name(a).localeCompare(name(b)) ||
          a.cluster_id.localeCompare(b.cluster_id),
      );
      if (direction === 'DESC') all.reverse();
      return all;
    };

    router.get('/api/2.0/clusters/list', () => ({
      clusters: [...store.clusters.values()].map((c) => store.details(c, false)),
    }));

    router.get('/api/2.1/clusters/list', (request) => {
      const all = listed(request);
      const size = Number(optionalInteger(request, 'page_size') ?? 20);
      if (size < 1 || size > 100) throw ApiError.invalidParameter('page_size must be between 1 and 100.');
      const token = optionalString(request, 'page_token');
      let offset = 0;
      if (token) {
        offset = Number(Buffer.from(token, 'base64url').toString('utf8'));
        if (!Number.isInteger(offset) || offset < 0)
          throw ApiError.invalidParameter(`Invalid page_token: ${token}`);
      }
      const page = all.slice(offset, offset + size);
      const out: JsonObject = { clusters: page.map((c) => store.details(c, false)) };
      if (offset + size < all.length)
        out.next_page_token = Buffer.from(String(offset + size)).toString('base64url');
      if (offset > 0)
        out.prev_page_token = Buffer.from(String(Math.max(0, offset - size))).toString('base64url');
      return out;
    });

    router.get(`${V}/get`, (request) => store.details(store.getCluster(clusterIdOf(request)), true));

    /**
     * `single_user_name` (§4.2: a principal) must name a user (userName), service principal (applicationId)
     * or group (displayName) of the workspace. The reference gives no answer to one that does not; this is
     * the usual 400 INVALID_PARAMETER_VALUE, naming it.
     */
    const checkSingleUser = (body: JsonObject) => {
      const name = body.single_user_name;
      if (name === undefined || name === null) return;
      const scim = state.scim;
      if (
        typeof name !== 'string' ||
        !(scim.userByName(name) ?? scim.spByApplicationId(name) ?? scim.groupByName(name))
      )
        throw ApiError.invalidParameter(
          `single_user_name '${String(name)}' is not a user, service principal or group of this workspace.`,
        );
    };

    router.post(`${V}/create`, (request) => {
      const body = bodyObject(request);
      if (body.cluster_id !== undefined)
        throw ApiError.invalidParameter('cluster_id must not be set on create.');
      checkSingleUser(body);
      return { cluster_id: store.createCluster(body, state.scim.me.userName).cluster_id };
    });

    router.post(`${V}/edit`, (request) => {
      const body = bodyObject(request);
      const id = clusterIdOf(request);
      store.getCluster(id);
      checkSingleUser(body);
      store.editCluster(id, body);
      return {};
    });

    router.post(`${V}/delete`, (request) => {
      store.terminateCluster(clusterIdOf(request));
      return {};
    });

    router.post(`${V}/permanent-delete`, (request) => {
      store.permanentDeleteCluster(clusterIdOf(request));
      return {};
    });

    router.post(`${V}/start`, (request) => {
      store.startCluster(clusterIdOf(request));
      return {};
    });

    // Pinning keeps a cluster after 30 days of termination. Both are idempotent; the emulator acts as the
    // workspace admin, so pinning is always allowed and get names that admin in pinned_by_user_name.
    router.post(`${V}/pin`, (request) => {
      const cluster = store.getCluster(clusterIdOf(request));
      if (cluster.pinnedBy === undefined) store.event(cluster, 'PINNED', { user: state.scim.me.userName });
      cluster.pinnedBy ??= state.scim.me.id;
      return {};
    });
    router.post(`${V}/unpin`, (request) => {
      const cluster = store.getCluster(clusterIdOf(request));
      if (cluster.pinnedBy !== undefined) store.event(cluster, 'UNPINNED', { user: state.scim.me.userName });
      cluster.pinnedBy = undefined;
      return {};
    });

    router.post(`${V}/resize`, (request) => {
      store.resizeCluster(clusterIdOf(request), bodyObject(request));
      return {};
    });

    router.post(`${V}/restart`, (request) => {
      store.restartCluster(clusterIdOf(request));
      return {};
    });

    /**
     * clusters/events (§4): newest first by default, filtered by time and type; pages with page_token /
     * page_size (at most 500), or the legacy offset / limit (at most 500, default 50) answered with
     * `next_page`, the request for the next page, which the legacy databricks-cli follows.
     */
    router.post(`${V}/events`, (request) => {
      const body = bodyObject(request);
      const cluster = store.getCluster(clusterIdOf(request));
      const num = (name: string): number | undefined => {
        const v = body[name];
        if (v === undefined || v === null) return undefined;
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0)
          throw ApiError.invalidParameter(`Invalid value for ${name}: ${String(v)}`);
        return n;
      };
      const order = body.order ?? 'DESC';
      if (order !== 'ASC' && order !== 'DESC')
        throw ApiError.invalidParameter(`Invalid value '${String(order)}' for order: expected ASC or DESC.`);
      const types = body.event_types;
      if (types !== undefined && !Array.isArray(types))
        throw ApiError.invalidParameter('event_types must be a list');
      const start = num('start_time');
      const end = num('end_time');
      const all = cluster.events
        .filter(
          (e) =>
            (start === undefined || e.timestamp >= start) &&
            (end === undefined || e.timestamp <= end) &&
            (!types?.length || types.includes(e.type)),
        )
        .map((e) => ({
          cluster_id: cluster.cluster_id,
          timestamp: e.timestamp,
          type: e.type,
          details: e.details,
        }));
      if (order === 'DESC') all.reverse();
      const legacy = body.page_token === undefined && body.page_size === undefined;
      const size = num(legacy ? 'limit' : 'page_size') ?? 50;
      if (size < 1 || size > 500)
        throw ApiError.invalidParameter(`${legacy ? 'limit' : 'page_size'} must be between 1 and 500.`);
      let offset = num('offset') ?? 0;
      // "When an offset is specified and the results are requested in descending order, the end_time
      // field is required." (the legacy databricks-cli's help of `clusters events`, from the API docs); the
      // answer to a request without it is not recorded: this one is the usual 400.
      if (legacy && body.offset !== undefined && order === 'DESC' && end === undefined)
        throw ApiError.invalidParameter('end_time is required when offset is specified and order is DESC.');
      if (!legacy && typeof body.page_token === 'string' && body.page_token !== '') {
        offset = Number(Buffer.from(body.page_token, 'base64url').toString('utf8'));
        if (!Number.isInteger(offset) || offset < 0)
          throw ApiError.invalidParameter(`Invalid page_token: ${body.page_token}`);
      }
      const out: JsonObject = { events: all.slice(offset, offset + size), total_count: all.length };
      if (offset + size < all.length) {
        // The next page's request; newest first, it names the end of the window it pages through.
        if (legacy)
          out.next_page = {
            ...body,
            offset: offset + size,
            limit: size,
            ...(order === 'DESC' ? { end_time: end ?? state.context.now() } : {}),
          };
        else out.next_page_token = Buffer.from(String(offset + size)).toString('base64url');
      }
      return out;
    });

    // Availability zones are an AWS notion (§4: "Returns a list of availability zones where clusters can
    // be created in (For example, us-west-2a)"); this emulates an Azure workspace, which names none.
    router.get(`${V}/list-zones`, () =>
      store.zones.length ? { zones: [...store.zones], default_zone: store.zones[0] } : { zones: [] },
    );

    router.get(`${V}/list-node-types`, () => ({ node_types: [...store.nodeTypes.values()] }));
    router.get(`${V}/spark-versions`, () => ({
      versions: [...store.sparkVersions].map(([key, name]) => ({ key, name })),
    }));

    // ----- Libraries API 2.0 ------------------------------------------------------------------------------

    router.get('/api/2.0/libraries/cluster-status', (request) => {
      const cluster = store.getCluster(clusterIdOf(request));
      return { cluster_id: cluster.cluster_id, library_statuses: store.libraryStatuses(cluster) };
    });

    router.get('/api/2.0/libraries/all-cluster-statuses', () => ({
      statuses: [...store.clusters.values()]
        .filter((c) => c.libraries.length + store.allClusterLibraries.length > 0)
        .map((c) => ({ cluster_id: c.cluster_id, library_statuses: store.libraryStatuses(c) })),
    }));

    const libraries = (request: EmulatorRequest) => {
      const body = bodyObject(request);
      if (!Array.isArray(body.libraries)) throw ApiError.missingField('libraries');
      return body.libraries;
    };

    router.post('/api/2.0/libraries/install', (request) => {
      store.installLibraries(clusterIdOf(request), libraries(request));
      return {};
    });

    router.post('/api/2.0/libraries/uninstall', (request) => {
      store.uninstallLibraries(clusterIdOf(request), libraries(request));
      return {};
    });
  },
};
