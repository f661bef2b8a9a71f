/**
 * What lets a no-op export or plan of a JSON-config kind skip its per-object `get` calls (see `fingerprint`
 * in ConfigKindSpec). Two records, one per side:
 *
 * - export: `.export-state.json` of the previous snapshot holds, per key, the object's id, the fingerprint
 *   of its list entry, the references normalize made (kind, id → reference), the warnings it gave and the
 *   sha256 of every file written for it. When id, fingerprint and references are the same today and the
 *   previous files still have those hashes (nobody edited them in the repository), the files are reused.
 * - plan/apply: `/Shared/.databricks-dr/config-state.json` in the target holds, per kind and key, the id,
 *   the fingerprint, the references and the normalized object as readActual made it. Written by afterApply
 *   when it changed (a no-op apply writes nothing), read at most once per plan.
 *
 * A record is only ever a cache of what `get` + `normalize` gave for that exact list entry: every change of
 * the object changes its list entry, and a renamed or recreated referenced object changes the references,
 * so either mismatch means a fresh read. A missing, damaged or foreign state only costs the reads.
 */
import { createHash } from 'node:crypto';
import type { DatabricksClient } from '../databricks/client.js';
import { ApiError } from '../databricks/errors.js';
import { isJsonObject, parseJson, stableJson, type JsonObject, type JsonValue } from '../util/json.js';
import type { Log } from '../util/log.js';
import { slot } from '../util/memo.js';
import type { RunCache } from './kind.js';
import { APPLY_STATE_DIR } from './workspace.js';

export const CONFIG_STATE_FILE = `${APPLY_STATE_DIR}/config-state.json`;

/** The same cap as for workspace imports: a bigger state is not recorded (it only costs reads). */
const MAX_STATE_BYTES = 10 * 1024 * 1024;

/** One call of `Normalizer.ref`: the kind and id asked about, and the reference given (null: none). */
export type RefCall = [kind: string, id: JsonValue, ref: string | null];

interface BaseRecord {
  id: JsonValue;
  fingerprint: string;
  refs: RefCall[];
}

/** Export side: the files one object was written to, with their sha256, and the warnings it gave. */
export interface ExportRecord extends BaseRecord {
  warnings: string[];
  files: Record<string, string>;
}

