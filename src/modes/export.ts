import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import type { DatabricksClient } from '../databricks/client.js';
import { GitRepo, type SnapshotChanges } from '../git/git.js';
import { RefIndex, RunCache } from '../resources/kind.js';
import { readPermissionsAhead } from '../resources/permissions.js';
import { exportedNotebookFiles } from '../resources/workspace.js';
import { forEachKind, KINDS } from '../resources/registry.js';
import { RunReport } from '../report/report.js';
import { MASS_REMOVAL_MIN_OBJECTS, type Settings } from '../settings.js';
import { realPathInRepository } from '../snapshot/source.js';
import { prepareStaging } from '../snapshot/staging.js';
import { EXPORT_STATE_FILE, SnapshotReader, SnapshotWriter } from '../snapshot/store.js';
import { exportRoots, GIT_ATTRIBUTES, GIT_ATTRIBUTES_FILE } from '../snapshot/layout.js';
import {
  configCache,
  configReferences,
  missingWorkspaceDependencies,
  referencesToVanished,
  workspaceObjects,
  type ConfigReferences,
} from '../resources/dependencies.js';
import { refString } from '../plan/references.js';
import type { Log } from '../util/log.js';
import { ContextError, unwrapContext } from '../util/context-error.js';
import { ApiError } from '../databricks/errors.js';
import { describeFinding } from '../security/credentials.js';
import { nameOf, theOf, type Wording } from '../inputs.js';
import { SnapshotSource } from '../snapshot/source.js';
import { usedCatalog, WORKSPACE_CATALOG_FILE } from '../resources/workspace-catalog.js';

export const SNAPSHOT_META_FILE = 'snapshot.json';

export interface ExportResult {
  /** Was the snapshot to be committed (input `commit`)? Without, `changes` compares it with the previous files. */
  committing: boolean;
  changed: boolean;
  commitSha?: string;
  pushed: boolean;
  changes: SnapshotChanges;
  report: RunReport;
  snapshotDir: string;
}

export interface ExportDeps {
  client: DatabricksClient;
  log: Log;
  progress?: (kind: string, key: string) => void;
}

/**
 * Reads the workspace into a staging folder; only when every kind exported completely does the staging
 * folder replace the snapshot, and only then is anything committed. A failure leaves the previous snapshot
 * and the git history untouched, so a folder that could not be listed never looks deleted.
 */
