/**
 * verify (issue 18): proves a revision of the snapshot restorable with nothing but the snapshot. It is
 * restored into a fresh emulated workspace, in this process on 127.0.0.1, offering the node types and
 * runtimes the export recorded (workspace-catalog.json); no real workspace is contacted. It proves that
 * the plan refuses nothing and every reference resolves, that apply fails nowhere, that a second apply
 * writes nothing, and that an export of the emulated workspace equals the snapshot (the recorded schedules
 * excepted: a restore leaves them off until cutover). What it cannot prove is what the real service does
 * differently from the emulator (docs/verify.md).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DatabricksClient } from '../databricks/client.js';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { GitRepo } from '../git/git.js';
import { refId } from '../plan/references.js';
import {
  DESTINATION_SECRET_PREFIX,
  destinationSecretNames,
  NOTIFICATION_DESTINATIONS,
} from '../resources/notification-destinations.js';
import { kindByName } from '../resources/registry.js';
import { readWorkspaceCatalog, type WorkspaceCatalog } from '../resources/workspace-catalog.js';
import { readiness, type ReadinessRow } from '../report/readiness.js';
import { RunReport } from '../report/report.js';
import { estimateRestore, type RestoreEstimate } from '../report/restore-estimate.js';
import { parseSettings } from '../settings.js';
import { differences, filesOf, snapshotFiles } from '../snapshot/compare.js';
import type { SnapshotSource } from '../snapshot/source.js';
import { keepUnmapped, MAPPING_FILE, readMapping, UC_MAPPING } from '../resources/unity-catalog-mapping.js';
import { isJsonObject, stableJson } from '../util/json.js';
import { EMULATOR_USER } from '../emulator/apis/compute-store.js';
import type { Log } from '../util/log.js';
import { runApply, type ApplyResult } from './apply.js';
import { runExport, SNAPSHOT_META_FILE } from './export.js';
import { openSnapshot } from './plan.js';

/** What verify supplies for every secret value (values are never exported); said in the result. */
export const SECRET_PLACEHOLDER = 'databricks-dr-verify-placeholder';

export interface RecoveryPoint {
  commit: string;
  /** ISO 8601, the commit's time. */
  time: string;
  /** The snapshot commit before it, when there is one. */
  previous?: { commit: string; time: string };
}

export interface VerifyResult {
  /** Every proof held: the snapshot restores as is. */
  restorable: boolean;
  /** What is not restorable and why, each with the file (and line) it comes from. */
  problems: string[];
  /** Differences of the emulated workspace's export that the emulator cannot hold, each named. */
  notHeld: string[];
  /**
   * `scope/key` names (and `notification_destinations/<key>/<field>` names) whose values verify supplied
   * as placeholders.
   */
  placeholders: string[];
  readiness: ReadinessRow[];
  /** The requests of the first apply into the empty emulated workspace, at the published limits. */
  estimate?: RestoreEstimate;
  /** The first apply's report: its manual checklist is the one a real restore faces. */
  report: RunReport;
  /** The commit the snapshot was read from (a `ref`, or the export's commit). */
  commit?: string;
  recoveryPoint?: RecoveryPoint;
  /** False when the snapshot has no workspace-catalog.json (the emulator's own lists were used). */
  catalogRecorded: boolean;
}

/** The emulator's log lines are not the user's: everything material is in the result. */
const QUIET: Log = {
  debug: () => undefined,
  info: () => undefined,
  warning: () => undefined,
  error: () => undefined,
};

export async function runVerify(
  settings: { repoDir: string; snapshotPath: string; ref?: string },
  deps: { log: Log },
): Promise<VerifyResult> {
  const { log } = deps;
  const { snapshot, commit } = await openSnapshot(settings, log);
  const emulator = await startEmulator();
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'databricks-dr-verify-'));
  try {
    log.info(`verify: restoring ${snapshot.origin} into an emulated workspace at ${emulator.url}`);
    const catalog = await readWorkspaceCatalog(snapshot);
    if (catalog) offerOnly(emulator, catalog);
    const result = await restoreAndCompare(snapshot, emulator, work);
    result.catalogRecorded = catalog !== undefined;
    result.commit = commit;
    result.recoveryPoint = await recoveryPoint(settings.repoDir, settings.snapshotPath, commit, log);
    result.restorable = result.problems.length === 0;
    return result;
  } finally {
    await emulator.stop();
    await snapshot.close();
    await fs.rm(work, { recursive: true, force: true });
  }
}

