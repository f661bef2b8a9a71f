import type { DatabricksClient } from '../databricks/client.js';
import type { PlannedChange } from '../plan/planner.js';
import { refId, resolveRefs } from '../plan/references.js';
import type { ApplyOptions } from '../resources/kind.js';
import { kindByName } from '../resources/registry.js';
import type { RunReport } from '../report/report.js';
import type { SnapshotSource } from '../snapshot/source.js';
import type { Log } from '../util/log.js';
import { computePlan, type Plan, type PlanOptions } from './plan.js';

export interface ApplyResult {
  plan: Plan;
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
  deps: { client: DatabricksClient; log: Log; report: RunReport },
  options: PlanOptions & ApplyOptions & { dryRun: boolean },
): Promise<ApplyResult> {
  const { client, log, report } = deps;
  const plan = await computePlan(snapshot, deps, options);
  if (options.dryRun || !plan.hasChanges) return { plan, applied: !options.dryRun, failed: 0 };

  // Objects that failed, and objects skipped because something they need failed: both block dependents.
  const failed = new Map<string, string>();
  const blocked = new Set<string>();
  for (const wave of plan.waves) {
    await Promise.all(
      wave.map(async (change) => {
        if (change.action === 'no-op') return;
        if (change.blocked) {
          report.count(change.kind, 'skipped');
          return;
        }
        const id = refId(change);
        const blocker = change.dependsOn.map(refId).find((d) => failed.has(d) || blocked.has(d));
        if (blocker) {
          blocked.add(id);
          report.skip(change.kind, change.key, `not applied: depends on ${blocker}, which failed`);
          return;
        }
        try {
          await applyOne(change, plan, { client, log, report, snapshot, options });
          const counter =
            change.action === 'delete' ? 'deleted' : change.action === 'create' ? 'created' : 'updated';
          report.count(change.kind, counter);
        } catch (error) {
          const message = (error as Error).message.split('\n')[0];
          failed.set(id, message);
          report.fail(change.kind, change.key, message);
          log.error(`${change.action} ${change.kind} ${change.key} failed: ${message}`);
        }
      }),
    );
  }
  return { plan, applied: true, failed: failed.size };
}

async function applyOne(
  change: PlannedChange,
  plan: Plan,
  ctx: {
    client: DatabricksClient;
    log: Log;
    report: RunReport;
    snapshot: SnapshotSource;
    options: ApplyOptions;
  },
): Promise<void> {
  const kind = kindByName(change.kind);
  if (!kind) throw new Error(`unknown kind ${change.kind}`);
  const id = refId(change);
  const desired = plan.desired.get(id);
  const actual = plan.actual.get(id);
  let resolved;
  if (desired) {
    const r = resolveRefs(desired.spec, (ref) => plan.refs.idOf(ref.kind, ref.key));
    if (r.unresolved.length)
      throw new Error(`unresolved reference \${resources.${r.unresolved[0].kind}.${r.unresolved[0].key}.id}`);
    resolved = r.value;
  }
  ctx.log.debug(`${change.action} ${change.kind} ${change.key}`);
  const newId = await kind.apply(
    {
      client: ctx.client,
      log: ctx.log,
      report: ctx.report,
      refs: plan.refs,
      snapshot: ctx.snapshot,
      options: { ...plan.scope, ...ctx.options },
    },
    {
      action: change.action as 'create' | 'update' | 'replace' | 'delete',
      key: change.key,
      desired,
      actual,
      resolved,
      changes: change.changes,
    },
  );
  if (newId !== undefined && newId !== null) plan.refs.add(change.kind, newId, change.key);
}
