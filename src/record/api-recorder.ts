/**
 * `--record-api DIR`: every API exchange of a run, one JSON file each, in the contract fixture format
 * (test/fixtures/contract, see the "Contract fixtures" section of the README), with everything secret
 * taken out so that a recording of a run against a real workspace can be shared and replayed.
 *
 * What is never written:
 * - request headers (the Authorization header, the User-Agent): the client gives the observer none;
 * - values of fields that hold a secret by the API's own definition (SECRET_FIELDS below);
 * - every value the run knows to be secret (the token, an OAuth client secret or access token, the
 *   values of DATABRICKS_DR_SECRETS / the `secrets` input): `mask`, anywhere in the file;
 * - what the credential scanner of the export finds (src/security/credentials.ts): token formats, keys,
 *   passwords in connection strings, plain values of secret-named settings and parameters. Notebook and
 *   file content travels base64-encoded (workspace/import, workspace/export, dbfs): it is decoded,
 *   scanned and encoded again, so a credential inside a notebook is redacted as in the snapshot.
 * The OAuth and Azure AD token endpoints are not called through the API client: they are never recorded.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ApiExchange, ApiObserver, Query } from '../databricks/client.js';
import { looksBinary, redactText, REDACTED, scanBytes, scanText } from '../security/credentials.js';
import { InputError } from '../settings.js';
import { isJsonObject, parseJson, stableJson, type JsonValue } from '../util/json.js';

/**
 * Fields whose value is a secret wherever they appear: secrets/put `string_value` and `bytes_value`,
 * token/create `token_value`, git-credentials `personal_access_token`, service principal secrets `secret`,
 * OAuth token answers (RFC 6749 §5.1) `access_token`, `refresh_token`, `id_token`, and `client_secret`,
 * `password` (basic auth), `token` (as a string).
 */
const SECRET_FIELDS = new Set([
  'string_value',
  'bytes_value',
  'token_value',
  'personal_access_token',
  'secret',
  'client_secret',
  'access_token',
  'refresh_token',
  'id_token',
  'password',
  'token',
  // Notification destinations' input-only credentials (databricks-sdk-go service/settings/model.go).
  'integration_key',
  'oauth_token',
  'auth_secret',
]);

/** Fields that carry file content base64-encoded (workspace/import and export, dbfs put, add-block, read). */
const CONTENT_FIELDS = new Set(['content', 'data', 'contents']);

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The recording folder, resolved against `base`; refused inside the snapshot folder, where export would
 * carry it over and commit it with the snapshot.
 */
export function recordingDir(dir: string, base: string, snapshotDir: string, name: string): string {
  const resolved = path.resolve(base, dir);
  const inside = path.relative(path.resolve(base, snapshotDir), resolved);
  if (!inside.startsWith('..') && !path.isAbsolute(inside))
    throw new InputError(
      `${name} must be a folder outside the snapshot folder '${snapshotDir}' (export would commit it), got '${dir}'`,
    );
  return resolved;
}

export interface RecorderOptions {
  /** Replaces every secret the run knows (the MaskingLog's `mask`). */
  mask: (text: string) => string;
}

/** A recorded exchange, as written: the contract fixture format plus where it was recorded. */
export interface Recording {
  description: string;
  request: { method: string; path: string; query?: Record<string, JsonValue>; body: JsonValue };
  response: { status: number; body?: JsonValue; text?: string; base64?: string; error?: string };
  match: { ignore: string[] };
}

/**
 * Writes each exchange to `<dir>/<nnnnn>-<METHOD>-<path>.json` as it happens (numbered in the order the
 * answers came; a later run into the same folder numbers on). Writing is synchronous, so an interrupted
 * run leaves every exchange it made; a write that fails is remembered and reported by `close`.
 */
export class ApiRecorder {
  private n: number;
  private readonly failures: string[] = [];
  readonly dir: string;

  constructor(
    dir: string,
    private readonly options: RecorderOptions,
  ) {
    this.dir = path.resolve(dir);
    mkdirSync(this.dir, { recursive: true });
    this.n = readdirSync(this.dir).filter((f) => /^\d+-.*\.json$/.test(f)).length;
  }

  /** How many exchanges were recorded. */
  get count(): number {
    return this.n;
  }

