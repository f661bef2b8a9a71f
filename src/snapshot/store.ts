import type { Wording } from '../inputs.js';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import pLimit from 'p-limit';
import * as path from 'node:path';
import {
  BINARY_PROBE_BYTES,
  CredentialError,
  looksBinary,
  redactText,
  scanBytes,
  scanName,
  scanText,
  type CredentialFinding,
  type CredentialPolicy,
} from '../security/credentials.js';
import { stableJson, isJsonObject, type JsonObject, type JsonValue } from '../util/json.js';

/** Workspace-specific bookkeeping that lets the next export skip unchanged objects. Not part of the desired state. */
export const EXPORT_STATE_FILE = '.export-state.json';

/** Binary (or UTF-16) files over this size are not scanned for credentials: they would be held whole. */
export const MAX_BINARY_SCAN_BYTES = 256 * 1024 * 1024;

export function sha256Hex(content: Uint8Array | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** A file's content hashes: its sha256, and its git blob id (how git's index names the same bytes). */
export interface FileHashes {
  sha256: string;
  blob: string;
}

/** Git's blob header: the object id of a file is the sha1 of `blob <size>\0` and the bytes. */
function blobHash(size: number) {
  return createHash('sha1').update(`blob ${size}\0`);
}

export function fileHashes(content: Uint8Array | string): FileHashes {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return { sha256: sha256Hex(bytes), blob: blobHash(bytes.length).update(bytes).digest('hex') };
}

/** The hashes of a file, streamed (never the whole file in memory). */
async function hashFile(file: fs.FileHandle): Promise<FileHashes> {
  const sha256 = createHash('sha256');
  const blob = blobHash((await file.stat()).size);
  for await (const chunk of file.createReadStream({ autoClose: false }) as AsyncIterable<Buffer>) {
    sha256.update(chunk);
    blob.update(chunk);
  }
  return { sha256: sha256.digest('hex'), blob: blob.digest('hex') };
}

function resolveInside(root: string, rel: string): string {
  const full = path.resolve(root, rel);
  if (full !== root && !full.startsWith(root + path.sep))
    throw new Error(`path escapes the snapshot: '${rel}'`);
  return full;
}

/** A reserved name in a snapshot being written, and what it was reserved for. */
export interface Claim {
  rel: string;
  /** Who reserved it, for messages (a workspace path, say). */
  owner: string;
  folder: boolean;
}

/**
 * The name a file system of the platform stores: one that folds case makes `a.py` and `A.py` one file;
 * Windows also drops trailing dots and spaces (`report.` is `report`), and macOS (APFS, HFS+) does not
 * tell the NFC and NFD spellings of a name apart (`Café` composed or with a combining accent).
 */
function keyOf(rel: string): string {
  if (process.platform === 'win32')
    return rel
      .split('/')
      .map((segment) => segment.replace(/[. ]+$/, ''))
      .join('/')
      .toLowerCase();
  if (process.platform === 'darwin') return rel.normalize('NFC').toLowerCase();
  return rel;
}

export interface WriterOptions {
  /**
   * What to do with credentials found in written content: fail (default: finish() throws, naming every
   * file, line and field) or redact (the value is replaced and `onRedact` is told).
   */
  credentials?: CredentialPolicy;
  onRedact?: (file: string, finding: CredentialFinding) => void;
  /** Whose words the CredentialError uses (src/inputs.ts). */
  words?: Wording;
}

/**
 * Writes a new snapshot into a folder, refusing to write one file twice (a name collision). Every file
 * written (and every file copied from a previous snapshot that was not scanned) is scanned for credentials.
 */
export class SnapshotWriter {
  /** Reserved files and folders (a folder holds the first claim under it), by case-folded name where names fold. */
  private readonly files = new Map<string, Claim>();
  private readonly folders = new Map<string, Claim>();
  private readonly state: Record<string, Record<string, JsonValue>> = {};
  private readonly found: Array<{ file: string; finding: CredentialFinding }> = [];
  readonly policy: CredentialPolicy;
  /** Copies from a previous snapshot are scanned too, unless that snapshot was scanned when written. */
  scanCopies = true;

  constructor(
    readonly root: string,
    private readonly options: WriterOptions = {},
  ) {
    this.policy = options.credentials ?? 'fail';
  }

  /** Credentials found so far (with policy fail, finish() throws when there are any). */
  get findings(): ReadonlyArray<{ file: string; finding: CredentialFinding }> {
    return this.found;
  }

