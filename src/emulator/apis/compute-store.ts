/**
 * Compute objects of one emulated workspace: clusters (with their libraries), instance pools and cluster
 * policies (reference §4–§7; databricks-sdk-go service/compute/model.go). They live in one store because they
 * point at each other: a cluster names a pool and a policy, a policy definition may name a pool, libraries
 * belong to a cluster.
 */
import { CREATE_CLUSTER_FIELDS, EDIT_INSTANCE_POOL_FIELDS } from '../../databricks/api-fields.js';
import { isJsonObject, parseJson, toJson, type JsonObject, type JsonValue } from '../../util/json.js';
import type { EmulatorContext } from '../context.js';
import { defaultNodeTypes, defaultSparkVersions } from './compute-catalog.js';
import { ApiError } from '../errors.js';

/** The user the emulator acts as; shows in creator_user_name and default_tags. */
export const EMULATOR_USER = 'admin@example.com';

export type ClusterState =
  'PENDING' | 'RUNNING' | 'RESTARTING' | 'RESIZING' | 'TERMINATING' | 'TERMINATED' | 'ERROR' | 'UNKNOWN';

/** States a cluster only passes through, on its way to RUNNING (or TERMINATED from TERMINATING). */
const TRANSIENT_STATES: ReadonlySet<ClusterState> = new Set([
  'PENDING',
  'RESTARTING',
  'RESIZING',
  'TERMINATING',
]);

export type LibraryStatus =
  | 'PENDING'
  | 'RESOLVING'
  | 'INSTALLING'
  | 'INSTALLED'
  | 'FAILED'
  | 'UNINSTALL_ON_RESTART'
  | 'SKIPPED'
  | 'RESTORED';

export interface LibraryEntry {
  library: JsonObject;
  status: LibraryStatus;
  is_library_for_all_clusters: boolean;
  messages?: string[];
}

export interface StoredCluster {
  cluster_id: string;
  /** What the user sent on create/edit (ClusterSpec); undefined for a seeded cluster never edited. */
  spec?: JsonObject;
  /** A seeded GET answer, served (with the live state) until the cluster is edited. */
  seeded?: JsonObject;
  cluster_source: string;
  creator_user_name: string;
  state: ClusterState;
  /**
   * A cluster in a transient state (created or started: PENDING, edited while running: RESTARTING, deleted:
   * TERMINATING) moves on once the emulator clock reaches `settlesAt` and it has answered that state to
   * `pendingReadsLeft` more reads (1 on entering it), so clients that wait for a state get exercised even
   * with a frozen clock. See ComputeStore.clusterTransitionMs.
   */
  pendingReadsLeft: number;
  settlesAt: number;
  start_time: number;
  terminated_time?: number;
  termination_reason?: JsonObject;
  spark_context_id: bigint;
  libraries: LibraryEntry[];
  /**
   * Who pinned the cluster (clusters/pin, §4), a user id as real answers give it; undefined when it is not
   * pinned. Answered as `pinned_by_user_name`; list filters on it with `filter_by.is_pinned`.
   */
  pinnedBy?: string;
  /**
   * Values the service filled in at create that the request left out (a SINGLE_USER cluster's
   * single_user_name: its creator), answered at the top level of get but not in `spec`, which holds what
   * was sent. Cleared by an edit, which replaces the settings.
   */
  filled: JsonObject;
  /** The cluster's event log (clusters/events), oldest first. */
  events: ClusterEvent[];
}

/** ClusterEvent (clusters/events, §4): what happened to a cluster, when, and its details. */
export interface ClusterEvent {
  timestamp: number;
  type: string;
  details: JsonObject;
}

export interface StoredPool {
  instance_pool_id: string;
  /** The CreateInstancePool fields as given (editable ones replaced by edit). */
  fields: JsonObject;
  default_tags: Record<string, string>;
  state: 'ACTIVE' | 'STOPPED' | 'DELETED';
}

export interface StoredPolicy {
  policy_id: string;
  name: string;
  /** JSON text, as the API takes and returns it. */
  definition?: string;
  description?: string;
  libraries?: JsonValue[];
  max_clusters_per_user?: number | bigint;
  policy_family_id?: string;
  policy_family_definition_overrides?: string;
  /** `{enforce_mode?}`; present (even empty) means auto enforcement is on (§6). */
  auto_enforcement_config?: JsonObject;
  is_default: boolean;
  created_at_timestamp: number;
  creator_user_name?: string;
}

/** Policy families every workspace has (§6); definitions abridged from the product's. */
export const POLICY_FAMILIES: Record<string, { name: string; definition: JsonObject }> = {
  'personal-vm': {
    name: 'Personal Compute',
    definition: {
      'spark_conf.spark.databricks.cluster.profile': { type: 'forbidden', hidden: true },
      spark_version: { type: 'unlimited', defaultValue: 'auto:latest-ml' },
      node_type_id: { type: 'unlimited', defaultValue: 'Standard_DS3_v2', isOptional: true },
      num_workers: { type: 'fixed', value: 0, hidden: true },
      data_security_mode: { type: 'allowlist', values: ['SINGLE_USER', 'LEGACY_SINGLE_USER'] },
      autotermination_minutes: { type: 'unlimited', defaultValue: 4320, isOptional: true },
    },
  },
  'shared-compute': {
    name: 'Shared Compute',
    definition: {
      data_security_mode: { type: 'fixed', value: 'USER_ISOLATION', hidden: true },
      spark_version: { type: 'unlimited', defaultValue: 'auto:latest-lts' },
    },
  },
  'power-user': {
    name: 'Power User Compute',
    definition: {
      data_security_mode: { type: 'allowlist', values: ['SINGLE_USER', 'LEGACY_SINGLE_USER'] },
      spark_version: { type: 'unlimited', defaultValue: 'auto:latest-ml' },
      'autoscale.max_workers': { type: 'range', maxValue: 10, defaultValue: 4 },
    },
  },
  'job-cluster': {
    name: 'Job Compute',
    definition: {
      cluster_type: { type: 'fixed', value: 'job' },
      num_workers: { type: 'unlimited', defaultValue: 4, isOptional: true },
    },
  },
};

