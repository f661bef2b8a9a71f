import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DatabricksClient } from '../databricks/client.js';
import { simpleGitAt } from '../git/git.js';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { seedSample } from '../emulator/sample-all.js';
import { runApply } from '../modes/apply.js';
import { runExport } from '../modes/export.js';
import { planText } from '../report/plan-render.js';
import type { PlannedChange } from '../plan/plan.js';
import { applySummaryText, exportSummaryText } from '../report/render.js';
import { RunReport } from '../report/report.js';
import { parseSettings } from '../settings.js';
import { SnapshotSource } from '../snapshot/source.js';
import { differences, snapshotFiles } from '../snapshot/compare.js';
import type { Log } from '../util/log.js';
import { fillSampleMapping } from '../emulator/sample-uc.js';
import {
  MAPPING_FILE,
  UC_MAPPING,
  mapSpec,
  parseMapping,
  renderMapping,
  storageKindOfFolder,
  type RegionMapping,
} from '../resources/unity-catalog-mapping.js';
import { isJsonObject, parseJson, stableJson } from '../util/json.js';
import { runVerify } from '../modes/verify.js';
import { verifyText } from '../report/verify-render.js';

export interface DemoOptions {
  dir?: string;
  print: (line: string) => void;
  log: Log;
}

/** Makes a git repository with a bare remote, as a GitHub checkout would be. */
export async function makeRepoWithRemote(base: string): Promise<{ repo: string; remote: string }> {
  const remote = path.join(base, 'remote.git');
  const repo = path.join(base, 'dr-repo');
  await fs.mkdir(repo, { recursive: true });
  await simpleGitAt().raw(['init', '--quiet', '--bare', '-b', 'main', remote]);
  const git = simpleGitAt(repo);
  await git.raw(['init', '--quiet', '-b', 'main']);
  await git.addConfig('user.name', 'databricks-dr demo');
  await git.addConfig('user.email', 'demo@example.invalid');
  await fs.writeFile(path.join(repo, 'README.md'), '# Databricks DR record\n');
  await git.add('README.md');
  await git.commit('initial commit');
  await git.addRemote('origin', remote);
  await git.raw(['push', '--quiet', '-u', 'origin', 'main']);
  return { repo, remote };
}

function clientFor(emulator: Emulator, log: Log): DatabricksClient {
  return new DatabricksClient({
    host: emulator.url,
    credentials: { headers: async () => ({ Authorization: `Bearer ${emulator.token}` }) },
    concurrency: 8,
    log,
  });
}

export { differences, snapshotFiles } from '../snapshot/compare.js';

/**
 * The README's first command: a full DR drill on the emulator. An emulated primary is seeded with a
 * realistic workspace and exported into a git repository that pushes to a bare remote; the snapshot is
 * applied to an empty emulated secondary; the secondary is exported again and compared file by file with
 * the snapshot (parity); a second apply must change nothing (idempotence).
 */