  /**
   * Scans one file's content; returns what to write (redacted when the policy says so). Redaction changes
   * the bytes of the values it replaces and no others: text that is not UTF-8 (Latin-1, CP1252) is read as
   * latin1, one character per byte, which encodes back to the very same bytes.
   */
  private scan(rel: string, data: Uint8Array | string): Uint8Array | string {
    // Bytes are read as UTF-8, latin1, UTF-16 or binary (scanBytes): a UTF-16 file or one with a NUL is
    // scanned too, not skipped as binary.
    const scanned =
      typeof data === 'string'
        ? (() => {
            const findings = scanText(data, rel);
            return { findings, redacted: () => redactText(data, findings) };
          })()
        : scanBytes(data, rel);
    if (scanned.findings.length === 0) return data;
    for (const finding of scanned.findings) {
      this.found.push({ file: rel, finding });
      if (this.policy === 'redact') this.options.onRedact?.(rel, finding);
    }
    return this.policy === 'redact' ? scanned.redacted() : data;
  }

  /**
   * Refuses a name that holds a credential (a token as a notebook's or a job's name): records it as a
   * finding under the name as redacted (policy fail: finish() throws; redact: `onRedact` is told) and
   * returns that redacted name, which is all a report or a log may show. Undefined for a clean name.
   * Nothing under such a name is written, copied or recorded in the export state: a name cannot be
   * redacted in place, since it is the object's identity in the workspace.
   */
  refuseName(name: string): string | undefined {
    const findings = scanName(name);
    if (findings.length === 0) return undefined;
    const shown = redactText(name, findings);
    for (const f of findings) {
      const finding = { ...f, description: `${f.description} in its name`, line: 1 };
      this.found.push({ file: shown, finding });
      if (this.policy === 'redact') this.options.onRedact?.(shown, finding);
    }
    return shown;
  }

  /** Whether a name holds a credential (without recording it: refuseName did, or will). */
  private badName(name: string): boolean {
    return scanName(name).length > 0;
  }

  /**
   * Reserves a file, or with `folder` a folder for everything under it. Returns the claim it collides with
   * (the same name, a file where a folder has to be, or a folder where a file has to be), else undefined.
   * The first to reserve keeps the name; callers reserve in a fixed order so that timing never decides.
   */
  reserve(rel: string, owner = rel, folder = false): Claim | undefined {
    const key = keyOf(rel);
    const parts = key.split('/');
    for (let i = 1; i < parts.length; i++) {
      const ancestor = parts.slice(0, i).join('/');
      const file = this.files.get(ancestor);
      if (file) return file;
    }
    const same = this.files.get(key) ?? (folder ? undefined : this.folders.get(key));
    if (same) return same;
    const claim: Claim = { rel, owner, folder };
    if (folder) {
      if (!this.folders.has(key)) this.folders.set(key, claim);
    } else this.files.set(key, claim);
    for (let i = 1; i < parts.length; i++) {
      const ancestor = parts.slice(0, i).join('/');
      if (!this.folders.has(ancestor)) this.folders.set(ancestor, claim);
    }
    return undefined;
  }

  /** Folders made so far: ten thousand files in a few hundred folders need a few hundred mkdir calls. */
  private readonly madeFolders = new Map<string, Promise<unknown>>();

  private folder(dir: string): Promise<unknown> {
    let made = this.madeFolders.get(dir);
    if (!made) {
      made = fs.mkdir(dir, { recursive: true });
      this.madeFolders.set(dir, made);
      // A failure is not remembered: the next file of the folder tries again and reports its own error.
      made.catch(() => this.madeFolders.delete(dir));
    }
    return made;
  }

  /** Reserves a file; false if another object already took that name (or a folder of that name). */
  claim(rel: string): boolean {
    return this.reserve(rel) === undefined;
  }

  has(rel: string): boolean {
    return this.files.has(keyOf(rel));
  }

  /** Writes one file; returns the hashes of the bytes written (after redaction, if any). */
  async write(rel: string, data: Uint8Array | string): Promise<FileHashes> {
    // The last line of defence for every kind: a file whose name holds a credential is never written.
    if (this.refuseName(rel) !== undefined) return fileHashes('');
    const content = this.scan(rel, data);
    await this.put(rel, content);
    return fileHashes(content);
  }