/**
 * The families of the Databricks-managed default policies every workspace has (`is_default`), each policy
 * named after its family (the four the product documents; family ids other than personal-vm and
 * job-cluster UNVERIFIED).
 */
const DEFAULT_POLICY_FAMILIES = ['personal-vm', 'shared-compute', 'power-user', 'job-cluster'];

/** Fields of ClusterDetails that ClusterSpec does not have (§4.2), never part of `spec`. */
const CREATE_ONLY = ['clone_from'];

/**
 * The fields clusters/create takes (§4.1; edit: the same without clone_from, plus cluster_id). The
 * reference does not say how Databricks answers another field; this emulator refuses it with
 * INVALID_PARAMETER_VALUE rather than store it, so a misspelled field never looks applied.
 */
const CLUSTER_FIELDS = new Set(CREATE_CLUSTER_FIELDS);

function checkClusterFields(body: JsonObject, request: 'CreateCluster' | 'EditCluster'): void {
  for (const field of Object.keys(body)) {
    const known =
      request === 'CreateCluster'
        ? CLUSTER_FIELDS.has(field)
        : field === 'cluster_id' || (field !== 'clone_from' && CLUSTER_FIELDS.has(field));
    if (!known) throw ApiError.invalidParameter(`Unknown field '${field}' in ${request}.`);
  }
}

const POOL_WORDS = ['brick', 'spark', 'delta', 'lake', 'photon'];

const clone = <T extends JsonValue>(v: T): T => parseJson(toJson(v)) as T;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `state_message` of clusters/get for the states that have one. */
const STATE_MESSAGES: Partial<Record<ClusterState, string>> = {
  PENDING: 'Finding instances for new nodes, acquiring more instances if necessary',
  RESTARTING: 'Restarting the cluster',
  RESIZING: 'Resizing the cluster',
  TERMINATING: 'Terminating the cluster',
};

export const clusterDoesNotExist = (id: string): ApiError =>
  ApiError.invalidParameter(`Cluster ${id} does not exist`);

export class ComputeStore {
  readonly clusters = new Map<string, StoredCluster>();
  readonly pools = new Map<string, StoredPool>();
  readonly policies = new Map<string, StoredPolicy>();
  /**
   * How long (ms of the emulator clock) a cluster stays PENDING after create or start, RESTARTING after an
   * edit while running, and TERMINATING after delete. Databricks takes minutes; 0 by default, so that tests
   * not about it need no clock (the state is still answered to one read).
   */
  clusterTransitionMs = 0;
  /**
   * What this workspace offers (clusters/list-node-types, clusters/spark-versions): cluster, pool and job
   * cluster writes refuse any other node type or runtime. Remove entries to emulate a region without them.
   */
  readonly nodeTypes = new Map(defaultNodeTypes().map((n) => [String(n.node_type_id), n]));
  readonly sparkVersions = new Map(defaultSparkVersions().map((v) => [v.key, v.name]));
  /** What clusters/list-zones answers: none in an Azure workspace; a test may emulate AWS zones. */
  readonly zones: string[] = [];

  constructor(private readonly context: EmulatorContext) {
    // Every real workspace has Databricks-managed default policies: family-based, no overrides until an
    // admin adds some, no creator.
    for (const family of DEFAULT_POLICY_FAMILIES)
      this.addPolicy({
        policy_id: this.newPolicyId(),
        name: POLICY_FAMILIES[family].name,
        policy_family_id: family,
        is_default: true,
        created_at_timestamp: context.now(),
      });
  }

  // ----- ids --------------------------------------------------------------------------------------------

