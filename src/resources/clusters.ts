/**
 * All-purpose clusters (reference §4) with their libraries (§7): `clusters/<key>.json`, keyed by name.
 * The file is what the user set: the `spec` of clusters/get (exactly what create/edit was sent), completed
 * from the details' CreateCluster fields when the spec is partial. Pools and policies are references. Clusters created by jobs, pipelines, SQL or model serving are not ours.
 * Every cluster apply restores is pinned: Databricks removes an all-purpose cluster 30 days after it
 * terminates unless it is pinned, and a DR copy is terminated until it is needed (see PINNED).
 */
import { CREATE_CLUSTER_FIELDS } from '../databricks/api-fields.js';
import { asArray } from '../databricks/client.js';
import type { DatabricksClient } from '../databricks/client.js';
import { ApiError } from '../databricks/errors.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js';
import {
  canonical,
  dropEmpty,
  invalidLibraries,
  pick,
  refField,
  sortLibraries,
  topField,
  unexportedField,
  unknownField,
  warnUnknownFields,
} from './compute-common.js';
import { configKind, mapKeyTag, type ConfigKindSpec } from './config-kind.js';
import { omit } from './config-state.js';
import { CLUSTER_POLICIES } from './cluster-policies.js';
import { INSTANCE_POOLS } from './instance-pools.js';

export const CLUSTERS = 'clusters';

/** CreateCluster fields (§4.1) minus `clone_from`, which is create-only and means nothing in a file. */
const CLUSTER_FIELDS = CREATE_CLUSTER_FIELDS.filter((f) => f !== 'clone_from');

/** What a cluster file may hold: the CreateCluster fields and the cluster's libraries (§7). */
const FILE_FIELDS: readonly string[] = [...CLUSTER_FIELDS, 'libraries'];

/** Output-only fields (§4.2); dropped from `spec` too in case a server ever echoes one there. */
const OUTPUT_ONLY = new Set([
  'cluster_id',
  'cluster_cores',
  'cluster_memory_mb',
  'cluster_log_status',
  'cluster_source',
  'creator_user_name',
  'default_tags',
  'driver',
  'executors',
  'jdbc_port',
  'last_restarted_time',
  'last_state_loss_time',
  'spark_context_id',
  'spec',
  'start_time',
  'state',
  'state_message',
  'terminated_time',
  'termination_reason',
  'effective_spark_version',
  'disk_spec',
  'instance_source',
  'driver_instance_source',
  'init_scripts_safe_mode',
  'last_activity_time',
  'driver_healthy',
  'pinned_by_user_name',
  'assigned_principal',
  'terminate_time',
  'clone_from',
  'library_statuses',
]);

/**
 * Fields of a clusters/list entry that change while the cluster runs, starts or stops, never because its
 * settings did: left out of the fingerprint. Every other field (the settings echoed at the top of the
 * entry, custom and default tags, ids of pools and policy) changes when the cluster is edited.
 */
const VOLATILE = [
  'state',
  'state_message',
  'start_time',
  'terminated_time',
  'termination_reason',
  'last_restarted_time',
  'last_state_loss_time',
  'last_activity_time',
  'spark_context_id',
  'driver',
  'executors',
  'cluster_memory_mb',
  'cluster_cores',
  'jdbc_port',
  'driver_healthy',
  'cluster_log_status',
  'terminate_time',
];

/**
 * The plan's field for the pin: true on the snapshot's side for every cluster, and on the target's side
 * whether clusters/get names who pinned it (`pinned_by_user_name`). Never in a file, never sent to
 * create or edit: apply pins with clusters/pin (§4, admin only, idempotent).
 */
const PINNED = 'pinned';

/** Fields of the spec apply gets that are not CreateCluster fields: each has its own API call. */
const NOT_SENT = ['libraries', PINNED];

/** Not user-managed: their owners (jobs, pipelines, warehouses, serving) recreate them (§4.2). */
const FOREIGN_SOURCES = new Set(['JOB', 'PIPELINE', 'PIPELINE_MAINTENANCE', 'SQL', 'MODELS']);

interface LibraryStatus {
  library?: JsonValue;
  status?: string;
  is_library_for_all_clusters?: boolean;
}

/** Libraries the user attached to this cluster: not the all-cluster ones, not those on their way out (§7). */
function clusterLibraries(raw: JsonObject): JsonValue[] {
  const statuses = asArray(raw.library_statuses) as unknown as LibraryStatus[];
  return sortLibraries(
    statuses
      .filter(
        (s) =>
          s.library !== undefined && !s.is_library_for_all_clusters && s.status !== 'UNINSTALL_ON_RESTART',
      )
      .map((s) => s.library as JsonValue),
  );
}

