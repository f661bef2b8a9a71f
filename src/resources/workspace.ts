import { theOf } from '../inputs.js';
import pLimit, { type LimitFunction } from 'p-limit';
import type { DatabricksClient } from '../databricks/client.js';
import { ApiError } from '../databricks/errors.js';
import { isJsonObject, parseJson, stableJson, type JsonObject } from '../util/json.js';
import {
  exportRoots,
  fileForObject,
  folderForDirectory,
  hasNotebookHeader,
  isNotebookLanguage,
  isUnder,
  normalizeWorkspacePath,
  objectForFile,
  splitWorkspacePath,
  WORKSPACE_DIR,
  type WorkspaceObjectKind,
} from '../snapshot/layout.js';
import type { Ref } from '../plan/references.js';
import { SnapshotError, type SnapshotSource } from '../snapshot/source.js';
import { sha256Hex as sha256 } from '../snapshot/store.js';
import type { JsonValue } from '../util/json.js';
import { ContextError } from '../util/context-error.js';
import { slot } from '../util/memo.js';
import { redactText, scanName } from '../security/credentials.js';
import {
  DELETED_WHILE_EXPORTING,
  type ActualObject,
  type ApplyContext,
  type ApplyOutcome,
  type ApplyRequest,
  type DesiredObject,
  type ExportContext,
  type ResourceKind,
  type RunCache,
  type RunScope,
  type TargetContext,
} from './kind.js';

/** The Workspace API's 10 MB limit on export and import content. */
export const MAX_CONTENT_BYTES = 10 * 1024 * 1024;

export interface ObjectInfo {
  path: string;
  object_type: string;
  object_id?: number | bigint;
  language?: string;
  modified_at?: number | bigint;
  /** Who last edited the object in the workspace UI, and when (see Version). */
  modified_at_interactive?: { user_id?: string; time_millis?: number | bigint };
  size?: number | bigint;
  directory_info?: { is_git_folder?: boolean };
}

/**
 * What says an object is unchanged since it was last read: its object id and both modification times.
 * The Go SDK documents `modified_at` as "Only applicable to files, the last modified UTC timestamp"
 * (databricks-sdk-go service/workspace/model.go, ObjectInfo), and list/get-status also answer
 * `modified_at_interactive {user_id, time_millis}` (terraform-provider-databricks
 * workspace/resource_notebook.go, ObjectStatus), which Terraform's exporter prefers over `modified_at` to
 * find what changed since its last run (exporter/util_workspace.go, wsObjectGetModifiedAt). No
 * Databricks-authored source says that an edit in the notebook editor moves `modified_at`, so both are
 * compared: an edit that moves either one is seen, and an object without `modified_at` is always read.
 */
interface Version {
  object_id: string;
  modified_at: string;
  /** `modified_at_interactive.time_millis` when the service answers it (and not 0). */
  modified_at_interactive?: string;
}

function sameVersion(a: Version, b: Partial<Version>): boolean {
  return (
    a.object_id === b.object_id &&
    a.modified_at === b.modified_at &&
    a.modified_at_interactive === b.modified_at_interactive
  );
}

interface ExportedEntry extends Version {
  file: string;
  /** Of the file as written, so that a snapshot file edited by hand is noticed and exported again. */
  sha256?: string;
  /** Its git blob id: git's index then vouches for an unchanged file without it being read. */
  blob?: string;
}

const KIND = 'workspace';

/** Workspace object types the Permissions API covers, as their ids are registered in the RefIndex. */
export type WorkspaceObjectType = 'NOTEBOOK' | 'DIRECTORY' | 'FILE';

/** Per run: the type of every workspace object whose id was registered. */
const REGISTERED_TYPES = slot<Map<string, WorkspaceObjectType>>('workspace object types');

/**
 * Registers a notebook's, folder's or file's object id under its path (`refs.idOf('workspace', path)`),
 * so that kinds read later (permissions) can act on it without listing the tree again.
 */
function register({ refs, run }: Pick<RunScope, 'refs' | 'run'>, o: ObjectInfo): void {
  if (o.object_id === undefined) return;
  const type = o.object_type;
  if (type !== 'NOTEBOOK' && type !== 'DIRECTORY' && type !== 'FILE') return;
  run.get(REGISTERED_TYPES, () => new Map()).set(o.path, type);
  refs.add(KIND, o.object_id, o.path);
}

