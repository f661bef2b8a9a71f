import pLimit from 'p-limit';
import type { DatabricksClient } from '../databricks/client.js';
import { planWaves, type Plan, type PlannedChange } from '../plan/plan.js';
import { refId, resolveRefs } from '../plan/references.js';
import { ManualStepError, type ApplyOptions } from '../resources/kind.js';
import { KINDS, kindByName } from '../resources/registry.js';
import type { RunReport } from '../report/report.js';
import type { SnapshotSource } from '../snapshot/source.js';
import type { Log } from '../util/log.js';
import { computePlan, type PlanOptions, type PlanRun } from './plan.js';

/**
 * Enough to keep every budget of the client busy (its concurrency, 8 by default, and the requests waiting
 * for a paced budget), few enough that a wave's pending changes never weigh on memory.
 */
const CHANGES_AT_ONCE = 64;

export interface ApplyResult {
  plan: Plan;
  /** What the plan was computed from, and the target's ids after the apply. */
  run: PlanRun;
  /** False for a dry run. */
  applied: boolean;
  failed: number;
}

/**
 * Makes the target match the snapshot: plans (reading and validating everything first), then executes the
 * plan wave by wave. A failed object does not stop the others, but everything that depends on it is
 * skipped; every failure is reported and the result says how many there were.
 */
export async function runApply(
  snapshot: SnapshotSource,
  deps: {
    client: DatabricksClient;
    log: Log;
    report: RunReport;
    /** See ApplyContext.sleep. */
    sleep?: (ms: number) => Promise<void>;
  },
  options: PlanOptions & ApplyOptions & { dryRun: boolean },
): Promise<ApplyResult> {
  const { client, log, report, sleep } = deps;
  const { plan, run } = await computePlan(snapshot, deps, options);
  if (options.dryRun) return { plan, run, applied: false, failed: 0 };

  // Objects that failed, and objects skipped because something they need failed: both block dependents.
  const failed = new Map<string, string>();
  const blocked = new Set<string>();
  const written = new Set<string>();
  const deletedAfter = dependentDeletes(plan.changes);
  // Deletes that a folder's recursive delete makes (collapseDeletes): they send nothing and share its fate.
  const goesWith = new Map<string, PlannedChange[]>();
  for (const c of plan.changes) {
    if (c.deletedWith === undefined) continue;
    const top = refId({ kind: c.kind, key: c.deletedWith });
    goesWith.set(top, [...(goesWith.get(top) ?? []), c]);
  }
  // Changes of a wave in flight at once. The client runs `concurrency` requests; the rest of a wave of
  // 10,000 imports or grants waits here as a closure each, not inside the client with its body built.
  const inFlight = pLimit(CHANGES_AT_ONCE);
  for (const wave of plan.hasChanges ? planWaves(plan) : []) {
    await Promise.all(
      wave.map((change) =>
        inFlight(async () => {
          if (change.action === 'no-op' || change.deletedWith !== undefined) return;
          const id = refId(change);
          if (change.blocked) {
            // A delete that will not run keeps what it depends on (its folder, say) alive too; an object that
            // cannot be created holds back what needs it.
            if (change.action === 'delete' || (change.unrestorable && change.action === 'create'))
              blocked.add(id);
            if (change.unrestorable) {
              report.skip(change.kind, change.key, change.blocked);
              report.manual.push({
                kind: change.kind,
                key: change.key,
                reason: `restore ${change.kind} ${change.key} by hand: ${change.blocked.replace(/^not restorable: /, '')}`,
              });
              log.warning(`${change.action} ${change.kind} ${change.key} skipped: ${change.blocked}`);
            } else report.count(change.kind, 'skipped');
            return;
          }
          // A create or update needs what it references; a delete needs its dependents gone first (deleting
          // a folder whose child could not be deleted would take the child with it).
          const needs =
            change.action === 'delete'
              ? (deletedAfter.get(id) ?? [])
              : change.dependsOn.filter((d) => !d.soft).map(refId);
          const blocker = needs.find((d) => failed.has(d) || blocked.has(d));
          if (blocker) {
            blocked.add(id);
            const why = failed.has(blocker) ? 'failed' : 'was not applied';
            report.skip(
              change.kind,
              change.key,
              change.action === 'delete'
                ? `not deleted: ${blocker} depends on it, and its delete ${why}`
                : `not applied: depends on ${blocker}, which ${why}`,
            );
            return;
          }
          try {
            await applyOne(change, run, { client, log, report, snapshot, options, sleep });
            written.add(id);
            const counter =
              change.action === 'delete' ? 'deleted' : change.action === 'create' ? 'created' : 'updated';
            report.count(change.kind, counter);
            for (const inner of goesWith.get(id) ?? []) {
              written.add(refId(inner));
              report.count(inner.kind, 'deleted');
            }
          } catch (error) {
            const message = (error as Error).message.split('\n')[0];
            for (const inner of goesWith.get(id) ?? [])
              report.skip(
                inner.kind,
                inner.key,
                `not deleted: the delete of ${change.key}, which holds it, failed`,
              );
            if (error instanceof ManualStepError) {
              blocked.add(id);
              report.skip(change.kind, change.key, message);
              log.warning(`${change.action} ${change.kind} ${change.key} skipped: ${message}`);
              return;
            }
            failed.set(id, message);
            report.fail(change.kind, change.key, message);
            log.error(`${change.action} ${change.kind} ${change.key} failed: ${message}`);
          }
        }),
      ),
    );
  }
  await afterApply(plan, run, written, { client, log, report, snapshot, options });
  return { plan, run, applied: true, failed: failed.size };
}

