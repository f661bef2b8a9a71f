import type { DatabricksClient } from '../databricks/client.js';
import { ApiError } from '../databricks/errors.js';
import { RunReport } from '../report/report.js';
import type { Settings } from '../settings.js';
import type { Log } from '../util/log.js';
import { runApply, type ApplyResult } from './apply.js';
import { describeExportError } from './export.js';
import { openSnapshot } from './plan.js';

export interface RestoreResult extends ApplyResult {
  report: RunReport;
  dryRun: boolean;
  /** The commit the snapshot was read from, when a `ref` was given. */
  commit?: string;
}

/** plan and apply from settings: opens the snapshot (working tree or `ref`), plans, and applies unless dry. */
export async function runPlanOrApply(
  settings: Settings,
  deps: { client: DatabricksClient; log: Log },
): Promise<RestoreResult> {
  const { snapshot, commit } = await openSnapshot(settings, deps.log);
  try {
    const report = new RunReport();
    const dryRun = settings.mode === 'plan' || settings.dryRun;
    const result = await runApply(
      snapshot,
      { ...deps, report },
      {
        prune: settings.prune,
        allowReplace: settings.allowReplace,
        skipUnrestorable: settings.skipUnrestorable,
        dryRun,
        startClusters: settings.startClusters,
        activateSchedules: settings.activateSchedules,
        pauseSchedules: settings.pauseSchedules,
        secretValues: settings.secretValues,
        forceSecretValues: settings.forceSecretValues,
        permissions: settings.permissions,
        words: settings.words,
      },
    );
    return { ...result, report, dryRun, commit };
  } catch (error) {
    // A bare answer ('Not Found') says nothing on its own: name the request, the status and the host.
    if (error instanceof ApiError)
      throw new Error(
        `${settings.mode} failed: ${describeExportError(error, deps.client.host, settings.words)}`,
        {
          cause: error,
        },
      );
    throw error;
  } finally {
    await snapshot.close();
  }
}