  /** `MMDD-HHMMSS-xxxxxxxx` from the emulator clock (§4). */
  private timePrefix(): string {
    const d = new Date(this.context.now());
    return `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
  }

  newClusterId(): string {
    for (;;) {
      const id = `${this.timePrefix()}-${this.context.ids.alnum(8)}`;
      if (!this.clusters.has(id)) return id;
    }
  }

  newPoolId(): string {
    for (;;) {
      const word = `${this.context.random.pick(POOL_WORDS)}${this.context.random.int(1, 10)}`;
      const id = `${this.timePrefix()}-${word}-pool-${this.context.ids.alnum(8).toUpperCase()}`;
      if (!this.pools.has(id)) return id;
    }
  }

  newPolicyId(): string {
    for (;;) {
      const id = this.context.ids.hex(16, true);
      if (!this.policies.has(id)) return id;
    }
  }

  /** An int64 beyond 2^53, as real spark_context_ids are, so clients must parse JSON losslessly. */
  private sparkContextId(): bigint {
    return 4_000_000_000_000_000_000n + BigInt(this.context.random.int(0, 2 ** 31)) * 2_000_000_000n + 7n;
  }

  // ----- clusters ---------------------------------------------------------------------------------------

  getCluster(id: string): StoredCluster {
    const cluster = this.clusters.get(id);
    if (!cluster) throw clusterDoesNotExist(id);
    return cluster;
  }

  /** Checks the pools and policy a cluster spec names, as create and edit do. */
  private checkClusterRefs(spec: JsonObject): void {
    if (typeof spec.spark_version !== 'string' || spec.spark_version === '')
      throw ApiError.missingField('spark_version');
    this.checkPoolsAndPolicy(spec);
    this.checkPoolNodeTypes(spec);
    this.checkCatalog(spec);
    if (
      spec.instance_pool_id === undefined &&
      spec.node_type_id === undefined &&
      spec.policy_id === undefined
    )
      throw ApiError.invalidParameter('Missing required field: node_type_id');
  }

  /**
   * A cluster on a pool takes its node types from the pool: the service refuses `node_type_id` with
   * `instance_pool_id` ("The field 'node_type_id' cannot be supplied when an instance pool ID is provided.",
   * Nike-Inc/brickflow#43, databricks/terraform-provider-databricks#2141, the message verbatim), and the same
   * for `driver_node_type_id`, which Terraform declares in conflict with both pool ids
   * (clusters/resource_cluster.go SetConflictsWith; this message is reconstructed). For a job's
   * new_cluster too.
   */
  checkPoolNodeTypes(spec: JsonObject): void {
    if (spec.instance_pool_id === undefined || spec.instance_pool_id === null) return;
    for (const field of ['node_type_id', 'driver_node_type_id'])
      if (spec[field] !== undefined && spec[field] !== null)
        throw ApiError.invalidParameter(
          `The field '${field}' cannot be supplied when an instance pool ID is provided.`,
        );
  }

  /**
   * The runtime and node types a cluster spec (of a cluster, or a job's new_cluster) names must be offered.
   * The reference does not give the service's answer to one that is not; this one is 400
   * INVALID_PARAMETER_VALUE naming the value. `auto:` versions are aliases the service resolves.
   */
  checkCatalog(spec: JsonObject): void {
    this.checkSparkVersion(spec.spark_version);
    for (const field of ['node_type_id', 'driver_node_type_id']) this.checkNodeType(spec[field]);
  }

  private checkSparkVersion(version: JsonValue | undefined): void {
    if (typeof version !== 'string' || version.startsWith('auto:')) return;
    if (!this.sparkVersions.has(version))
      throw ApiError.invalidParameter(
        `Invalid spark version ${version}: not offered by this workspace (see clusters/spark-versions).`,
      );
  }

  private checkNodeType(type: JsonValue | undefined): void {
    if (type === undefined || type === null) return;
    if (typeof type !== 'string' || !this.nodeTypes.has(type))
      throw ApiError.invalidParameter(
        `Node type ${String(type)} is not supported in this workspace (see clusters/list-node-types).`,
      );
  }

  /** The pools and the policy a cluster spec (of a cluster, or a job's new_cluster) names must exist. */
  checkPoolsAndPolicy(spec: JsonObject): void {
    for (const field of ['instance_pool_id', 'driver_instance_pool_id']) {
      const id = spec[field];
      if (id === undefined) continue;
      if (typeof id !== 'string' || !this.pools.has(id))
        throw ApiError.invalidParameter(`Instance pool ${String(id)} does not exist.`);
    }
    if (spec.policy_id !== undefined) {
      const id = spec.policy_id;
      if (typeof id !== 'string' || !this.policies.has(id))
        throw ApiError.invalidParameter(`Can't find a cluster policy with id: ${String(id)}.`);
    }
  }

  /** clusters/create, by `creator` (the caller's userName). */
  createCluster(body: JsonObject, creator = EMULATOR_USER): StoredCluster {
    checkClusterFields(body, 'CreateCluster');
    const spec = clone(body);
    for (const f of CREATE_ONLY) delete spec[f];
    this.checkClusterRefs(spec);
    const filled: JsonObject = {};
    // "Match cloud behavior: SINGLE_USER clusters automatically get single_user_name set to the current
    // user" (databricks/cli libs/testserver/clusters.go ClustersCreate); a dedicated one is read back as
    // SINGLE_USER (see DATA_SECURITY_MODE_READ_AS).
    if (
      (spec.data_security_mode === 'SINGLE_USER' ||
        spec.data_security_mode === 'DATA_SECURITY_MODE_DEDICATED') &&
      (spec.single_user_name === undefined || spec.single_user_name === '')
    )
      filled.single_user_name = creator;
    const cluster: StoredCluster = {
      cluster_id: this.newClusterId(),
      spec,
      filled,
      events: [],
      cluster_source: 'API',
      creator_user_name: creator,
      state: 'PENDING',
      pendingReadsLeft: 0,
      settlesAt: 0,
      start_time: this.context.now(),
      spark_context_id: this.sparkContextId(),
      libraries: [],
    };
    this.enter(cluster, 'PENDING');
    this.event(cluster, 'CREATING', { user: creator });
    this.clusters.set(cluster.cluster_id, cluster);
    return cluster;
  }

  /** Appends to the cluster's event log, at the emulator clock. */
  event(cluster: StoredCluster, type: string, details: JsonObject = {}): void {
    cluster.events.push({ timestamp: this.context.now(), type, details });
  }

  /** Seeds a cluster from a `clusters/get` answer (e.g. a fixture); it round-trips as given. */
  seedCluster(details: JsonObject, libraries: JsonObject[] = []): StoredCluster {
    const id = typeof details.cluster_id === 'string' ? details.cluster_id : this.newClusterId();
    const state = (typeof details.state === 'string' ? details.state : 'RUNNING') as ClusterState;
    const cluster: StoredCluster = {
      cluster_id: id,
      seeded: { ...clone(details), cluster_id: id },
      spec: isJsonObject(details.spec) ? clone(details.spec) : undefined,
      cluster_source: typeof details.cluster_source === 'string' ? details.cluster_source : 'UI',
      creator_user_name:
        typeof details.creator_user_name === 'string' ? details.creator_user_name : EMULATOR_USER,
      state,
      // A seeded transient state is answered until the transition time passes, not to a further read.
      pendingReadsLeft: 0,
      settlesAt: this.context.now() + this.clusterTransitionMs,
      start_time: Number(details.start_time ?? this.context.now()),
      spark_context_id:
        typeof details.spark_context_id === 'bigint'
          ? details.spark_context_id
          : typeof details.spark_context_id === 'number'
            ? BigInt(Math.trunc(details.spark_context_id))
            : this.sparkContextId(),
      libraries: [],
      pinnedBy: typeof details.pinned_by_user_name === 'string' ? details.pinned_by_user_name : undefined,
      filled: {},
      events: [],
    };
    this.clusters.set(id, cluster);
    this.installLibraries(id, libraries);
    return cluster;
  }

  editCluster(id: string, body: JsonObject): void {
    const cluster = this.getCluster(id);
    if (cluster.cluster_source === 'JOB')
      throw ApiError.invalidParameter(`Cannot edit cluster ${id}: it is a job cluster.`);
    const state = this.advance(cluster);
    if (state !== 'RUNNING' && state !== 'TERMINATED')
      throw new ApiError(400, 'INVALID_STATE', `Cluster ${id} is in unexpected state ${state}.`);
    checkClusterFields(body, 'EditCluster');
    const spec = clone(body);
    delete spec.cluster_id;
    for (const f of CREATE_ONLY) delete spec[f];
    this.checkClusterRefs(spec);
    // Edit replaces the whole spec; a running cluster restarts with it (libraries marked for removal go).
    cluster.spec = spec;
    cluster.seeded = undefined;
    cluster.filled = {};
    this.event(cluster, 'EDITED', { user: EMULATOR_USER });
    if (state === 'RUNNING') this.enter(cluster, 'RESTARTING');
  }

  /**
   * clusters/resize (§4): RUNNING clusters only, else 400 INVALID_STATE "Cluster is not running"
   * (databricks/cli libs/testserver/clusters.go ClustersResize, "match the real API behavior"). Sets the
   * workers (a size or autoscale bounds, one of them) and passes through RESIZING.
   */
  resizeCluster(id: string, body: JsonObject): void {
    const cluster = this.getCluster(id);
    if (body.num_workers === undefined && body.autoscale === undefined)
      throw ApiError.invalidParameter('Either num_workers or autoscale must be provided.');
    if (this.advance(cluster) !== 'RUNNING')
      throw new ApiError(400, 'INVALID_STATE', 'Cluster is not running');
    // A seeded cluster answers its seeded settings until edited; its spec may be partial (see seedCluster).
    for (const t of [cluster.seeded, cluster.spec ?? (cluster.spec = {})]) {
      if (!t) continue;
      delete t.num_workers;
      delete t.autoscale;
      if (body.num_workers !== undefined) t.num_workers = clone(body.num_workers);
      if (body.autoscale !== undefined) t.autoscale = clone(body.autoscale);
    }
    this.event(cluster, 'RESIZING', {
      user: EMULATOR_USER,
      ...(body.num_workers !== undefined ? { target_num_workers: clone(body.num_workers) } : {}),
    });
    this.enter(cluster, 'RESIZING');
  }

  /**
   * clusters/restart (§4): a RUNNING cluster restarts; "If the cluster is not currently in a RUNNING
   * state, nothing will happen" (the Clusters API's own description, as databricks/cli's generated
   * `databricks clusters restart` help gives it).
   */
  restartCluster(id: string): void {
    const cluster = this.getCluster(id);
    if (this.advance(cluster) !== 'RUNNING') return;
    this.event(cluster, 'RESTARTING', { user: EMULATOR_USER });
    this.enter(cluster, 'RESTARTING');
  }

  /** clusters/delete: asynchronous, as in production (§4): TERMINATING for a while, then TERMINATED. */
  terminateCluster(id: string): void {
    const cluster = this.getCluster(id);
    const state = this.advance(cluster);
    if (state === 'TERMINATED' || state === 'TERMINATING') return;
    this.enter(cluster, 'TERMINATING');
    this.event(cluster, 'TERMINATING', { user: EMULATOR_USER, reason: { code: 'USER_REQUEST' } });
    cluster.termination_reason = {
      code: 'USER_REQUEST',
      type: 'SUCCESS',
      parameters: { username: EMULATOR_USER },
    };
  }

  startCluster(id: string): void {
    const cluster = this.getCluster(id);
    if (cluster.cluster_source === 'JOB')
      throw ApiError.invalidParameter(`Cannot start cluster ${id}: it is a job cluster.`);
    if (this.advance(cluster) !== 'TERMINATED') return;
    this.event(cluster, 'STARTING', { user: EMULATOR_USER });
    this.enter(cluster, 'PENDING');
    cluster.start_time = this.context.now();
    cluster.terminated_time = undefined;
    cluster.termination_reason = undefined;
  }

  /** A pinned cluster is refused, as Databricks does (Terraform unpins on this message, then retries). */
  permanentDeleteCluster(id: string): void {
    if (this.getCluster(id).pinnedBy !== undefined)
      throw new ApiError(
        400,
        'INVALID_STATE',
        `Cannot delete pinned cluster ${id}. Please ask an admin to unpin the cluster first.`,
      );
    this.clusters.delete(id);
  }

  /** Puts a cluster in a transient state for clusterTransitionMs and at least one read. */
  private enter(cluster: StoredCluster, state: ClusterState): void {
    cluster.state = state;
    cluster.pendingReadsLeft = 1;
    cluster.settlesAt = this.context.now() + this.clusterTransitionMs;
  }

  /**
   * The cluster's state now: a transient one ends when its time has passed and a read has seen it. A start
   * or restart ends RUNNING with the libraries installed and the uninstalled ones gone.
   */
  advance(cluster: StoredCluster): ClusterState {
    const due = cluster.pendingReadsLeft === 0 && this.context.now() >= cluster.settlesAt;
    if (!TRANSIENT_STATES.has(cluster.state) || !due) return cluster.state;
    if (cluster.state === 'TERMINATING') {
      cluster.state = 'TERMINATED';
      cluster.terminated_time = this.context.now();
      cluster.events.push({ timestamp: this.context.now(), type: 'TERMINATED', details: {} });
    } else {
      if (cluster.state !== 'RESIZING') this.restart(cluster);
      cluster.state = 'RUNNING';
      cluster.events.push({ timestamp: this.context.now(), type: 'RUNNING', details: {} });
    }
    return cluster.state;
  }

  /** The state a read answers; the read counts towards ending a transient state. */
  observe(cluster: StoredCluster): ClusterState {
    const state = this.advance(cluster);
    if (cluster.pendingReadsLeft > 0) cluster.pendingReadsLeft--;
    return state;
  }

  private restart(cluster: StoredCluster): void {
    cluster.libraries = cluster.libraries.filter((l) => l.status !== 'UNINSTALL_ON_RESTART');
    for (const l of cluster.libraries) if (l.status === 'PENDING') l.status = 'INSTALLED';
    cluster.spark_context_id = this.sparkContextId();
  }

  /** ClusterDetails as get answers it; list leaves out `spec` (§4). */
  details(cluster: StoredCluster, withSpec: boolean): JsonObject {
    const state = this.observe(cluster);
    const live: JsonObject = {
      state,
      state_message: STATE_MESSAGES[state] ?? '',
      start_time: cluster.start_time,
      spark_context_id: cluster.spark_context_id,
    };
    if (cluster.terminated_time !== undefined) live.terminated_time = cluster.terminated_time;
    if (cluster.termination_reason) live.termination_reason = cluster.termination_reason;
    if (cluster.pinnedBy !== undefined) live.pinned_by_user_name = cluster.pinnedBy;
    if (cluster.seeded) {
      const out = { ...clone(cluster.seeded), ...live };
      if (cluster.pinnedBy === undefined) delete out.pinned_by_user_name;
      if (cluster.terminated_time === undefined) delete out.terminated_time;
      if (!cluster.termination_reason) delete out.termination_reason;
      if (!withSpec) delete out.spec;
      return out;
    }
    const spec = cluster.spec ?? {};
    const out: JsonObject = { ...clone(spec), ...clone(cluster.filled), cluster_id: cluster.cluster_id };
    // The newer data_security_mode names are read back as the older ones (terraform-provider-databricks
    // clusters/resource_cluster.go DataSecurityModeDiffSuppressFunc).
    if (out.data_security_mode === 'DATA_SECURITY_MODE_DEDICATED') out.data_security_mode = 'SINGLE_USER';
    else if (out.data_security_mode === 'DATA_SECURITY_MODE_STANDARD')
      out.data_security_mode = 'USER_ISOLATION';
    else if (out.data_security_mode === 'DATA_SECURITY_MODE_AUTO')
      out.data_security_mode = out.single_user_name === undefined ? 'USER_ISOLATION' : 'SINGLE_USER';
    // Server-side defaults echoed on GET although the user never sent them (§4.2, §20; the Azure answers
    // of terraform-provider-databricks exporter/test-data/get-cluster-test1-response.json and the
    // syncsparkpy fixture). A pool cluster's cloud attributes are its pool's.
    if (!out.aws_attributes && !out.gcp_attributes)
      out.azure_attributes = {
        first_on_demand: 1,
        availability: 'ON_DEMAND_AZURE',
        spot_bid_max_price: -1,
        ...(isJsonObject(out.azure_attributes) ? out.azure_attributes : {}),
      };
    out.enable_elastic_disk ??= true;
    out.enable_local_disk_encryption ??= false;
    const pool = typeof out.instance_pool_id === 'string' ? this.pools.get(out.instance_pool_id) : undefined;
    if (pool) {
      out.node_type_id = pool.fields.node_type_id ?? null;
      out.driver_instance_pool_id ??= pool.instance_pool_id;
    }
    const driverPool =
      typeof out.driver_instance_pool_id === 'string'
        ? this.pools.get(out.driver_instance_pool_id)
        : undefined;
    if (driverPool) out.driver_node_type_id = driverPool.fields.node_type_id ?? null;
    out.driver_node_type_id ??= out.node_type_id ?? null;
    out.effective_spark_version = spec.spark_version ?? null;
    out.default_tags = {
      Vendor: 'Databricks',
      Creator: cluster.creator_user_name,
      ClusterName: typeof spec.cluster_name === 'string' ? spec.cluster_name : '',
      ClusterId: cluster.cluster_id,
    };
    out.cluster_source = cluster.cluster_source;
    out.creator_user_name = cluster.creator_user_name;
    out.disk_spec = {};
    out.init_scripts_safe_mode = false;
    out.jdbc_port = 10000;
    Object.assign(out, live);
    if (withSpec) out.spec = clone(spec);
    return out;
  }

  // ----- libraries --------------------------------------------------------------------------------------

  installLibraries(clusterId: string, libraries: JsonValue[]): void {
    const cluster = this.getCluster(clusterId);
    const state = this.advance(cluster);
    for (const library of libraries) {
      validateLibrary(library);
      const key = toJson(library);
      const existing = cluster.libraries.find((l) => toJson(l.library) === key);
      const status: LibraryStatus = state === 'RUNNING' ? 'INSTALLED' : 'PENDING';
      if (existing) {
        // Installing what is marked for removal keeps it; anything else is already there.
        if (existing.status === 'UNINSTALL_ON_RESTART') existing.status = status;
        continue;
      }
      cluster.libraries.push({
        library: clone(library as JsonObject),
        status,
        is_library_for_all_clusters: false,
      });
    }
  }

  /** Effective on restart, as in production; uninstalling what is not installed is ignored (§7). */
  uninstallLibraries(clusterId: string, libraries: JsonValue[]): void {
    const cluster = this.getCluster(clusterId);
    const state = this.advance(cluster);
    for (const library of libraries) {
      validateLibrary(library);
      const key = toJson(library);
      const existing = cluster.libraries.find((l) => toJson(l.library) === key);
      if (!existing) continue;
      // A cluster that is not running (or on its way down) has nothing to restart: the library goes now.
      if (state === 'TERMINATED' || state === 'TERMINATING')
        cluster.libraries.splice(cluster.libraries.indexOf(existing), 1);
      else existing.status = 'UNINSTALL_ON_RESTART';
    }
  }

  /**
   * Libraries set to install on every cluster (the legacy "install automatically on all clusters"): each
   * cluster's status lists them with `is_library_for_all_clusters: true`.
   */
  readonly allClusterLibraries: JsonObject[] = [];

  libraryStatuses(cluster: StoredCluster): JsonObject[] {
    const everywhere: LibraryEntry[] = this.allClusterLibraries.map((library) => ({
      library,
      status: cluster.state === 'RUNNING' ? 'INSTALLED' : 'PENDING',
      is_library_for_all_clusters: true,
    }));
    return [...everywhere, ...cluster.libraries].map((l) => {
      const out: JsonObject = {
        library: clone(l.library),
        status: l.status,
        is_library_for_all_clusters: l.is_library_for_all_clusters,
      };
      if (l.status === 'UNINSTALL_ON_RESTART')
        out.messages = ['Library will be uninstalled after the cluster is restarted.'];
      return out;
    });
  }

  // ----- instance pools ---------------------------------------------------------------------------------

  getPool(id: string): StoredPool {
    const pool = this.pools.get(id);
    if (!pool || pool.state === 'DELETED')
      throw ApiError.invalidParameter(`Instance pool ${id} does not exist.`);
    return pool;
  }

  private checkPoolName(name: unknown, except?: string): string {
    if (typeof name !== 'string' || name === '') throw ApiError.missingField('instance_pool_name');
    if (name.length > 100)
      throw ApiError.invalidParameter('instance_pool_name must be at most 100 characters.');
    for (const p of this.pools.values())
      if (p.instance_pool_id !== except && p.state !== 'DELETED' && p.fields.instance_pool_name === name)
        throw ApiError.alreadyExists(`Instance pool with name '${name}' already exists.`);
    return name;
  }

  createPool(body: JsonObject, id?: string): StoredPool {
    this.checkPoolName(body.instance_pool_name);
    if (typeof body.node_type_id !== 'string' || body.node_type_id === '')
      throw ApiError.missingField('node_type_id');
    this.checkNodeType(body.node_type_id);
    const preloaded = body.preloaded_spark_versions;
    if (preloaded !== undefined && !Array.isArray(preloaded))
      throw ApiError.invalidParameter('preloaded_spark_versions must be a list');
    for (const version of preloaded ?? []) this.checkSparkVersion(version);
    const fields = clone(body);
    delete fields.instance_pool_id;
    for (const output of ['default_tags', 'state', 'stats', 'status']) delete fields[output];
    // Real pools echo cloud attributes even when none were sent.
    if (!fields.aws_attributes && !fields.gcp_attributes && !fields.azure_attributes)
      fields.azure_attributes = { availability: 'ON_DEMAND_AZURE' };
    const poolId = id ?? this.newPoolId();
    const pool: StoredPool = {
      instance_pool_id: poolId,
      fields,
      default_tags: {
        Vendor: 'Databricks',
        DatabricksInstancePoolCreatorId: '100125',
        DatabricksInstancePoolId: poolId,
      },
      state: 'ACTIVE',
    };
    this.pools.set(poolId, pool);
    return pool;
  }

  /** Seeds a pool from a `instance-pools/get` answer; its id is kept. */
  seedPool(details: JsonObject): StoredPool {
    const pool = this.createPool(
      details,
      typeof details.instance_pool_id === 'string' ? details.instance_pool_id : undefined,
    );
    if (isJsonObject(details.default_tags))
      pool.default_tags = { ...(details.default_tags as Record<string, string>) };
    return pool;
  }

  /**
   * Edit takes only the name, the node type (which must not change) and the editable fields (§5); the
   * other CreateInstancePool fields are not in EditInstancePool and are ignored, as unknown fields are.
   */
  editPool(body: JsonObject): void {
    const id = body.instance_pool_id;
    if (typeof id !== 'string' || id === '') throw ApiError.missingField('instance_pool_id');
    const pool = this.getPool(id);
    const name = this.checkPoolName(body.instance_pool_name, id);
    if (typeof body.node_type_id !== 'string' || body.node_type_id === '')
      throw ApiError.missingField('node_type_id');
    this.checkNodeType(body.node_type_id);
    if (body.node_type_id !== pool.fields.node_type_id)
      throw ApiError.invalidParameter(
        `Cannot change node_type_id of instance pool ${id} from ${String(pool.fields.node_type_id)} to ${body.node_type_id}.`,
      );
    pool.fields.instance_pool_name = name;
    for (const field of EDIT_INSTANCE_POOL_FIELDS) {
      if (body[field] === undefined) delete pool.fields[field];
      else pool.fields[field] = clone(body[field]);
    }
  }

  deletePool(id: string): void {
    this.getPool(id);
    this.pools.delete(id);
  }

  poolDetails(pool: StoredPool): JsonObject {
    const custom = isJsonObject(pool.fields.custom_tags) ? pool.fields.custom_tags : {};
    return {
      ...clone(pool.fields),
      instance_pool_id: pool.instance_pool_id,
      default_tags: { ...custom, ...pool.default_tags },
      state: pool.state,
      stats: { used_count: 0, idle_count: 0, pending_used_count: 0, pending_idle_count: 0 },
      status: {},
    };
  }

  // ----- cluster policies -------------------------------------------------------------------------------

  getPolicy(id: string): StoredPolicy {
    const policy = this.policies.get(id);
    if (!policy) throw ApiError.invalidParameter(`Can't find a cluster policy with id: ${id}.`);
    return policy;
  }

  private addPolicy(policy: StoredPolicy): StoredPolicy {
    this.policies.set(policy.policy_id, policy);
    return policy;
  }

  /** Validates and copies the writable fields of a create/edit body. */
  private policyFields(
    body: JsonObject,
    except?: string,
  ): Omit<StoredPolicy, 'policy_id' | 'is_default' | 'created_at_timestamp'> {
    const name = body.name;
    if (typeof name !== 'string' || name === '') throw ApiError.missingField('name');
    if (name.length > 100) throw ApiError.invalidParameter('Policy name must be at most 100 characters.');
    for (const p of this.policies.values())
      if (p.policy_id !== except && p.name === name)
        throw ApiError.alreadyExists(`Policy named '${name}' already exists`);
    const family = optionalText(body, 'policy_family_id');
    const definition = optionalText(body, 'definition');
    const overrides = optionalText(body, 'policy_family_definition_overrides');
    if (family !== undefined) {
      if (!POLICY_FAMILIES[family])
        throw ApiError.invalidParameter(`Policy family ${family} does not exist.`);
      if (definition !== undefined)
        throw ApiError.invalidParameter(
          'definition and policy_family_id are mutually exclusive; use policy_family_definition_overrides.',
        );
    } else if (overrides !== undefined)
      throw ApiError.invalidParameter('policy_family_definition_overrides requires policy_family_id.');
    for (const [field, text] of [
      ['definition', definition],
      ['policy_family_definition_overrides', overrides],
    ] as const) {
      if (text === undefined) continue;
      let parsed: JsonValue;
      try {
        parsed = parseJson(text);
      } catch (error) {
        throw ApiError.invalidParameter(`Invalid policy ${field}: ${(error as Error).message}`);
      }
      if (!isJsonObject(parsed))
        throw ApiError.invalidParameter(`Invalid policy ${field}: must be a JSON object`);
    }
    if (body.libraries !== undefined && !Array.isArray(body.libraries))
      throw ApiError.invalidParameter('libraries must be a list');
    const max = body.max_clusters_per_user;
    if (max !== undefined && typeof max !== 'number' && typeof max !== 'bigint')
      throw ApiError.invalidParameter('max_clusters_per_user must be an integer');
    const enforcement = autoEnforcementConfig(body.auto_enforcement_config);
    return {
      name,
      definition: family === undefined ? (definition ?? '{}') : undefined,
      description: optionalText(body, 'description'),
      libraries: Array.isArray(body.libraries) ? clone(body.libraries) : undefined,
      max_clusters_per_user: max,
      policy_family_id: family,
      policy_family_definition_overrides: overrides,
      auto_enforcement_config: enforcement,
    };
  }

  createPolicy(body: JsonObject, seed: Partial<StoredPolicy> = {}): StoredPolicy {
    const fields = this.policyFields(body);
    return this.addPolicy({
      ...fields,
      policy_id: seed.policy_id ?? this.newPolicyId(),
      is_default: seed.is_default ?? false,
      created_at_timestamp: seed.created_at_timestamp ?? this.context.now(),
      creator_user_name: seed.creator_user_name ?? EMULATOR_USER,
    });
  }

  /** Seeds a policy from a `policies/clusters/get` answer; its id is kept. */
  seedPolicy(details: JsonObject): StoredPolicy {
    return this.createPolicy(details, {
      policy_id: typeof details.policy_id === 'string' ? details.policy_id : undefined,
      is_default: details.is_default === true,
      created_at_timestamp:
        typeof details.created_at_timestamp === 'number' ? details.created_at_timestamp : undefined,
      creator_user_name:
        typeof details.creator_user_name === 'string' ? details.creator_user_name : undefined,
    });
  }

  editPolicy(body: JsonObject): void {
    const id = body.policy_id;
    if (typeof id !== 'string' || id === '') throw ApiError.missingField('policy_id');
    const policy = this.getPolicy(id);
    const fields = this.policyFields(body, id);
    if (policy.is_default && fields.policy_family_id !== policy.policy_family_id)
      throw ApiError.invalidParameter(`Cannot change the policy family of default policy ${id}.`);
    Object.assign(policy, fields);
  }

  deletePolicy(id: string): void {
    const policy = this.getPolicy(id);
    if (policy.is_default)
      throw ApiError.invalidParameter(`Cannot delete default policy ${id} (${policy.name}).`);
    this.policies.delete(id);
  }

  /** Policy as get and list answer it; a family policy's definition is the family's with the overrides. */
  policyDetails(policy: StoredPolicy): JsonObject {
    let definition = policy.definition;
    if (policy.policy_family_id) {
      const family = POLICY_FAMILIES[policy.policy_family_id]?.definition ?? {};
      const overrides = policy.policy_family_definition_overrides
        ? (parseJson(policy.policy_family_definition_overrides) as JsonObject)
        : {};
      definition = toJson({ ...family, ...overrides });
    }
    const out: JsonObject = {
      policy_id: policy.policy_id,
      name: policy.name,
      definition: definition ?? '{}',
      created_at_timestamp: policy.created_at_timestamp,
    };
    if (policy.description !== undefined) out.description = policy.description;
    if (policy.libraries !== undefined) out.libraries = clone(policy.libraries);
    if (policy.max_clusters_per_user !== undefined) out.max_clusters_per_user = policy.max_clusters_per_user;
    if (policy.policy_family_id !== undefined) out.policy_family_id = policy.policy_family_id;
    if (policy.policy_family_definition_overrides !== undefined)
      out.policy_family_definition_overrides = policy.policy_family_definition_overrides;
    if (policy.auto_enforcement_config !== undefined)
      out.auto_enforcement_config = clone(policy.auto_enforcement_config);
    if (policy.is_default) out.is_default = true;
    if (policy.creator_user_name !== undefined) out.creator_user_name = policy.creator_user_name;
    return out;
  }
}