/**
 * For each delete, the deletes of objects that depend on it: the reverse of their dependsOn edges, since
 * deletes run dependents first.
 */
function dependentDeletes(changes: PlannedChange[]): Map<string, string[]> {
  const deletes = new Set(changes.filter((c) => c.action === 'delete').map(refId));
  const out = new Map<string, string[]>();
  for (const c of changes) {
    if (c.action !== 'delete') continue;
    for (const d of c.dependsOn) {
      const target = refId(d);
      if (d.soft || !deletes.has(target) || target === refId(c)) continue;
      out.set(target, [...(out.get(target) ?? []), refId(c)]);
    }
  }
  return out;
}

/** Lets each kind record what the target now holds; a failure there is a warning, not a failed apply. */
async function afterApply(
  plan: Plan,
  run: PlanRun,
  written: Set<string>,
  ctx: {
    client: DatabricksClient;
    log: Log;
    report: RunReport;
    snapshot: SnapshotSource;
    options: ApplyOptions;
  },
): Promise<void> {
  for (const kind of KINDS) {
    if (!kind.afterApply) continue;
    const mine = plan.changes.filter((c) => c.kind === kind.name);
    const outcome = {
      desired: [...run.desired.values()].filter((d) => d.kind === kind.name),
      actual: [...run.actual.values()].filter((a) => a.kind === kind.name),
      unchanged: new Set(mine.filter((c) => c.action === 'no-op').map((c) => c.key)),
      written: new Set(mine.filter((c) => written.has(refId(c))).map((c) => c.key)),
    };
    try {
      await kind.afterApply(
        { ...ctx, refs: run.refs, run: run.cache, options: { ...run.scope, ...ctx.options } },
        outcome,
      );
    } catch (error) {
      ctx.log.warning(`${kind.name}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
}

async function applyOne(
  change: PlannedChange,
  run: PlanRun,
  ctx: {
    client: DatabricksClient;
    log: Log;
    report: RunReport;
    snapshot: SnapshotSource;
    options: ApplyOptions;
    sleep?: (ms: number) => Promise<void>;
  },
): Promise<void> {
  const kind = kindByName(change.kind);
  if (!kind) throw new Error(`unknown kind ${change.kind}`);
  if (change.action === 'no-op') return;
  const id = refId(change);
  const desired = run.desired.get(id);
  const actual = run.actual.get(id);
  let resolved;
  let selfReferencing = false;
  if (desired) {
    const r = resolveRefs(desired.spec, (ref) => run.refs.idOf(ref.kind, ref.key));
    // A reference to the object itself resolves once it exists: the kind creates it, then sets them.
    const others = r.unresolved.filter((u) => u.kind !== change.kind || u.key !== change.key);
    if (others.length)
      throw new Error(`unresolved reference \${resources.${others[0].kind}.${others[0].key}.id}`);
    selfReferencing = r.unresolved.length > 0;
    resolved = r.value;
  }
  ctx.log.debug(`${change.action} ${change.kind} ${change.key}`);
  const newId = await kind.apply(
    {
      client: ctx.client,
      log: ctx.log,
      report: ctx.report,
      refs: run.refs,
      run: run.cache,
      snapshot: ctx.snapshot,
      options: { ...run.scope, ...ctx.options },
      sleep: ctx.sleep,
    },
    {
      action: change.action,
      key: change.key,
      desired,
      actual,
      resolved,
      ...(selfReferencing ? { selfReferencing } : {}),
      changes: change.changes,
    },
  );
  if (newId !== undefined && newId !== null) run.refs.add(change.kind, newId, change.key);
}
