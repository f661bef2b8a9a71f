/**
 * All-purpose clusters (reference §4; databricks-sdk-go service/compute/model.go) with their libraries (§7):
 * `clusters/<key>.json`, keyed by name. The file is what the user set: the `spec` of clusters/get (exactly
 * what create/edit was sent), completed from the details' CreateCluster fields when the spec is partial.
 * Pools and policies are references; `single_user_name` keeps its principal's name, the same in every
 * workspace of the account, and a cluster is created after that principal when the snapshot has it (see
 * singleUserRefs). Clusters created by jobs, pipelines, SQL or model serving are not ours.
 * Every cluster apply creates is pinned: Databricks removes an all-purpose cluster 30 days after it
 * terminates unless it is pinned, and a DR copy is terminated until it is needed (see PINNED). An edit
 * waits for a cluster that is starting or stopping (see waitUntilEditable), and the plan says when it
 * restarts a running one (see planNotes).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { CREATE_CLUSTER_FIELDS } from '../databricks/api-fields.js';
import { asArray } from '../databricks/client.js';
import type { DatabricksClient } from '../databricks/client.js';
import { ApiError } from '../databricks/errors.js';
import type { FieldChange } from '../plan/diff.js';
import type { Ref } from '../plan/references.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js';
import {
  canonical,
  dropEmpty,
  dropPoolClusterFields,
  invalidLibraries,
  keepServerDefaults,
  refField,
  sortLibraries,
  stripRegionPinned,
} from './compute-common.js';
import { pick, topField, warnUnknownFields, type FieldRoles } from './fields.js';
import { REGION_PINNED_REASON } from './cluster-spec-defaults.js';
import { configKind, mapKeyTag, type ConfigKindSpec } from './config-kind.js';
import { omit } from './config-state.js';
import type { ApplyContext, ResourceKind } from './kind.js';
import { clusterSpecValues } from './target-catalog.js';
import { CLUSTER_POLICIES } from './cluster-policies.js';
import { principalRefs, readSnapshotPrincipals, type SnapshotPrincipals } from './principals.js';
import { INSTANCE_POOLS } from './instance-pools.js';

export const CLUSTERS = 'clusters';

/** CreateCluster fields (§4.1) minus `clone_from`, which is create-only and means nothing in a file. */
const CLUSTER_FIELDS = CREATE_CLUSTER_FIELDS.filter((f) => f !== 'clone_from');

/**
 * settable: what a cluster file may hold, the CreateCluster fields and the cluster's libraries (§7).
 * outputOnly: ClusterDetails' output-only fields (§4.2), dropped from `spec` too in case a server ever
 * echoes one there. Every settable field changes in place (clusters/edit; libraries by their own calls).
 */
const FIELDS: FieldRoles = {
  settable: [...CLUSTER_FIELDS, 'libraries'],
  outputOnly: [
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
  ],
  source:
    'databricks-sdk-go service/compute/model.go CreateCluster, ClusterDetails (reference §4.1, §4.2); service/compute/model.go Library (reference §7)',
};

const isOutputOnly = (field: string): boolean => FIELDS.outputOnly?.includes(field) === true;

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
  // Neither restored nor compared (see PINNED).
  'pinned_by_user_name',
];

/**
 * Whether a cluster is pinned is not part of what the snapshot restores nor of what the plan compares: it
 * is the target's housekeeping, not the source's setting. Apply pins every cluster it creates (§4
 * clusters/pin, admin only, idempotent), so a DR copy that stays terminated is not removed after 30 days;
 * a cluster the target already has keeps its pin as it is. Comparing the pin made a plan against the
 * primary just exported show `pinned: false -> true` for every unpinned cluster (issue 12 item 10), so a
 * drift check failed on an unchanged workspace. A copy unpinned in the target and removed by Databricks is
 * simply missing there, and the next apply creates it again, pinned. Never in a file.
 */
const PINNED = 'pinned';

