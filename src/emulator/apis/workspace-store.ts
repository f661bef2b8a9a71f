import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EmulatorContext } from '../context.js';
import { ApiError } from '../errors.js';
import {
  hasNotebookHeader,
  languageForFileName,
  withNotebookHeader,
  type NotebookLanguage,
} from '../notebook.js';

/** 10 MB: the `content` limit of import and export (§2.2). */
export const MAX_CONTENT_BYTES = 10 * 1024 * 1024;

/**
 * Object types of the Workspace API (§2.1). MLFLOW_EXPERIMENT is not in the SDK enum but real workspaces
 * list experiments in folders; it is here so exporters can be tested against objects they must skip.
 */
export type WorkspaceObjectType =
  'DIRECTORY' | 'NOTEBOOK' | 'FILE' | 'LIBRARY' | 'REPO' | 'DASHBOARD' | 'MLFLOW_EXPERIMENT';

export interface WorkspaceObject {
  /** Normalized absolute path: no `/Workspace` prefix, no trailing or duplicate slashes. */
  path: string;
  object_type: WorkspaceObjectType;
  object_id: number;
  resource_id: string;
  /** NOTEBOOK only. */
  language?: NotebookLanguage;
  /** NOTEBOOK: its SOURCE text (header included); FILE: its bytes; otherwise absent. */
  content?: Buffer;
  created_at: number;
  modified_at: number;
  /** Set by an edit in the workspace UI (editInEditor), never by the API. */
  modified_at_interactive?: { user_id: string; time_millis: number };
}

/** ObjectInfo as list and get-status answer it (§2.1). */
export interface ObjectInfo {
  path: string;
  object_type: WorkspaceObjectType;
  object_id: number;
  resource_id: string;
  language?: NotebookLanguage;
  created_at?: number;
  modified_at?: number;
  modified_at_interactive?: { user_id: string; time_millis: number };
  size?: number;
}

export interface Timestamps {
  createdAt?: number;
  modifiedAt?: number;
}

/** Directories and Git folders hold other objects. */
export function isContainer(type: WorkspaceObjectType): boolean {
  return type === 'DIRECTORY' || type === 'REPO';
}

/**
 * Workspace paths as the API takes them: both `/Users/x` and `/Workspace/Users/x`, duplicate slashes
 * collapsed, a trailing slash ignored. Throws INVALID_PARAMETER_VALUE for a relative or empty path.
 */
export function normalizeWorkspacePath(path: string): string {
  if (!path.startsWith('/')) throw ApiError.invalidParameter(`Path (${path}) is not absolute.`);
  let normalized = path.replace(/\/{2,}/g, '/');
  if (normalized === '/Workspace' || normalized.startsWith('/Workspace/')) normalized = normalized.slice(10);
  if (normalized.length > 1 && normalized.endsWith('/')) normalized = normalized.slice(0, -1);
  return normalized === '' ? '/' : normalized;
}

export function parentPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export const doesNotExist = (path: string): ApiError => ApiError.notFound(`Path (${path}) doesn't exist.`);
export const alreadyExists = (path: string): ApiError =>
  ApiError.alreadyExists(`Path (${path}) already exists.`);

/**
 * The workspace tree. API-level operations (mkdirs, write, delete, list) behave as the real service,
 * errors included; the `put*`/`remove`/`seedFromDir` helpers are for seeding and assertions: they create
 * missing parents and overwrite whatever is in the way.
 */
export class WorkspaceStore {
  private readonly objects = new Map<string, WorkspaceObject>();
  private readonly byId = new Map<number, WorkspaceObject>();
  /** Parent path → paths of its direct children, so listing stays cheap in large workspaces. */
  private readonly children = new Map<string, Set<string>>();

  constructor(private readonly context: EmulatorContext) {
    const now = context.now();
    // The root directory has object id 0, the id the Permissions API uses for it.
    this.add({
      path: '/',
      object_type: 'DIRECTORY',
      object_id: 0,
      resource_id: '0',
      created_at: now,
      modified_at: now,
    });
    // Every real workspace has these two.
    this.mkdirs('/Users');
    this.mkdirs('/Shared');
  }

  get size(): number {
    return this.objects.size;
  }

  get(path: string): WorkspaceObject | undefined {
    return this.objects.get(normalizeWorkspacePath(path));
  }

  getById(objectId: number | bigint): WorkspaceObject | undefined {
    return this.byId.get(Number(objectId));
  }

  /** Every object, sorted by path (root first). */
  all(): WorkspaceObject[] {
    return [...this.objects.values()].sort((a, b) => compare(a.path, b.path));
  }

  /** The direct children of a container, sorted by path. */
  childrenOf(path: string): WorkspaceObject[] {
    const paths = this.children.get(normalizeWorkspacePath(path));
    if (!paths) return [];
    return [...paths].sort(compare).map((p) => this.objects.get(p) as WorkspaceObject);
  }

