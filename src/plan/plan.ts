import type { FieldChange } from './diff.js';
import type { Ref } from './references.js';

/**
 * The plan as a value: what will change in the target, in execution order, and nothing else. Plain data
 * (no maps, no functions, no reference to the run that computed it), so it can be rendered, written to
 * plan.json or compared as it is (field values may hold int64 ids as bigint: write it with toJson). What
 * executing it needs beyond it (the objects read, the target's ids) travels beside it (see PlanRun in
 * modes/plan.ts). Pure.
 */

/** The one action type: what a change does to a target object. A kind's apply gets every one but `no-op`. */
export type PlanAction = 'create' | 'update' | 'replace' | 'delete' | 'no-op';

export interface PlannedChange {
  kind: string;
  key: string;
  action: PlanAction;
  changes: FieldChange[];
  /** What must be applied before this (for deletes: what must be deleted after it). */
  dependsOn: Ref[];
  /** Why the change will not be made as things stand (e.g. a replace without consent). */
  blocked?: string;
  /** The change is blocked because the snapshot's object cannot be restored: a manual step. */
  unrestorable?: boolean;
  /**
   * A replace held back because deleting the target object would take with it what only prune may delete,
   * or what is never deleted (see holdReplacesThatTakeMore).
   */
  held?: boolean;
  /**
   * What the change does beyond its fields, for whoever reads the plan: why it is a replace, why an
   * unchanged object is re-applied, what a kind warns of (an edit restarts a running cluster).
   */
  note?: string;
  /**
   * Parts of the target object the snapshot lacks, left as they are because prune is off (a group's extra
   * members): counted as unmanaged, like the objects a delete would remove.
   */
  kept?: string[];
  /**
   * A delete that needs no request of its own: the delete of the folder `deletedWith` (a key of the same
   * kind), which runs, takes it (see collapseDeletes). Still counted as a delete.
   */
  deletedWith?: string;
  /** On such a folder's delete: how many objects inside it go with it. */
  deletesWithIt?: number;
}

export interface Plan {
  /** Every object's change, no-ops included, in execution order: wave after wave. */
  changes: PlannedChange[];
  /**
   * How many changes of `changes` each wave holds, in order. The changes of one wave do not depend on each
   * other and may run concurrently (see planWaves).
   */
  waveSizes: number[];
  counts: PlanCounts;
  /** The summary line (see planLine). */
  line: string;
  /**
   * Whether applying this plan would write anything: changes that will not be made (counts.blocked, e.g.
   * the unmanaged objects when prune is off) are in the plan line and outputs, not here.
   */
  hasChanges: boolean;
}

/** The plan of changes ordered in waves (see orderChanges). */
export function planFromWaves(waves: PlannedChange[][]): Plan {
  const changes = waves.flat();
  const counts = countChanges(changes);
  return {
    changes,
    waveSizes: waves.map((w) => w.length),
    counts,
    line: planLine(counts),
    hasChanges: counts.create + counts.update + counts.replace + counts.delete > 0,
  };
}

/** The plan's changes by wave, in order. */
export function planWaves(plan: Plan): PlannedChange[][] {
  let start = 0;
  return plan.waveSizes.map((n) => plan.changes.slice(start, (start += n)));
}

/** The changes a reader is shown: everything but no-ops, and no-ops that leave unmanaged parts of the target. */
export function shownChanges(plan: Plan): PlannedChange[] {
  return plan.changes.filter((c) => c.action !== 'no-op' || c.kept?.length);
}

/**
 * The changes a person reads line by line: those of shownChanges, but a folder deleted with everything in
 * it is one line with its count, not one line per object inside (plan.json still lists each).
 */
export function listedChanges(plan: Plan): PlannedChange[] {
  return shownChanges(plan).filter((c) => c.deletedWith === undefined);
}

export interface PlanCounts {
  create: number;
  update: number;
  replace: number;
  delete: number;
  'no-op': number;
  /**
   * Changes that will not be made as things stand: the unmanaged objects, the replaces without consent and
   * the objects that cannot be restored.
   */
  blocked: number;
  /** Objects of the snapshot that cannot be restored (skip-unrestorable): manual steps. */
  unrestorable: number;
  /** Replaces held back because they would delete what only prune may, or what is never deleted. */
  held: number;
  /**
   * Objects of the target that the snapshot does not have (workspace objects: under the exported roots),
   * and parts of objects (a group's members, a principal's entitlements), left alone because prune is off:
   * against the primary, what was added since the last export.
   */
  unmanaged: number;
}

export function countChanges(changes: PlannedChange[]): PlanCounts {
  const counts: PlanCounts = {
    create: 0,
    update: 0,
    replace: 0,
    delete: 0,
    'no-op': 0,
    blocked: 0,
    unrestorable: 0,
    held: 0,
    unmanaged: 0,
  };
  for (const c of changes) {
    if (!c.blocked) counts[c.action]++;
    else {
      counts.blocked++;
      if (c.unrestorable) counts.unrestorable++;
      else if (c.held) counts.held++;
      else if (c.action === 'delete') counts.unmanaged++;
    }
    counts.blocked += c.kept?.length ?? 0;
    counts.unmanaged += c.kept?.length ?? 0;
  }
  return counts;
}

/**
 * The summary line, whose shape never changes: `Plan: N to create, N to update, N to delete`. A replace
 * counts as one create and one delete, as Terraform counts it. Changes that will not be made are said in a
 * suffix, so a plan that leaves differences behind never reads as a clean one:
 * `Plan: 0 to create, 0 to update, 0 to delete (2 not deleted: prune is off)`.
 */
export function planLine(counts: PlanCounts): string {
  const line = `Plan: ${counts.create + counts.replace} to create, ${counts.update} to update, ${counts.delete + counts.replace} to delete`;
  const notes: string[] = [];
  if (counts.unmanaged) notes.push(`${counts.unmanaged} not deleted: prune is off`);
  if (counts.unrestorable) notes.push(`${counts.unrestorable} not restorable: see the manual steps`);
  if (counts.held) notes.push(`${counts.held} not replaced: it would delete what the snapshot lacks`);
  const unreplaced = counts.blocked - counts.unmanaged - counts.unrestorable - counts.held;
  if (unreplaced) notes.push(`${unreplaced} not replaced: allow-replace is off`);
  return notes.length ? `${line} (${notes.join('; ')})` : line;
}
