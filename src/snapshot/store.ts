import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseJson, stableJson, isJsonObject, type JsonObject, type JsonValue } from '../util/json.js';

/** Workspace-specific bookkeeping that lets the next export skip unchanged objects. Not part of the desired state. */
export const EXPORT_STATE_FILE = '.export-state.json';

function resolveInside(root: string, rel: string): string {
  const full = path.resolve(root, rel);
  if (full !== root && !full.startsWith(root + path.sep))
    throw new Error(`path escapes the snapshot: '${rel}'`);
  return full;
}

/** Writes a new snapshot into a folder, refusing to write one file twice (a name collision). */
export class SnapshotWriter {
  private readonly written = new Set<string>();
  private readonly state: Record<string, Record<string, JsonValue>> = {};

  constructor(readonly root: string) {}

  /** Reserves a file; false if another object already took that name. */
  claim(rel: string): boolean {
    const key = process.platform === 'win32' || process.platform === 'darwin' ? rel.toLowerCase() : rel;
    if (this.written.has(key)) return false;
    this.written.add(key);
    return true;
  }

  has(rel: string): boolean {
    return this.written.has(rel);
  }

  async write(rel: string, data: Uint8Array | string): Promise<void> {
    const full = resolveInside(this.root, rel);
    await fs.mkdir(path.dirname(full), { recursive: true });
    await fs.writeFile(full, data);
  }

  async writeJson(rel: string, value: unknown): Promise<void> {
    await this.write(rel, stableJson(value));
  }

  async copyFrom(previous: SnapshotReader, rel: string): Promise<boolean> {
    const src = previous.resolve(rel);
    const dst = resolveInside(this.root, rel);
    await fs.mkdir(path.dirname(dst), { recursive: true });
    try {
      await fs.copyFile(src, dst);
      return true;
    } catch {
      return false;
    }
  }

  setState(kind: string, key: string, value: JsonValue): void {
    (this.state[kind] ??= {})[key] = value;
  }

  async finish(): Promise<void> {
    await this.writeJson(EXPORT_STATE_FILE, { format: 1, kinds: this.state });
  }
}

/** Reads a snapshot folder (or nothing, when there is none yet). */
export class SnapshotReader {
  private state?: Record<string, JsonObject>;

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

  async exists(rel: string): Promise<boolean> {
    try {
      await fs.access(this.resolve(rel));
      return true;
    } catch {
      return false;
    }
  }

  /** What the previous export recorded for a kind; empty when absent or unreadable (then nothing is skipped). */
  async exportState(kind: string): Promise<JsonObject> {
    if (!this.state) {
      this.state = {};
      const raw = await this.read(EXPORT_STATE_FILE);
      if (raw) {
        try {
          const json = parseJson(raw.toString('utf8'));
          if (isJsonObject(json) && isJsonObject(json.kinds)) {
            for (const [k, v] of Object.entries(json.kinds)) if (isJsonObject(v)) this.state[k] = v;
          }
        } catch {
          // A damaged state file only costs a full export.
        }
      }
    }
    return this.state[kind] ?? {};
  }
}
