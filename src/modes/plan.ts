import { theOf, type Wording } from '../inputs.js';
import type { DatabricksClient } from '../databricks/client.js';
import {
  collapseDeletes,
  holdReplacesThatTakeMore,
  orderChanges,
  planKind,
  PlanError,
} from '../plan/planner.js';
import { planFromWaves, type Plan, type PlannedChange } from '../plan/plan.js';
import { refId, refString, resolveRefs, type Ref } from '../plan/references.js';
import { diffJson } from '../plan/diff.js';
import {
  RefIndex,
  RunCache,
  type ActualObject,
  type ApplyOptions,
  type CatalogValue,
  type DesiredObject,
  type ExportOptions,
} from '../resources/kind.js';
import { catalogsNeeded, readCatalogs, unavailable, type Catalogs } from '../resources/target-catalog.js';
import { forEachKind, kindByName, KINDS } from '../resources/registry.js';
import { outsideCatalogScope } from '../resources/unity-catalog.js';
import type { RunReport } from '../report/report.js';
import { GIT_ATTRIBUTES_FILE, isUnder, normalizeWorkspacePath } from '../snapshot/layout.js';
import { EXPORT_STATE_FILE } from '../snapshot/store.js';
import { SnapshotError, SnapshotSource } from '../snapshot/source.js';
import { GitRepo } from '../git/git.js';
import * as path from 'node:path';
import { isJsonObject } from '../util/json.js';
import type { Log } from '../util/log.js';
import picomatch from 'picomatch';
import { SNAPSHOT_META_FILE } from './export.js';
import { WORKSPACE_CATALOG_FILE } from '../resources/workspace-catalog.js';

export interface PlanOptions {
  prune: boolean;
  allowReplace: boolean;
}

/**
 * What executing a plan needs beyond the plan (a plain value, see Plan in plan/plan.ts): the objects the
 * plan was computed from and the target's ids. Lives for one run; never written anywhere.
 */
export interface PlanRun {
  /** The snapshot's objects as planned (with what keepFromTarget kept of the target), by `kind.key`. */
  desired: Map<string, DesiredObject>;
  /** The target's objects as read, by `kind.key`: what a kind's apply and afterApply get. */
  actual: Map<string, ActualObject>;
  /** The target's ids by kind and key, resolving references; apply adds the ids of what it creates. */
  refs: RefIndex;
  /** The run's cache (see RunCache): the apply of this plan goes on with it. */
  cache: RunCache;
  /** The snapshot's roots and exclusions. */
  scope: ExportOptions;
}

/** What the snapshot says about itself: the roots it was exported from and the patterns it left out. */
export async function readSnapshotMeta(
  snapshot: SnapshotSource,
): Promise<ExportOptions & { roots: string[] }> {
  if (!snapshot.has(SNAPSHOT_META_FILE))
    throw new SnapshotError(
      SNAPSHOT_META_FILE,
      `missing in ${snapshot.origin}: not a databricks-dr snapshot (run an export first)`,
    );
  const meta = await snapshot.readJson(SNAPSHOT_META_FILE);
  if (!isJsonObject(meta) || meta.format !== 1)
    throw new SnapshotError(SNAPSHOT_META_FILE, 'unknown snapshot format');
  const roots = meta.workspace_paths;
  const exclude = meta.exclude ?? [];
  if (!Array.isArray(roots) || !roots.every((r) => typeof r === 'string' && r.startsWith('/')))
    throw new SnapshotError(
      SNAPSHOT_META_FILE,
      "'workspace_paths' must be a list of absolute workspace paths",
    );
  if (!Array.isArray(exclude) || !exclude.every((p) => typeof p === 'string'))
    throw new SnapshotError(SNAPSHOT_META_FILE, "'exclude' must be a list of glob patterns");
  const matcher = exclude.length ? picomatch(exclude as string[], { dot: true }) : undefined;
  const list = roots.map((r) => normalizeWorkspacePath(r as string));
  const catalogs = meta.uc_catalogs;
  if (catalogs !== undefined && (!Array.isArray(catalogs) || !catalogs.every((c) => typeof c === 'string')))
    throw new SnapshotError(SNAPSHOT_META_FILE, "'uc_catalogs' must be a list of catalog names");
  return {
    roots: list,
    workspacePaths: list,
    exclude: (p) => (matcher ? matcher(p) : false),
    ...(catalogs ? { ucCatalogs: catalogs as string[] } : {}),
  };
}

