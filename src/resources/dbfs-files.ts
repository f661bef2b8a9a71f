/**
 * DBFS files (reference §9; databricks-sdk-go service/files/model.go) that a workspace needs to run: legacy
 * cluster init scripts under `dbfs:/databricks/init/` and every DBFS file a cluster or job configuration
 * points to (init scripts `init_scripts[].dbfs.destination`, libraries `jar`/`whl`/`egg`/`requirements`,
 * `python_file`, as `dbfs:/` URIs). `dbfs/` mirrors DBFS paths: `dbfs:/FileStore/jars/a.jar` is
 * `dbfs/FileStore/jars/a.jar`. `cluster_log_conf` is a destination for logs, not content, and is not
 * followed.
 *
 * How referenced paths are found: this kind comes after every configuration kind in the registry and
 * reads the JSON files those kinds have just written into the new snapshot (`ctx.out.root`, the staging
 * folder). That needs no change to the other kinds and no shared state, and it sees exactly what the
 * snapshot will hold (after their normalization and skips). Any kind's JSON is scanned (not only clusters
 * and jobs), since `init_scripts` and `libraries` mean the same wherever they appear.
 *
 * Files are read in 1 MB chunks (`dbfs/read`, offset/length) and streamed to disk; files larger than
 * `dbfsMaxBytes` (default 100 MB) are skipped and reported. Each file is then scanned for credentials as
 * workspace files are (on-credentials: fail or redact; binary files are not scanned); an unchanged file is
 * taken from the previous snapshot without a second scan only if that export scanned it under the same
 * policy. Apply uploads through create / add-block / close in 1 MB blocks, overwriting. The plan compares
 * size and SHA-256; the target's content is read only when the size matches.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ApiError, unlessNotFound } from '../databricks/errors.js';
import type { DatabricksClient } from '../databricks/client.js';
import type { CredentialPolicy } from '../security/credentials.js';
import { DBFS_DIR, decodeSegment, encodeSegment } from '../snapshot/layout.js';
import { checkFileSize, SnapshotError, type SnapshotSource } from '../snapshot/source.js';
import type { FileHashes } from '../snapshot/store.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js';
import {
  configCache,
  configReferences,
  dbfsPathOf,
  pathReferences,
  type ConfigReferences,
  type PathReference,
} from './dependencies.js';
import type {
  ActualObject,
  ApplyContext,
  ApplyRequest,
  DesiredObject,
  ExportContext,
  ResourceKind,
  TargetContext,
} from './kind.js';

const KIND = 'dbfs_files';
const FOLDER = DBFS_DIR;
/** The legacy (cluster-named and global) init script folder. */
export const LEGACY_INIT_DIR = '/databricks/init';
/** Largest `dbfs/read` length and `add-block` block (§9). */
export const DBFS_CHUNK = 1024 * 1024;
export const DEFAULT_DBFS_MAX_BYTES = 100 * 1024 * 1024;

interface FileInfo {
  path: string;
  is_dir: boolean;
  file_size?: number;
  modification_time?: number;
}

interface ExportedEntry extends Partial<FileHashes> {
  size: string;
  modification_time: string;
  file: string;
  /**
   * The on-credentials policy the file was scanned under. Absent in what exports wrote before DBFS files
   * were scanned: such a file is read again. A file redacted under redact is not what fail must judge.
   */
  credentials?: CredentialPolicy;
}

/** The DBFS paths among a configuration's references, each once, sorted. Pure. */
function dbfsPaths(refs: readonly PathReference[]): string[] {
  return [...new Set(refs.flatMap((r) => (r.store === 'dbfs' ? [r.path] : [])))].sort();
}

/** DBFS paths a configuration object points to (see dependencies.ts). Pure. */
export function referencedDbfsPaths(value: JsonValue): string[] {
  return dbfsPaths(pathReferences(value));
}

/** The snapshot file for a DBFS path. */
export function fileForDbfsPath(dbfsPath: string): string {
  return [FOLDER, ...dbfsPath.split('/').filter(Boolean).map(encodeSegment)].join('/');
}

/** The DBFS paths the configuration files the kinds wrote so far name, with the files naming each. */
async function referencesInStaging(
  root: string,
  cache: Map<string, Promise<ConfigReferences>>,
): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  for (const { file, refs } of await configReferences(root, cache))
    for (const p of dbfsPaths(refs)) found.set(p, [...(found.get(p) ?? []), file]);
  return found;
}

function status(client: DatabricksClient, dbfsPath: string): Promise<FileInfo | undefined> {
  return unlessNotFound(client.get<FileInfo>('/api/2.0/dbfs/get-status', { path: dbfsPath }));
}

/** Every file under a DBFS folder (none when it does not exist); the list API does not recurse. */
async function listFilesUnder(client: DatabricksClient, dir: string): Promise<FileInfo[]> {
  let page: { files?: FileInfo[] };
  try {
    page = await client.getList<{ files?: FileInfo[] }>('/api/2.0/dbfs/list', 'files', { path: dir });
  } catch (error) {
    if (error instanceof ApiError && error.isNotFound) return [];
    throw error;
  }
  const out: FileInfo[] = [];
  for (const f of page.files ?? []) {
    const p = dbfsPathOf(`dbfs:${f.path}`) ?? f.path;
    if (f.is_dir) {
      if (p !== dir) out.push(...(await listFilesUnder(client, p)));
    } else out.push({ ...f, path: p });
  }
  return out;
}

