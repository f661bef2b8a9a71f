import { theOf, type Wording } from '../inputs.js';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { collectRefs } from '../plan/references.js';
import { DBFS_DIR, MAX_DBFS_FILE_MB, WORKSPACE_DIR } from './layout.js';
import { parseJson, type JsonObject, type JsonValue } from '../util/json.js';
import { Memo } from '../util/memo.js';

/** A snapshot that cannot be trusted: nothing is applied from it. Names the file (and line). */
export class SnapshotError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${message}`);
    this.name = 'SnapshotError';
  }
}

/** The 1-based line of the first match of `needle` in `text`. */
export function lineOf(text: string, needle: string | RegExp): number | undefined {
  const index = typeof needle === 'string' ? text.indexOf(needle) : text.search(needle);
  return index < 0 ? undefined : text.slice(0, index).split('\n').length;
}

/** A string value as it is written in a JSON file (between its quotes). */
export function jsonString(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/**
 * The field a validation message is about, as a key in JSON text: the first name it quotes
 * (`'members.users' must be...` -> `"users":`), or the first name after `field(s)`.
 */
export function fieldKey(message: string): RegExp | undefined {
  const m = /'([A-Za-z0-9_.[\]-]+)'/.exec(message) ?? /fields?(?:\(s\))? ([A-Za-z0-9_-]+)/.exec(message);
  const name = m?.[1]
    .split('.')
    .pop()
    ?.replace(/\[\d+\]$/, '');
  return name ? jsonKey(name) : undefined;
}

/** A name as an object key in JSON text (`"name":`), whatever spacing the file uses. */
export function jsonKey(name: string): RegExp {
  return new RegExp(`"${jsonString(name).replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}"\\s*:`);
}

/**
 * Checks one object of a snapshot file: the kind's own validation, then the references it holds. An error
 * names the line of the field or reference at fault.
 */
export async function checkSnapshotObject(
  snapshot: SnapshotSource,
  rel: string,
  value: JsonObject,
  validate?: (value: JsonObject) => string | undefined,
): Promise<void> {
  const invalid = validate?.(value);
  if (invalid) throw await snapshot.errorAt(rel, invalid, fieldKey(invalid));
  const { malformed } = collectRefs(value);
  if (malformed.length)
    throw await snapshot.errorAt(rel, `malformed reference '${malformed[0]}'`, jsonString(malformed[0]));
}

/**
 * The real path of the snapshot folder of a repository, or undefined when there is none yet. The folder,
 * or a folder above it, may be a symbolic link only if it stays inside the repository: a snapshot is what
 * the repository's history records, and export writes beside it. A folder that does not exist yet is
 * judged by the nearest folder above it that does; a link to nowhere is refused (where it leads is unknown).
 */
export async function realPathInRepository(
  repoDir: string,
  snapshotPath: string,
): Promise<string | undefined> {
  let repo: string;
  try {
    repo = await fs.realpath(repoDir);
  } catch (error) {
    // No repository folder yet (an export without git creates it): nothing there leads anywhere.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const full = path.join(repoDir, snapshotPath);
  for (let at = full; ; at = path.dirname(at)) {
    let real: string;
    try {
      real = await fs.realpath(at);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || path.dirname(at) === at) throw error;
      const link = await fs.readlink(at).catch(() => undefined);
      if (link !== undefined)
        throw new SnapshotError(
          snapshotPath,
          `${path.relative(repoDir, at)} is a symbolic link to ${link}, which does not exist; the snapshot must be inside ${repo}`,
        );
      continue;
    }
    if (real !== repo && !real.startsWith(repo + path.sep))
      throw new SnapshotError(
        snapshotPath,
        `leads out of the repository (to ${real}) through a symbolic link; the snapshot must be inside ${repo}`,
      );
    return at === full ? real : undefined;
  }
}

/**
 * Largest file read whole from a snapshot (a configuration, a notebook). The Workspace API imports at most
 * 10 MB per object (§2.2), so no notebook or workspace file can be larger.
 */
export const MAX_SNAPSHOT_FILE_BYTES = 10 * 1024 * 1024;

/**
 * Largest DBFS file in a snapshot: the most `dbfs-max-mb` lets an export copy. DBFS files are streamed in
 * 1 MB blocks (§9), never read whole, and no 10 MB limit applies to them.
 */
export const MAX_DBFS_FILE_BYTES = MAX_DBFS_FILE_MB * 1024 * 1024;

/**
 * Refuses a file larger than its place in the snapshot allows: 10 MB under `workspace/` (the Workspace API's
 * limit), the DBFS limit elsewhere (no export writes a larger file; the files read whole, configurations,
 * are held to 10 MB by `read`). Both sources apply it: a revision to its tree listing, before anything is
 * written, the working tree when a file is read. `rel` is snapshot-relative; the error names `shown`.
 */
export function checkFileSize(rel: string, size: number, shown = rel): void {
  const limit = rel.startsWith(`${WORKSPACE_DIR}/`) ? MAX_SNAPSHOT_FILE_BYTES : MAX_DBFS_FILE_BYTES;
  if (size > limit) throw tooLarge(rel, size, limit, shown);
}

function noSnapshot(words: Wording): string {
  return `no snapshot here: run an export first, or check ${words === 'action' ? 'the path input' : theOf('path', words)}`;
}

/**
 * A read-only view of one snapshot folder: the working tree, or a git revision materialized into a
 * temporary folder. Every file is listed up front; symlinks, special files and oversized files are refused.
 */
export class SnapshotSource {
  private constructor(
    readonly root: string,
    /** Snapshot-relative paths with `/`, sorted. */
    readonly files: string[],
    /** Where the files came from, for messages: a folder, or `<rev>:<path>`. */
    readonly origin: string,
    private readonly cleanup?: () => Promise<void>,
  ) {}

  /**
   * What kinds derive from these files and share (the names of the principals the snapshot holds): made
   * once per snapshot, on first use, by the module that declares its slot.
   */
  readonly derived = new Memo();

  static async fromDirectory(
    root: string,
    origin = root,
    words: Wording = 'action',
  ): Promise<SnapshotSource> {
    const files: string[] = [];
    const walk = async (dir: string, rel: string) => {
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' && rel === '')
          throw new SnapshotError(origin, noSnapshot(words));
        throw error;
      }
      for (const entry of entries) {
        const childRel = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isSymbolicLink())
          throw new SnapshotError(childRel, 'symbolic links are not allowed in a snapshot');
        if (entry.isDirectory()) await walk(path.join(dir, entry.name), childRel);
        else if (entry.isFile()) files.push(childRel);
        else throw new SnapshotError(childRel, 'not a regular file');
      }
    };
    await walk(root, '');
    files.sort();
    return new SnapshotSource(root, files, origin);
  }

  /**
   * The snapshot folder of a checked-out repository. The folder, or a folder above it, may be a symbolic
   * link only if it stays inside the repository: a snapshot is what the repository's history records.
   */
  static async fromWorkingTree(
    repoDir: string,
    snapshotPath: string,
    words: Wording = 'action',
  ): Promise<SnapshotSource> {
    const root = path.join(repoDir, snapshotPath);
    const real = await realPathInRepository(repoDir, snapshotPath);
    if (real === undefined) throw new SnapshotError(root, noSnapshot(words));
    return SnapshotSource.fromDirectory(real, root, words);
  }

  /**
   * The snapshot folder as commit `rev` has it (point-in-time restore). The blobs are copied byte for byte
   * into a temporary folder: `git archive` would apply .gitattributes (export-ignore drops files, which prune
   * would then delete in the target; export-subst and eol filters change content). The tree is checked for
   * symlinks, submodules, odd paths and oversized files before anything is written.
   */
  static async fromRevision(repoDir: string, rev: string, snapshotPath: string): Promise<SnapshotSource> {
    const listing = await run(
      'git',
      ['--literal-pathspecs', 'ls-tree', '-r', '-z', '-l', '--full-tree', rev, '--', snapshotPath],
      repoDir,
    );
    const blobs = listing
      .toString('utf8')
      .split('\0')
      .filter(Boolean)
      .map((entry) => parseTreeEntry(entry, snapshotPath));
    if (blobs.length === 0)
      throw new SnapshotError(`${rev}:${snapshotPath}`, 'the revision has no snapshot at this path');
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'databricks-dr-snapshot-'));
    try {
      await writeBlobs(repoDir, blobs, tmp);
      const source = await SnapshotSource.fromDirectory(
        path.join(tmp, snapshotPath),
        `${rev}:${snapshotPath}`,
      );
      return new SnapshotSource(source.root, source.files, source.origin, () =>
        fs.rm(tmp, { recursive: true, force: true }),
      );
    } catch (error) {
      await fs.rm(tmp, { recursive: true, force: true });
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.cleanup?.();
  }

  /** Files under a folder of the snapshot, relative to that folder. */
  filesUnder(folder: string): string[] {
    const prefix = folder + '/';
    return this.files.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length));
  }

  has(rel: string): boolean {
    return this.files.includes(rel);
  }

  async read(rel: string): Promise<Buffer> {
    const full = path.resolve(this.root, rel);
    if (!full.startsWith(this.root + path.sep)) throw new SnapshotError(rel, 'path leaves the snapshot');
    const stat = await fs.lstat(full);
    if (!stat.isFile()) throw new SnapshotError(rel, 'not a regular file');
    if (stat.size > MAX_SNAPSHOT_FILE_BYTES) throw tooLarge(rel, stat.size, MAX_SNAPSHOT_FILE_BYTES);
    return fs.readFile(full);
  }

  /** The line of the first match of `needle` in a file; undefined when absent or unreadable. */
  async lineIn(rel: string, needle: string | RegExp): Promise<number | undefined> {
    try {
      return lineOf((await this.read(rel)).toString('utf8'), needle);
    } catch {
      return undefined;
    }
  }

  /**
   * An error about a file, at the line of `needle` in it (a reference, a field name): the line a person
   * has to fix. Without a match, the error names the file only.
   */
  async errorAt(rel: string, message: string, needle?: string | RegExp): Promise<SnapshotError> {
    return new SnapshotError(rel, message, needle === undefined ? undefined : await this.lineIn(rel, needle));
  }

  /** Parses a JSON file; a syntax error names the line. */
  async readJson(rel: string): Promise<JsonValue> {
    const text = (await this.read(rel)).toString('utf8');
    try {
      return parseJson(text);
    } catch (error) {
      const message = (error as Error).message;
      const pos = /position (\d+)/.exec(message);
      const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
      throw new SnapshotError(rel, `invalid JSON: ${message}`, line);
    }
  }
}

function run(command: string, args: string[], cwd: string, input?: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else
        reject(
          new Error(
            `${command} ${args[0]} failed: ${Buffer.concat(err).toString('utf8').trim().split('\n')[0]}`,
          ),
        );
    });
    child.stdin.end(input);
  });
}

function tooLarge(rel: string, size: number, limit: number, shown = rel): SnapshotError {
  let what: string;
  if (limit === MAX_SNAPSHOT_FILE_BYTES)
    what = rel.startsWith(`${WORKSPACE_DIR}/`)
      ? 'the 10 MB the Workspace API accepts'
      : 'the 10 MB a file read whole from a snapshot may be';
  else
    what = rel.startsWith(`${DBFS_DIR}/`)
      ? `the ${MAX_DBFS_FILE_MB} MB a DBFS file may be (the most dbfs-max-mb allows)`
      : `the ${MAX_DBFS_FILE_MB} MB any snapshot file may be`;
  return new SnapshotError(shown, `${size} bytes: larger than ${what}`);
}

interface TreeBlob {
  oid: string;
  /** Repository-relative path with `/`. */
  file: string;
  size: number;
}

/**
 * One `ls-tree -r -l -z` entry (`<mode> <type> <oid> <size>\t<path>`) under `snapshotPath`; anything but a
 * plain file, and a file larger than its place allows (`checkFileSize`), is refused.
 */
function parseTreeEntry(entry: string, snapshotPath: string): TreeBlob {
  const tab = entry.indexOf('\t');
  const [mode, type, oid, size] = entry.slice(0, tab).split(/ +/);
  const file = entry.slice(tab + 1);
  if (mode === '120000') throw new SnapshotError(file, 'symbolic links are not allowed in a snapshot');
  if (mode === '160000' || type === 'commit')
    throw new SnapshotError(file, 'submodules are not allowed in a snapshot');
  if (type !== 'blob' || !/^\d+$/.test(size)) throw new SnapshotError(file, 'not a regular file');
  const bad = file.split('/').map(unsafeTreeName).find(Boolean);
  if (bad) throw new SnapshotError(file, `path leaves the snapshot (${bad})`);
  const rel = file.startsWith(`${snapshotPath}/`) ? file.slice(snapshotPath.length + 1) : file;
  checkFileSize(rel, Number(size), file);
  return { oid, file, size: Number(size) };
}

/**
 * Why a name of a tree entry may not be written as it is, on any platform, or undefined when it may. git
 * refuses such names in its index, but a crafted tree can hold them (a backslash is a folder separator on
 * a Windows runner: `a\..\..\x` would be written outside the temporary folder). Checked the same
 * everywhere, so that a snapshot restores the same on every runner. The names an export writes pass: it
 * writes `/`-separated names, and `.git` as `%2Egit` (layout.ts, encodeSegment).
 */
export function unsafeTreeName(name: string): string | undefined {
  if (name === '' || name === '.' || name === '..') return `a name '${name}'`;
  if (name.includes('\\')) return 'a backslash in a name';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f]/.test(name)) return 'a control character in a name';
  if (/^[A-Za-z]:/.test(name)) return 'a drive letter';
  // Windows drops trailing dots and spaces: `.git.` and `.. ` are `.git` and `..` there.
  const windows = name.replace(/[. ]+$/, '');
  if (windows === '' || windows.toLowerCase() === '.git') return `a name '${name}'`;
  return undefined;
}

/**
 * Writes the blobs under `into` through one `git cat-file --batch`: raw bytes, no filters. Streamed to disk
 * as git answers: a DBFS file may be hundreds of MB, and only a chunk or two of git's output is in memory.
 */
async function writeBlobs(repoDir: string, blobs: TreeBlob[], into: string): Promise<void> {
  const child = spawn('git', ['cat-file', '--batch'], { cwd: repoDir, stdio: ['pipe', 'pipe', 'pipe'] });
  const errors: Buffer[] = [];
  child.stderr.on('data', (d: Buffer) => errors.push(d));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  child.stdin.on('error', () => undefined); // an early exit is reported through the exit code
  child.stdin.end(blobs.map((b) => `${b.oid}\n`).join(''));
  const dirs = new Set<string>();
  let next = 0;
  /** The file being written, and how many bytes of git's answer for it are still to come. */
  let current: { file: fs.FileHandle; left: number } | undefined;
  let pending: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length) {
        if (!current) {
          const eol = pending.indexOf(10);
          if (eol < 0) break;
          const header = pending.subarray(0, eol).toString('utf8').split(' ');
          pending = pending.subarray(eol + 1);
          const blob = blobs[next++];
          if (!blob || header[0] !== blob.oid || header[1] !== 'blob' || Number(header[2]) !== blob.size)
            throw new Error(`unexpected answer from git cat-file: ${header.join(' ')}`);
          const full = path.resolve(into, ...blob.file.split('/'));
          // parseTreeEntry checked the names; this checks where they lead, on this platform.
          if (!full.startsWith(path.resolve(into) + path.sep))
            throw new SnapshotError(blob.file, 'path leaves the snapshot');
          const dir = path.dirname(full);
          if (!dirs.has(dir)) {
            await fs.mkdir(dir, { recursive: true });
            dirs.add(dir);
          }
          // The content, then a newline.
          current = { file: await fs.open(full, 'wx'), left: blob.size + 1 };
        }
        const take = pending.subarray(0, current.left);
        const content = take.subarray(0, Math.min(take.length, current.left - 1));
        if (content.length) await current.file.write(content);
        current.left -= take.length;
        pending = pending.subarray(take.length);
        if (current.left > 0) break;
        await current.file.close();
        current = undefined;
      }
    }
  } catch (error) {
    child.kill();
    await current?.file.close().catch(() => undefined);
    await exited.catch(() => undefined);
    throw error;
  }
  const code = await exited;
  await current?.file.close();
  if (code !== 0 || next !== blobs.length || current)
    throw new Error(
      `cannot read the snapshot from git: ${Buffer.concat(errors).toString('utf8').trim().split('\n')[0] || 'git cat-file stopped early'}`,
    );
}