/** Snapshot files that export wrote or kept as notebooks (SOURCE format: their header is known), per run. */
const NOTEBOOK_FILES = slot<Set<string>>('exported notebook files');

/** Files of the snapshot (`workspace/...`) this run's export holds as notebooks. */
export function exportedNotebookFiles(run: RunCache): ReadonlySet<string> {
  return run.peek(NOTEBOOK_FILES) ?? new Set();
}

/** The type of a workspace object this run's export or readActual registered. */
export function registeredWorkspaceType(run: RunCache, path: string): WorkspaceObjectType | undefined {
  return run.peek(REGISTERED_TYPES)?.get(path);
}

/**
 * The apply state: a workspace file in the target where apply records, for every notebook and file it
 * wrote or found in sync, the object id and modification time the target gave it and the sha256 of the
 * snapshot content. The next plan trusts an object whose id and modification time are unchanged without
 * downloading it (any edit, delete or re-create in the target changes one of them). The folder belongs to
 * databricks-dr: export, plan and prune never see it, whatever workspace-paths and exclude say, so an
 * export of a target that apply wrote to (fail back) never carries it into a snapshot, and a snapshot
 * holding it is refused (readDesired).
 */
export const APPLY_STATE_DIR = '/Shared/.databricks-dr';
export const APPLY_STATE_FILE = `${APPLY_STATE_DIR}/apply-state.json`;

interface AppliedEntry extends Version {
  type: string;
  sha256: string;
}

/** Is this workspace path databricks-dr's own bookkeeping in the target? */
export function isToolPath(path: string): boolean {
  return isUnder(path, APPLY_STATE_DIR);
}

/** What readActual keeps on each target object (see ActualObject.extra). */
interface WorkspaceExtra {
  /** Object id and modification time as listed, for afterApply. */
  version?: Version;
  /**
   * Why prune must leave a folder (see protectedFromDelete): it holds a Git folder (deleting a folder
   * deletes everything under it, and the repos kind owns repos), or objects the snapshot leaves out.
   */
  holds?: 'git folder' | 'left out';
}

/** Imports read their content inside this limit, so an apply never holds more than a few files in memory. */
const IMPORT_LIMIT = slot<LimitFunction>('workspace import limit');
function importLimit(run: RunCache): LimitFunction {
  return run.get(IMPORT_LIMIT, () => pLimit(16));
}

/** The target's apply state; empty when absent, unreadable or damaged (then content is downloaded). */
async function readApplyState(client: DatabricksClient): Promise<Map<string, AppliedEntry>> {
  const out = new Map<string, AppliedEntry>();
  let raw: Buffer;
  try {
    raw = await client.getBytes('/api/2.0/workspace/export', {
      path: APPLY_STATE_FILE,
      format: 'AUTO',
      direct_download: true,
    });
  } catch (error) {
    if (error instanceof ApiError) return out;
    throw error;
  }
  try {
    const json = parseJson(raw.toString('utf8'));
    if (!isJsonObject(json) || json.format !== 1 || !isJsonObject(json.objects)) return out;
    for (const [path, v] of Object.entries(json.objects)) {
      if (
        isJsonObject(v) &&
        typeof v.object_id === 'string' &&
        typeof v.modified_at === 'string' &&
        (v.modified_at_interactive === undefined || typeof v.modified_at_interactive === 'string') &&
        typeof v.type === 'string' &&
        typeof v.sha256 === 'string' &&
        /^[0-9a-f]{64}$/.test(v.sha256)
      )
        out.set(path, {
          object_id: v.object_id,
          modified_at: v.modified_at,
          ...(v.modified_at_interactive !== undefined && {
            modified_at_interactive: v.modified_at_interactive,
          }),
          type: v.type,
          sha256: v.sha256,
        });
    }
  } catch {
    // A damaged state only costs downloads.
  }
  return out;
}

function versionOf(o: ObjectInfo): Version | undefined {
  if (o.object_id === undefined || o.modified_at === undefined) return undefined;
  const version: Version = { object_id: String(o.object_id), modified_at: String(o.modified_at) };
  const interactive = o.modified_at_interactive?.time_millis;
  if (interactive !== undefined && Number(interactive) !== 0)
    version.modified_at_interactive = String(interactive);
  return version;
}

