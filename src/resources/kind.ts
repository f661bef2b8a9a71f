import type { DatabricksClient } from '../databricks/client.js';
import type { Wording } from '../inputs.js';
import type { Ref } from '../plan/references.js';
import type { FieldChange } from '../plan/diff.js';
import type { PlanAction, PlannedChange } from '../plan/plan.js';
import type { RunReport } from '../report/report.js';
import type { SnapshotWriter, SnapshotReader } from '../snapshot/store.js';
import type { SnapshotSource } from '../snapshot/source.js';
import type { JsonValue } from '../util/json.js';
import type { Log } from '../util/log.js';
import { Memo, type Slot } from '../util/memo.js';

export interface ExportOptions {
  /** Workspace roots to export. */
  workspacePaths: string[];
  /** Matches workspace paths to leave out. */
  exclude: (path: string) => boolean;
  /** DBFS files larger than this are not exported but reported as skipped. Default 100 MB. */
  dbfsMaxBytes?: number;
  /**
   * `none`: do not read permissions (they have no change signal, so reading them costs one request per
   * object on every run); export keeps the grants the last full export recorded, plan/apply leave them.
   */
  permissions?: PermissionsMode;
  /**
   * Only objects (of every kind but the workspace tree, which `workspacePaths` restricts) whose name this
   * accepts are exported; the others are not read further, as if absent. Set only by code, never by an input:
   * the live drill (src/live/drill.ts) exports just the objects it seeded in a real workspace.
   */
  includeName?: (kind: string, name: string) => boolean;
  /** Unity Catalog catalogs to export (input `uc-catalogs`); undefined: every one not system-owned. */
  ucCatalogs?: readonly string[];
  /** Whose words name an input in a message: the action's (default) or the CLI's (src/inputs.ts). */
  words?: Wording;
}

/** Why export left out an object it listed: the object was gone when export came to read it. */
export const DELETED_WHILE_EXPORTING = 'deleted while the export ran';

/**
 * Ids of objects already read, by kind, so that a kind read later can turn the ids it meets into
 * symbolic references (`${resources.<kind>.<key>.id}`) and back.
 */
export class RefIndex {
  private readonly byId = new Map<string, string>();
  private readonly byKey = new Map<string, JsonValue>();
  private readonly vanishedKeys = new Set<string>();

  /** `onAdd` hears of every id registered (export reads permissions ahead with it). */
  constructor(private readonly onAdd?: (kind: string, id: JsonValue, key: string) => void) {}

  add(kind: string, id: JsonValue, key: string): void {
    this.byId.set(`${kind}\0${String(id)}`, key);
    this.byKey.set(`${kind}\0${key}`, id);
    this.onAdd?.(kind, id, key);
  }

  keyOf(kind: string, id: JsonValue): string | undefined {
    return this.byId.get(`${kind}\0${String(id)}`);
  }

  idOf(kind: string, key: string): JsonValue | undefined {
    return this.byKey.get(`${kind}\0${key}`);
  }

  /**
   * Marks an object that export listed but found deleted when it came to read it (its read answered
   * not-found). It keeps its key and id, so every kind reads the same references whichever finished first;
   * but the snapshot has no file for it, so no grants are written for it, and an export whose files name
   * it fails (see `isVanished`).
   */
  markVanished(kind: string, key: string): void {
    this.vanishedKeys.add(`${kind}\0${key}`);
  }

  isVanished(kind: string, key: string): boolean {
    return this.vanishedKeys.has(`${kind}\0${key}`);
  }

  /**
   * Forgets an object: one deleted in a target between its listing and its read is absent, so nothing may
   * resolve a reference to its id.
   */
  remove(kind: string, key: string): void {
    const id = this.byKey.get(`${kind}\0${key}`);
    if (id === undefined) return;
    this.byKey.delete(`${kind}\0${key}`);
    if (this.byId.get(`${kind}\0${String(id)}`) === key) this.byId.delete(`${kind}\0${String(id)}`);
  }

