import { isJsonObject, parseJson } from '../util/json.js';
import { isThrottled } from './retry.js';

/** An error answered by the Databricks REST API, in whichever of its error conventions it came. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly method: string,
    readonly path: string,
    readonly retryAfterSeconds?: number,
    /** The `reason` of each `details[]` entry (google.rpc.ErrorInfo) the body carried. */
    readonly reasons: readonly string[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /**
   * The Workspace API refused to hand over content over its 10 MB limit. The service says so in several
   * ways: `400 BAD_REQUEST` "File size imported is (459418279 bytes), exceeded max size (10485760 bytes)"
   * for a file (databricks/cli#3691 debug log), `BAD_REQUEST` "Size exceeds 10485760 bytes" and later
   * "Notebook size exceeded limit: … > 10485760" for notebooks (databrickslabs/migrate#247, #292),
   * `MAX_NOTEBOOK_SIZE_EXCEEDED` (the API reference; databricks/automl#112) and `MAX_READ_SIZE_EXCEEDED`,
   * as an `error_code` or as the reason of an ErrorInfo detail (databricks/cli
   * cmd/workspace/workspace/export_dir.go, PR #3984).
   */
  get isSizeLimit(): boolean {
    const codes = ['MAX_NOTEBOOK_SIZE_EXCEEDED', 'MAX_READ_SIZE_EXCEEDED'];
    if (codes.includes(this.errorCode) || this.reasons.some((r) => codes.includes(r))) return true;
    return (
      this.status === 400 &&
      /exceeded max size \(\d+ bytes\)|size exceeds \d+ bytes|notebook size exceeded limit/i.test(
        this.message,
      )
    );
  }

  /** One line for people: what failed, how the server answered. */
  describe(): string {
    return `${this.method} ${this.path} failed: HTTP ${this.status} ${this.errorCode}: ${this.message}`;
  }

  get isNotFound(): boolean {
    return (
      this.status === 404 ||
      this.errorCode === 'RESOURCE_DOES_NOT_EXIST' ||
      // clusters/get, jobs/get and policies answer a missing object with 400 (reference §1.4;
      // databricks-sdk-go apierr/error_mapping.go).
      (this.status === 400 && / does not exist|doesn't exist|can't find /i.test(this.message))
    );
  }

  get isAlreadyExists(): boolean {
    return this.errorCode === 'RESOURCE_ALREADY_EXISTS' || this.errorCode === 'ALREADY_EXISTS';
  }

  /** Refused for the rate limit: a 429, or RESOURCE_EXHAUSTED / REQUEST_LIMIT_EXCEEDED on any status. */
  get isThrottled(): boolean {
    return isThrottled({ kind: 'status', status: this.status, errorCode: this.errorCode });
  }

  /** The credential was refused (missing, invalid, expired): nothing this identity asks can work. */
  get isAuth(): boolean {
    return (
      this.status === 401 ||
      this.errorCode === INVALID_TOKEN ||
      (this.status === 403 && this.errorCode !== 'PERMISSION_DENIED')
    );
  }

  /**
   * The identity may not do this to this object (a grant is missing), as opposed to a refused credential:
   * the only 403 a caller may take as "skip this object".
   */
  get isPermissionDenied(): boolean {
    return !this.isAuth && (this.status === 403 || this.errorCode === 'PERMISSION_DENIED');
  }
}

/** The request never got an HTTP answer (refused, reset, DNS, timeout). */
/**
 * What `work` gives, or undefined when the API answers that the object does not exist: an object deleted
 * between its listing and its read is absent, not a failed run. Any other error is thrown.
 */
export async function unlessNotFound<T>(work: Promise<T>): Promise<T | undefined> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ApiError && error.isNotFound) return undefined;
    throw error;
  }
}

export class TransportError extends Error {
  constructor(
    message: string,
    readonly method: string,
    readonly path: string,
    readonly kind: 'timeout' | 'connection',
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/**
 * An invalid or expired PAT. The API gives it no code of its own: it answers 403 with the number 403 as
 * `error_code` and `X-Databricks-Reason-Phrase: Invalid access token.` (reference §1.3; databricks-sdk-go
 * apierr/errors.go), and older workspaces an HTML page saying the same. Without its own code it would read as
 * PERMISSION_DENIED, a per-object refusal that callers skip.
 */
export const INVALID_TOKEN = 'INVALID_TOKEN';

const REASON_PHRASES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'RESOURCE_CONFLICT',
  429: 'TOO_MANY_REQUESTS',
  499: 'CANCELLED',
  500: 'INTERNAL_ERROR',
  501: 'NOT_IMPLEMENTED',
  503: 'TEMPORARILY_UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/**
 * Parses every error body convention the API uses (reference §1.3; databricks-sdk-go apierr/errors.go):
 * standard `{error_code, message}`, `error_code` as a number (invalid PAT), legacy `{error}`, SCIM `{detail,
 * status, scimType}`, plain `CODE: message` text, HTML pages, and empty bodies.
 */
export function parseApiError(
  status: number,
  statusText: string,
  body: string,
  headers: { get(name: string): string | null },
  method: string,
  path: string,
): ApiError {
  const fallbackCode = REASON_PHRASES[status] ?? `HTTP_${status}`;
  const reason = headers.get('x-databricks-reason-phrase') ?? '';
  const retryAfter = parseRetryAfter(headers.get('retry-after'));
  let code = fallbackCode;
  let namedCode = false;
  let numericCode = false;
  let message = '';
  const reasons: string[] = [];
  const text = body.trim();
  if (text.startsWith('{')) {
    try {
      const json = parseJson(text);
      if (isJsonObject(json)) {
        if (typeof json.error_code === 'string' && json.error_code) {
          code = json.error_code;
          namedCode = true;
        } else numericCode = typeof json.error_code === 'number' || typeof json.error_code === 'bigint';
        if (typeof json.message === 'string') message = json.message;
        else if (typeof json.error === 'string') message = json.error;
        if (Array.isArray(json.details))
          for (const d of json.details)
            if (isJsonObject(d) && typeof d.reason === 'string') reasons.push(d.reason);
        if (typeof json.detail === 'string') {
          code = `SCIM_${String(json.status ?? status)}`;
          message = [json.scimType, json.detail].filter((v) => typeof v === 'string' && v).join(' ');
        }
      }
    } catch {
      message = text;
    }
  } else if (/^<(!doctype|html)/i.test(text)) {
    const pre = /<pre>([\s\S]*?)<\/pre>/i.exec(text) ?? /<title>([\s\S]*?)<\/title>/i.exec(text);
    message = pre ? pre[1].trim() : '';
  } else if (text) {
    const plain = /^([A-Z_]+): ([\s\S]*)$/.exec(text);
    if (plain) {
      code = plain[1];
      message = plain[2];
    } else message = text;
  }
  if (!message) message = reason || statusText || fallbackCode;
  if (
    (status === 401 || status === 403) &&
    !namedCode &&
    (numericCode || /invalid access token/i.test(reason) || /invalid access token/i.test(message))
  )
    code = INVALID_TOKEN;
  return new ApiError(status, code, oneLine(message), method, path, retryAfter, reasons);
}

export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  if (!Number.isNaN(date)) return Math.max(0, (date - Date.now()) / 1000);
  return undefined;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 500 ? `${line.slice(0, 500)}...` : line;
}