/** Target side: the object as readActual normalized it (side parts still inside, key tag stripped). */
export interface TargetRecord extends BaseRecord {
  spec: JsonObject;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The hash of a fingerprint value (undefined: the kind cannot vouch for this entry). */
export function fingerprintHash(value: JsonValue | undefined): string | undefined {
  return value === undefined ? undefined : sha256(stableJson(value));
}

/** A copy of an object without some fields. */
export function omit(raw: JsonObject, fields: Iterable<string>): JsonObject {
  const out = { ...raw };
  for (const f of fields) delete out[f];
  return out;
}

const HASH = /^[0-9a-f]{64}$/;

function parseRefs(value: JsonValue | undefined): RefCall[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: RefCall[] = [];
  for (const r of value) {
    if (!Array.isArray(r) || r.length !== 3 || typeof r[0] !== 'string') return undefined;
    if (r[2] !== null && typeof r[2] !== 'string') return undefined;
    out.push([r[0], r[1], r[2]]);
  }
  return out;
}

function parseBase(value: JsonValue | undefined): BaseRecord | undefined {
  if (!isJsonObject(value) || value.id === undefined || value.id === null) return undefined;
  if (typeof value.fingerprint !== 'string' || !HASH.test(value.fingerprint)) return undefined;
  const refs = parseRefs(value.refs);
  return refs && { id: value.id, fingerprint: value.fingerprint, refs };
}

export function parseExportRecord(value: JsonValue | undefined): ExportRecord | undefined {
  const base = parseBase(value);
  if (!base || !isJsonObject(value)) return undefined;
  const { warnings, files } = value;
  if (!Array.isArray(warnings) || !warnings.every((w) => typeof w === 'string')) return undefined;
  if (!isJsonObject(files) || !Object.values(files).every((h) => typeof h === 'string' && HASH.test(h)))
    return undefined;
  return { ...base, warnings: warnings as string[], files: files as Record<string, string> };
}

export function parseTargetRecord(value: JsonValue | undefined): TargetRecord | undefined {
  const base = parseBase(value);
  if (!base || !isJsonObject(value) || !isJsonObject(value.spec)) return undefined;
  return { ...base, spec: value.spec };
}

/** Does a record describe this list entry: same object, same fingerprint? */
export function recordMatches(record: BaseRecord | undefined, id: JsonValue, fingerprint: string): boolean {
  return record !== undefined && String(record.id) === String(id) && record.fingerprint === fingerprint;
}

// ----- the target's state file ---------------------------------------------------------------------------

/** The target's config state: records by kind, then by key. */
export interface TargetStateDoc {
  kinds: Record<string, Record<string, TargetRecord>>;
}

/** Per run (one plan, then its apply): the state read once and shared by every kind. */
const LOADED = slot<Promise<TargetStateDoc>>('config state');

async function readTargetState(client: DatabricksClient): Promise<TargetStateDoc> {
  const doc: TargetStateDoc = { kinds: {} };
  let raw: Buffer;
  try {
    raw = await client.getBytes('/api/2.0/workspace/export', {
      path: CONFIG_STATE_FILE,
      format: 'AUTO',
      direct_download: true,
    });
  } catch (error) {
    if (error instanceof ApiError) return doc;
    throw error;
  }
  try {
    const json = parseJson(raw.toString('utf8'));
    if (!isJsonObject(json) || json.format !== 1 || !isJsonObject(json.kinds)) return doc;
    for (const [kind, records] of Object.entries(json.kinds)) {
      if (!isJsonObject(records)) continue;
      const section: Record<string, TargetRecord> = {};
      for (const [key, value] of Object.entries(records)) {
        const record = parseTargetRecord(value);
        if (record) section[key] = record;
      }
      doc.kinds[kind] = section;
    }
  } catch {
    // A damaged state only costs reads.
  }
  return doc;
}

/** The target's state for this run, read on first use. */
export function targetState(client: DatabricksClient, run: RunCache): Promise<TargetStateDoc> {
  return run.get(LOADED, () => readTargetState(client));
}

/**
 * Replaces one kind's records and writes the file when they changed. Kinds call this one after another
 * (afterApply runs kind by kind), each writing the whole document, so no kind's records are lost.
 */
export async function recordTargetState(
  client: DatabricksClient,
  run: RunCache,
  kind: string,
  records: Record<string, TargetRecord>,
  log: Log,
): Promise<void> {
  const doc = await targetState(client, run);
  if (stableJson(doc.kinds[kind] ?? {}) === stableJson(records)) return;
  doc.kinds[kind] = records;
  const bytes = Buffer.from(stableJson({ format: 1, kinds: doc.kinds }), 'utf8');
  if (bytes.length > MAX_STATE_BYTES) {
    log.warning(
      `the config state is over 10 MB and is not recorded: the next plan reads every ${kind} object`,
    );
    return;
  }
  try {
    await client.post('/api/2.0/workspace/mkdirs', { path: APPLY_STATE_DIR }, { idempotent: true });
    await client.post(
      '/api/2.0/workspace/import',
      // RAW: production refuses AUTO with overwrite onto an existing file (reference §1.4; databricks/cli#3386).
      { path: CONFIG_STATE_FILE, format: 'RAW', content: bytes.toString('base64'), overwrite: true },
      { idempotent: true },
    );
  } catch (error) {
    log.warning(
      `could not record the config state in ${CONFIG_STATE_FILE} (${(error as Error).message.split('\n')[0]}): ` +
        `the next plan reads every ${kind} object`,
    );
  }
}