/**
 * The user-settable fields. A full `spec` is exactly what create/edit was sent: kept whole (fields newer
 * than this code included), since the details add server defaults that a target may fill in differently.
 * Real answers also carry partial specs (the anonymised syncsparkpy fixtures hold `{spark_version}` only,
 * no cluster name, which every create sends or the server sets): then the CreateCluster whitelist of the
 * details fills in what the spec leaves out, the spec winning where present, without what the server
 * derives from other fields. Without a spec (older clusters) the whitelist alone.
 */
function userFields(raw: JsonObject): JsonObject {
  const spec = isJsonObject(raw.spec) ? raw.spec : {};
  const fromSpec = () => {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(spec)) if (!OUTPUT_ONLY.has(k) && k !== 'libraries') out[k] = v;
    return out;
  };
  if (spec.cluster_name !== undefined) return fromSpec();
  const out = dropEmpty(pick(raw, CLUSTER_FIELDS));
  const derived = (field: string) => out[field] !== undefined && spec[field] === undefined;
  if (out.instance_pool_id !== undefined || spec.instance_pool_id !== undefined) {
    // On a pool the node types are the pools' own; sending them back is redundant.
    if (derived('node_type_id')) delete out.node_type_id;
    if (derived('driver_node_type_id')) delete out.driver_node_type_id;
  }
  if (derived('driver_instance_pool_id') && out.driver_instance_pool_id === out.instance_pool_id)
    delete out.driver_instance_pool_id;
  if (derived('driver_node_type_id') && out.driver_node_type_id === (spec.node_type_id ?? out.node_type_id))
    delete out.driver_node_type_id;
  // An autoscaling cluster's num_workers is its current size, not a setting.
  if (derived('num_workers') && (spec.autoscale ?? out.autoscale) !== undefined) delete out.num_workers;
  return { ...out, ...fromSpec() };
}