/**
 * A snapshot exported with a name filter (`only_names`, the live drill's) holds a few objects of each kind,
 * not the workspace: prune would delete everything else in the target. Refused before anything is read.
 */
async function refusePruneOfPartialSnapshot(snapshot: SnapshotSource, prune: boolean): Promise<void> {
  if (!prune) return;
  const meta = await snapshot.readJson(SNAPSHOT_META_FILE);
  if (isJsonObject(meta) && meta.only_names !== undefined)
    throw new SnapshotError(
      SNAPSHOT_META_FILE,
      `this snapshot holds only the objects named ${JSON.stringify(meta.only_names)}, not the workspace: prune would delete every other object of the target; apply it without prune`,
    );
}

/** Refuses folders no kind owns: an unknown kind is an error, not something to ignore. */
function checkLayout(snapshot: SnapshotSource): void {
  const folders = new Set(KINDS.map((k) => k.folder));
  for (const file of snapshot.files) {
    const top = file.split('/')[0];
    if (file.includes('/')) {
      if (!folders.has(top))
        throw new SnapshotError(file, `unknown kind '${top}': no resource kind owns this folder`);
    } else if (
      ![SNAPSHOT_META_FILE, EXPORT_STATE_FILE, GIT_ATTRIBUTES_FILE, WORKSPACE_CATALOG_FILE].includes(file) &&
      !/\.(md|txt)$/i.test(file)
    ) {
      throw new SnapshotError(file, 'unexpected file at the top of the snapshot');
    }
  }
}

/**
 * Reads and validates the whole snapshot, reads the target through the same normalizers, and plans every
 * kind. Nothing is written. Every reference must resolve, to an object of the snapshot or of the target.
 * Returns the plan (data) and what executing it needs (the run).
 */