/** Reads a DBFS file chunk by chunk, handing each chunk to `sink`; returns the number of bytes read. */
async function readChunks(
  client: DatabricksClient,
  dbfsPath: string,
  sink: (chunk: Buffer) => Promise<void> | void,
): Promise<number> {
  let offset = 0;
  for (;;) {
    const r = await client.get<{ bytes_read?: number; data?: string }>('/api/2.0/dbfs/read', {
      path: dbfsPath,
      offset,
      length: DBFS_CHUNK,
    });
    const chunk = Buffer.from(r.data ?? '', 'base64');
    if (chunk.length === 0) return offset;
    await sink(chunk);
    offset += chunk.length;
    // A short read is the end of the file.
    if (chunk.length < DBFS_CHUNK) return offset;
  }
}

/** Streams a DBFS file into the snapshot, where the writer scans it; the bytes read and what was written. */
async function download(
  ctx: ExportContext,
  info: FileInfo,
  file: string,
): Promise<{ read: number; hashes: FileHashes }> {
  let read = 0;
  const hashes = await ctx.out.writeStream(file, async (write) => {
    read = await readChunks(ctx.client, info.path, write);
  });
  return { read, hashes };
}

const MIB = 1024 * 1024;

async function exportFiles(ctx: ExportContext): Promise<void> {
  const maxBytes = ctx.options.dbfsMaxBytes ?? DEFAULT_DBFS_MAX_BYTES;
  const previousState = await ctx.previous.exportState(KIND);
  const referenced = await referencesInStaging(ctx.out.root, configCache(ctx.run));
  const files = new Map<string, FileInfo>();
  // Legacy init scripts run on every cluster: a name-filtered export (the live drill) takes only those it names.
  const include = ctx.options.includeName;
  for (const f of await listFilesUnder(ctx.client, LEGACY_INIT_DIR))
    if (!include || include(KIND, f.path.slice(f.path.lastIndexOf('/') + 1))) files.set(f.path, f);
  for (const [p, by] of referenced) {
    if (files.has(p)) continue;
    const info = await status(ctx.client, p);
    if (!info) ctx.report.warn(KIND, p, `referenced by ${by.join(', ')} but does not exist in DBFS`);
    else if (info.is_dir) ctx.report.skip(KIND, p, `referenced by ${by.join(', ')} but is a directory`);
    else files.set(p, { ...info, path: p });
  }
  for (const info of [...files.values()].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const size = Number(info.file_size ?? 0);
    if (size > maxBytes) {
      ctx.report.skip(
        KIND,
        info.path,
        `${size} bytes: larger than the dbfs-max-mb limit (${Math.round((maxBytes / MIB) * 100) / 100} MB); copy it by hand`,
      );
      ctx.report.manual.push({
        kind: KIND,
        key: info.path,
        reason: `copy dbfs:${info.path} (${size} bytes) to the target by hand`,
      });
      continue;
    }
    const file = fileForDbfsPath(info.path);
    if (!ctx.out.claim(file)) {
      ctx.report.skip(KIND, info.path, `name collision: another DBFS file is also stored as ${file}`);
      continue;
    }
    const entry: ExportedEntry = {
      size: String(size),
      modification_time: String(info.modification_time ?? ''),
      file,
      credentials: ctx.out.policy,
    };
    const prev = previousState[info.path] as Partial<ExportedEntry> | undefined;
    if (
      prev &&
      entry.modification_time &&
      prev.size === entry.size &&
      prev.modification_time === entry.modification_time &&
      prev.file === file &&
      prev.credentials === entry.credentials
    ) {
      // The file as that export scanned it: one edited in the repository since is read again from DBFS.
      const hashes = await ctx.previous.unchanged(file, prev);
      if (hashes && (await ctx.out.copyFrom(ctx.previous, file))) {
        ctx.out.setState(KIND, info.path, { ...entry, ...hashes });
        ctx.report.count(KIND, 'unchanged');
        ctx.progress?.(KIND, info.path);
        continue;
      }
    }
    const { read, hashes } = await download(ctx, info, file);
    if (read !== size)
      ctx.report.warn(KIND, info.path, `read ${read} bytes, listed as ${size}: it changed during the export`);
    ctx.out.setState(KIND, info.path, { ...entry, ...hashes, size: String(read) });
    ctx.report.count(KIND, 'exported');
    ctx.progress?.(KIND, info.path);
  }
}

/**
 * A snapshot file's path on disk, refusing anything that is not a regular file inside the snapshot, or that
 * is larger than any export writes (as a snapshot read from a git revision refuses it).
 */
