import { ApiError } from '../databricks/errors.js';
import type { JsonObject } from '../util/json.js';
import {
  fileForObject,
  hasNotebookHeader,
  isNotebookLanguage,
  normalizeWorkspacePath,
  objectForFile,
  WORKSPACE_DIR,
  type WorkspaceObjectKind,
} from '../snapshot/layout.js';
import { createHash } from 'node:crypto';
import type { Ref } from '../plan/references.js';
import { SnapshotError, type SnapshotSource } from '../snapshot/source.js';
import type { JsonValue } from '../util/json.js';
import type {
  ActualObject,
  ApplyContext,
  ApplyRequest,
  DesiredObject,
  ExportContext,
  ResourceKind,
  TargetContext,
} from './kind.js';

/** The Workspace API's 10 MB limit on export and import content. */
export const MAX_CONTENT_BYTES = 10 * 1024 * 1024;

export interface ObjectInfo {
  path: string;
  object_type: string;
  object_id?: number | bigint;
  language?: string;
  modified_at?: number | bigint;
  size?: number | bigint;
  directory_info?: { is_git_folder?: boolean };
}

interface ExportedEntry {
  object_id: string;
  modified_at: string;
  file: string;
}

const KIND = 'workspace';

/** Lists one directory; a path that is a notebook or file lists as itself. */
export async function listDirectory(ctx: Pick<ExportContext, 'client'>, path: string): Promise<ObjectInfo[]> {
  const page = await ctx.client.get<{ objects?: ObjectInfo[] }>('/api/2.0/workspace/list', { path });
  return (page.objects ?? []).map((o) => ({ ...o, path: normalizeWorkspacePath(o.path) }));
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
 * Walks the workspace tree breadth-first (the list API has no recursion), exports every notebook in SOURCE
 * format and every file byte for byte. Objects whose object id and modification time are the same as in
 * the previous export are copied from the previous snapshot instead of being downloaded again.
 */
async function exportWorkspace(ctx: ExportContext): Promise<void> {
  const previousState = await ctx.previous.exportState(KIND);
  const directories = new Map<string, { hasContent: boolean; parent?: string }>();
  const work: Promise<void>[] = [];

  const markContent = (dir: string | undefined) => {
    for (let d = dir; d !== undefined; d = directories.get(d)?.parent) {
      const entry = directories.get(d);
      if (!entry || entry.hasContent) break;
      entry.hasContent = true;
    }
  };

  const visitDirectory = async (path: string, parent: string | undefined): Promise<void> => {
    directories.set(path, { hasContent: false, parent });
    const children = await listDirectory(ctx, path);
    children.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    await Promise.all(children.map((child) => visit(child, path)));
  };

  const visit = async (o: ObjectInfo, parent: string | undefined): Promise<void> => {
    if (ctx.options.exclude(o.path)) {
      ctx.log.debug(`excluded ${o.path}`);
      return;
    }
    const unsupported = describeType(o);
    if (unsupported) {
      ctx.report.skip(KIND, o.path, unsupported);
      return;
    }
    if (o.object_type === 'DIRECTORY') return visitDirectory(o.path, parent);
    const kind: WorkspaceObjectKind | undefined =
      o.object_type === 'FILE'
        ? { type: 'FILE' }
        : isNotebookLanguage(o.language)
          ? { type: 'NOTEBOOK', language: o.language }
          : undefined;
    if (!kind) {
      ctx.report.skip(KIND, o.path, `notebook language '${o.language ?? 'unknown'}' has no SOURCE format`);
      return;
    }
    if (o.size !== undefined && Number(o.size) > MAX_CONTENT_BYTES) {
      ctx.report.skip(KIND, o.path, `${Number(o.size)} bytes: over the Workspace API's 10 MB export limit`);
      return;
    }
    const file = fileForObject(o.path, kind);
    if (!ctx.out.claim(file)) {
      ctx.report.skip(
        KIND,
        o.path,
        `name collision: another object in the same folder is also stored as ${file}`,
      );
      return;
    }
    const done = await exportObject(ctx, o, kind, file, previousState[o.path]);
    if (done) markContent(parent);
  };

  const roots = [...new Set(ctx.options.workspacePaths.map(normalizeWorkspacePath))].sort();
  for (const root of roots) {
    let status: ObjectInfo;
    try {
      status = await ctx.client.get<ObjectInfo>('/api/2.0/workspace/get-status', { path: root });
    } catch (error) {
      if (error instanceof ApiError && error.isNotFound)
        throw new Error(`workspace path '${root}' does not exist: fix the 'workspace-paths' input`);
      throw error;
    }
    status.path = normalizeWorkspacePath(status.path ?? root);
    if (status.object_type === 'DIRECTORY' && !describeType(status)) {
      // Roots are walked even if excluded by a pattern matching their children only.
      work.push(visitDirectory(status.path, undefined));
    } else work.push(visit(status, undefined));
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
  const id = o.object_id !== undefined ? String(o.object_id) : '';
  const modified = o.modified_at !== undefined ? String(o.modified_at) : '';
  const entry: ExportedEntry = { object_id: id, modified_at: modified, file };
  const prev = previous as Partial<ExportedEntry> | undefined;
  if (
    id &&
    modified &&
    prev &&
    prev.object_id === id &&
    prev.modified_at === modified &&
    prev.file === file
  ) {
    if (await ctx.out.copyFrom(ctx.previous, file)) {
      ctx.out.setState(KIND, o.path, { ...entry });
      ctx.report.count(KIND, 'unchanged');
      ctx.progress?.(KIND, o.path);
      return true;
    }
  }
  let content: Buffer;
  try {
    content = await ctx.client.getBytes('/api/2.0/workspace/export', {
      path: o.path,
      format: kind.type === 'NOTEBOOK' ? 'SOURCE' : 'AUTO',
      direct_download: true,
    });
  } catch (error) {
    if (error instanceof ApiError && (error.errorCode === 'MAX_NOTEBOOK_SIZE_EXCEEDED' || error.isNotFound)) {
      const why = error.isNotFound ? 'deleted while the export ran' : `cannot be exported: ${error.message}`;
      ctx.report.skip(KIND, o.path, why);
      return false;
    }
    throw error;
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
  await ctx.out.write(file, content);
  ctx.out.setState(KIND, o.path, { ...entry });
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

function sha256(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
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
    } catch (error) {
      throw new SnapshotError(source, (error as Error).message);
    }
    const { path, kind } = found;
    if (path === '/' && kind.type !== 'DIRECTORY') throw new SnapshotError(source, 'not a workspace object');
    const spec = specOf(kind, kind.type === 'DIRECTORY' ? undefined : sha256(content));
    if (path !== '/') add({ kind: KIND, key: path, spec, refs: dirRef(path), source });
    for (let dir = parentOf(path); dir; dir = parentOf(dir))
      add({ kind: KIND, key: dir, spec: { type: 'DIRECTORY' }, refs: dirRef(dir), source });
  }
  return [...objects.values()];
}

/**
 * The target's tree under the exported roots, normalized like the snapshot: content is downloaded and
 * hashed only for objects the snapshot also has (the others can only be deleted, which needs no content).
 */
async function readActual(ctx: TargetContext): Promise<ActualObject[]> {
  const wanted = new Map(
    ctx.desired.filter((d) => d.kind === KIND).map((d) => [d.key, d.spec as JsonObject]),
  );
  const out: ActualObject[] = [];
  const visit = async (o: ObjectInfo): Promise<void> => {
    if (ctx.options.exclude(o.path) || describeType(o)) return;
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
    if (!kind) return;
    const want = wanted.get(o.path);
    let hash: string | undefined;
    if (want && want.type === kind.type) {
      const content = await ctx.client.getBytes('/api/2.0/workspace/export', {
        path: o.path,
        format: kind.type === 'NOTEBOOK' ? 'SOURCE' : 'AUTO',
        direct_download: true,
      });
      hash = sha256(content);
    }
    out.push(actual(o, specOf(kind, hash)));
  };
  for (const root of [...new Set(ctx.options.workspacePaths.map(normalizeWorkspacePath))].sort()) {
    let status: ObjectInfo;
    try {
      status = await ctx.client.get<ObjectInfo>('/api/2.0/workspace/get-status', { path: root });
    } catch (error) {
      if (error instanceof ApiError && error.isNotFound) continue;
      throw error;
    }
    await visit({ ...status, path: normalizeWorkspacePath(status.path ?? root) });
  }
  return out;
}

function actual(o: ObjectInfo, spec: JsonObject): ActualObject {
  return { kind: KIND, key: o.path, id: o.object_id ?? null, spec, refs: dirRef(o.path), label: o.path };
}

/** System folders and home folders are never deleted, even with prune: only what is inside them. */
function protectedFromDelete(a: ActualObject): string | undefined {
  if (/^\/(Users|Shared|Repos|Workspace)$/.test(a.key) || /^\/Users\/[^/]+$/.test(a.key))
    return 'system or home folder';
  return undefined;
}

async function importObject(
  ctx: ApplyContext,
  path: string,
  source: string,
  spec: JsonObject,
): Promise<void> {
  const content = await ctx.snapshot.read(source);
  const body: JsonObject = { path, content: content.toString('base64'), overwrite: true };
  if (spec.type === 'NOTEBOOK') {
    body.format = 'SOURCE';
    body.language = spec.language;
  } else body.format = 'AUTO';
  await ctx.client.post('/api/2.0/workspace/import', body, { idempotent: true });
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

export const workspaceKind: ResourceKind = {
  name: KIND,
  folder: WORKSPACE_DIR,
  export: exportWorkspace,
  readDesired,
  readActual,
  // A notebook that becomes a file or a folder (or back) has to be deleted and made anew.
  replaceFields: (changes) => (changes.some((c) => c.path === 'type') ? ['type'] : []),
  protectedFromDelete,
  apply,
};