async function restoreAndCompare(
  snapshot: SnapshotSource,
  emulator: Emulator,
  work: string,
): Promise<VerifyResult> {
  const client = new DatabricksClient({
    host: emulator.url,
    credentials: { headers: async () => ({ Authorization: `Bearer ${emulator.token}` }) },
    concurrency: 8,
    log: QUIET,
  });
  const report = new RunReport();
  const result: VerifyResult = {
    restorable: false,
    problems: [],
    notHeld: [],
    placeholders: [...(await secretKeys(snapshot)), ...(await destinationSecrets(snapshot))],
    readiness: [],
    report,
    catalogRecorded: false,
  };
  const options = {
    prune: false,
    allowReplace: false,
    // Every unrestorable object is listed (each with its file:line), not only the first five of a refusal.
    skipUnrestorable: true,
    dryRun: false,
    startClusters: false,
    secretValues: Object.fromEntries(result.placeholders.map((k) => [k, SECRET_PLACEHOLDER])),
    // The emulator has one region: what the UC region mapping leaves empty is restored as it is, and the
    // export's checklist keeps the step of filling it in (the real restore refuses until then).
    unmappedStorageAsIs: true,
  };
  let first: ApplyResult;
  try {
    first = await runApply(snapshot, { client, log: QUIET, report }, options);
  } catch (error) {
    result.problems.push(`refused: ${(error as Error).message.split('\n')[0]}`);
    return result;
  }
  result.estimate = estimateRestore(emulator.requests);
  result.readiness = readiness(first.plan, first.run.desired, report);
  const sourceOf = (kind: string, key: string) => first.run.desired.get(refId({ kind, key }))?.source;
  for (const c of first.plan.changes)
    if (c.unrestorable && c.blocked) result.problems.push(c.blocked.replace(/^not restorable: /, ''));
  for (const f of report.sorted(report.failed))
    result.problems.push(
      `${sourceOf(f.kind, f.key) ?? f.kind}: ${f.kind} ${f.key} failed to apply: ${f.reason}`,
    );
  for (const key of keepUnmapped(await readMapping(snapshot)))
    report.manual.push({
      kind: UC_MAPPING,
      key,
      reason: `fill in the secondary's value of '${key}' in ${MAPPING_FILE}: verify kept it as it is (one emulated region); a real restore refuses the objects that use it until then`,
    });
  const scopeKeys = result.placeholders.filter((k) => !k.startsWith(DESTINATION_SECRET_PREFIX));
  for (const scope of new Set(scopeKeys.map((k) => k.split('/')[0])))
    report.manual.push({
      kind: 'secret_scopes',
      key: scope,
      reason: `supply the values of ${scopeKeys.filter((k) => k.startsWith(`${scope}/`)).length} key(s) with the 'secrets' input (never exported; verify used placeholders)`,
    });
  // A destination's input-only values (url, password...) are never answered either: as for a scope's keys.
  const destinationKeys = result.placeholders.filter((k) => k.startsWith(DESTINATION_SECRET_PREFIX));
  for (const key of new Set(destinationKeys.map((k) => k.split('/')[1])))
    report.manual.push({
      kind: NOTIFICATION_DESTINATIONS,
      key,
      reason: `supply ${destinationKeys.filter((k) => k.split('/')[1] === key).join(', ')} with the 'secrets' input (never exported; verify used placeholders)`,
    });

  // What was not restored (unrestorable, failed, or needing either) is reported above; the checks below
  // leave those objects and their files out, so each cause is said once.
  const notRestored = new Set(
    [...first.plan.changes.filter((c) => c.unrestorable), ...report.skipped, ...report.failed].map((o) =>
      refId(o),
    ),
  );
  const notRestoredFiles = new Set(
    [...notRestored].map((id) => first.run.desired.get(id)?.source).filter((f) => f !== undefined),
  );

  // Idempotent means more than an empty plan: the emulated workspace must see no write at all.
  emulator.clearRequests();
  const again = await runApply(snapshot, { client, log: QUIET, report: new RunReport() }, options);
  const writes = emulator.requests.filter((r) => r.method !== 'GET');
  const what = again.plan.changes
    .filter((c) => c.action !== 'no-op' && !c.blocked && !notRestored.has(refId(c)))
    .map((c) => `${c.action} ${sourceOf(c.kind, c.key) ?? `${c.kind} ${c.key}`}`);
  if (what.length || writes.length) {
    const sent = writes.slice(0, 5).map((w) => `${w.method} ${w.path}`);
    result.problems.push(
      `a second apply is not idempotent${what.length ? `: ${what.slice(0, 5).join(', ')}` : ''}${sent.length ? `; ${writes.length} write request(s): ${sent.join(', ')}` : ''}`,
    );
  }

  const copyDir = path.join(work, 'emulated-export');
  const meta = await snapshot.readJson(SNAPSHOT_META_FILE);
  const list = (v: unknown) => (Array.isArray(v) ? v.join('\n') : undefined);
  const inputs: Record<string, string | undefined> = {
    mode: 'export',
    commit: 'false',
    'workspace-paths': isJsonObject(meta) ? list(meta.workspace_paths) : undefined,
    exclude: isJsonObject(meta) ? list(meta.exclude) : undefined,
  };
  const copySettings = parseSettings((name) => inputs[name], copyDir);
  await runExport(copySettings, { client, log: QUIET });
  const copy = await snapshotFiles(path.join(copyDir, copySettings.snapshotPath));
  const original = await filesOf(snapshot);
  // The recorded schedules stay off until cutover; snapshot.json names the host exported.
  const ignore = new Set([SNAPSHOT_META_FILE]);
  for (const f of original.keys())
    if (f.endsWith('.schedule.json') || !f.includes('/') || notRestoredFiles.has(f)) ignore.add(f);
  for (const f of copy.keys()) if (!f.includes('/')) ignore.add(f);
  for (const d of differences(original, copy, ignore, 'the emulated workspace')) {
    const file = d.replace(/^[^:]*: /, '');
    if (onlyTheEmulatorsIdentity(file, original.get(file), copy.get(file)))
      result.notHeld.push(
        `${file}: the emulated workspace's own admin (${EMULATOR_USER}), as whom verify restores, is in it; a real target has its own`,
      );
    else result.problems.push(`export of the restored workspace differs from the snapshot: ${d}`);
  }
  return result;
}