  /** What `workspace/list` answers: the children of a directory, or the object itself. */
  list(path: string): WorkspaceObject[] {
    const normalized = normalizeWorkspacePath(path);
    const object = this.objects.get(normalized);
    if (!object) throw doesNotExist(normalized);
    return isContainer(object.object_type) ? this.childrenOf(normalized) : [object];
  }

  /** `workspace/mkdirs`: mkdir -p; an existing directory is fine, anything else on the way is an error. */
  mkdirs(path: string, times: Timestamps = {}): WorkspaceObject {
    const normalized = normalizeWorkspacePath(path);
    let current = this.objects.get('/') as WorkspaceObject;
    let prefix = '';
    for (const name of normalized.split('/').filter(Boolean)) {
      prefix += `/${name}`;
      const existing = this.objects.get(prefix);
      if (existing) {
        if (!isContainer(existing.object_type)) throw alreadyExists(prefix);
        current = existing;
        continue;
      }
      current = this.add(this.newObject(prefix, 'DIRECTORY', times));
    }
    return current;
  }

  /**
   * Creates or replaces a notebook, file or other leaf object, as `workspace/import` does: the parent must
   * be an existing directory; an existing object needs `overwrite`, and a directory is never replaced.
   * Overwriting an object of the same type keeps its object_id and created_at (permissions survive).
   */
  write(
    path: string,
    spec: { object_type: WorkspaceObjectType; language?: NotebookLanguage; content?: Buffer },
    options: { overwrite: boolean; createParents?: boolean } & Timestamps,
  ): WorkspaceObject {
    const normalized = normalizeWorkspacePath(path);
    if (normalized === '/') throw alreadyExists('/');
    if (isContainer(spec.object_type)) throw new Error('write() is for leaf objects; use mkdirs()');
    const parent = parentPath(normalized);
    // Parents made for a seeded object get its creation time, so a seeded tree does not depend on the clock.
    if (options.createParents) this.mkdirs(parent, { createdAt: options.createdAt });
    const parentObject = this.objects.get(parent);
    if (!parentObject) throw doesNotExist(parent);
    if (!isContainer(parentObject.object_type))
      throw ApiError.invalidParameter(`Path (${parent}) is not a directory.`);

    const existing = this.objects.get(normalized);
    if (existing && (!options.overwrite || isContainer(existing.object_type)))
      throw alreadyExists(normalized);
    if (existing && existing.object_type === spec.object_type) {
      existing.language = spec.language;
      existing.content = spec.content;
      existing.modified_at = options.modifiedAt ?? this.context.now();
      return existing;
    }
    if (existing) this.detach(existing);
    const object = this.newObject(normalized, spec.object_type, options);
    if (spec.language) object.language = spec.language;
    if (spec.content) object.content = spec.content;
    return this.add(object);
  }

  /** `workspace/delete`. Non-atomic in production too: a recursive delete removes the whole subtree. */
  delete(path: string, recursive: boolean): void {
    const normalized = normalizeWorkspacePath(path);
    const object = this.objects.get(normalized);
    if (!object) throw doesNotExist(normalized);
    if (normalized === '/') throw ApiError.invalidParameter('Cannot delete the root directory.');
    if (!recursive && (this.children.get(normalized)?.size ?? 0) > 0) {
      throw new ApiError(400, 'DIRECTORY_NOT_EMPTY', `Folder (${normalized}) is not empty.`);
    }
    this.detachTree(object);
  }

  /**
   * ObjectInfo of an object: timestamps for notebooks and files, size for files (§2.1), but not for a file
   * over the 10 MB export limit: a real get-status of a 459 MB file carries no `size` (databricks/cli#3691
   * debug log), so a client must learn the limit from the export's answer.
   */
  info(object: WorkspaceObject): ObjectInfo {
    const info: ObjectInfo = {
      path: object.path,
      object_type: object.object_type,
      object_id: object.object_id,
      resource_id: object.resource_id,
    };
    if (object.object_type === 'NOTEBOOK') info.language = object.language;
    if (object.object_type === 'NOTEBOOK' || object.object_type === 'FILE') {
      info.created_at = object.created_at;
      info.modified_at = object.modified_at;
      if (object.modified_at_interactive)
        info.modified_at_interactive = { ...object.modified_at_interactive };
    }
    const size = object.content?.length ?? 0;
    if (object.object_type === 'FILE' && size <= MAX_CONTENT_BYTES) info.size = size;
    return info;
  }

  // ----- seeding helpers ------------------------------------------------------------------------------

  /** A notebook from SOURCE text; the header is added when missing, as a SOURCE import does. */
  putNotebook(
    path: string,
    language: NotebookLanguage,
    source: string | Buffer,
    times: Timestamps = {},
  ): WorkspaceObject {
    const content = withNotebookHeader(
      typeof source === 'string' ? Buffer.from(source, 'utf8') : source,
      language,
    );
    return this.write(
      path,
      { object_type: 'NOTEBOOK', language, content },
      { overwrite: true, createParents: true, ...times },
    );
  }