/** Lists one directory; a path that is a notebook or file lists as itself. */
export async function listDirectory(ctx: Pick<ExportContext, 'client'>, path: string): Promise<ObjectInfo[]> {
  const page = await ctx.client.getList<{ objects?: ObjectInfo[] }>('/api/2.0/workspace/list', 'objects', {
    path,
  });
  return (page.objects ?? []).map((o) => ({ ...o, path: normalizeWorkspacePath(o.path) }));
}

function describeObject(o: ObjectInfo): string {
  return o.object_type === 'DIRECTORY'
    ? 'the folder'
    : o.object_type === 'FILE'
      ? 'the file'
      : 'the notebook';
}

function describeType(o: ObjectInfo): string | undefined {
  if (o.object_type === 'REPO' || (o.object_type === 'DIRECTORY' && o.directory_info?.is_git_folder))
    return 'Git folder: its files live in its remote repository, not in this snapshot';
  if (o.object_type === 'LIBRARY')
    return 'workspace library objects cannot be exported through the Workspace API';
  if (!['DIRECTORY', 'NOTEBOOK', 'FILE'].includes(o.object_type))
    return `${o.object_type} objects cannot be exported through the Workspace API`;
  return undefined;
}

/**
 * Objects exported at once. A folder of 10,000 notebooks would otherwise queue 10,000 downloads in the
 * client at once; waiting here, each costs a closure. Enough to keep the export budget busy.
 */
const OBJECTS_AT_ONCE = 32;

/**
 * Walks the workspace tree breadth-first (the list API has no recursion), exports every notebook in SOURCE
 * format and every file byte for byte. Objects whose object id and modification time are the same as in
 * the previous export are copied from the previous snapshot instead of being downloaded again.
 */
