/**
 * DBFS API 2.0 (reference §9; databricks-sdk-go service/files/model.go): list, get-status, read
 * (offset/length, at most 1 MB), put (at most 1 MB, JSON or multipart), streaming upload through create /
 * add-block / close, mkdirs, delete and move. Paths are accepted as `/x` or `dbfs:/x`. Decisions where the
 * reference is silent are noted at each place.
 */
import type { EmulatorContext } from '../context.js';
import { ApiError } from '../errors.js';
import { optionalBoolean, optionalInteger, optionalString, param, requiredString } from '../params.js';
import type { EmulatorRequest } from '../router.js';
import type { ApiModule } from './module.js';

/** 1 MB: the largest read, put and block (§9). */
export const DBFS_MAX_BLOCK = 1024 * 1024;
const DEFAULT_READ_LENGTH = 512 * 1024;

export interface DbfsEntry {
  is_dir: boolean;
  data: Buffer;
  modification_time: number;
}

interface Handle {
  path: string;
  chunks: Buffer[];
}

/** `dbfs:/a//b/` and `/a/b` are the same path. */
export function normalizeDbfsPath(raw: string): string {
  const stripped = raw.replace(/^dbfs:/, '');
  if (!stripped.startsWith('/')) throw ApiError.invalidParameter(`Path must be absolute: ${raw}`);
  const parts = stripped.split('/').filter(Boolean);
  if (parts.some((p) => p === '.' || p === '..')) throw ApiError.invalidParameter(`Invalid path: ${raw}`);
  return '/' + parts.join('/');
}