/**
 * Whether two files differ only by the identity the emulated workspace runs as: its user file, the admins
 * group it is in, the MANAGE it gets on what it creates (a secret scope's creator, as on the service).
 */
function onlyTheEmulatorsIdentity(file: string, a: Buffer | undefined, b: Buffer | undefined): boolean {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v))
      return v
        .filter((x) => x !== EMULATOR_USER && !(isJsonObject(x) && Object.values(x).includes(EMULATOR_USER)))
        .map(strip);
    if (isJsonObject(v))
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => k !== EMULATOR_USER)
          .map(([k, x]) => [k, strip(x)]),
      );
    return v;
  };
  const parse = (x: Buffer) => {
    try {
      return JSON.parse(x.toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  };
  if (!b) return false;
  const copy = parse(b);
  if (!a) return file.startsWith('users/') && isJsonObject(copy) && copy.userName === EMULATOR_USER;
  const original = parse(a);
  return original !== undefined && stableJson(strip(original)) === stableJson(strip(copy));
}

/** The recorded lists replace the emulator's own: a value the primary did not record is refused. */
function offerOnly(emulator: Emulator, catalog: WorkspaceCatalog): void {
  const compute = emulator.state.compute;
  const known = new Map(compute.nodeTypes);
  compute.nodeTypes.clear();
  for (const id of catalog.node_types)
    compute.nodeTypes.set(id, known.get(id) ?? { node_type_id: id, instance_type_id: id, description: id });
  const names = new Map(compute.sparkVersions);
  compute.sparkVersions.clear();
  for (const key of catalog.spark_versions) compute.sparkVersions.set(key, names.get(key) ?? key);
}

/** `scope/key` of every key of a Databricks-backed scope: their values are never in a snapshot. */
async function secretKeys(snapshot: SnapshotSource): Promise<string[]> {
  const kind = kindByName('secret_scopes');
  if (!kind) return [];
  const out: string[] = [];
  for (const d of await kind.readDesired(snapshot, {}, [])) {
    const spec = d.spec;
    if (!isJsonObject(spec) || spec.backend_type === 'AZURE_KEYVAULT' || !isJsonObject(spec.keys)) continue;
    for (const k of Object.keys(spec.keys)) out.push(`${String(spec.name)}/${k}`);
  }
  return out.sort();
}

/** `notification_destinations/<key>/<field>` of every input-only value a destination needs. */
async function destinationSecrets(snapshot: SnapshotSource): Promise<string[]> {
  const kind = kindByName(NOTIFICATION_DESTINATIONS);
  return kind ? destinationSecretNames(await kind.readDesired(snapshot, {}, [])) : [];
}

/**
 * When the snapshot was taken (its commit's time) and when the one before it was: the recovery point a
 * restore of it would have. Undefined outside git (a working tree with nothing committed).
 */
export async function recoveryPoint(
  repoDir: string,
  snapshotPath: string,
  rev: string | undefined,
  log: Log,
): Promise<RecoveryPoint | undefined> {
  const git = await GitRepo.open(path.resolve(repoDir), log).catch(() => undefined);
  if (!git) return undefined;
  const [last, previous] = await git.commitsTouching(rev ?? 'HEAD', snapshotPath, 2);
  if (!last) return undefined;
  return {
    commit: last.sha,
    time: last.time,
    ...(previous ? { previous: { commit: previous.sha, time: previous.time } } : {}),
  };
}