export async function computePlan(
  snapshot: SnapshotSource,
  deps: { client: DatabricksClient; log: Log; report: RunReport },
  // The apply options (when planning for an apply) reach readDesired and readActual, so the plan shows
  // what an option changes (e.g. activateSchedules adds the recorded schedules to the jobs) as changes.
  options: PlanOptions & Partial<ApplyOptions>,
): Promise<{ plan: Plan; run: PlanRun }> {
  checkLayout(snapshot);
  const scope = { ...(await readSnapshotMeta(snapshot)), words: options.words };
  await refusePruneOfPartialSnapshot(snapshot, options.prune);
  const desired: DesiredObject[] = [];
  for (const kind of KINDS) desired.push(...(await kind.readDesired(snapshot, options, desired)));
  const desiredById = new Map(desired.map((d) => [refId(d), d]));
  // The node types and runtime versions the snapshot uses, read from the target beside its objects once
  // the first kind's read has proved the host and the credentials (see forEachKind).
  const catalogValues = desired.map((d) => kindByName(d.kind)?.catalogValues?.(d.spec) ?? []);
  let offered: Promise<Catalogs> | undefined;
  const readOffered = () => (offered ??= readCatalogs(deps.client, catalogsNeeded(catalogValues), deps.log));

  const refs = new RefIndex();
  const run = new RunCache();
  const actual: ActualObject[] = [];
  await forEachKind(
    async (kind) => {
      deps.log.info(`reading ${kind.name} in ${deps.client.host}...`);
      actual.push(
        ...(await kind.readActual({
          client: deps.client,
          log: deps.log,
          report: deps.report,
          refs,
          run,
          options: scope,
          desired,
          applyOptions: options,
        })),
      );
    },
    (kind) => {
      void readOffered();
      kind.prefetch?.({ client: deps.client, refs, run });
    },
  );
  const unresolved = desired.flatMap((d) =>
    d.refs
      .filter((r) => !desiredById.has(refId(r)) && refs.idOf(r.kind, r.key) === undefined)
      .map((r) => ({ source: d.source, ref: r })),
  );
  const describe = async ({ source, ref }: (typeof unresolved)[number]) =>
    `${await locateRef(snapshot, source, ref)}: ${refString(ref.kind, ref.key)} is neither in the snapshot nor in the target`;
  if (unresolved.length && options.skipUnrestorable) {
    // An outage: the object whose file names nothing restorable is skipped with a manual step (and what
    // needs it too), everything else is restored (issue 12, item 12).
    for (const [i, d] of desired.entries()) {
      if (d.unrestorable) continue;
      const first = unresolved.find((u) => u.source === d.source && d.refs.includes(u.ref));
      if (first) desired[i] = { ...d, refs: [], unrestorable: await describe(first) };
    }
  } else if (unresolved.length) {
    const first: string[] = [];
    for (const u of unresolved.slice(0, 5)) first.push(await describe(u));
    throw new PlanError(
      `${unresolved.length} unresolved reference(s), nothing applied: ${first.join('; ')} (fix the file, or set ${theOf('skip-unrestorable', options.words ?? 'action')} to restore everything else and leave these objects to manual steps)`,
    );
  }

  blockUnavailable(desired, catalogValues, await readOffered());
  const actualById = new Map(actual.map((a) => [refId(a), a]));
  const kept = keepFromTarget(desired, actualById, options.prune);
  for (const d of desired) desiredById.set(refId(d), d);
  const changes: PlannedChange[] = [];
  for (const kind of KINDS) {
    const toPlan = (o: DesiredObject | ActualObject) => ({
      kind: o.kind,
      key: o.key,
      spec: o.spec,
      refs: o.refs,
      label: 'source' in o ? o.source : o.label,
      ...('source' in o && o.unrestorable ? { unrestorable: o.unrestorable } : {}),
    });
    changes.push(
      ...planKind(
        desired.filter((d) => d.kind === kind.name).map(toPlan),
        actual.filter((a) => a.kind === kind.name).map(toPlan),
        {
          prune: options.prune,
          allowReplace: options.allowReplace,
          replaceFields: kind.replaceFields,
          deletable: (o) => {
            const a = actualById.get(refId(o));
            const why = a && kind.protectedFromDelete?.(a);
            if (why) return why;
            if (kind.name === 'workspace' && !scope.roots.some((r) => isUnder(o.key, r)))
              return 'outside the exported roots';
            const outside = a && outsideCatalogScope(kind.name, a, scope.ucCatalogs);
            if (outside) return outside;
            return undefined;
          },
        },
      ),
    );
  }
  for (const c of changes) if (kept.has(refId(c))) c.kept = kept.get(refId(c));
  holdReplacesThatTakeMore(changes, (c) => {
    const a = actualById.get(refId(c));
    const kind = kindByName(c.kind);
    if (!a || !kind) return undefined;
    const never = kind.protectedFromDelete?.(a);
    if (never) return `replacing deletes it first, which must never be: ${never}`;
    const takes = kind.replaceTakes?.(a);
    return takes && `replacing would also delete ${takes}`;
  });
  reapplyDependentsOfReplaced(changes, desiredById, refs);
  collapseDeletes(changes, (name) => kindByName(name)?.parentKey);
  for (const c of changes) {
    if (c.action === 'no-op') continue;
    const notes =
      kindByName(c.kind)?.planNotes?.(c, desiredById.get(refId(c)), actualById.get(refId(c))) ?? [];
    if (notes.length) c.note = [c.note, ...notes].filter(Boolean).join('; ');
  }
  const plan = planFromWaves(
    orderChanges(
      changes,
      KINDS.map((k) => k.name),
    ),
  );
  return { plan, run: { desired: desiredById, actual: actualById, refs, cache: run, scope } };
}

/**
 * An object that uses a node type or runtime version the target does not offer cannot be written there
 * (a DR region without a VM size): it becomes unrestorable, so its change is blocked in the plan and apply
 * skips it, and what needs it, each with a manual step. `values[i]` are `desired[i]`'s (see
 * ResourceKind.catalogValues). Replaces those objects in `desired`.
 */
