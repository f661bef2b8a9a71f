import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DatabricksClient } from '../../src/databricks/client.js';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { runApply, type ApplyResult } from '../../src/modes/apply.js';
import { keyFromName } from '../../src/plan/references.js';
import { destinationSecretName } from '../../src/resources/notification-destinations.js';
import { runExport, type ExportResult } from '../../src/modes/export.js';
import { RunReport } from '../../src/report/report.js';
import { parseSettings } from '../../src/settings.js';
import { SnapshotSource } from '../../src/snapshot/source.js';
import { MemoryLog } from '../../src/util/log.js';

/** Shared plumbing for tests that run the real core against emulators over HTTP on 127.0.0.1. */

export async function tempDir(prefix = 'dr-test-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

export function clientFor(emulator: Emulator, concurrency = 8, log = new MemoryLog()): DatabricksClient {
  return new DatabricksClient({
    host: emulator.url,
    credentials: { headers: async () => ({ Authorization: `Bearer ${emulator.token}` }) },
    concurrency,
    log,
    // Tests must not sleep for real on throttling: backoff is kept short but real.
    retry: { baseDelayMs: 5, maxDelayMs: 200, maxAttempts: 12, budgetMs: 60_000 },
    timeoutMs: 10_000,
  });
}

export async function withEmulators<T>(
  fn: (primary: Emulator, secondary: Emulator) => Promise<T>,
  options: EmulatorOptions = {},
): Promise<T> {
  const primary = await startEmulator(options);
  const secondary = await startEmulator({ ...options, seed: (options.seed ?? 1) + 1000 });
  try {
    return await fn(primary, secondary);
  } finally {
    await primary.stop();
    await secondary.stop();
  }
}

/** Exports into `repoDir/<snapshotPath>` without git (commit: false) unless `inputs` say otherwise. */
export async function exportWorkspace(
  client: DatabricksClient,
  repoDir: string,
  inputs: Record<string, string> = {},
): Promise<ExportResult> {
  const settings = parseSettings(
    (name) => ({ mode: 'export', commit: 'false', push: 'false', ...inputs })[name],
    repoDir,
  );
  return runExport(settings, { client, log: new MemoryLog() });
}

export async function applySnapshot(
  client: DatabricksClient,
  snapshotDir: string,
  options: Partial<{
    prune: boolean;
    allowReplace: boolean;
    dryRun: boolean;
    startClusters: boolean;
    permissions: 'all' | 'none';
    secretValues: Record<string, string>;
    /** Waits of the apply (see ApplyContext.sleep), e.g. moving an emulator's clock. */
    sleep: (ms: number) => Promise<void>;
    log: MemoryLog;
  }> = {},
): Promise<ApplyResult & { report: RunReport }> {
  const snapshot = await SnapshotSource.fromDirectory(snapshotDir);
  const report = new RunReport();
  const { sleep, log = new MemoryLog(), ...rest } = options;
  const result = await runApply(
    snapshot,
    { client, log, report, sleep },
    { prune: false, allowReplace: false, dryRun: false, startClusters: false, ...rest },
  );
  return { ...result, report };
}

/** Every file under a folder with its bytes, for comparing two snapshots. */
export async function readTree(
  dir: string,
  skip: (rel: string) => boolean = () => false,
): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const walk = async (d: string, rel: string) => {
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (skip(r)) continue;
      if (e.isDirectory()) await walk(path.join(d, e.name), r);
      else out.set(r, await fs.readFile(path.join(d, e.name)));
    }
  };
  await walk(dir, '');
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * The secret values a restore gets from the `secrets` input: the primary's own (secret scopes' values and
 * notification destinations' input-only fields), since no export can read them.
 */
export function secretValuesOf(emulator: Emulator): Record<string, string> {
  const values: Record<string, string> = {};
  for (const scope of emulator.state.secrets.scopes.values())
    for (const key of scope.secrets.keys())
      values[`${scope.name}/${key}`] = String(emulator.state.secrets.value(scope.name, key));
  // A notification destination's input-only values, under the name apply looks them up by (the sample's
  // display names are unique, so each key is the one export gives).
  const destinations = emulator.state.notificationDestinations;
  for (const d of destinations.all())
    for (const [field, value] of Object.entries(destinations.secretsOf(d.id)))
      values[destinationSecretName(keyFromName(d.display_name), field)] = value;
  return values;
}