  /** Every (key, id) registered for a kind, sorted by key: for kinds that act on other kinds' objects. */
  entries(kind: string): Array<[string, JsonValue]> {
    const prefix = `${kind}\0`;
    const out: Array<[string, JsonValue]> = [];
    for (const [k, id] of this.byKey) if (k.startsWith(prefix)) out.push([k.slice(prefix.length), id]);
    return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

/**
 * The state of one export, plan or apply that outlives one call of a kind: the target's principal directory
 * every identity kind and permissions read, listings started ahead, what was already reported. Made once per
 * run (export, plan; an apply goes on with its plan's) and carried on every context, so that two runs in one
 * process never see each other's. Each value is named by a `Slot` its module declares, with its type.
 */
export class RunCache extends Memo {
  /**
   * Whether `id` is new to `seen` in this run (then remembered): what plan and apply both meet is said once
   * per run, not twice.
   */
  firstTime(seen: Slot<Set<string>>, id: string): boolean {
    const done = this.get(seen, () => new Set<string>());
    if (done.has(id)) return false;
    done.add(id);
    return true;
  }
}

/** What a run's reads share: the client, the ids read so far and the run's cache. */
export interface RunScope {
  client: DatabricksClient;
  refs: RefIndex;
  run: RunCache;
}

interface BaseContext extends RunScope {
  log: Log;
  report: RunReport;
  options: ExportOptions;
}

export interface ExportContext extends BaseContext {
  /** The new snapshot, written to a staging folder and swapped in only when the whole export succeeded. */
  out: SnapshotWriter;
  /** The snapshot as it was before this run (empty on the first run), to skip unchanged content. */
  previous: SnapshotReader;
  /** Called once per object exported, for progress displays. */
  progress?: (kind: string, key: string) => void;
}

/**
 * Turns ids into references while normalizing. `ref(kind, id)` gives `${resources.<kind>.<key>.id}` for
 * an object read earlier, or undefined (the caller then keeps the id and warns).
 */
export interface Normalizer {
  ref(kind: string, id: JsonValue): string | undefined;
  warn(message: string): void;
}

/** The state an object should have, read from the snapshot. */
export interface DesiredObject {
  kind: string;
  key: string;
  /** Comparable form (symbolic references, no output-only fields). */
  spec: JsonValue;
  /** Objects it references (the dependency graph). */
  refs: Ref[];
  /** Snapshot file it came from, for messages. */
  source: string;
  /**
   * Why the object cannot be restored as its file says (it names an object that was not exported), when
   * `skipUnrestorable` let the snapshot through: apply skips it, and what needs it, with a manual step.
   */
  unrestorable?: string;
}

/**
 * An object as the target workspace has it, normalized exactly as export would write it. `Extra` is what
 * its kind read with it and needs later in the run (see `extra`).
 */
export interface ActualObject<Extra = unknown> {
  kind: string;
  key: string;
  id: JsonValue;
  spec: JsonValue;
  refs: Ref[];
  /** What to show in messages (an id, a path). */
  label: string;
  /**
   * What the kind read with the object beyond its spec and uses after readActual (the version afterApply
   * records, why prune must not delete it, the list entry planNotes looks at): never compared, never
   * written to a snapshot or a plan. Typed by the kind (`ResourceKind<Extra>`).
   */
  extra?: Extra;
}

export interface TargetContext extends BaseContext {
  /** The objects the snapshot wants, so a kind can skip reading what nobody asks about. */
  desired: DesiredObject[];
  /**
   * The apply options of this run, when planning for an apply: some parts of an object are only
   * compared when an option asks for them (jobs' schedules with activateSchedules / pauseSchedules).
   */
  applyOptions?: Partial<ApplyOptions>;
}

export interface ApplyContext extends BaseContext {
  snapshot: SnapshotSource;
  options: ExportOptions & ApplyOptions;
  /**
   * Pauses while apply waits for the target (a cluster to start before it can be edited). Default a timer;
   * tests pass one that moves the emulator's clock.
   */
  sleep?: (ms: number) => Promise<void>;
}

export type PermissionsMode = 'all' | 'none';

export interface ApplyOptions {
  /** See ExportOptions.permissions. */
  permissions?: PermissionsMode;
  /** Start clusters that apply created (a DR copy should not burn money by default). */
  startClusters: boolean;
  /**
   * Cutover: give the target's jobs back the schedules, triggers and continuous runs recorded at export
   * (`jobs/<key>.schedule.json`), unpaused. Without it apply never makes a job run on its own.
   */
  activateSchedules?: boolean;
  /** Fail back: set every recorded schedule, trigger and continuous run of the target's jobs to PAUSED. */
  pauseSchedules?: boolean;
  /**
   * Secret values to restore, by `<scope>/<key>` (the `secrets` input). Values cannot be read back from a
   * workspace, so a value is put only where the target lacks the key, unless `forceSecretValues` is set.
   */
  secretValues?: Record<string, string>;
  /** Put every value of `secretValues` again, even where the target has the key (rotating a secret). */
  forceSecretValues?: boolean;
  /**
   * Restore everything else when a file names an object that was not exported (a notification
   * destination, a SQL query): that object is skipped with a manual step instead of refusing the snapshot.
   */
  skipUnrestorable?: boolean;
  /**
   * Verify's emulated restore only: a storage prefix or access connector that the Unity Catalog region
   * mapping leaves empty is kept as it is (the emulator has one region); a real restore refuses it.
   */
  unmappedStorageAsIs?: boolean;
  /** See ExportOptions.words. */
  words?: Wording;
}

/**
 * A change that only a person can make (a user the identity provider does not know): thrown by a kind's
 * apply after it put the step on the manual checklist. The apply counts the object as skipped, not failed,
 * so a known manual step does not fail every later run; objects that need it are skipped too.
 */
export class ManualStepError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ManualStepError';
  }
}