  /**
   * Writes a file from chunks, streamed to disk (a DBFS file may be 100 MB), then scans it as `write` does.
   * Returns the hashes of the bytes the snapshot holds (after redaction, if any).
   */
  async writeStream(
    rel: string,
    fill: (write: (chunk: Uint8Array) => Promise<void>) => Promise<void>,
  ): Promise<FileHashes> {
    if (this.refuseName(rel) !== undefined) return fileHashes('');
    const full = resolveInside(this.root, rel);
    await this.folder(path.dirname(full));
    const handle = await fs.open(full, 'w');
    try {
      await fill(async (chunk) => {
        await handle.write(chunk);
      });
    } finally {
      await handle.close();
    }
    const content = await this.scanFile(rel, full);
    if (content) return fileHashes(content);
    const file = await fs.open(full, 'r');
    try {
      return await hashFile(file);
    } finally {
      await file.close();
    }
  }

  /**
   * Scans a file already in the snapshot, rewriting it when redacted; returns the bytes it then holds. A text
   * file is read once, whole, as `write` holds one; so is a binary file (a NUL in its first 8 KB) up to
   * MAX_BINARY_SCAN_BYTES; a bigger one is not read past
   * those 8 KB, and undefined is returned.
   */
  private async scanFile(rel: string, full: string): Promise<Uint8Array | undefined> {
    const probe = Buffer.alloc(BINARY_PROBE_BYTES);
    const file = await fs.open(full, 'r');
    try {
      const { bytesRead } = await file.read(probe, 0, probe.length, 0);
      // Binary files are scanned too (text between NULs), up to a size held in memory at once.
      if (looksBinary(probe.subarray(0, bytesRead)) && (await file.stat()).size > MAX_BINARY_SCAN_BYTES)
        return undefined;
    } finally {
      await file.close();
    }
    const data = await fs.readFile(full);
    const content = this.scan(rel, data);
    if (content === data) return data;
    // Never write through a link: the previous snapshot must stay as it was if this export fails.
    await fs.rm(full);
    await fs.writeFile(full, content);
    return typeof content === 'string' ? Buffer.from(content) : content;
  }

  /** Puts bytes at a place of the snapshot, as they are. */
  private async put(rel: string, content: Uint8Array | string): Promise<void> {
    const full = resolveInside(this.root, rel);
    await this.folder(path.dirname(full));
    await fs.writeFile(full, content);
  }

  /**
   * Writes a configuration as deterministic JSON; returns the hashes of the bytes the snapshot holds. When
   * the previous snapshot (scanned when written) holds the very same bytes, the file is linked to it
   * instead: a no-op export writes 500 job files that are all unchanged, and bytes that passed the scan
   * once need no second scan.
   */
  async writeJson(rel: string, value: unknown, previous?: SnapshotReader): Promise<FileHashes> {
    const text = stableJson(value);
    if (previous && !this.scanCopies) {
      const before = await previous.read(rel).catch(() => undefined);
      if (before?.equals(Buffer.from(text)) && (await this.copyFrom(previous, rel)))
        return fileHashes(before);
    }
    return this.write(rel, text);
  }

  async copyFrom(previous: SnapshotReader, rel: string): Promise<boolean> {
    if (this.badName(rel)) return false;
    const src = previous.resolve(rel);
    const dst = resolveInside(this.root, rel);
    await this.folder(path.dirname(dst));
    try {
      // A hard link keeps the file's inode and modification time, so git sees an unchanged file without
      // hashing it again; a copy where links are not possible.
      await fs.link(src, dst).catch(() => fs.copyFile(src, dst));
    } catch {
      return false;
    }
    if (this.scanCopies) await this.scanFile(rel, dst);
    return true;
  }

  setState(kind: string, key: string, value: JsonValue): void {
    if (this.badName(key) || this.badName(stableJson(value))) return;
    (this.state[kind] ??= {})[key] = value;
  }

  /** Writes the bookkeeping; with policy fail, throws a CredentialError when anything was found. */
  async finish(): Promise<void> {
    if (this.policy === 'fail' && this.found.length) {
      // Kinds are read concurrently: report in file order, not in the order they were found.
      const sorted = [...this.found].sort((a, b) =>
        a.file < b.file ? -1 : a.file > b.file ? 1 : (a.finding.line ?? 0) - (b.finding.line ?? 0),
      );
      throw new CredentialError(sorted, this.options.words);
    }
    // Not scanned: it holds only what export derived (workspace paths, which are the snapshot's file names
    // too, ids, times and hashes), and scanning its megabytes at 10,000 objects finds nothing new.
    await this.put(EXPORT_STATE_FILE, stableJson({ format: 1, credentials: 'scanned', kinds: this.state }));
  }
}

