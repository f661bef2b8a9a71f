import type { JsonValue } from '../util/json.js';
import { diffJson, type FieldChange } from './diff.js';
import type { PlannedChange } from './plan.js';
import { refId, type Ref } from './references.js';

/**
 * The pure planner: desired state (the snapshot) against actual state (the target, read through the same
 * normalizer as export) gives each kind's changes, ordered in waves (see Plan in plan.ts). No I/O here.
 */

export interface PlanObject {
  kind: string;
  key: string;
  spec: JsonValue;
  refs: Ref[];
  /** A file (desired) or an id/path (actual), for messages. */
  label: string;
  /** Desired only: why it cannot be restored (see DesiredObject.unrestorable); its change is blocked. */
  unrestorable?: string;
}

export interface KindPlanOptions {
  prune: boolean;
  allowReplace: boolean;
  /** Only these target objects may ever be deleted (e.g. under the exported roots). */
  deletable: (obj: PlanObject) => string | undefined;
  /** Field paths that cannot change in place. */
  replaceFields?: (changes: FieldChange[]) => string[];
}

export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

function indexByKey(objects: PlanObject[], side: string): Map<string, PlanObject> {
  const map = new Map<string, PlanObject>();
  for (const o of objects) {
    const other = map.get(o.key);
    if (other)
      throw new PlanError(
        `two ${o.kind} objects in the ${side} have the key '${o.key}': ${other.label} and ${o.label}; rename one of them`,
      );
    map.set(o.key, o);
  }
  return map;
}

/** Plans one kind. Objects are matched by natural key; a duplicate key stops the plan, never a guess. */
export function planKind(
  desired: PlanObject[],
  actual: PlanObject[],
  options: KindPlanOptions,
): PlannedChange[] {
  const want = indexByKey(desired, 'snapshot');
  const have = indexByKey(actual, 'target workspace');
  const out: PlannedChange[] = [];
  for (const [key, d] of want) {
    const a = have.get(key);
    if (d.unrestorable) {
      const changes = diffJson(a?.spec, d.spec);
      out.push({
        kind: d.kind,
        key,
        action: a ? (changes.length ? 'update' : 'no-op') : 'create',
        changes,
        dependsOn: d.refs,
        ...(changes.length ? { blocked: `not restorable: ${d.unrestorable}`, unrestorable: true } : {}),
      });
      continue;
    }
    if (!a) {
      out.push({
        kind: d.kind,
        key,
        action: 'create',
        changes: diffJson(undefined, d.spec),
        dependsOn: d.refs,
      });
      continue;
    }
    const changes = diffJson(a.spec, d.spec);
    if (changes.length === 0) {
      out.push({ kind: d.kind, key, action: 'no-op', changes, dependsOn: d.refs });
      continue;
    }
    const fixed = options.replaceFields?.(changes) ?? [];
    if (fixed.length > 0) {
      out.push({
        kind: d.kind,
        key,
        action: 'replace',
        changes,
        dependsOn: d.refs,
        note: `${fixed.join(', ')} cannot change in place`,
        blocked: options.allowReplace
          ? undefined
          : `replacing needs consent: set allow-replace (${fixed.join(', ')} changed)`,
      });
    } else out.push({ kind: d.kind, key, action: 'update', changes, dependsOn: d.refs });
  }
  for (const [key, a] of have) {
    if (want.has(key)) continue;
    const protectedWhy = options.deletable(a);
    if (protectedWhy) continue;
    out.push({
      kind: a.kind,
      key,
      action: 'delete',
      changes: diffJson(a.spec, undefined),
      dependsOn: a.refs,
      blocked: options.prune ? undefined : 'not in the snapshot; deleting needs prune',
    });
  }
  return out.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}

/**
 * A replace deletes the target's object before making it anew, and a delete takes with it what depends on
 * it: a folder's contents (the Workspace API deletes recursively), a pool's clusters (left naming a pool
 * that is gone). So a replace may delete, or break, only what the plan deletes anyway: every delete that
 * depends on the replaced object, directly or through other deletes, must be one that runs (prune is on),
 * and `loses` (the kind's say: the object is never deleted, a folder holding a Git folder; or it holds what
 * no run can give back, a secret scope's values) must have nothing to say. Otherwise the replace is held,
 * naming what it would take with it, even with allow-replace: a consent flag never widens what another flag
 * guards (issue 13, item 1). Mutates `changes`.
 */