export async function runDemo(options: DemoOptions): Promise<number> {
  const { print, log } = options;
  const base = options.dir
    ? path.resolve(options.dir)
    : await fs.mkdtemp(path.join(os.tmpdir(), 'databricks-dr-demo-'));
  await fs.mkdir(base, { recursive: true });
  const primary = await startEmulator();
  const secondary = await startEmulator({ seed: 2 });
  try {
    seedSample(primary);
    print(`1. Emulated primary workspace:   ${primary.url}`);
    print(`   Emulated secondary workspace: ${secondary.url} (empty)`);
    const { repo, remote } = await makeRepoWithRemote(base);
    print(`2. Export the primary into ${repo} (pushes to ${remote})`);
    const settings = parseSettings((name) => ({ mode: 'export', push: 'true' })[name], repo);
    const exported = await runExport(settings, { client: clientFor(primary, log), log });
    for (const line of exportSummaryText(exported).split('\n')) print(`   ${line}`);
    // Three counts of one workspace that a reader would otherwise take for one (issue 16).
    const skipped = exported.report.total('skipped');
    print(
      `   (exported counts objects read from the primary; the ${skipped} skipped are not in the snapshot. added counts files of the commit: mostly one per object, plus the snapshot's own, snapshot.json and .gitattributes)`,
    );
    // What the nightly export runs after each commit: the snapshot alone, restored into an emulated workspace.
    print(
      `   Verify the snapshot at ${exported.commitSha?.slice(0, 12)} (an emulated workspace, nothing but the snapshot)`,
    );
    const verified = await runVerify({ ...settings, ref: exported.commitSha }, { log });
    for (const line of verifyText(verified).split('\n')) print(`   ${line}`);

    // The operator's one-time step: the secondary region's storage and access connector in the mapping.
    const mappingFile = path.join(exported.snapshotDir, MAPPING_FILE);
    const mapping = parseMapping(await fs.readFile(mappingFile, 'utf8'), MAPPING_FILE);
    fillSampleMapping(mapping);
    await fs.writeFile(mappingFile, renderMapping(mapping));
    const git = simpleGitAt(repo);
    await git.add(path.join(settings.snapshotPath, MAPPING_FILE));
    await git.commit('Unity Catalog: map the primary region storage to the secondary region');
    const mappedSha = (await git.revparse(['HEAD'])).trim();
    print(
      `2b. Fill in ${MAPPING_FILE} (lake -> the secondary's account, landing shared, connector -> the secondary's)`,
    );

    print(`3. Apply the snapshot at ${mappedSha.slice(0, 12)} to the secondary`);
    const snapshot = await SnapshotSource.fromRevision(repo, mappedSha, settings.snapshotPath);
    const report = new RunReport();
    const deps = { client: clientFor(secondary, log), log, report };
    // Secret values cannot be exported: in a real restore they come from the `secrets` input (a GitHub
    // secret). Leave one out and it is listed on the manual checklist instead.
    const applyOptions = {
      prune: false,
      allowReplace: false,
      dryRun: false,
      startClusters: false,
      secretValues: {
        'etl/storage-account-key': 'demo-value-from-a-github-secret',
        'etl/jdbc-password': 'another-demo-value',
        'notification_destinations/on_call_webhook/url': 'https://oncall.contoso.com/hooks/databricks',
        'notification_destinations/on_call_webhook/username': 'dbx',
      },
    };
    let failures: number;
    try {
      const applied = await runApply(snapshot, deps, applyOptions);
      print(`   ${applied.plan.line}`);
      print(`   (${describeCreates(applied.plan.changes)})`);
      for (const line of applySummaryText(report).split('\n')) print(`   ${line}`);
      failures = applied.failed;
      // Idempotent means more than an empty plan: the secondary must see no write at all, only reads.
      secondary.clearRequests();
      const again = await runApply(snapshot, { ...deps, report: new RunReport() }, applyOptions);
      const writes = secondary.requests.filter((r) => r.method !== 'GET');
      print(
        `4. Apply again (idempotence): ${planText(again.plan).split('\n')[0]}; the secondary recorded ${writes.length} write request(s), ${secondary.requests.length - writes.length} read(s)`,
      );
      for (const w of writes.slice(0, 10)) print(`   unexpected write: ${w.method} ${w.path}`);
      if (again.plan.hasChanges || writes.length > 0) failures++;
    } finally {
      await snapshot.close();
    }

    const snapshotFilesOfPrimary = await snapshotFiles(exported.snapshotDir);
    const parity = async (label: string, ignoreSchedules: boolean) => {
      const copyDir = path.join(base, `secondary-export-${label}`);
      const copySettings = parseSettings((name) => ({ mode: 'export', commit: 'false' })[name], copyDir);
      await runExport(copySettings, { client: clientFor(secondary, log), log });
      const copy = await snapshotFiles(path.join(copyDir, copySettings.snapshotPath));
      const ignore = new Set(['snapshot.json']);
      // Before cutover the secondary runs nothing on its own: the recorded schedules are not on its jobs.
      if (ignoreSchedules)
        for (const f of snapshotFilesOfPrimary.keys()) if (f.endsWith('.schedule.json')) ignore.add(f);
      // The secondary's storage is the mapped one, and its own mapping skeleton lists the secondary's.
      ignore.add(MAPPING_FILE);
      return differences(mapUnityCatalogFiles(snapshotFilesOfPrimary, mapping), copy, ignore);
    };
    const report5 = await parity('before-cutover', true);
    print(
      `5. Parity: export of the secondary vs the snapshot (schedules still off): ${report5.length === 0 ? 'identical' : `${report5.length} difference(s)`}`,
    );
    for (const d of report5.slice(0, 20)) print(`   ${d}`);

    print('6. Cutover: apply with activate-schedules');
    const cutover = await SnapshotSource.fromRevision(repo, mappedSha, settings.snapshotPath);
    try {
      const activated = await runApply(
        cutover,
        { ...deps, report: new RunReport() },
        { ...applyOptions, activateSchedules: true },
      );
      print(`   ${activated.plan.line}`);
      failures += activated.failed;
    } finally {
      await cutover.close();
    }
    const report6 = await parity('after-cutover', false);
    print(
      `7. Parity after cutover: ${report6.length === 0 ? 'identical, schedules included' : `${report6.length} difference(s)`}`,
    );
    for (const d of report6.slice(0, 20)) print(`   ${d}`);
    // Parity compares what the snapshot holds; what it lacks (a workspace file a job needs) shows here only.
    // The mapping's steps were done in 2b.
    const missing = exported.report.manual.filter((m) => m.kind !== UC_MAPPING).length;
    const ok =
      failures === 0 && report5.length === 0 && report6.length === 0 && missing === 0 && verified.restorable;
    print(
      ok
        ? `DR drill passed: the secondary holds everything the snapshot holds (export of it = the snapshot).`
        : missing > 0 && failures === 0 && report5.length === 0 && report6.length === 0
          ? `DR drill FAILED: the secondary matches the snapshot, but the export left ${missing} manual step(s) (see 2.).`
          : 'DR drill FAILED.',
    );
    // What "passed" does not prove: said every time, not only when it fails.
    print('Not proved by this drill:');
    if (skipped > 0)
      print(
        `  - the ${skipped} object(s) export skipped (see 2.): they are not in the snapshot, so not on the secondary`,
      );
    print(
      `  - secret values: no API reads them; the drill supplied ${Object.keys(applyOptions.secretValues).length} itself, as a real restore must (DATABRICKS_DR_SECRETS or the 'secrets' input)`,
    );
    print(
      '  - what no snapshot records: DBFS mounts, Unity Catalog tables, views and data, networking and workspace settings (see the README)',
    );
    print(`Everything is in ${base}`);
    return ok ? 0 : 1;
  } finally {
    await primary.stop();
    await secondary.stop();
  }
}

/** The primary's Unity Catalog files as the secondary must hold them: storage and connectors mapped. */
function mapUnityCatalogFiles(files: Map<string, Buffer>, mapping: RegionMapping): Map<string, Buffer> {
  const out = new Map(files);
  for (const [file, bytes] of files) {
    const kind = storageKindOfFolder(file.split('/')[0]);
    if (!kind) continue;
    const value = parseJson(bytes.toString('utf8'));
    if (!isJsonObject(value)) continue;
    const { spec } = mapSpec(kind, value, mapping);
    if (spec !== value) out.set(file, Buffer.from(stableJson(spec)));
  }
  return out;
}

/** What a plan's creates count: objects, and the folders and permissions that are writes of their own. */
function describeCreates(changes: readonly PlannedChange[]): string {
  const creates = changes.filter((c) => c.action === 'create');
  const permissions = creates.filter((c) => c.kind === 'permissions').length;
  const workspace = creates.filter((c) => c.kind === 'workspace').length;
  return `creates: ${creates.length} writes - ${workspace} workspace entries, folders included (export counts the notebooks and files in them), ${permissions} permission sets (one write per object), ${creates.length - workspace - permissions} other objects`;
}