function parentOf(path: string): string | undefined {
  if (path === '/') return undefined;
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

function notFound(path: string): ApiError {
  return ApiError.notFound(`No file or directory exists on path ${path}.`);
}

export class DbfsStore {
  readonly entries = new Map<string, DbfsEntry>();
  private readonly handles = new Map<number, Handle>();

  constructor(private readonly context: EmulatorContext) {
    this.entries.set('/', { is_dir: true, data: Buffer.alloc(0), modification_time: 0 });
  }

  get(path: string): DbfsEntry | undefined {
    return this.entries.get(normalizeDbfsPath(path));
  }

  mkdirs(raw: string): void {
    const path = normalizeDbfsPath(raw);
    const missing: string[] = [];
    for (let p: string | undefined = path; p !== undefined; p = parentOf(p)) {
      const entry = this.entries.get(p);
      if (entry && !entry.is_dir)
        throw new ApiError(
          400,
          'RESOURCE_ALREADY_EXISTS',
          `A file exists at ${p}: cannot create a directory.`,
        );
      if (entry) break;
      missing.push(p);
    }
    const now = this.context.now();
    for (const p of missing)
      this.entries.set(p, { is_dir: true, data: Buffer.alloc(0), modification_time: now });
  }

  /** Writes a whole file, creating parent directories as DBFS does; also for tests to seed content. */
  write(raw: string, data: Buffer, overwrite = true): void {
    const path = normalizeDbfsPath(raw);
    const existing = this.entries.get(path);
    if (existing?.is_dir) throw ApiError.alreadyExists(`A directory already exists at ${path}.`);
    if (existing && !overwrite)
      throw ApiError.alreadyExists(`A file or directory already exists at the input path ${path}.`);
    const parent = parentOf(path);
    if (parent) this.mkdirs(parent);
    this.entries.set(path, { is_dir: false, data, modification_time: this.context.now() });
  }

  list(raw: string): string[] {
    const path = normalizeDbfsPath(raw);
    const entry = this.entries.get(path);
    if (!entry) throw notFound(path);
    // Listing a file answers the file itself, as the real API does.
    if (!entry.is_dir) return [path];
    const prefix = path === '/' ? '/' : path + '/';
    return [...this.entries.keys()]
      .filter((p) => p !== path && p.startsWith(prefix) && !p.slice(prefix.length).includes('/'))
      .sort();
  }

  info(path: string): Record<string, unknown> {
    const entry = this.entries.get(path);
    if (!entry) throw notFound(path);
    return {
      path,
      is_dir: entry.is_dir,
      file_size: entry.is_dir ? 0 : entry.data.length,
      modification_time: entry.modification_time,
    };
  }

  delete(raw: string, recursive: boolean): void {
    const path = normalizeDbfsPath(raw);
    const entry = this.entries.get(path);
    // Deleting a missing path succeeds (the SDKs' delete is idempotent; UNVERIFIED for production).
    if (!entry) return;
    const prefix = path === '/' ? '/' : path + '/';
    const children = [...this.entries.keys()].filter((p) => p.startsWith(prefix) && p !== path);
    if (entry.is_dir && children.length && !recursive)
      throw new ApiError(400, 'IO_ERROR', `Directory ${path} is not empty: use recursive delete.`);
    for (const c of children) this.entries.delete(c);
    if (path !== '/') this.entries.delete(path);
  }

  move(rawSource: string, rawDestination: string): void {
    const source = normalizeDbfsPath(rawSource);
    const destination = normalizeDbfsPath(rawDestination);
    if (!this.entries.has(source)) throw notFound(source);
    if (this.entries.has(destination))
      throw ApiError.alreadyExists(`A file or directory already exists at the input path ${destination}.`);
    const parent = parentOf(destination);
    if (parent) this.mkdirs(parent);
    const prefix = source + '/';
    for (const p of [...this.entries.keys()]) {
      if (p !== source && !p.startsWith(prefix)) continue;
      const entry = this.entries.get(p) as DbfsEntry;
      this.entries.delete(p);
      this.entries.set(destination + p.slice(source.length), entry);
    }
  }

  open(raw: string, overwrite: boolean): number {
    const path = normalizeDbfsPath(raw);
    const existing = this.entries.get(path);
    if (existing?.is_dir) throw ApiError.alreadyExists(`A directory already exists at ${path}.`);
    if (existing && !overwrite)
      throw ApiError.alreadyExists(`A file or directory already exists at the input path ${path}.`);
    const handle = this.context.ids.int64();
    this.handles.set(handle, { path, chunks: [] });
    return handle;
  }

  addBlock(handle: number, data: Buffer): void {
    this.handle(handle).chunks.push(data);
  }

  /** The file appears only on close, so a reader never sees a half-written upload. */
  close(handle: number): void {
    const h = this.handle(handle);
    this.handles.delete(handle);
    this.write(h.path, Buffer.concat(h.chunks), true);
  }

  private handle(handle: number): Handle {
    const h = this.handles.get(handle);
    if (!h) throw ApiError.notFound(`No file handle ${handle} exists.`);
    return h;
  }
}

function pathParam(request: EmulatorRequest, name = 'path'): string {
  return normalizeDbfsPath(requiredString(request, name));
}

function base64Block(request: EmulatorRequest, name: string, required: boolean): Buffer | undefined {
  const part = request.form?.[name];
  const data = part?.filename !== undefined ? part.data : undefined;
  const text = data ? undefined : optionalString(request, name);
  if (data === undefined && text === undefined) {
    if (required) throw ApiError.missingField(name);
    return undefined;
  }
  const bytes = data ?? Buffer.from(text as string, 'base64');
  if (bytes.length > DBFS_MAX_BLOCK)
    throw new ApiError(
      400,
      'MAX_BLOCK_SIZE_EXCEEDED',
      `The block of ${bytes.length} bytes exceeds the maximum of ${DBFS_MAX_BLOCK} bytes.`,
    );
  return bytes;
}

function handleParam(request: EmulatorRequest): number {
  const handle = optionalInteger(request, 'handle');
  if (handle === undefined) throw ApiError.missingField('handle');
  return Number(handle);
}

export const dbfsApi: ApiModule<{ readonly dbfs: DbfsStore }> = {
  name: 'dbfs',
  register(router, state) {
    const store = state.dbfs;

    router.get('/api/2.0/dbfs/list', (request) => {
      const files = store.list(pathParam(request)).map((p) => store.info(p));
      return files.length ? { files } : {};
    });

    router.get('/api/2.0/dbfs/get-status', (request) => store.info(pathParam(request)));

    router.get('/api/2.0/dbfs/read', (request) => {
      const path = pathParam(request);
      const offset = Number(optionalInteger(request, 'offset') ?? 0);
      const length = Number(optionalInteger(request, 'length') ?? DEFAULT_READ_LENGTH);
      if (offset < 0 || length < 0)
        throw ApiError.invalidParameter('offset and length must not be negative.');
      if (length > DBFS_MAX_BLOCK)
        throw new ApiError(
          400,
          'MAX_READ_SIZE_EXCEEDED',
          `Cannot read more than ${DBFS_MAX_BLOCK} bytes at once, asked for ${length}.`,
        );
      const entry = store.entries.get(path);
      if (!entry) throw notFound(path);
      if (entry.is_dir) throw ApiError.invalidParameter(`Cannot read ${path}: it is a directory.`);
      // Reading past the end answers what is left (possibly nothing), as production does (§9).
      const data = entry.data.subarray(Math.min(offset, entry.data.length), offset + length);
      return { bytes_read: data.length, data: data.toString('base64') };
    });

    router.post('/api/2.0/dbfs/put', (request) => {
      const path = pathParam(request);
      // A multipart upload carries the bytes in its `file` part (the legacy CLI, the SDKs' upload); JSON
      // carries them base64 in `contents`.
      const file = request.form?.file;
      const contents = file ? file.data : (base64Block(request, 'contents', false) ?? Buffer.alloc(0));
      store.write(path, contents, putOverwrite(request));
      return {};
    });

    router.post('/api/2.0/dbfs/create', (request) => ({
      handle: store.open(pathParam(request), optionalBoolean(request, 'overwrite') ?? false),
    }));

    router.post('/api/2.0/dbfs/add-block', (request) => {
      store.addBlock(handleParam(request), base64Block(request, 'data', true) as Buffer);
      return {};
    });

    router.post('/api/2.0/dbfs/close', (request) => {
      store.close(handleParam(request));
      return {};
    });

    router.post('/api/2.0/dbfs/mkdirs', (request) => {
      store.mkdirs(pathParam(request));
      return {};
    });

    router.post('/api/2.0/dbfs/delete', (request) => {
      store.delete(pathParam(request), optionalBoolean(request, 'recursive') ?? false);
      return {};
    });

    router.post('/api/2.0/dbfs/move', (request) => {
      store.move(pathParam(request, 'source_path'), pathParam(request, 'destination_path'));
      return {};
    });
  },
};

/**
 * `overwrite` of `dbfs/put`: a JSON boolean, or a form field of a multipart upload, where the legacy
 * databricks-cli (`dbfs cp`, 0.15 to 0.18: databricks_cli/sdk/service.py `DbfsService.put` with `src_path`,
 * since commit 21258ee "Refactor DBFS CLI Put to support new backend", #371) sends Python's `str(bool)`,
 * `True` or `False` (requests form-encodes `data={'overwrite': overwrite}`). That CLI uploaded to real
 * workspaces for years, so the service takes any case of true/false there.
 */
function putOverwrite(request: EmulatorRequest): boolean {
  const value = param(request, 'overwrite');
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return optionalBoolean(request, 'overwrite') ?? false;
}