async function exportWorkspace(ctx: ExportContext): Promise<void> {
  const previousState = await ctx.previous.exportState(KIND);
  const objectsAtOnce = pLimit(OBJECTS_AT_ONCE);
  const directories = new Map<string, { hasContent: boolean; parent?: string }>();
  const work: Promise<void>[] = [];

  const markContent = (dir: string | undefined) => {
    for (let d = dir; d !== undefined; d = directories.get(d)?.parent) {
      const entry = directories.get(d);
      if (!entry || entry.hasContent) break;
      entry.hasContent = true;
    }
  };

  const visitDirectory = async (
    path: string,
    parent: string | undefined,
    listed?: Promise<ObjectInfo[]>,
  ): Promise<void> => {
    directories.set(path, { hasContent: false, parent });
    let children: ObjectInfo[];
    try {
      children = await (listed ?? listDirectory(ctx, path));
    } catch (error) {
      // Deleted since its parent was listed (a missing root is the settings' error, reported below). Its id
      // was registered with the listing, so the permissions kind must leave it out too.
      if (parent !== undefined && error instanceof ApiError && error.isNotFound) {
        directories.delete(path);
        ctx.refs.markVanished(KIND, path);
        ctx.report.skip(KIND, path, DELETED_WHILE_EXPORTING);
        return;
      }
      throw new ContextError(path, error);
    }
    children.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    // Names are reserved in sorted order before anything is downloaded: of two objects that would be stored
    // at the same place (a notebook `a` and a folder `a.py`), the first in path order always wins.
    const runs = children.map((child) => plan(child, path));
    await Promise.all(runs.map((run) => run?.()));
  };

  /** Decides what becomes of one object and reserves its place in the snapshot; returns the work to do. */
  const plan = (o: ObjectInfo, parent: string | undefined): (() => Promise<void>) | undefined => {
    if (isToolPath(o.path)) return undefined;
    // A token as a name would reach the snapshot's file names, its export state and the logs: the object
    // (a folder: all it holds) is refused, under its redacted name only (a finding: fail or redact).
    const shown = ctx.out.refuseName(`${WORKSPACE_DIR}${o.path}`);
    if (shown !== undefined) {
      ctx.report.skip(
        KIND,
        shown.slice(WORKSPACE_DIR.length),
        'its name holds a credential: not exported (rename it)',
      );
      return undefined;
    }
    if (ctx.options.exclude(o.path)) {
      ctx.log.debug(`excluded ${o.path}`);
      return undefined;
    }
    const unsupported = describeType(o);
    if (unsupported) {
      ctx.report.skip(KIND, o.path, unsupported);
      return undefined;
    }
    if (o.object_type === 'DIRECTORY') {
      if (!reserve(o, folderForDirectory(o.path), true)) return undefined;
      register(ctx, o);
      return () => visitDirectory(o.path, parent);
    }
    const kind: WorkspaceObjectKind | undefined =
      o.object_type === 'FILE'
        ? { type: 'FILE' }
        : isNotebookLanguage(o.language)
          ? { type: 'NOTEBOOK', language: o.language }
          : undefined;
    if (!kind) {
      ctx.report.skip(KIND, o.path, `notebook language '${o.language ?? 'unknown'}' has no SOURCE format`);
      return undefined;
    }
    if (o.size !== undefined && Number(o.size) > MAX_CONTENT_BYTES) {
      ctx.report.skip(KIND, o.path, `${Number(o.size)} bytes: over the Workspace API's 10 MB export limit`);
      return undefined;
    }
    const file = fileForObject(o.path, kind);
    if (!reserve(o, file, false)) return undefined;
    return async () => {
      const done = await objectsAtOnce(() => exportObject(ctx, o, kind, file, previousState[o.path]));
      if (done) {
        if (kind.type === 'NOTEBOOK') ctx.run.get(NOTEBOOK_FILES, () => new Set()).add(file);
        register(ctx, o);
        markContent(parent);
      }
    };
  };

  /** Reserves the object's place; a collision skips it, naming the object that keeps the place. */
  const reserve = (o: ObjectInfo, rel: string, folder: boolean): boolean => {
    const what = `${describeObject(o)} ${o.path}`;
    const taken = ctx.out.reserve(rel, what, folder);
    if (!taken) return true;
    ctx.report.skip(
      KIND,
      o.path,
      `name collision: it would be stored at ${rel}, where the snapshot has ${taken.owner}` +
        (taken.rel === rel ? '' : ` (at ${taken.rel})`),
    );
    return false;
  };

  const roots = exportRoots(ctx.options.workspacePaths).sort();
  for (const root of roots) {
    if (isToolPath(root)) {
      // Named by workspace-paths, still never in a snapshot (see APPLY_STATE_DIR).
      ctx.log.info(`${root}: databricks-dr's own apply state, never exported`);
      continue;
    }
    // A root is almost always a folder: its listing is asked for beside its status, not after it.
    const listed = listDirectory(ctx, root);
    listed.catch(() => undefined);
    let status: ObjectInfo;
    try {
      status = await ctx.client.get<ObjectInfo>('/api/2.0/workspace/get-status', { path: root });
    } catch (error) {
      if (error instanceof ApiError && error.isNotFound)
        throw new Error(
          `workspace path '${root}' does not exist: fix ${theOf('workspace-paths', ctx.options.words ?? 'action')}`,
        );
      throw new ContextError(root, error);
    }
    status.path = normalizeWorkspacePath(status.path ?? root);
    if (status.object_type === 'DIRECTORY' && !describeType(status)) {
      // Roots are walked even if excluded by a pattern matching their children only.
      if (status.path !== '/' && !reserve(status, folderForDirectory(status.path), true)) continue;
      register(ctx, status);
      work.push(visitDirectory(status.path, undefined, status.path === root ? listed : undefined));
    } else {
      const run = plan(status, undefined);
      if (run) work.push(run());
    }
  }
  await Promise.all(work);

  // Directories with nothing under them in the snapshot keep a marker, so that git keeps them.
  for (const [dir, entry] of [...directories].sort()) {
    if (entry.hasContent || dir === '/') continue;
    const marker = fileForObject(dir, { type: 'DIRECTORY' });
    if (ctx.out.claim(marker)) await ctx.out.write(marker, '');
    ctx.report.count(KIND, 'exported');
  }
}