/** Fields of the spec apply gets that are not CreateCluster fields: each has its own API call. */
const NOT_SENT = ['libraries'];

/** States a cluster only passes through, on its way to RUNNING or (from TERMINATING) TERMINATED (§4). */
const TRANSIENT_STATES = new Set(['PENDING', 'RESTARTING', 'RESIZING', 'TERMINATING']);

/**
 * States of a cluster that runs or is about to: an edit restarts it (once apply has waited for it to run),
 * and a library uninstalled stays loaded until it restarts (§7).
 */
const STARTED_STATES = new Set(['RUNNING', 'PENDING', 'RESTARTING', 'RESIZING']);

/**
 * How long apply waits for a cluster in a transient state before it edits it (clusters/edit takes only
 * RUNNING or TERMINATED ones, §4): a start takes minutes, rarely more than ten. Polled with clusters/get,
 * the pause doubling from the first to the longest.
 */
export const CLUSTER_WAIT = { timeoutMs: 20 * 60_000, firstPollMs: 1_000, longestPollMs: 15_000 };

/** Not user-managed: their owners (jobs, pipelines, warehouses, serving) recreate them (§4.2). */
const FOREIGN_SOURCES = new Set(['JOB', 'PIPELINE', 'PIPELINE_MAINTENANCE', 'SQL', 'MODELS']);

/**
 * The sources of the clusters that are exported: made in the UI or through the API. The listing asks for
 * these only (2.1 `filter_by.cluster_sources`, §4), so a workspace's thousands of job run clusters are not
 * downloaded page by page only to be dropped; `ignore` still drops a foreign one, should a server not
 * filter.
 */
