/**
 * The contract every registered kind keeps, tested kind by kind over the registry (as the Databricks CLI's
 * direct engine tests every resource it supports: databricks/cli, bundle/direct/dresources/all_test.go):
 * the sample workspace (src/emulator/sample*.ts) holds at least one object of the kind; export writes it to
 * git; apply restores it in an empty workspace; a second apply writes nothing; a plan finds no change;
 * and an export of the restored workspace gives the kind's files byte for byte. A kind registered tomorrow
 * is tested here the day it is registered, and fails by name while the sample has none of it.
 */
import { differences, makeRepoWithRemote, snapshotFiles } from '../../src/demo/demo.js';
import { seedSample } from '../../src/emulator/sample-all.js';
import { SNAPSHOT_META_FILE } from '../../src/modes/export.js';
import { runPlanOrApply, type RestoreResult } from '../../src/modes/restore.js';
import { KINDS } from '../../src/resources/registry.js';
import { MAPPING_FILE, UC_MAPPING } from '../../src/resources/unity-catalog-mapping.js';
import { parseSettings } from '../../src/settings.js';
import { MemoryLog } from '../../src/util/log.js';
import { writes } from '../jobs/helpers.js';
import { clientFor, exportWorkspace, secretValuesOf, tempDir, withEmulators } from '../helpers/harness.js';
import { commitSampleMapping, shareEverything } from '../helpers/uc.js';

interface RoundTrip {
  /** The first apply, to an empty workspace. */
  restored: RestoreResult;
  /** The second apply, and the requests that were not reads during it. */
  again: RestoreResult;
  writesAgain: string[];
  /** A plan after both. */
  planned: RestoreResult;
  /** The files of the primary's snapshot, and of an export of the restored workspace. */
  exported: Map<string, Buffer>;
  copied: Map<string, Buffer>;
}

let trip: RoundTrip;

beforeAll(async () => {
  trip = await withEmulators(async (primary, secondary) => {
    seedSample(primary);
    const base = await tempDir();
    const { repo } = await makeRepoWithRemote(base);
    const exported = await exportWorkspace(clientFor(primary), repo, { commit: 'true', push: 'true' });
    if (!exported.commitSha) throw new Error('the export committed nothing');
    const exportedFiles = await snapshotFiles(exported.snapshotDir);
    // The operator's one-time step before a restore: the Unity Catalog region mapping, here every storage
    // prefix and connector kept (so that the restored workspace exports to the same files).
    const mapped = await commitSampleMapping(repo, shareEverything);
    // The way the action restores: from the commit export pushed, with the secret values supplied and the
    // schedules on (a cutover), so that the restored workspace exports to the same files, schedules included.
    const run = (mode: 'apply' | 'plan') =>
      runPlanOrApply(
        parseSettings(
          (name) =>
            ({
              mode,
              ref: mapped,
              secrets: JSON.stringify(secretValuesOf(primary)),
              'activate-schedules': 'true',
            })[name],
          repo,
        ),
        { client: clientFor(secondary), log: new MemoryLog() },
      );
    const restored = await run('apply');
    secondary.clearRequests();
    const again = await run('apply');
    const writesAgain = writes(secondary);
    const planned = await run('plan');
    const copy = await exportWorkspace(clientFor(secondary), await tempDir());
    return {
      restored,
      again,
      writesAgain,
      planned,
      exported: exportedFiles,
      copied: await snapshotFiles(copy.snapshotDir),
    };
  });
}, 300_000);

describe.each(KINDS.map((k) => [k.name, k.folder]))('kind %s', (kind, folder) => {
  const changed = (result: RestoreResult) =>
    result.plan.changes
      .filter((c) => c.kind === kind && c.action !== 'no-op')
      .map((c) => `${c.action} ${c.key}${c.blocked ? ` (${c.blocked})` : ''}`);
  const writesCounted = (result: RestoreResult) => {
    const row = result.report.counts.get(kind);
    return row ? row.created + row.updated + row.deleted : 0;
  };
  const findings = (result: RestoreResult) =>
    [...result.report.failed, ...result.report.skipped]
      .filter((f) => f.kind === kind)
      .map((f) => `${f.key}: ${f.reason}`);

  test('the sample workspace holds one at least, and export writes it', () => {
    // The region mapping is a file the operator fills in, not a workspace object: its contract is that
    // export writes it (and the restore above read it: the UC kinds restored through it).
    if (kind === UC_MAPPING) {
      expect([...trip.exported.keys()]).toContain(MAPPING_FILE);
      return;
    }
    const objects = [...trip.restored.run.desired.values()].filter((d) => d.kind === kind);
    if (objects.length === 0)
      throw new Error(
        `the snapshot of the sample workspace holds no ${kind}: add one to the sample (src/emulator/sample*.ts, seedSample) so that the kind is tested, or see why export left it out`,
      );
  });

  test('apply restores it in an empty workspace, nothing failed or skipped', () => {
    expect(findings(trip.restored)).toEqual([]);
    expect(trip.restored.failed).toBe(0);
  });

  test('a second apply writes nothing and finds nothing to do', () => {
    expect(changed(trip.again)).toEqual([]);
    expect(writesCounted(trip.again)).toBe(0);
    expect(findings(trip.again)).toEqual([]);
  });

  test('a plan after it finds no change', () => {
    expect(changed(trip.planned)).toEqual([]);
  });

  test('the restored workspace exports to the same files', () => {
    const mine = (files: Map<string, Buffer>) =>
      new Map([...files].filter(([f]) => f.startsWith(`${folder}/`)));
    expect(differences(mine(trip.exported), mine(trip.copied), new Set())).toEqual([]);
  });
});

test('the second apply sends no request but reads, and the two exports differ in no other file', () => {
  expect(trip.writesAgain).toEqual([]);
  expect(trip.again.plan.hasChanges).toBe(false);
  // snapshot.json names the workspace it was exported from.
  expect(differences(trip.exported, trip.copied, new Set([SNAPSHOT_META_FILE]))).toEqual([]);
});