export async function runExport(settings: Settings, deps: ExportDeps): Promise<ExportResult> {
  const { log } = deps;
  const repoDir = path.resolve(settings.repoDir);
  const snapshotDir = path.join(repoDir, settings.snapshotPath);
  // Before the workspace is read: the swap and the carried-over files happen at the folder.
  await realPathInRepository(repoDir, settings.snapshotPath);
  const git = settings.commit ? await GitRepo.open(repoDir, log, settings.words) : undefined;
  // Outside the working tree, and what killed exports left there is removed first.
  const { dir: staging, trash } = await prepareStaging(repoDir, snapshotDir, log);
  const report = new RunReport();
  const out = new SnapshotWriter(staging, {
    credentials: settings.credentials ?? 'fail',
    words: settings.words,
    onRedact: (file, finding) => {
      const message = `${describeFinding(file, finding)}: redacted`;
      report.warn(file.split('/')[0], file, message);
      log.warning(message);
    },
  });
  const previous = new SnapshotReader(snapshotDir);
  out.scanCopies = !(await previous.wasScanned());
  if (git) {
    // Git names files as the settings do (forward slashes, relative to the repository folder).
    const prefix = `${settings.snapshotPath}/`;
    previous.useGitIndex(
      git.cleanBlobs(settings.snapshotPath).then((blobs) => {
        const inSnapshot = new Map<string, string>();
        for (const [file, blob] of blobs)
          if (file.startsWith(prefix)) inSnapshot.set(file.slice(prefix.length), blob);
        return inSnapshot;
      }),
    );
  }
  const matcher = settings.exclude.length ? picomatch(settings.exclude, { dot: true }) : undefined;
  const exclude = (p: string) => (matcher ? matcher(p) : false);
  const names = settings.onlyNames ? picomatch(settings.onlyNames, { dot: true }) : undefined;

  const run = new RunCache();
  const refs: RefIndex = new RefIndex(
    settings.permissions === 'none'
      ? undefined
      : (kind, id, key) => readPermissionsAhead({ client: deps.client, refs, run }, kind, id, key),
  );
  try {
    await forEachKind(
      async (kind) => {
        log.info(`exporting ${kind.name}...`);
        await kind
          .export({
            client: deps.client,
            log,
            options: {
              workspacePaths: settings.workspacePaths,
              exclude,
              dbfsMaxBytes: settings.dbfsMaxBytes,
              permissions: settings.permissions,
              ucCatalogs: settings.ucCatalogs,
              words: settings.words,
              includeName: names && ((_kind, name) => names(name)),
            },
            out,
            previous,
            report,
            refs,
            run,
            progress: deps.progress,
          })
          .catch((error: unknown) => {
            throw new ContextError(kind.name, error);
          });
      },
      (kind) => kind.prefetch?.({ client: deps.client, refs, run }),
    );
    const configs = await configReferences(out.root, configCache(run));
    refuseVanishedReferences(configs, refs);
    await reportMissingWorkspaceDependencies(configs, out, settings, exclude, run, report, log);
    await out.write(GIT_ATTRIBUTES_FILE, GIT_ATTRIBUTES);
    // What verify's emulated workspace must offer (node types, runtimes), read back from what was written.
    await out.writeJson(
      WORKSPACE_CATALOG_FILE,
      await usedCatalog(await SnapshotSource.fromDirectory(staging)),
    );
    await out.writeJson(SNAPSHOT_META_FILE, {
      format: 1,
      source: { host: deps.client.host },
      workspace_paths: settings.workspacePaths,
      exclude: settings.exclude,
      ...(settings.ucCatalogs ? { uc_catalogs: settings.ucCatalogs } : {}),
      ...(settings.onlyNames ? { only_names: settings.onlyNames } : {}),
    });
    await out.finish();
    await refuseMassRemoval(snapshotDir, staging, settings);
    await carryOverForeignFiles(snapshotDir, staging);
  } catch (error) {
    await fs.rm(staging, { recursive: true, force: true });
    throw new Error(
      `export failed, the snapshot and git history are unchanged: ${describeExportError(error, deps.client.host, settings.words)}`,
      { cause: error },
    );
  }
  for (const line of skippedWarnings(report)) log.warning(line);
  // Without git, what changed is what differs from the files the previous export left.
  const fileChanges = settings.commit ? undefined : await compareTrees(snapshotDir, staging);
  // The previous tree is removed while git stages the new one (10,000 unlinks take a while).
  const removed = (await swapInto(staging, snapshotDir, trash)).removed.catch((error: Error) =>
    log.warning(`could not remove the previous snapshot's copy: ${error.message}`),
  );
  try {
    return await recordInGit(settings, deps, git, report, snapshotDir, fileChanges);
  } finally {
    await removed;
  }
}