async function snapshotFile(snapshot: SnapshotSource, rel: string): Promise<string> {
  const full = path.resolve(snapshot.root, rel);
  if (!full.startsWith(snapshot.root + path.sep)) throw new SnapshotError(rel, 'path leaves the snapshot');
  const stat = await fs.lstat(full);
  if (!stat.isFile()) throw new SnapshotError(rel, 'not a regular file');
  checkFileSize(rel, stat.size);
  return full;
}

/** Size and hash, streamed: DBFS files may be far larger than what is read into memory elsewhere. */
async function hashFile(full: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  const handle = await fs.open(full, 'r');
  try {
    const buffer = Buffer.alloc(DBFS_CHUNK);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      size += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return { size, sha256: hash.digest('hex') };
}

async function readDesired(snapshot: SnapshotSource): Promise<DesiredObject[]> {
  const out: DesiredObject[] = [];
  for (const rel of snapshot.filesUnder(FOLDER)) {
    const source = `${FOLDER}/${rel}`;
    const segments = rel.split('/').map(decodeSegment);
    if (segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('/')))
      throw new SnapshotError(source, 'not a DBFS path');
    const key = '/' + segments.join('/');
    if (fileForDbfsPath(key) !== source)
      throw new SnapshotError(
        source,
        `not the canonical file name for dbfs:${key} (${fileForDbfsPath(key)})`,
      );
    const spec = await hashFile(await snapshotFile(snapshot, source));
    out.push({ kind: KIND, key, spec: { ...spec }, refs: [], source });
  }
  return out;
}

/**
 * The snapshot's files as the target has them, plus every legacy init script (the only DBFS files prune
 * may delete: the others are known only by being referenced).
 */
async function readActual(ctx: TargetContext): Promise<ActualObject[]> {
  const wanted = new Map(
    ctx.desired.filter((d) => d.kind === KIND).map((d) => [d.key, d.spec as JsonObject]),
  );
  const infos = new Map<string, FileInfo>();
  for (const f of await listFilesUnder(ctx.client, LEGACY_INIT_DIR)) infos.set(f.path, f);
  await Promise.all(
    [...wanted.keys()]
      .filter((p) => !infos.has(p))
      .map(async (p) => {
        const info = await status(ctx.client, p);
        if (info) infos.set(p, { ...info, path: p });
      }),
  );
  const out: ActualObject[] = [];
  for (const info of [...infos.values()].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const want = wanted.get(info.path);
    let spec: JsonObject;
    if (info.is_dir) spec = { is_dir: true };
    else {
      const size = Number(info.file_size ?? 0);
      spec = { size };
      // Content is read only when it could be equal: a different size is a change already.
      if (want && want.size === size) {
        const hash = createHash('sha256');
        const read = await readChunks(ctx.client, info.path, (chunk) => {
          hash.update(chunk);
        });
        spec = { size: read, sha256: hash.digest('hex') };
      }
    }
    out.push({ kind: KIND, key: info.path, id: info.path, spec, refs: [], label: `dbfs:${info.path}` });
  }
  return out;
}

async function upload(ctx: ApplyContext, dbfsPath: string, source: string): Promise<void> {
  const full = await snapshotFile(ctx.snapshot, source);
  const { handle } = await ctx.client.post<{ handle: number | bigint }>(
    '/api/2.0/dbfs/create',
    { path: dbfsPath, overwrite: true },
    { idempotent: true },
  );
  const file = await fs.open(full, 'r');
  try {
    const buffer = Buffer.alloc(DBFS_CHUNK);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      // Not retried: a block sent twice would be appended twice.
      await ctx.client.post('/api/2.0/dbfs/add-block', {
        handle,
        data: buffer.subarray(0, bytesRead).toString('base64'),
      });
    }
  } finally {
    await file.close();
  }
  await ctx.client.post('/api/2.0/dbfs/close', { handle });
}

async function apply(ctx: ApplyContext, req: ApplyRequest): Promise<JsonValue | undefined> {
  if (req.action === 'delete' || req.action === 'replace') {
    await ctx.client.post(
      '/api/2.0/dbfs/delete',
      { path: req.key, recursive: true },
      { idempotent: true, notFoundOnRetryIsDone: true },
    );
    if (req.action === 'delete') return undefined;
  }
  if (!req.desired) throw new Error(`no desired state for ${KIND} ${req.key}`);
  await upload(ctx, req.key, req.desired.source);
  return req.key;
}

export const dbfsFilesKind: ResourceKind = {
  name: KIND,
  folder: FOLDER,
  export: exportFiles,
  readDesired,
  readActual,
  // A directory where the snapshot has a file has to go first.
  replaceFields: (changes) => (changes.some((c) => c.path === 'is_dir') ? ['is_dir'] : []),
  // A folder of the target only shows up where the snapshot has a file (readActual lists files alone), and
  // its contents are listed nowhere: a replace, which deletes recursively, would take them unseen. Never
  // deleted, so never replaced either (see holdReplacesThatTakeMore; issue 13, item 1).
  protectedFromDelete: (a) =>
    isJsonObject(a.spec) && a.spec.is_dir === true
      ? 'a DBFS folder, whose contents the snapshot does not list: move them, then apply again'
      : undefined,
  apply,
};