/** Reads a snapshot folder (or nothing, when there is none yet). */
export class SnapshotReader {
  private state?: Promise<JsonObject | undefined>;

  constructor(readonly root: string) {}

  resolve(rel: string): string {
    return resolveInside(this.root, rel);
  }

  async read(rel: string): Promise<Buffer | undefined> {
    try {
      return await fs.readFile(this.resolve(rel));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Files hashed at once: an export checks every unchanged file, and memory must not grow with them. */
  private readonly hashing = pLimit(8);

  /**
   * The git blob ids of the snapshot's files that git's index vouches for (the file on disk is what the
   * index holds), by snapshot path; see `useGitIndex`.
   */
  private indexBlobs?: Promise<Map<string, string>>;

  /**
   * Lets `hashes` take a file's blob id from git's index instead of reading the file. Git compares each
   * file's size, modification time and inode with what it recorded when it last hashed it (and hashes again
   * when they differ), so an unchanged snapshot of 10,000 notebooks is checked without reading 500 MB.
   */
  useGitIndex(blobs: Promise<Map<string, string>>): void {
    // Without the index (no repository, a damaged one), files are read and hashed: slower, as correct.
    this.indexBlobs = blobs.catch(() => new Map());
  }

  /**
   * Is the file still the one recorded with these hashes? Trusts git's index when it names the same blob
   * (git hashed the file, with SHA-1 collision detection, and it has not changed since); else reads the
   * file and compares its sha256. Returns the file's hashes when it is, undefined when it differs or is gone.
   */
  async unchanged(rel: string, recorded: Partial<FileHashes>): Promise<FileHashes | undefined> {
    if (recorded.sha256 !== undefined && recorded.blob !== undefined && this.indexBlobs) {
      if ((await this.indexBlobs).get(rel) === recorded.blob)
        return { sha256: recorded.sha256, blob: recorded.blob };
    }
    const hashes = await this.hashes(rel);
    // A state written before hashes were recorded vouches for the file once; its hashes are recorded now.
    if (!hashes || (recorded.sha256 !== undefined && recorded.sha256 !== hashes.sha256)) return undefined;
    return hashes;
  }

  /** The hashes of a file of the snapshot, streamed (never the whole file in memory); undefined if absent. */
  hashes(rel: string): Promise<FileHashes | undefined> {
    return this.hashing(async () => {
      let file: fs.FileHandle;
      try {
        file = await fs.open(this.resolve(rel), 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      try {
        return await hashFile(file);
      } finally {
        await file.close();
      }
    });
  }

  /** File names directly in a folder of the snapshot; empty when there is no such folder. */
  async list(rel: string): Promise<string[]> {
    try {
      const entries = await fs.readdir(this.resolve(rel), { withFileTypes: true });
      return entries
        .filter((e) => e.isFile())
        .map((e) => e.name)
        .sort();
    } catch {
      return [];
    }
  }

  async exists(rel: string): Promise<boolean> {
    try {
      await fs.access(this.resolve(rel));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * The previous export's bookkeeping, read and parsed once (it names every object: 10,000 notebooks make
   * megabytes) and shared by every kind, which ask for it at the same time. Undefined when absent or
   * damaged: a damaged state file only costs a full export.
   */
  private readState(): Promise<JsonObject | undefined> {
    this.state ??= this.read(EXPORT_STATE_FILE).then((raw) => {
      if (!raw) return undefined;
      try {
        // JSON.parse, not the lossless parser: several times faster on these megabytes, and far less
        // garbage. The state holds strings but for list ids; an id past 2^53 read inexactly only fails to
        // match, and the object is read again.
        const json = JSON.parse(raw.toString('utf8')) as JsonValue;
        return isJsonObject(json) ? json : undefined;
      } catch {
        return undefined;
      }
    });
    return this.state;
  }

  /** Was the previous snapshot written with credential scanning (so its files need no second scan)? */
  async wasScanned(): Promise<boolean> {
    return (await this.readState())?.credentials === 'scanned';
  }

  /** What the previous export recorded for a kind; empty when absent or unreadable (then nothing is skipped). */
  async exportState(kind: string): Promise<JsonObject> {
    const kinds = (await this.readState())?.kinds;
    const state = isJsonObject(kinds) ? kinds[kind] : undefined;
    return isJsonObject(state) ? state : {};
  }
}