async function exportObject(
  ctx: ExportContext,
  o: ObjectInfo,
  kind: WorkspaceObjectKind,
  file: string,
  previous: unknown,
): Promise<boolean> {
  const version = versionOf(o);
  const entry: ExportedEntry = { object_id: '', modified_at: '', ...version, file };
  const prev = previous as Partial<ExportedEntry> | undefined;
  if (version && prev && sameVersion(version, prev) && prev.file === file) {
    const hashes = await ctx.previous.unchanged(file, prev);
    if (hashes) {
      if (await ctx.out.copyFrom(ctx.previous, file)) {
        ctx.out.setState(KIND, o.path, { ...entry, ...hashes });
        ctx.report.count(KIND, 'unchanged');
        ctx.progress?.(KIND, o.path);
        return true;
      }
    } else if (await ctx.previous.exists(file))
      ctx.log.info(`${file} differs from what was exported (edited by hand?): exporting it again`);
  }
  let content: Buffer;
  try {
    content = await ctx.client.getBytes('/api/2.0/workspace/export', {
      path: o.path,
      format: kind.type === 'NOTEBOOK' ? 'SOURCE' : 'AUTO',
      direct_download: true,
    });
  } catch (error) {
    // Every form of the 10 MB refusal (ApiError.isSizeLimit) skips this object only; any other error fails.
    if (error instanceof ApiError && (error.isSizeLimit || error.isNotFound)) {
      const why = error.isNotFound
        ? DELETED_WHILE_EXPORTING
        : `over the Workspace API's 10 MB export limit, not in the snapshot (${error.message})`;
      ctx.report.skip(KIND, o.path, why);
      return false;
    }
    throw new ContextError(o.path, error);
  }
  if (kind.type === 'FILE' && /\.(py|sql|scala|r)$/i.test(o.path)) {
    const lang = o.path.endsWith('.py')
      ? 'PYTHON'
      : o.path.endsWith('.sql')
        ? 'SQL'
        : o.path.endsWith('.scala')
          ? 'SCALA'
          : 'R';
    if (hasNotebookHeader(content, lang))
      ctx.report.warn(
        KIND,
        o.path,
        'a workspace file that starts with a notebook header is restored as a notebook',
      );
  }
  const written = await ctx.out.write(file, content);
  ctx.out.setState(KIND, o.path, { ...entry, ...written });
  ctx.report.count(KIND, 'exported');
  ctx.progress?.(KIND, o.path);
  return true;
}

function parentOf(path: string): string | undefined {
  const i = path.lastIndexOf('/');
  return i <= 0 ? undefined : path.slice(0, i);
}

function dirRef(path: string | undefined): Ref[] {
  const parent = path && parentOf(path);
  return parent ? [{ kind: KIND, key: parent }] : [];
}

function specOf(kind: WorkspaceObjectKind, hash?: string): JsonObject {
  const spec: JsonObject = { type: kind.type };
  if (kind.type === 'NOTEBOOK') spec.language = kind.language;
  if (hash) spec.sha256 = hash;
  return spec;
}

/** Every notebook, file and folder the snapshot's `workspace/` tree stands for, keyed by workspace path. */
async function readDesired(snapshot: SnapshotSource): Promise<DesiredObject[]> {
  const objects = new Map<string, DesiredObject>();
  const add = (o: DesiredObject) => {
    const other = objects.get(o.key);
    if (!other) {
      objects.set(o.key, o);
      return;
    }
    const typeOf = (d: DesiredObject) => (d.spec as JsonObject).type;
    if (typeOf(other) === 'DIRECTORY' && typeOf(o) === 'DIRECTORY') return;
    throw new SnapshotError(o.source, `stands for the workspace object ${o.key}, as ${other.source} does`);
  };
  for (const rel of snapshot.filesUnder(WORKSPACE_DIR)) {
    const source = `${WORKSPACE_DIR}/${rel}`;
    const content = await snapshot.read(source);
    let found;
    try {
      found = objectForFile(rel, content);
      // A name that decodes to '.' or '..' (%2E%2E) would address another folder of the target.
      splitWorkspacePath(found.path);
    } catch (error) {
      throw new SnapshotError(source, (error as Error).message);
    }
    const { path, kind } = found;
    if (path === '/' && kind.type !== 'DIRECTORY') throw new SnapshotError(source, 'not a workspace object');
    if (isToolPath(path))
      throw new SnapshotError(source, `${APPLY_STATE_DIR} is reserved for databricks-dr's apply state`);
    const spec = specOf(kind, kind.type === 'DIRECTORY' ? undefined : sha256(content));
    if (path !== '/') add({ kind: KIND, key: path, spec, refs: dirRef(path), source });
    for (let dir = parentOf(path); dir; dir = parentOf(dir))
      add({ kind: KIND, key: dir, spec: { type: 'DIRECTORY' }, refs: dirRef(dir), source });
  }
  return [...objects.values()];
}