  putFile(path: string, bytes: string | Buffer, times: Timestamps = {}): WorkspaceObject {
    const content = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    return this.write(
      path,
      { object_type: 'FILE', content },
      { overwrite: true, createParents: true, ...times },
    );
  }

  /** Any other object type (LIBRARY, DASHBOARD, MLFLOW_EXPERIMENT, REPO, DIRECTORY), without content. */
  putObject(path: string, objectType: WorkspaceObjectType, times: Timestamps = {}): WorkspaceObject {
    if (objectType === 'DIRECTORY') return this.mkdirs(path, times);
    if (objectType === 'REPO') {
      const normalized = normalizeWorkspacePath(path);
      this.mkdirs(parentPath(normalized));
      const existing = this.objects.get(normalized);
      if (existing) this.detachTree(existing);
      return this.add(this.newObject(normalized, 'REPO', times));
    }
    return this.write(path, { object_type: objectType }, { overwrite: true, createParents: true, ...times });
  }

  /**
   * An edit made in the notebook editor (or the file editor) of the workspace UI: new content, and
   * `modified_at_interactive` names the user and the time, as list and get-status then answer it
   * (terraform-provider-databricks workspace/resource_notebook.go, ObjectStatus). `modified_at` is left as
   * it was: no Databricks-authored source says a UI edit moves it (the Go SDK documents it for files only),
   * so the emulator plays the case a client must survive.
   */
  editInEditor(path: string, content: string | Buffer, userId = '1234567890'): WorkspaceObject {
    const object = this.get(path);
    if (!object || (object.object_type !== 'NOTEBOOK' && object.object_type !== 'FILE'))
      throw new Error(`editInEditor: no notebook or file at ${path}`);
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    object.content =
      object.object_type === 'NOTEBOOK' ? withNotebookHeader(bytes, object.language ?? 'PYTHON') : bytes;
    object.modified_at_interactive = { user_id: userId, time_millis: this.context.now() };
    return object;
  }

  /** Removes an object and everything under it; false when there was nothing. */
  remove(path: string): boolean {
    const object = this.get(path);
    if (!object || object.path === '/') return false;
    this.detachTree(object);
    return true;
  }

  /**
   * Copies a local folder into the workspace under `root`: folders become directories; `.py/.sql/.scala/.r`
   * files whose first line is the notebook header become notebooks without the extension; every other file
   * becomes a workspace file, byte for byte. `.git` folders are skipped. Returns the number of objects made.
   */
  seedFromDir(dir: string, root = '/'): number {
    let count = 0;
    const walk = (local: string, remote: string): void => {
      for (const name of readdirSync(local).sort(compare)) {
        if (name === '.git') continue;
        const localPath = join(local, name);
        const remotePath = remote === '/' ? `/${name}` : `${remote}/${name}`;
        const stat = statSync(localPath);
        if (stat.isDirectory()) {
          this.mkdirs(remotePath);
          count++;
          walk(localPath, remotePath);
        } else if (stat.isFile()) {
          const bytes = readFileSync(localPath);
          const language = languageForFileName(name);
          if (language && hasNotebookHeader(bytes, language)) {
            this.putNotebook(remotePath.replace(/\.[^./]+$/, ''), language, bytes);
          } else {
            this.putFile(remotePath, bytes);
          }
          count++;
        }
      }
    };
    const base = normalizeWorkspacePath(root);
    this.mkdirs(base);
    walk(dir, base);
    return count;
  }

  // ----- internals ------------------------------------------------------------------------------------

  private newObject(path: string, objectType: WorkspaceObjectType, times: Timestamps): WorkspaceObject {
    const id = this.context.ids.int64();
    const now = this.context.now();
    return {
      path,
      object_type: objectType,
      object_id: id,
      resource_id: String(id),
      created_at: times.createdAt ?? now,
      modified_at: times.modifiedAt ?? times.createdAt ?? now,
    };
  }

  private add(object: WorkspaceObject): WorkspaceObject {
    this.objects.set(object.path, object);
    this.byId.set(object.object_id, object);
    if (object.path !== '/') {
      const parent = parentPath(object.path);
      let siblings = this.children.get(parent);
      if (!siblings) this.children.set(parent, (siblings = new Set()));
      siblings.add(object.path);
    }
    return object;
  }

  private detach(object: WorkspaceObject): void {
    this.objects.delete(object.path);
    this.byId.delete(object.object_id);
    this.children.get(parentPath(object.path))?.delete(object.path);
    this.children.delete(object.path);
  }

  private detachTree(object: WorkspaceObject): void {
    for (const childPath of [...(this.children.get(object.path) ?? [])]) {
      const child = this.objects.get(childPath);
      if (child) this.detachTree(child);
    }
    this.detach(object);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
