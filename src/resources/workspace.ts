import { ApiError } from '../databricks/errors.js';
import type { JsonObject } from '../util/json.js';
import {
  DIR_MARKER,
  fileForObject,
  hasNotebookHeader,
  isNotebookLanguage,
  normalizeWorkspacePath,
  WORKSPACE_DIR,
  type WorkspaceObjectKind,
} from '../snapshot/layout.js';
import type { ExportContext, ResourceKind } from './kind.js';

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

export const workspaceKind: ResourceKind = {
  name: KIND,
  folder: WORKSPACE_DIR,
  export: exportWorkspace,
};

export type { JsonObject };
export { DIR_MARKER };