/**
 * The target's tree under the exported roots, normalized like the snapshot: content is downloaded and
 * hashed only for objects the snapshot also has (the others can only be deleted, which needs no content),
 * and not even then when the apply state vouches for the object (same object id and modification time as
 * when apply wrote or last checked it).
 */
async function readActual(ctx: TargetContext): Promise<ActualObject<WorkspaceExtra>[]> {
  const wanted = new Map(
    ctx.desired.filter((d) => d.kind === KIND).map((d) => [d.key, d.spec as JsonObject]),
  );
  const applied = wanted.size ? await readApplyState(ctx.client) : new Map<string, AppliedEntry>();
  const out: ActualObject<WorkspaceExtra>[] = [];
  const gitFolders: string[] = [];
  // Objects of the target the snapshot leaves out (excluded, or not exportable): never in the plan, so a
  // folder above them must not be pruned, since deleting a folder deletes everything in it.
  const leftOut: string[] = [];
  const visit = async (o: ObjectInfo): Promise<void> => {
    // Never in the plan (plan.json, logs): export refuses such an object, so it is left out like an
    // excluded one, and shown redacted only.
    const found = scanName(o.path);
    if (found.length) {
      leftOut.push(o.path);
      ctx.log.warning(`${redactText(o.path, found)}: its name holds a credential; left out of the plan`);
      return;
    }
    if (isGitFolder(o)) gitFolders.push(o.path);
    else if (!isToolPath(o.path) && (ctx.options.exclude(o.path) || describeType(o))) leftOut.push(o.path);
    if (isToolPath(o.path) || ctx.options.exclude(o.path) || describeType(o)) return;
    register(ctx, o);
    if (o.object_type === 'DIRECTORY') {
      if (o.path !== '/') out.push(actual(o, { type: 'DIRECTORY' }));
      const children = await listDirectory(ctx, o.path);
      await Promise.all(children.filter((c) => c.path !== o.path).map(visit));
      return;
    }
    const kind: WorkspaceObjectKind | undefined =
      o.object_type === 'FILE'
        ? { type: 'FILE' }
        : isNotebookLanguage(o.language)
          ? { type: 'NOTEBOOK', language: o.language }
          : undefined;
    if (!kind) {
      leftOut.push(o.path);
      return;
    }
    const want = wanted.get(o.path);
    const version = versionOf(o);
    let hash: string | undefined;
    if (want && want.type === kind.type) {
      const entry = applied.get(o.path);
      if (entry && version && entry.type === kind.type && sameVersion(version, entry)) hash = entry.sha256;
      else hash = await targetHash(ctx, o, kind);
    }
    out.push(actual(o, specOf(kind, hash), version ? { version } : undefined));
  };
  for (const root of exportRoots(ctx.options.workspacePaths).sort()) {
    let status: ObjectInfo;
    try {
      status = await ctx.client.get<ObjectInfo>('/api/2.0/workspace/get-status', { path: root });
    } catch (error) {
      if (error instanceof ApiError && error.isNotFound) continue;
      throw error;
    }
    await visit({ ...status, path: normalizeWorkspacePath(status.path ?? root) });
  }
  await readFoldersAboveRoots(ctx, wanted, out);
  const aboveGit = foldersAbove(gitFolders);
  const aboveLeftOut = foldersAbove(leftOut);
  for (const a of out)
    if (aboveGit.has(a.key)) a.extra = { ...a.extra, holds: 'git folder' };
    else if (aboveLeftOut.has(a.key)) a.extra = { ...a.extra, holds: 'left out' };
  return out;
}

/**
 * The snapshot holds the folders above a root that is not `/` (`/Shared` for `workspace-paths: /Shared/x`):
 * its files sit in them. The walk starts at the roots, so each such folder is read on its own; unread, it
 * would be planned as missing on every apply (a mkdirs each time, never a clean plan). Not registered for
 * grants: what is above a root is not exported, so its permissions are not the snapshot's to set. They
 * hold what the snapshot does not cover, so they are never deleted.
 */