export interface ApplyRequest<Extra = unknown> {
  /** Every action of the plan but `no-op`, which apply never hands to a kind. */
  action: Exclude<PlanAction, 'no-op'>;
  key: string;
  desired?: DesiredObject;
  actual?: ActualObject<Extra>;
  /** The desired spec with every reference resolved to the target's ids. */
  resolved?: JsonValue;
  /**
   * A create whose spec names the object itself (a job whose run_job_task runs that job): `resolved` keeps
   * those references, which only the new object's id can resolve (see ConfigKindSpec.placeholder).
   */
  selfReferencing?: boolean;
  changes: FieldChange[];
}

/**
 * One Databricks resource kind (workspace tree, clusters, jobs, ...). The registry is the only list of
 * kinds; modes loop over it and never name a kind.
 */
export interface ResourceKind<Extra = unknown> {
  /** Name in reports and in `${resources.<name>.<key>.id}` references. */
  readonly name: string;
  /** Top-level folder of the snapshot this kind owns. */
  readonly folder: string;
  /** Writes the kind's objects into the new snapshot. */
  export(ctx: ExportContext): Promise<void>;
  /**
   * Starts the reads of this run that need no other kind (a list of several pages) while the kinds it
   * reads after are still being read; its export or readActual takes them.
   */
  prefetch?(scope: RunScope): void;
  /**
   * Reads and validates the kind's files in a snapshot; throws SnapshotError naming file and line.
   * `before` holds what the kinds before it in the registry read (permissions covers their objects).
   */
  readDesired(
    snapshot: SnapshotSource,
    options?: Partial<ApplyOptions>,
    before?: readonly DesiredObject[],
  ): Promise<DesiredObject[]>;
  /** Reads the target's objects of this kind and registers their ids in `ctx.refs`. */
  readActual(ctx: TargetContext): Promise<ActualObject<Extra>[]>;
  /**
   * The values of an object that name what the target workspace must offer to run it: node types and
   * Databricks runtime versions. The plan reads the target's lists once, when some object has such values,
   * and blocks the change of an object that uses a value the target lacks (a VM size another region does
   * not have), as it blocks an unrestorable one. Pure; `spec` is a snapshot object's.
   */
  catalogValues?(spec: JsonValue): CatalogValue[];
  /** Field changes that an edit cannot make: the plan shows a replace, which needs consent. */
  replaceFields?(changes: FieldChange[]): string[];
  /**
   * For kinds whose delete takes what is inside the object with it (a workspace folder: the Workspace API
   * deletes recursively): the key of the object that holds `key`, or undefined at the top. Prune then sends
   * one delete for the highest folder that is wholly gone instead of one per object inside it (at the
   * published 2 deletes/s, 5,000 notebooks would take 40 minutes; see collapseDeletes). Pure.
   */
  parentKey?(key: string): string | undefined;
  /** Objects that are never deleted even with prune (system folders, default policies). */
  protectedFromDelete?(actual: ActualObject<Extra>): string | undefined;
  /**
   * What replacing this target object would delete with it that no run can give back and that the plan
   * deletes nowhere else (a secret scope's values the snapshot cannot supply), or undefined. Such a replace
   * is held, even with allow-replace (see holdReplacesThatTakeMore). Pure.
   */
  replaceTakes?(actual: ActualObject<Extra>): string | undefined;
  /**
   * What the plan should say about a change beyond its fields (an edit restarts a running cluster). Pure;
   * `actual` is the object readActual returned.
   */
  planNotes?(change: PlannedChange, desired?: DesiredObject, actual?: ActualObject<Extra>): string[];
  /**
   * Parts of a target object that the snapshot lacks and an update keeps (a group's members, entitlements):
   * without prune they are kept and counted as unmanaged, like objects; some are kept even with prune
   * (the run's own identity, the last admin). Returns the spec to plan and apply with.
   */
  keepFromTarget?(desired: DesiredObject, actual: ActualObject<Extra>, prune: boolean): KeptParts;
  /** Makes one change; returns the id of a created object. */
  apply(ctx: ApplyContext, request: ApplyRequest<Extra>): Promise<JsonValue | undefined>;
  /**
   * Called once after every change of an apply ran (also when the plan had nothing to do, never on a dry
   * run), e.g. to record what the target now holds so that the next plan need not download it. Failures
   * here are warnings, never apply failures.
   */
  afterApply?(ctx: ApplyContext, outcome: ApplyOutcome<Extra>): Promise<void>;
}

/**
 * The target's lists of what compute can run on (reference §4; databricks-sdk-go service/compute/model.go):
 * clusters/list-node-types, spark-versions.
 */
export type CatalogName = 'node_types' | 'spark_versions';

/** A value of an object that must be in one of the target's lists (see ResourceKind.catalogValues). */
export interface CatalogValue {
  catalog: CatalogName;
  /** Where in the object, for messages: `job_clusters[gpu].new_cluster.node_type_id`. */
  path: string;
  value: string;
}

/** What an apply did to one kind's objects. */
export interface ApplyOutcome<Extra = unknown> {
  desired: DesiredObject[];
  actual: ActualObject<Extra>[];
  /** Keys whose plan was a no-op: the target already matched the snapshot. */
  unchanged: Set<string>;
  /** Keys created, updated or replaced successfully. */
  written: Set<string>;
}

/** What `keepFromTarget` decided for one object. */
export interface KeptParts {
  /** The desired spec with the kept parts of the target added. */
  spec: JsonValue;
  /** The parts kept only because prune is off, for the plan (e.g. `members.users "bob@example.com"`). */
  unmanaged: string[];
}