const spec: ConfigKindSpec = {
  name: CLUSTERS,
  folder: 'clusters',

  async list(client) {
    // Libraries of every cluster in one call (§7 all-cluster-statuses), not one cluster-status per cluster;
    // a cluster without libraries is not in the answer.
    const [clusters, statuses] = await Promise.all([
      (async () => {
        const out: JsonObject[] = [];
        for await (const c of client.paginate<JsonObject>('/api/2.1/clusters/list', 'clusters', {
          page_size: 100,
        }))
          out.push(c);
        return out;
      })(),
      client.get('/api/2.0/libraries/all-cluster-statuses'),
    ]);
    const byCluster = new Map<string, JsonValue>();
    for (const s of asArray(statuses.statuses))
      if (isJsonObject(s)) byCluster.set(String(s.cluster_id), s.library_statuses ?? []);
    return clusters.map((c) => ({ ...c, library_statuses: byCluster.get(String(c.cluster_id)) ?? [] }));
  },

  async get(client, raw) {
    // clusters/get for `spec` (list leaves it out, §4); the libraries came with the list.
    const details = await client.get('/api/2.1/clusters/get', { cluster_id: String(raw.cluster_id) });
    return { ...details, library_statuses: raw.library_statuses ?? [] };
  },

  fingerprint(raw) {
    const out = omit(raw, VOLATILE);
    // An autoscaling cluster's num_workers is its current target size, not a setting.
    if (raw.autoscale !== undefined) delete out.num_workers;
    // What normalize reads of a library status: the library, whether it is for all clusters, whether it goes.
    out.library_statuses = (asArray(raw.library_statuses) as unknown as LibraryStatus[]).map((s) => ({
      library: s.library ?? null,
      all: s.is_library_for_all_clusters === true,
      leaving: s.status === 'UNINSTALL_ON_RESTART',
    }));
    return out;
  },

  id: (raw) => raw.cluster_id,
  displayName: (raw) => String(raw.cluster_name ?? raw.cluster_id),
  ignore: (raw) =>
    typeof raw.cluster_source === 'string' && FOREIGN_SOURCES.has(raw.cluster_source)
      ? `${raw.cluster_source} cluster: created and managed by Databricks for its owner, not restored`
      : undefined,
  // Same-name clusters keep their keys: by id, which never changes (start_time does, on every restart).
  order: (a, b) =>
    String(a.cluster_name).localeCompare(String(b.cluster_name)) ||
    String(a.cluster_id).localeCompare(String(b.cluster_id)),

  keyTag: mapKeyTag('custom_tags', 'cluster_name', (raw) => raw.custom_tags),
  targetSetting: {
    field: PINNED,
    value: true,
    read: (raw) => typeof raw.pinned_by_user_name === 'string' && raw.pinned_by_user_name !== '',
  },

  normalize(raw, n) {
    const out = userFields(raw);
    refField(out, 'instance_pool_id', INSTANCE_POOLS, n);
    refField(out, 'driver_instance_pool_id', INSTANCE_POOLS, n);
    refField(out, 'policy_id', CLUSTER_POLICIES, n);
    const libraries = clusterLibraries(raw);
    if (libraries.length) out.libraries = libraries;
    // A full spec is kept whole: a field newer than the reference is reported now, not first on apply.
    warnUnknownFields(out, FILE_FIELDS, n);
    return out;
  },

  validate(value) {
    const output = Object.keys(value).filter((k) => OUTPUT_ONLY.has(k));
    if (output.length) return `output-only field(s) ${output.join(', ')} cannot be set`;
    const unknown = unknownField(value, FILE_FIELDS);
    if (unknown) return unknown;
    if (typeof value.cluster_name !== 'string' || value.cluster_name === '')
      return "'cluster_name' is required";
    if (typeof value.spark_version !== 'string' || value.spark_version === '')
      return "'spark_version' is required";
    return unexportedField(value) ?? invalidLibraries(value.libraries);
  },

  async create(client, value, ctx) {
    const body = omit(value, NOT_SENT);
    const answer = await client.post<{ cluster_id: string }>('/api/2.1/clusters/create', body);
    const id = answer.cluster_id;
    const wanted = asArray(value.libraries);
    if (wanted.length) await installLibraries(client, id, wanted);
    if (!ctx.options.startClusters) {
      // Create starts the cluster; a DR copy should not run (and bill) until someone needs it.
      await client.post('/api/2.1/clusters/delete', { cluster_id: id }, { idempotent: true });
      ctx.log.info(
        `cluster '${String(body.cluster_name)}' (${id}) created and terminated (start-clusters is off)`,
      );
    }
    // A copy that stays terminated would be gone in 30 days. Pinned last: should pinning be refused (it is
    // admin only), the cluster is already terminated, and the next plan shows it unpinned.
    try {
      await pin(client, id);
    } catch (error) {
      throw new Error(
        `cluster '${String(body.cluster_name)}' (${id}) was created but not pinned, so Databricks would remove it 30 days after it terminates: ${(error as Error).message}`,
        { cause: error },
      );
    }
    return id;
  },

  async update(client, id, value, ctx, request) {
    const body = omit(value, NOT_SENT);
    // Only an edit of the cluster itself needs clusters/edit, which restarts a running cluster.
    if (request.changes.some((c) => !NOT_SENT.includes(topField(c.path)))) {
      await client.post('/api/2.1/clusters/edit', { ...body, cluster_id: id }, { idempotent: true });
    }
    const want = asArray(value.libraries);
    const have = isJsonObject(request.actual?.spec) ? asArray(request.actual.spec.libraries) : [];
    const haveKeys = new Set(have.map(canonical));
    const wantKeys = new Set(want.map(canonical));
    const install = want.filter((l) => !haveKeys.has(canonical(l)));
    const uninstall = have.filter((l) => !wantKeys.has(canonical(l)));
    if (install.length) await installLibraries(client, id, install);
    if (uninstall.length) {
      await client.post(
        '/api/2.0/libraries/uninstall',
        { cluster_id: id, libraries: uninstall },
        { idempotent: true },
      );
      ctx.log.info(
        `cluster ${String(id)}: ${uninstall.length} librar(ies) uninstalled, effective on restart`,
      );
    }
    if (request.changes.some((c) => c.path === PINNED)) await pin(client, id);
  },

  async remove(client, id) {
    // Terminating would leave the cluster listed (and planned for deletion again): delete it for good.
    const remove = () =>
      client.post(
        '/api/2.1/clusters/permanent-delete',
        { cluster_id: id },
        { idempotent: true, notFoundOnRetryIsDone: true },
      );
    try {
      await remove();
    } catch (error) {
      // Databricks refuses to delete a pinned cluster ("... unpin the cluster first"), and apply pins them
      // all. Unpinned only then: unpin is admin only, and most clusters deleted are not pinned.
      if (!(error instanceof ApiError && /unpin the cluster first/i.test(error.message))) throw error;
      await client.post('/api/2.1/clusters/unpin', { cluster_id: id }, { idempotent: true });
      await remove();
    }
  },
};

async function pin(client: DatabricksClient, id: JsonValue): Promise<void> {
  await client.post('/api/2.1/clusters/pin', { cluster_id: id }, { idempotent: true });
}

async function installLibraries(
  client: DatabricksClient,
  id: JsonValue,
  libraries: JsonValue[],
): Promise<void> {
  await client.post('/api/2.0/libraries/install', { cluster_id: id, libraries }, { idempotent: true });
}

export const clustersKind = configKind(spec);