/** Stages the new snapshot, and commits (and pushes) it when anything but bookkeeping changed. */
async function recordInGit(
  settings: Settings,
  deps: ExportDeps,
  git: GitRepo | undefined,
  report: RunReport,
  snapshotDir: string,
  fileChanges: SnapshotChanges | undefined,
): Promise<ExportResult> {
  const { log } = deps;
  const stateFile = path.posix.join(settings.snapshotPath, EXPORT_STATE_FILE);
  const result: ExportResult = {
    committing: settings.commit,
    changed: false,
    pushed: false,
    changes: { added: 0, modified: 0, deleted: 0, files: [] },
    report,
    snapshotDir,
  };
  if (!git) {
    if (fileChanges) result.changes = fileChanges;
    return result;
  }
  const isStateFile = (file: string) => file === stateFile;
  result.changes = await git.stageAndDiff(
    settings.snapshotPath,
    isStateFile,
    ownedEntries().map((e) => path.posix.join(settings.snapshotPath, e)),
  );
  const { added, modified, deleted } = result.changes;
  const host = deps.client.host.replace(/^https?:\/\//, '');
  const subject = settings.commitMessage.replace(/\{host\}/g, host);
  const message = (c: SnapshotChanges) =>
    `${subject}\n\n${c.added} added, ${c.modified} changed, ${c.deleted} removed under ${settings.snapshotPath}/`;
  if (added + modified + deleted === 0) {
    // Only bookkeeping moved (a notebook was saved without a change): no commit, and no dirty tree left.
    await git.restore(stateFile);
    log.info('no changes in the workspace since the last snapshot: nothing to commit');
    // A push that failed or was killed left commits behind: they are pushed now, or never.
    const behind = settings.push ? await git.unpushed() : undefined;
    if (behind) {
      log.info(`${behind} commit(s) not on the remote yet (an earlier push did not finish): pushing them`);
      await pushSnapshot(git, settings, report, log, { isStateFile, message });
      result.commitSha = await git.head();
      result.pushed = true;
    }
    return result;
  }
  result.commitSha = await git.commit(message(result.changes), settings.snapshotPath);
  result.changed = true;
  log.info(
    `committed ${result.commitSha.slice(0, 12)}: ${added} added, ${modified} changed, ${deleted} removed`,
  );
  if (settings.push) {
    await pushSnapshot(git, settings, report, log, { isStateFile, message });
    result.commitSha = (await git.head()) ?? result.commitSha;
    result.pushed = true;
  }
  return result;
}

/**
 * Pushes, and reports what the pushed snapshot replaced of what others pushed into its folder meanwhile
 * (the snapshot wins there; it says so, file by file).
 */
async function pushSnapshot(
  git: GitRepo,
  settings: Settings,
  report: RunReport,
  log: Log,
  commit: { isStateFile: (file: string) => boolean; message: (c: SnapshotChanges) => string },
): Promise<void> {
  const { overridden } = await git.push({
    pathspec: settings.snapshotPath,
    ignore: commit.isStateFile,
    message: commit.message,
  });
  for (const o of overridden) {
    const what = {
      added:
        'was added to the remote branch while the export ran; the workspace has no such object, so the pushed snapshot removes it',
      modified:
        "was changed on the remote branch while the export ran; the pushed snapshot has the workspace's version",
      deleted:
        'was deleted on the remote branch while the export ran; the workspace still has it, so the pushed snapshot puts it back',
    }[o.change];
    report.warn('git', o.file, what);
    log.warning(`${o.file} ${what}`);
  }
  log.info('pushed');
}

/**
 * Fails the export when a file it wrote references an object that was deleted while the export ran (listed,
 * gone when read): the snapshot has no file for that object, so apply would refuse the snapshot. Run again,
 * the export no longer lists it, and the file says what the workspace now holds. `configs` are read from the
 * staging folder, so files kept from the previous snapshot are checked too.
 */
function refuseVanishedReferences(configs: readonly ConfigReferences[], refs: RefIndex): void {
  const found = referencesToVanished(configs, (r) => refs.isVanished(r.kind, r.key));
  if (!found.length) return;
  const { file, ref } = found[0];
  const more = found.length > 1 ? ` (${found.length - 1} more such reference(s))` : '';
  throw new Error(
    `${file} references ${refString(ref.kind, ref.key)} (id ${String(refs.idOf(ref.kind, ref.key))}), which was deleted while the export ran${more}: run the export again; the next run will not list it`,
  );
}

/**
 * Fails the export when it would remove more than `max-removal` of a kind's objects (at least
 * MASS_REMOVAL_MIN_OBJECTS of them) from the previous snapshot: a workspace that lost most of its jobs at
 * once is more likely an answer that lied (a proxy's empty page, a token that sees less) than a real
 * change, and committing it would make the DR record forget them. An object is a file of the kind's folder;
 * the first export (no previous snapshot) removes nothing. `allow-mass-removal` lets one run through.
 */
async function refuseMassRemoval(snapshotDir: string, staging: string, settings: Settings): Promise<void> {
  if (settings.allowMassRemoval || settings.maxRemovalPercent >= 100) return;
  for (const kind of KINDS) {
    const before = await listFiles(path.join(snapshotDir, kind.folder));
    if (before.size < MASS_REMOVAL_MIN_OBJECTS) continue;
    const after = await listFiles(path.join(staging, kind.folder));
    const removed = [...before.keys()].filter((rel) => !after.has(rel)).length;
    const share = (removed / before.size) * 100;
    if (removed < MASS_REMOVAL_MIN_OBJECTS || share <= settings.maxRemovalPercent) continue;
    throw new Error(
      `${kind.name}: the export would remove ${removed} of the ${before.size} objects the snapshot has ` +
        `(${Math.floor(share)}%, more than ${theOf('max-removal', settings.words)} allows: ${settings.maxRemovalPercent}%); ` +
        `if the workspace really lost them, allow it once with ${nameOf('allow-mass-removal', settings.words)}`,
    );
  }
}

/**
 * Workspace paths that clusters, jobs and pipelines name but the snapshot's workspace tree lacks: warnings
 * and manual steps. Read from the staging folder, i.e. exactly what the snapshot will hold; no API call.
 */
async function reportMissingWorkspaceDependencies(
  configs: readonly ConfigReferences[],
  out: SnapshotWriter,
  settings: Settings,
  exclude: (path: string) => boolean,
  run: RunCache,
  report: RunReport,
  log: Log,
): Promise<void> {
  const skipped = new Map(report.skipped.filter((f) => f.kind === 'workspace').map((f) => [f.key, f.reason]));
  const { warnings, manual } = missingWorkspaceDependencies(
    configs,
    await workspaceObjects(out.root, exportedNotebookFiles(run)),
    {
      roots: exportRoots(settings.workspacePaths),
      excluded: exclude,
      skipped,
      kindOf: (folder) => KINDS.find((k) => k.folder === folder)?.name ?? folder,
      words: settings.words,
    },
  );
  for (const w of warnings) {
    report.warn(w.kind, w.key, w.reason);
    // An annotation of its own: the job or cluster fails only later, on the secondary.
    log.warning(`${w.key}: ${w.reason}`);
  }
  report.manual.push(...manual);
}

/**
 * What failed, as one line: the kind and object, the request (method, endpoint, host), how the server
 * answered, and for an authentication failure what to check.
 */
export function describeExportError(error: unknown, host: string, words: Wording = 'action'): string {
  const { subjects, error: inner } = unwrapContext(error);
  const about = subjects.length ? `${subjects.join(' ')}: ` : '';
  if (inner instanceof ApiError) {
    const answer = `HTTP ${inner.status} ${inner.errorCode}: ${inner.message}`;
    return `${about}${inner.method} ${inner.path} on ${host}: ${answer}${whatToDo(inner, host, words)}`;
  }
  // Transport errors already name the request and the host.
  return `${about}${inner instanceof Error ? inner.message : String(inner)}`;
}

function whatToDo(error: ApiError, host: string, words: Wording): string {
  const token =
    words === 'action'
      ? `${theOf('token', words)} (or DATABRICKS_TOKEN)`
      : `${nameOf('token', words)} (or the profile's token)`;
  const check = `: check ${token} for ${host}`;
  // An invalid PAT answers 403 with the numeric error_code 403, so the message tells it from a grant.
  if (error.isAuth || /access token|credential|authenticat/i.test(error.message))
    return `${check}: it is missing, expired or for another workspace`;
  if (error.status === 403)
    return `${check}: its identity may not read this; grant it access, or exclude the path`;
  return '';
}

/** Skipped objects as warnings (annotations in a workflow run); a long list ends with a count. */
function skippedWarnings(report: RunReport, limit = 50): string[] {
  const skipped = report.sorted(report.skipped);
  const lines = skipped.slice(0, limit).map((f) => `skipped ${f.kind} ${f.key}: ${f.reason}`);
  if (skipped.length > limit)
    lines.push(`...and ${skipped.length - limit} more skipped objects (see the summary)`);
  return lines;
}

/** Files added, changed and removed from `before` to `after` (folders of a snapshot); bookkeeping left out. */
async function compareTrees(before: string, after: string): Promise<SnapshotChanges> {
  const [old, next] = await Promise.all([listFiles(before), listFiles(after)]);
  const changes: SnapshotChanges = { added: 0, modified: 0, deleted: 0, files: [] };
  for (const [rel, file] of next) {
    if (rel === EXPORT_STATE_FILE) continue;
    const was = old.get(rel);
    if (!was) changes.added++;
    else if (await sameContent(was, file)) continue;
    else changes.modified++;
    changes.files.push(rel);
  }
  for (const rel of old.keys())
    if (rel !== EXPORT_STATE_FILE && !next.has(rel)) {
      changes.deleted++;
      changes.files.push(rel);
    }
  changes.files.sort();
  return changes;
}

async function listFiles(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let entries;
  try {
    entries = await fs.readdir(root, { recursive: true, withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    out.set(path.relative(root, full).split(path.sep).join('/'), full);
  }
  return out;
}

async function sameContent(a: string, b: string): Promise<boolean> {
  const [sa, sb] = await Promise.all([fs.stat(a), fs.stat(b)]);
  // Unchanged files are hard links to the previous ones.
  if (sa.ino === sb.ino && sa.dev === sb.dev) return true;
  if (sa.size !== sb.size) return false;
  const [ca, cb] = await Promise.all([fs.readFile(a), fs.readFile(b)]);
  return ca.equals(cb);
}

/** The top-level files and folders of the snapshot that export writes. */
function ownedEntries(): string[] {
  return [
    ...KINDS.map((k) => k.folder),
    EXPORT_STATE_FILE,
    SNAPSHOT_META_FILE,
    GIT_ATTRIBUTES_FILE,
    WORKSPACE_CATALOG_FILE,
  ];
}

/** Files a person put in the snapshot folder that no kind owns (a README, say) stay where they are. */
async function carryOverForeignFiles(snapshotDir: string, staging: string): Promise<void> {
  const owned = new Set<string>(ownedEntries());
  let entries: string[];
  try {
    entries = await fs.readdir(snapshotDir);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (owned.has(entry)) continue;
    await fs.cp(path.join(snapshotDir, entry), path.join(staging, entry), { recursive: true });
  }
}

/**
 * Puts the staging folder in the snapshot's place (two renames). `removed` settles when the previous tree
 * is gone; wrapped, because a promise that resolves to a promise would be awaited through.
 */
async function swapInto(
  staging: string,
  snapshotDir: string,
  trash: string,
): Promise<{ removed: Promise<void> }> {
  await fs.rm(trash, { recursive: true, force: true });
  let hadPrevious = true;
  try {
    await fs.rename(snapshotDir, trash);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    hadPrevious = false;
  }
  await fs.mkdir(path.dirname(snapshotDir), { recursive: true });
  await fs.rename(staging, snapshotDir);
  // Returned, not awaited: the caller removes the previous tree while it goes on.
  return { removed: hadPrevious ? fs.rm(trash, { recursive: true, force: true }) : Promise.resolve() };
}
