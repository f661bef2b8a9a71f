import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseJson, type JsonValue } from '../util/json.js';

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

/** Largest file read from a snapshot; the Workspace API takes at most 10 MB per object anyway. */
export const MAX_SNAPSHOT_FILE_BYTES = 10 * 1024 * 1024;

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

  static async fromDirectory(root: string, origin = root): Promise<SnapshotSource> {
    const files: string[] = [];
    const walk = async (dir: string, rel: string) => {
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' && rel === '')
          throw new SnapshotError(origin, 'no snapshot here: run an export first, or check the path input');
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
   * The snapshot folder as commit `rev` has it (point-in-time restore). The tree is checked for symlinks
   * and submodules before anything is extracted.
   */
  static async fromRevision(repoDir: string, rev: string, snapshotPath: string): Promise<SnapshotSource> {
    const listing = await run(
      'git',
      ['ls-tree', '-r', '-z', '--full-tree', rev, '--', snapshotPath],
      repoDir,
    );
    const entries = listing.toString('utf8').split('\0').filter(Boolean);
    if (entries.length === 0)
      throw new SnapshotError(`${rev}:${snapshotPath}`, 'the revision has no snapshot at this path');
    for (const entry of entries) {
      const [meta, file] = entry.split('\t');
      const mode = meta.split(' ')[0];
      if (mode === '120000') throw new SnapshotError(file, 'symbolic links are not allowed in a snapshot');
      if (mode === '160000') throw new SnapshotError(file, 'submodules are not allowed in a snapshot');
    }
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'databricks-dr-snapshot-'));
    try {
      await extract(repoDir, rev, snapshotPath, tmp);
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
    if (stat.size > MAX_SNAPSHOT_FILE_BYTES)
      throw new SnapshotError(rel, `${stat.size} bytes: larger than the 10 MB the Workspace API accepts`);
    return fs.readFile(full);
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

/** `git archive | tar -x`, streamed: a large snapshot is never held in memory. */
function extract(repoDir: string, rev: string, snapshotPath: string, into: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const archive = spawn('git', ['archive', '--format=tar', rev, '--', snapshotPath], { cwd: repoDir });
    const tar = spawn('tar', ['-x', '-f', '-', '-C', into], { stdio: ['pipe', 'ignore', 'pipe'] });
    const errors: string[] = [];
    archive.stderr.on('data', (d: Buffer) => errors.push(d.toString('utf8')));
    tar.stderr.on('data', (d: Buffer) => errors.push(d.toString('utf8')));
    archive.stdout.pipe(tar.stdin);
    let pending = 2;
    let failed = false;
    const done = (code: number | null) => {
      if (code !== 0) failed = true;
      if (--pending === 0) {
        if (failed)
          reject(new Error(`cannot read the snapshot at ${rev}: ${errors.join(' ').trim().split('\n')[0]}`));
        else resolve();
      }
    };
    archive.on('error', reject);
    tar.on('error', reject);
    archive.on('close', done);
    tar.on('close', done);
  });
}