  readonly observer: ApiObserver = (exchange) => {
    const seq = ++this.n;
    const file = path.join(this.dir, fileName(seq, exchange));
    try {
      writeFileSync(file, this.render(exchange));
    } catch (error) {
      this.failures.push(`${path.basename(file)}: ${(error as Error).message}`);
    }
  };

  /** Throws if any exchange could not be written (the recording is then incomplete). */
  close(): void {
    if (this.failures.length)
      throw new Error(
        `--record-api: ${this.failures.length} exchange(s) could not be written to ${this.dir} (${this.failures[0]})`,
      );
  }

  /** The file's text: redacted by field, by known value, and by the credential scanner. */
  render(exchange: ApiExchange): string {
    const { method, path: apiPath } = exchange;
    const recording: Recording = {
      description: `recorded by databricks-dr --record-api: ${method} ${apiPath} answered ${exchange.status || exchange.error}`,
      request: {
        method,
        path: apiPath,
        ...(exchange.query ? { query: queryOf(exchange.query) } : {}),
        body: exchange.body === undefined ? null : this.clean(parseOrText(exchange.body)),
      },
      response: { status: exchange.status, ...this.answer(exchange) },
      match: { ignore: [] },
    };
    const text = stableJson(recording);
    // The scanner sees the whole file as one JSON document: job parameters, spark_conf, connection strings.
    return this.options.mask(redactText(text, scanText(text, 'recording.json')));
  }

  private answer(exchange: ApiExchange): Partial<Recording['response']> {
    if (exchange.error !== undefined) return { error: this.options.mask(exchange.error) };
    const bytes = exchange.response ?? Buffer.alloc(0);
    if (bytes.length === 0) return {};
    if (looksBinary(bytes)) return { base64: this.cleanBinary(bytes).toString('base64') };
    const text = bytes.toString('utf8');
    const parsed = tryParse(text);
    return parsed === undefined ? { text: this.cleanText(text) } : { body: this.clean(parsed) };
  }

  /**
   * Content with a NUL byte (UTF-16 text, or binary with text inside) read as the snapshot reads it
   * (scanBytes), so a recording never keeps what an export would have refused or redacted (issue 13 #7).
   */
  private cleanBinary(bytes: Buffer): Buffer {
    const { findings, redacted } = scanBytes(bytes);
    return findings.length ? redacted() : bytes;
  }

  private cleanText(text: string): string {
    return this.options.mask(redactText(text, scanText(text)));
  }

  private clean(value: JsonValue, key?: string): JsonValue {
    if (typeof value === 'string') {
      if (key !== undefined && SECRET_FIELDS.has(key) && value !== '') return REDACTED;
      if (key !== undefined && CONTENT_FIELDS.has(key)) return this.cleanContent(value);
      return this.options.mask(value);
    }
    if (Array.isArray(value)) return value.map((v) => this.clean(v));
    if (isJsonObject(value)) {
      const out: Record<string, JsonValue> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.clean(v, k);
      return out;
    }
    return value;
  }

  /** Base64 content is decoded, scanned (text masked too; NUL-holding content as scanBytes reads it) and encoded again. */
  private cleanContent(value: string): string {
    if (value.length < 4 || value.length % 4 !== 0 || !BASE64.test(value)) return this.options.mask(value);
    const bytes = Buffer.from(value, 'base64');
    if (looksBinary(bytes)) {
      const cleaned = this.cleanBinary(bytes);
      return cleaned.equals(bytes) ? value : cleaned.toString('base64');
    }
    const text = bytes.toString('utf8');
    const cleaned = this.cleanText(text);
    return cleaned === text ? value : Buffer.from(cleaned, 'utf8').toString('base64');
  }
}

function tryParse(text: string): JsonValue | undefined {
  try {
    return parseJson(text);
  } catch {
    return undefined;
  }
}

function parseOrText(text: string): JsonValue {
  return tryParse(text) ?? text;
}

function queryOf(query: Query): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.map(String) : String(v);
  }
  return out;
}

function fileName(seq: number, exchange: ApiExchange): string {
  const slug = exchange.path
    .replace(/^\/api\//, '')
    .replace(/[^A-Za-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${String(seq).padStart(5, '0')}-${exchange.method}-${slug}.json`;
}