function blockUnavailable(desired: DesiredObject[], values: CatalogValue[][], catalogs: Catalogs): void {
  desired.forEach((d, i) => {
    const why = d.unrestorable ? undefined : unavailable(values[i], catalogs);
    if (why) desired[i] = { ...d, unrestorable: `${d.source}: ${why}` };
  });
}

/**
 * Lets each kind keep parts of the target's objects that the snapshot lacks (a group's members): replaces
 * those desired objects in `desired` by the merged ones, which the plan and the apply both use, and returns
 * what was kept only because prune is off, by object.
 */
function keepFromTarget(
  desired: DesiredObject[],
  actual: Map<string, ActualObject>,
  prune: boolean,
): Map<string, string[]> {
  const unmanaged = new Map<string, string[]>();
  desired.forEach((d, i) => {
    const kind = kindByName(d.kind);
    const a = actual.get(refId(d));
    if (!kind?.keepFromTarget || !a) return;
    const parts = kind.keepFromTarget(d, a, prune);
    desired[i] = { ...d, spec: parts.spec };
    if (parts.unmanaged.length) unmanaged.set(refId(d), parts.unmanaged);
  });
  return unmanaged;
}

/**
 * A replaced object gets a new id, so an object whose references name it (a cluster or a policy on a
 * replaced instance pool) would keep the deleted id until a second apply. Its no-op or update becomes an
 * update, which runs after the replacement (it depends on it) with the references resolved to the new id;
 * the reference fields show as changes from the id being replaced. Mutates `changes`.
 */
export function reapplyDependentsOfReplaced(
  changes: PlannedChange[],
  desired: Map<string, DesiredObject>,
  refs: RefIndex,
): void {
  const replaced = new Set(changes.filter((c) => c.action === 'replace' && !c.blocked).map(refId));
  if (replaced.size === 0) return;
  for (const change of changes) {
    if ((change.action !== 'no-op' && change.action !== 'update') || change.blocked) continue;
    const names = change.dependsOn.map(refId).filter((id) => replaced.has(id));
    const d = desired.get(refId(change));
    if (names.length === 0 || !d) continue;
    const before = resolveRefs(d.spec, (r) =>
      replaced.has(refId(r)) ? refs.idOf(r.kind, r.key) : undefined,
    ).value;
    const known = new Set(change.changes.map((f) => f.path));
    change.changes = [...change.changes, ...diffJson(before, d.spec).filter((f) => !known.has(f.path))];
    change.action = 'update';
    change.note = `re-applied after ${names.join(', ')} is replaced (new id)`;
  }
}

/**
 * Where a reference is written, as `file:line`: in the object's file or in a side file beside it
 * (`jobs/etl.json`, `jobs/etl.schedule.json`); a reference implied by a key (a permissions entry) is found
 * by that key. Just the file when neither is found.
 */
async function locateRef(snapshot: SnapshotSource, source: string, ref: Ref): Promise<string> {
  const stem = source.replace(/\.json$/, '');
  const files = [source, ...snapshot.files.filter((f) => f !== source && f.startsWith(`${stem}.`))];
  for (const needle of [refString(ref.kind, ref.key), `"${ref.key}"`])
    for (const file of files) {
      const line = await snapshot.lineIn(file, needle);
      if (line) return `${file}:${line}`;
    }
  return source;
}

/**
 * The snapshot to plan from: the working tree as checked out, or any revision (point-in-time restore), with
 * the commit the revision resolved to (for the summary's link).
 */
export async function openSnapshot(
  settings: { repoDir: string; snapshotPath: string; ref?: string; words?: Wording },
  log: Log,
): Promise<{ snapshot: SnapshotSource; commit?: string }> {
  const repoDir = path.resolve(settings.repoDir);
  if (!settings.ref)
    return { snapshot: await SnapshotSource.fromWorkingTree(repoDir, settings.snapshotPath, settings.words) };
  const git = await GitRepo.open(repoDir, log, settings.words);
  const commit = await git.resolveRevision(settings.ref);
  log.info(`reading the snapshot at ${settings.ref} (${commit.slice(0, 12)})`);
  return { snapshot: await SnapshotSource.fromRevision(repoDir, commit, settings.snapshotPath), commit };
}