function optionalText(body: JsonObject, name: string): string | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw ApiError.invalidParameter(`Invalid value for ${name}: expected a string`);
  return v;
}

/** PolicyAutoEnforcementConfigPolicyAutoEnforcementEnforceMode (SDK types, §6). */
const ENFORCE_MODES = ['ENFORCE_IMMEDIATELY', 'WAIT_FOR_TERMINATION'];

/**
 * A policy's `auto_enforcement_config` (§6): absent or null turns auto enforcement off (an edit without it
 * removes it); an object, even empty, turns it on, with `enforce_mode` one of ENFORCE_MODES when given.
 */
function autoEnforcementConfig(value: JsonValue | undefined): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value))
    throw ApiError.invalidParameter('Invalid value for auto_enforcement_config: expected an object');
  for (const field of Object.keys(value))
    if (field !== 'enforce_mode')
      throw ApiError.invalidParameter(`Unknown field '${field}' in PolicyAutoEnforcementConfig.`);
  const mode = value.enforce_mode;
  if (mode !== undefined && (typeof mode !== 'string' || !ENFORCE_MODES.includes(mode)))
    throw ApiError.invalidParameter(
      `Invalid value '${String(mode)}' for auto_enforcement_config.enforce_mode: expected one of ${ENFORCE_MODES.join(', ')}.`,
    );
  return clone(value);
}

const LIBRARY_TYPES = ['jar', 'whl', 'egg', 'requirements', 'pypi', 'maven', 'cran'];

/** A Library has exactly one of the known keys (§7). */
function validateLibrary(library: JsonValue): void {
  if (!isJsonObject(library)) throw ApiError.invalidParameter('Each library must be an object.');
  const keys = Object.keys(library);
  if (keys.length !== 1 || !LIBRARY_TYPES.includes(keys[0]))
    throw ApiError.invalidParameter(
      `A library must have exactly one of ${LIBRARY_TYPES.join(', ')}; got ${keys.join(', ') || 'none'}.`,
    );
}