async function readFoldersAboveRoots(
  ctx: TargetContext,
  wanted: Map<string, JsonObject>,
  out: ActualObject<WorkspaceExtra>[],
): Promise<void> {
  const roots = exportRoots(ctx.options.workspacePaths);
  const above = [...wanted].filter(
    ([key, spec]) => spec.type === 'DIRECTORY' && key !== '/' && !roots.some((r) => isUnder(key, r)),
  );
  await Promise.all(
    above.map(async ([key]) => {
      let status: ObjectInfo;
      try {
        status = await ctx.client.get<ObjectInfo>('/api/2.0/workspace/get-status', { path: key });
      } catch (error) {
        if (error instanceof ApiError && error.isNotFound) return;
        throw error;
      }
      if (status.object_type !== 'DIRECTORY') return;
      out.push(actual({ ...status, path: key }, { type: 'DIRECTORY' }, { holds: 'left out' }));
    }),
  );
}

/**
 * The sha256 of a target object's content, or undefined when the Workspace API cannot export it (over its
 * 10 MB limit): an unknown hash differs from the snapshot's, so apply overwrites the object with the
 * snapshot's content instead of one oversized object stopping the whole plan.
 */
async function targetHash(
  ctx: TargetContext,
  o: ObjectInfo,
  kind: WorkspaceObjectKind,
): Promise<string | undefined> {
  const unknown = () => {
    ctx.log.debug(
      `${o.path}: over the Workspace API's 10 MB export limit in the target; apply overwrites it`,
    );
    return undefined;
  };
  // Small files may list their size; notebooks and files over the limit do not (databricks/cli#3691: the
  // get-status of a 459 MB file has no `size`), and answer the export with the error instead.
  if (o.size !== undefined && Number(o.size) > MAX_CONTENT_BYTES) return unknown();
  try {
    const content = await ctx.client.getBytes('/api/2.0/workspace/export', {
      path: o.path,
      format: kind.type === 'NOTEBOOK' ? 'SOURCE' : 'AUTO',
      direct_download: true,
    });
    return sha256(content);
  } catch (error) {
    if (error instanceof ApiError && error.isSizeLimit) return unknown();
    throw error;
  }
}

/** Every folder above the given paths. */
function foldersAbove(paths: string[]): Set<string> {
  const out = new Set<string>();
  for (const p of paths) for (let dir = parentOf(p); dir && !out.has(dir); dir = parentOf(dir)) out.add(dir);
  return out;
}

function isGitFolder(o: ObjectInfo): boolean {
  return (
    o.object_type === 'REPO' || (o.object_type === 'DIRECTORY' && o.directory_info?.is_git_folder === true)
  );
}

function actual(o: ObjectInfo, spec: JsonObject, extra?: WorkspaceExtra): ActualObject<WorkspaceExtra> {
  return {
    kind: KIND,
    key: o.path,
    id: o.object_id ?? null,
    spec,
    refs: dirRef(o.path),
    label: o.path,
    ...(extra ? { extra } : {}),
  };
}

/** System folders and home folders are never deleted, even with prune: only what is inside them. */
function protectedFromDelete(a: ActualObject<WorkspaceExtra>): string | undefined {
  if (/^\/(Users|Shared|Repos|Workspace)$/.test(a.key) || /^\/Users\/[^/]+$/.test(a.key))
    return 'system or home folder';
  if (a.extra?.holds === 'git folder')
    return 'holds a Git folder (repos are restored and pruned by the repos kind)';
  if (a.extra?.holds === 'left out')
    return 'holds objects the snapshot leaves out (excluded or not exportable), which deleting it would delete';
  return undefined;
}

async function importObject(
  ctx: ApplyContext,
  path: string,
  source: string,
  spec: JsonObject,
): Promise<void> {
  // The content is read only when the request can go: a wave of 10,000 imports holds 16 files at most.
  await importLimit(ctx.run)(async () => {
    const content = await ctx.snapshot.read(source);
    const body: JsonObject = { path, content: content.toString('base64'), overwrite: true };
    if (spec.type === 'NOTEBOOK') {
      body.format = 'SOURCE';
      body.language = spec.language;
    } else {
      // RAW, as Terraform's databricks_workspace_file: the bytes become a file as they are, extension kept.
      // AUTO would make a notebook of an .ipynb (or of content it reads as one), and production refuses AUTO
      // with overwrite onto an existing file (reference §1.4; databricks/cli#3386), so no file could ever be
      // updated.
      body.format = 'RAW';
    }
    await ctx.client.post('/api/2.0/workspace/import', body, { idempotent: true });
  });
}

async function deleteObject(ctx: ApplyContext, path: string): Promise<void> {
  try {
    await ctx.client.post('/api/2.0/workspace/delete', { path, recursive: true }, { idempotent: true });
  } catch (error) {
    // Deleting a folder takes its children with it.
    if (!(error instanceof ApiError && error.isNotFound)) throw error;
  }
}