export function holdReplacesThatTakeMore(
  changes: PlannedChange[],
  loses: (change: PlannedChange) => string | undefined,
): void {
  const dependentDeletes = new Map<string, PlannedChange[]>();
  for (const c of changes) {
    if (c.action !== 'delete') continue;
    for (const d of c.dependsOn) {
      if (d.soft || refId(d) === refId(c)) continue;
      dependentDeletes.set(refId(d), [...(dependentDeletes.get(refId(d)) ?? []), c]);
    }
  }
  for (const c of changes) {
    if (c.action !== 'replace') continue;
    const reasons: string[] = [];
    const lost = loses(c);
    if (lost) reasons.push(lost);
    // Everything that would go with it, through any depth of folders.
    const kept: string[] = [];
    const seen = new Set<string>([refId(c)]);
    const queue = [refId(c)];
    while (queue.length) {
      for (const dep of dependentDeletes.get(queue.shift() as string) ?? []) {
        if (seen.has(refId(dep))) continue;
        seen.add(refId(dep));
        queue.push(refId(dep));
        if (dep.blocked) kept.push(dep.kind === c.kind ? dep.key : refId(dep));
      }
    }
    if (kept.length) {
      kept.sort();
      const shown = kept.slice(0, 5).join(', ') + (kept.length > 5 ? ` and ${kept.length - 5} more` : '');
      reasons.push(
        `replacing it would delete ${shown} too, which ${kept.length > 1 ? 'are' : 'is'} not in the snapshot: set prune as well to delete ${kept.length > 1 ? 'them' : 'it'}, or move ${kept.length > 1 ? 'them' : 'it'} out first`,
      );
    }
    if (!reasons.length) continue;
    c.blocked = [c.blocked, ...reasons].filter(Boolean).join('; ');
    // Without allow-replace the consent is what the plan line asks for first.
    if (!c.blocked.startsWith('replacing needs consent')) c.held = true;
  }
}

/**
 * Orders changes so that everything an object references is created or updated before it, and deletes run
 * afterwards in reverse (dependents first). Returns waves: the changes in one wave do not depend on each
 * other and may run concurrently. A cycle is an error naming an edge of it.
 */
export function orderChanges(changes: PlannedChange[], kindOrder: string[]): PlannedChange[][] {
  const rank = (c: PlannedChange) => kindOrder.indexOf(c.kind);
  const byId = new Map(changes.map((c) => [refId(c), c]));
  const sortWave = (w: PlannedChange[]) =>
    w.sort((a, b) => rank(a) - rank(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  const layered = (items: PlannedChange[], reverse: boolean): PlannedChange[][] => {
    const set = new Set(items.map(refId));
    const deps = new Map<string, string[]>();
    for (const c of items) {
      const edges = c.dependsOn.map(refId).filter((id) => set.has(id) && id !== refId(c));
      if (!reverse) deps.set(refId(c), edges);
      else for (const e of edges) deps.set(e, [...(deps.get(e) ?? []), refId(c)]);
    }
    const level = new Map<string, number>();
    const visiting = new Set<string>();
    const visit = (id: string, from?: string): number => {
      const known = level.get(id);
      if (known !== undefined) return known;
      if (visiting.has(id))
        throw new PlanError(`reference cycle: ${from} -> ${id} (and back); break the cycle in the snapshot`);
      visiting.add(id);
      let l = 0;
      for (const d of deps.get(id) ?? []) l = Math.max(l, visit(d, id) + 1);
      visiting.delete(id);
      level.set(id, l);
      return l;
    };
    const waves: PlannedChange[][] = [];
    for (const c of items) {
      const l = visit(refId(c));
      (waves[l] ??= []).push(byId.get(refId(c)) ?? c);
    }
    return waves.filter(Boolean).map(sortWave);
  };

  const forward = changes.filter((c) => c.action !== 'delete');
  const deletes = changes.filter((c) => c.action === 'delete');
  return [...layered(forward, false), ...layered(deletes, true)];
}

/**
 * Deletes that one recursive delete makes: when prune removes a folder with everything in it, only the
 * highest folder that is wholly gone needs a request (the Workspace API deletes recursively), so the others
 * get `deletedWith` (its key) and it gets `deletesWithIt` (their count). A folder holding a delete that will
 * not run (prune off, outside the roots, protected) is never a container, nor is any folder above it: its
 * objects keep their own deletes, as before. `parentKey` is the kind's (ResourceKind.parentKey), undefined
 * for kinds whose deletes take nothing with them. Mutates `changes`.
 */
export function collapseDeletes(
  changes: PlannedChange[],
  parentKey: (kind: string) => ((key: string) => string | undefined) | undefined,
): void {
  const byKind = new Map<string, Map<string, PlannedChange>>();
  for (const c of changes) {
    if (c.action !== 'delete' || !parentKey(c.kind)) continue;
    let deletes = byKind.get(c.kind);
    if (!deletes) byKind.set(c.kind, (deletes = new Map()));
    deletes.set(c.key, c);
  }
  for (const [kind, deletes] of byKind) {
    const parentOf = parentKey(kind) as (key: string) => string | undefined;
    // Folders above a delete that will not run: deleting them would take that object too.
    const holdsKept = new Set<string>();
    for (const c of deletes.values()) {
      if (!c.blocked) continue;
      for (let p = parentOf(c.key); p !== undefined && !holdsKept.has(p); p = parentOf(p)) holdsKept.add(p);
    }
    const runs = (key: string | undefined): key is string =>
      key !== undefined && !holdsKept.has(key) && deletes.get(key)?.blocked === undefined && deletes.has(key);
    const counts = new Map<string, number>();
    for (const c of deletes.values()) {
      if (c.blocked || holdsKept.has(c.key)) continue;
      let top: string | undefined;
      for (let p = parentOf(c.key); runs(p); p = parentOf(p)) top = p;
      if (top === undefined) continue;
      c.deletedWith = top;
      counts.set(top, (counts.get(top) ?? 0) + 1);
    }
    for (const [top, n] of counts) (deletes.get(top) as PlannedChange).deletesWithIt = n;
  }
}
