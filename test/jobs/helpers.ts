import * as path from 'node:path';
import type { DatabricksClient } from '../../src/databricks/client.js';
import type { Emulator } from '../../src/emulator/index.js';
import { runApply, type ApplyResult } from '../../src/modes/apply.js';
import { RunReport } from '../../src/report/report.js';
import { SnapshotSource } from '../../src/snapshot/source.js';
import type { JsonObject } from '../../src/util/json.js';
import { MemoryLog } from '../../src/util/log.js';
import { API_FIXTURES } from '../helpers/fixtures.js';

export const FIXTURES = path.join(API_FIXTURES, 'jobs');

/** Like the harness's applySnapshot, with the schedule switches (the harness's option type predates them). */
export async function applyJobs(
  client: DatabricksClient,
  snapshotDir: string,
  options: Partial<{
    activateSchedules: boolean;
    pauseSchedules: boolean;
    prune: boolean;
    dryRun: boolean;
    skipUnrestorable: boolean;
  }> = {},
): Promise<ApplyResult & { report: RunReport }> {
  const snapshot = await SnapshotSource.fromDirectory(snapshotDir);
  const report = new RunReport();
  const result = await runApply(
    snapshot,
    { client, log: new MemoryLog(), report },
    { prune: false, allowReplace: false, dryRun: false, startClusters: false, ...options },
  );
  return { ...result, report };
}

export function snapshotOf(repo: string): string {
  return path.join(repo, 'databricks');
}

/** The secondary's job settings by name. */
export function jobsByName(emulator: Emulator): Map<string, { id: number; settings: JsonObject }> {
  return new Map(
    emulator.state.jobs.all().map((j) => [String(j.settings.name), { id: j.job_id, settings: j.settings }]),
  );
}

/** Requests that change something (anything but GET). */
export function writes(emulator: Emulator): string[] {
  return emulator.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
}