async function apply(ctx: ApplyContext, req: ApplyRequest): Promise<JsonValue | undefined> {
  const path = req.key;
  if (req.action === 'delete') {
    await deleteObject(ctx, path);
    return undefined;
  }
  if (req.action === 'replace') await deleteObject(ctx, path);
  const desired = req.desired;
  if (!desired) throw new Error(`no desired state for ${path}`);
  const spec = desired.spec as JsonObject;
  if (spec.type === 'DIRECTORY')
    await ctx.client.post('/api/2.0/workspace/mkdirs', { path }, { idempotent: true });
  else await importObject(ctx, path, desired.source, spec);
  return undefined;
}

/**
 * Records the apply state: objects found in sync keep the version readActual listed; objects written are
 * listed again (one request per folder) for the id and modification time the target gave them. Entries
 * outside the snapshot's roots are kept (another snapshot may have written them); failed objects get none.
 * Nothing is written when the state is unchanged, so a no-op apply makes no write request.
 */
async function afterApply(ctx: ApplyContext, outcome: ApplyOutcome<WorkspaceExtra>): Promise<void> {
  const content = new Map<string, DesiredObject>();
  for (const d of outcome.desired) {
    const spec = d.spec as JsonObject;
    if (spec.type !== 'DIRECTORY' && typeof spec.sha256 === 'string') content.set(d.key, d);
  }
  const old = await readApplyState(ctx.client);
  const roots = exportRoots(ctx.options.workspacePaths);
  const next = new Map([...old].filter(([path]) => !roots.some((r) => isUnder(path, r))));
  const record = (path: string, version: Version | undefined) => {
    const d = content.get(path);
    if (!d || !version) return;
    const spec = d.spec as JsonObject;
    next.set(path, { ...version, type: String(spec.type), sha256: String(spec.sha256) });
  };
  for (const a of outcome.actual)
    if (outcome.unchanged.has(a.key) && !outcome.written.has(a.key)) record(a.key, a.extra?.version);
  const folders = new Set<string>();
  for (const key of outcome.written) if (content.has(key)) folders.add(parentOf(key) ?? '/');
  await Promise.all(
    [...folders].map(async (folder) => {
      let listed: ObjectInfo[];
      try {
        listed = await listDirectory(ctx, folder);
      } catch {
        return;
      }
      for (const o of listed) if (outcome.written.has(o.path)) record(o.path, versionOf(o));
    }),
  );
  const same =
    next.size === old.size &&
    [...next].every(([path, e]) => {
      const o = old.get(path);
      return o !== undefined && sameVersion(o, e) && o.type === e.type && o.sha256 === e.sha256;
    });
  if (same) return;
  const objects: JsonObject = {};
  for (const [path, e] of [...next].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    objects[path] = { ...e };
  const bytes = Buffer.from(stableJson({ format: 1, objects }), 'utf8');
  if (bytes.length > MAX_CONTENT_BYTES) {
    ctx.log.warning('the apply state is over 10 MB and is not recorded: the next plan downloads content');
    return;
  }
  try {
    await ctx.client.post('/api/2.0/workspace/mkdirs', { path: APPLY_STATE_DIR }, { idempotent: true });
    await ctx.client.post(
      '/api/2.0/workspace/import',
      // RAW, as every file apply writes (see importObject).
      { path: APPLY_STATE_FILE, format: 'RAW', content: bytes.toString('base64'), overwrite: true },
      { idempotent: true },
    );
  } catch (error) {
    ctx.log.warning(
      `could not record the apply state in ${APPLY_STATE_FILE} (${(error as Error).message.split('\n')[0]}): ` +
        'the next plan downloads content to compare',
    );
  }
}

export const workspaceKind: ResourceKind<WorkspaceExtra> = {
  name: KIND,
  folder: WORKSPACE_DIR,
  export: exportWorkspace,
  readDesired,
  readActual,
  // A notebook that becomes a file or a folder (or back) has to be deleted and made anew.
  replaceFields: (changes) => (changes.some((c) => c.path === 'type') ? ['type'] : []),
  // workspace/delete with recursive: true takes a folder's contents with it (reference §1.3).
  parentKey: parentOf,
  protectedFromDelete,
  apply,
  afterApply,
};