const USER_SOURCES = ['UI', 'API'];

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
    for (const [k, v] of Object.entries(spec)) if (!isOutputOnly(k) && k !== 'libraries') out[k] = v;
    // A SINGLE_USER cluster created without single_user_name is assigned to its creator by the service
    // (databricks/cli libs/testserver/clusters.go ClustersCreate, "Match cloud behavior"), which the
    // details answer and the spec (what was sent) does not: without it, the restored cluster would be
    // assigned to whoever runs apply.
    if (out.single_user_name === undefined && typeof raw.single_user_name === 'string')
      out.single_user_name = raw.single_user_name;
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
  fields: FIELDS,

  async list(client) {
    // Libraries of every cluster in one call (§7 all-cluster-statuses), not one cluster-status per cluster;
    // a cluster without libraries is not in the answer.
    const [clusters, statuses] = await Promise.all([
      (async () => {
        const out: JsonObject[] = [];
        for await (const c of client.paginate<JsonObject>('/api/2.1/clusters/list', 'clusters', {
          page_size: 100,
          'filter_by.cluster_sources': USER_SOURCES,
        }))
          out.push(c);
        return out;
      })(),
      client.getList('/api/2.0/libraries/all-cluster-statuses', 'statuses'),
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
    // Target records made while the pin was a compared field hold `pinned` (see PINNED): a new fingerprint
    // has them read afresh once instead of planning a change.
    out.databricks_dr_record = 2;
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

  normalize(raw, n) {
    const out = userFields(raw);
    dropPoolClusterFields(out);
    stripRegionPinned(out);
    // A zone the user chose (in the spec) is left out too, but said: a file without it restores anywhere.
    if (isJsonObject(raw.spec))
      for (const field of stripRegionPinned(structuredClone(raw.spec)))
        n.warn(
          `${field} of the primary's region left out of the file (${REGION_PINNED_REASON}): the target picks a zone of its own region`,
        );
    refField(out, 'instance_pool_id', INSTANCE_POOLS, n);
    refField(out, 'driver_instance_pool_id', INSTANCE_POOLS, n);
    refField(out, 'policy_id', CLUSTER_POLICIES, n);
    const libraries = clusterLibraries(raw);
    if (libraries.length) out.libraries = libraries;
    // A full spec is kept whole: a field newer than the reference is reported now, not first on apply.
    warnUnknownFields(out, FIELDS.settable, n);
    return out;
  },

  validate(value) {
    if (PINNED in value)
      return `'${PINNED}' does not belong in the file: apply pins every cluster it creates, whatever the source's pin`;
    if (typeof value.cluster_name !== 'string' || value.cluster_name === '')
      return "'cluster_name' is required";
    if (typeof value.spark_version !== 'string' || value.spark_version === '')
      return "'spark_version' is required";
    // Refused by the service ("The field 'node_type_id' cannot be supplied when an instance pool ID is
    // provided.", Nike-Inc/brickflow#43, databricks/databricks-sdk-py#771); Terraform makes both node types
    // conflict with the pool (clusters/resource_cluster.go SchemaPath ... SetConflictsWith).
    if (value.instance_pool_id !== undefined)
      for (const field of ['node_type_id', 'driver_node_type_id'])
        if (value[field] !== undefined)
          return `'${field}' cannot be set with 'instance_pool_id' (the service refuses it): remove it, the pool decides the node type`;
    return invalidLibraries(value.libraries);
  },

  catalogValues: (value) => clusterSpecValues(value),

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

  keepFromTarget: (desired, actual) => ({
    spec:
      isJsonObject(desired.spec) && isJsonObject(actual.spec)
        ? keepServerDefaults(desired.spec, actual.spec)
        : desired.spec,
    unmanaged: [],
  }),

  planNotes(change, desired, actual) {
    if (change.action === 'create')
      return ['apply pins it: Databricks removes an unpinned cluster 30 days after it terminates'];
    if (change.action !== 'update' || !actual) return [];
    // The state the target was listed in: apply reads it again before it edits.
    const state = typeof actual.raw.state === 'string' ? actual.raw.state : 'UNKNOWN';
    const started = STARTED_STATES.has(state);
    const edits = editsCluster(change.changes);
    const notes: string[] = [];
    if (edits) {
      if (state === 'RUNNING') notes.push('the edit restarts the cluster, which is RUNNING');
      else if (started)
        notes.push(`the cluster is ${state}: apply waits until it is RUNNING, then the edit restarts it`);
      else if (state === 'TERMINATING')
        notes.push('the cluster is TERMINATING: apply waits until it is TERMINATED, then edits it');
      else if (state !== 'TERMINATED')
        return [
          `the cluster is ${state}: apply cannot edit it, nor change its libraries, until it is RUNNING or TERMINATED`,
        ];
    }
    const { uninstall } = libraryChanges(desired, actual.spec);
    const n = uninstall.length;
    if (n && started)
      notes.push(
        edits
          ? `${n} uninstalled librar${n === 1 ? 'y goes' : 'ies go'} with that restart`
          : `${n} uninstalled librar${n === 1 ? 'y stays' : 'ies stay'} on the cluster until it next restarts`,
      );
    return notes;
  },

  async update(client, id, value, ctx, request) {
    const name = `'${String(value.cluster_name)}' (${String(id)})`;
    // Only an edit of the cluster itself needs clusters/edit, which restarts a running cluster.
    const edit = editsCluster(request.changes);
    // Checked before anything is written: an edit that cannot be made leaves the libraries as they were.
    if (edit) await waitUntilEditable(client, id, name, ctx);
    const { install, uninstall } = libraryChanges(
      value,
      isJsonObject(request.actual?.spec) ? request.actual.spec : undefined,
    );
    // Uninstalls first: they take effect when the cluster restarts, and an edit of a running one does.
    if (uninstall.length) {
      await client.post(
        '/api/2.0/libraries/uninstall',
        { cluster_id: id, libraries: uninstall },
        { idempotent: true },
      );
      ctx.log.info(`cluster ${name}: ${uninstall.length} librar(ies) uninstalled, effective on restart`);
    }
    if (edit)
      await client.post(
        '/api/2.1/clusters/edit',
        { ...omit(value, NOT_SENT), cluster_id: id },
        { idempotent: true },
      );
    if (install.length) await installLibraries(client, id, install);
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

/** Whether changes need clusters/edit: any but those of the libraries, which have their own calls. */
function editsCluster(changes: FieldChange[]): boolean {
  return changes.some((c) => !NOT_SENT.includes(topField(c.path)));
}

/** The libraries to install and to uninstall to go from `have` to `want` (specs as the plan holds them). */
function libraryChanges(
  want: JsonValue | undefined,
  have: JsonValue | undefined,
): { install: JsonValue[]; uninstall: JsonValue[] } {
  const libraries = (spec: JsonValue | undefined) => (isJsonObject(spec) ? asArray(spec.libraries) : []);
  const wanted = libraries(want);
  const held = libraries(have);
  const wantKeys = new Set(wanted.map(canonical));
  const haveKeys = new Set(held.map(canonical));
  return {
    install: wanted.filter((l) => !haveKeys.has(canonical(l))),
    uninstall: held.filter((l) => !wantKeys.has(canonical(l))),
  };
}

/**
 * Waits until the cluster is RUNNING or TERMINATED, the only states clusters/edit takes (§4): polls
 * clusters/get while it is PENDING, RESTARTING, RESIZING or TERMINATING, for at most CLUSTER_WAIT.timeoutMs
 * of pauses. Any other state (ERROR, UNKNOWN) cannot be waited out: an error naming the cluster.
 */
async function waitUntilEditable(
  client: DatabricksClient,
  id: JsonValue,
  name: string,
  ctx: ApplyContext,
): Promise<void> {
  const sleep = ctx.sleep ?? delay;
  let waited = 0;
  let pause = CLUSTER_WAIT.firstPollMs;
  for (;;) {
    const details = await client.get('/api/2.1/clusters/get', { cluster_id: String(id) });
    const state = typeof details.state === 'string' ? details.state : 'UNKNOWN';
    if (state === 'RUNNING' || state === 'TERMINATED') return;
    if (!TRANSIENT_STATES.has(state))
      throw new Error(
        `cluster ${name} is ${state}: clusters/edit takes only a RUNNING or TERMINATED cluster; restart or terminate it in the workspace, then apply again`,
      );
    if (waited >= CLUSTER_WAIT.timeoutMs)
      throw new Error(
        `cluster ${name} is still ${state} after ${Math.round(waited / 60_000)} minutes: clusters/edit takes only a RUNNING or TERMINATED cluster; apply again once it is`,
      );
    if (waited === 0)
      ctx.log.info(`cluster ${name} is ${state}: waiting for it to be RUNNING or TERMINATED before the edit`);
    const ms = Math.min(pause, CLUSTER_WAIT.timeoutMs - waited);
    await sleep(ms);
    waited += ms;
    pause = Math.min(pause * 2, CLUSTER_WAIT.longestPollMs);
  }
}

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

/**
 * `single_user_name` names a principal (§4.2): the user, service principal (by applicationId) or group a
 * SINGLE_USER or dedicated cluster is assigned to, which the service requires to exist. When the snapshot
 * holds that principal, the cluster is created after it. Ordering only: a principal that cannot be created
 * (a user the tenant does not know) is a manual step, and the cluster is still tried. Pure.
 */
function singleUserRefs(principals: SnapshotPrincipals, value: JsonValue): Ref[] {
  const name = isJsonObject(value) ? value.single_user_name : undefined;
  return typeof name === 'string' && name !== '' ? principalRefs(principals, [{ name }]) : [];
}

const kind = configKind(spec);

export const clustersKind: ResourceKind = {
  ...kind,

  async readDesired(snapshot, options, before) {
    const out = await kind.readDesired(snapshot, options, before);
    // Read once per snapshot, and shared with the groups' and grants' references.
    const principals = await readSnapshotPrincipals(snapshot);
    return out.map((d) => {
      const refs = singleUserRefs(principals, d.spec);
      return refs.length ? { ...d, refs: [...d.refs, ...refs] } : d;
    });
  },
};
